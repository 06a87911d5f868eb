package io.kith.identity;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every identifier resolution has linked, with what the graph keeps about it (the profile slot it belongs to, the
 * event that linked it, when, and the identifier it came with), packed for speed and size.
 *
 * <p>Each identifier is one entry in an arena of 1 MiB byte pages, named by a <em>ref</em> (an int: page and
 * 4-byte-aligned offset): a fixed header, then the value's UTF-8 bytes after its length. A lookup hashes the type and
 * value, probes an open-addressing table of longs (each slot holds 32 bits of the hash and the ref), and confirms a
 * hash match against the entry's bytes, so the table is exact; the entry's header then answers the profile. That is
 * two cache misses for a known identifier, one for a new one, where a map from a {@code String} key to boxed ids
 * costs five or more, and about 40 bytes plus the value where such a map costs over 100.
 *
 * <p>Why the header lives in the entry rather than in parallel arrays indexed by a dense id: resolution reads the
 * profile of every identifier it looks up, and the entry is already in cache after the comparison. Not thread-safe.
 */
final class IdentifierTable {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int PAGE_BITS = 20;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    /** Bits of a ref that hold the offset in a page, in 4-byte units; the rest hold the page. */
    private static final int OFFSET_BITS = PAGE_BITS - 2;
    private static final int MAX_PAGES = 1 << (31 - OFFSET_BITS);

    // The entry header.
    private static final int PROFILE = 0;
    private static final int ANCHOR = 4;
    private static final int SEQUENCE = 8;
    private static final int MINUTE = 16;
    private static final int TYPE = 20;
    private static final int VALUE_LENGTH = 21;

    private byte[][] pages = new byte[8][];
    private int[] pageFill = new int[8];
    private int pageCount;
    /** Slot = (32 bits of the hash) << 32 | (ref + 1); 0 marks an empty slot. */
    private long[] slots = new long[1 << 10];
    private int size;
    private final Object2IntOpenHashMap<String> typeIndex = new Object2IntOpenHashMap<>();
    private final List<String> typeNames = new ArrayList<>();

    IdentifierTable() {
        typeIndex.defaultReturnValue(-1);
    }

    int size() {
        return size;
    }

    /** The index of a type name, interning it when new (at most 255 types). */
    int typeIndex(String type) {
        int t = typeIndex.getInt(type);
        if (t < 0) {
            if (typeNames.size() == 255) {
                throw new IllegalStateException("more than 255 identifier types");
            }
            t = typeNames.size();
            typeNames.add(type);
            typeIndex.put(type, t);
        }
        return t;
    }

    /** The index of a type name, or -1 when no identifier of it has been seen. */
    int knownTypeIndex(String type) {
        return typeIndex.getInt(type);
    }

    String typeName(int t) {
        return typeNames.get(t);
    }

    int typeCount() {
        return typeNames.size();
    }

    /** The ref of an identifier, or -1 when it is not in the table. */
    int find(Identifier id) {
        int t = typeIndex.getInt(id.type());
        if (t < 0) {
            return -1;
        }
        byte[] value = id.value().getBytes(StandardCharsets.UTF_8);
        return find(t, value, fingerprint(id.type(), value));
    }

    /** The ref of the identifier of type index {@code t} with this UTF-8 value and its {@link #fingerprint}, or -1. */
    int find(int t, byte[] value, int fp) {
        int mask = slots.length - 1;
        for (int i = fp & mask; ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == 0) {
                return -1;
            }
            if ((int) (s >>> 32) == fp) {
                int ref = (int) s - 1;
                if (matches(ref, t, value)) {
                    return ref;
                }
            }
        }
    }

    /**
     * Adds an identifier that {@link #find} did not find, with its header, and answers its ref.
     */
    int add(int t, byte[] value, int fp, int profile, int anchor, long sequence, int minute) {
        int need = VALUE_LENGTH + varIntSize(value.length) + value.length;
        int entry = (need + 3) & ~3;
        if (pageCount == 0 || pageFill[pageCount - 1] + entry > pages[pageCount - 1].length) {
            newPage(Math.max(PAGE_SIZE, entry));
        }
        int page = pageCount - 1;
        int off = pageFill[page];
        pageFill[page] = off + entry;
        byte[] b = pages[page];
        INT.set(b, off + PROFILE, profile);
        INT.set(b, off + ANCHOR, anchor);
        LONG.set(b, off + SEQUENCE, sequence);
        INT.set(b, off + MINUTE, minute);
        b[off + TYPE] = (byte) t;
        int p = off + VALUE_LENGTH;
        int len = value.length;
        while (len >= 0x80) {
            b[p++] = (byte) (len | 0x80);
            len >>>= 7;
        }
        b[p++] = (byte) len;
        System.arraycopy(value, 0, b, p, value.length);
        int ref = (page << OFFSET_BITS) | (off >>> 2);
        if (size + 1 > slots.length * 3L / 4) {
            grow();
        }
        insert(fp, ref);
        size++;
        return ref;
    }

    /**
     * Reads the slot (and the entry it names) where a lookup of this fingerprint starts, and answers something of it:
     * called ahead of the lookup itself, so that the cache misses of several lookups overlap instead of queuing.
     */
    int touch(int fp) {
        long s = slots[fp & (slots.length - 1)];
        if (s == 0 || (int) (s >>> 32) != fp) {
            return (int) s;
        }
        int ref = (int) s - 1;
        return page(ref)[offset(ref)];
    }

    /** The ref in the first slot of this fingerprint when the slot holds it (maybe another value's), else -1: a hint. */
    int refOf(int fp) {
        long s = slots[fp & (slots.length - 1)];
        return s != 0 && (int) (s >>> 32) == fp ? (int) s - 1 : -1;
    }

    private void newPage(int bytes) {
        if (pageCount == MAX_PAGES) {
            throw new IllegalStateException("identifier table over " + MAX_PAGES + " pages");
        }
        if (pageCount == pages.length) {
            pages = Arrays.copyOf(pages, pageCount * 2);
            pageFill = Arrays.copyOf(pageFill, pageCount * 2);
        }
        // An entry larger than a page (a value near a megabyte) gets a page of its own, still at offset 0.
        pages[pageCount] = new byte[bytes];
        pageFill[pageCount] = 0;
        pageCount++;
    }

    private void insert(int fp, int ref) {
        int mask = slots.length - 1;
        int i = fp & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = ((long) fp << 32) | ((ref + 1) & 0xffffffffL);
    }

    /** Doubles the slot table; a slot's place follows from its stored hash bits, so no entry is read. */
    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long s : old) {
            if (s != 0) {
                int mask = slots.length - 1;
                int i = (int) (s >>> 32) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = s;
            }
        }
    }

    /** The profile of a removed entry. */
    private static final int REMOVED = -1;

    /**
     * Removes an identifier (an erasure): its slot goes (the entries after it in its probe run move back, so lookups
     * need no tombstones), and its entry's value bytes are overwritten with zeros, so that nothing reads them again (the
     * arena's space is not reused).
     */
    void remove(int ref) {
        byte[] b = page(ref);
        int off = offset(ref);
        long at = valueAt(b, off);
        int fp = fingerprint(typeNames.get(b[off + TYPE] & 0xff), Arrays.copyOfRange(b, (int) (at >>> 32), (int) (at >>> 32) + (int) at));
        int mask = slots.length - 1;
        int i = fp & mask;
        while ((int) slots[i] - 1 != ref) {
            if (slots[i] == 0) {
                throw new IllegalStateException("identifier entry " + ref + " is not in the table");
            }
            i = (i + 1) & mask;
        }
        // Backward-shift deletion for linear probing: move each later entry of the run into the hole unless its home slot
        // lies cyclically in (hole, its slot].
        for (int j = (i + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
            int home = (int) (slots[j] >>> 32) & mask;
            boolean stays = i <= j ? i < home && home <= j : i < home || home <= j;
            if (!stays) {
                slots[i] = slots[j];
                i = j;
            }
        }
        slots[i] = 0;
        Arrays.fill(b, (int) (at >>> 32), (int) (at >>> 32) + (int) at, (byte) 0);
        INT.set(b, off + PROFILE, REMOVED);
        INT.set(b, off + ANCHOR, -1);
        size--;
    }

    int profile(int ref) {
        return (int) INT.get(page(ref), offset(ref) + PROFILE);
    }

    void setProfile(int ref, int profile) {
        INT.set(page(ref), offset(ref) + PROFILE, profile);
    }

    /** The ref of the identifier this one was linked with (the first known one of its event), or -1. */
    int anchor(int ref) {
        return (int) INT.get(page(ref), offset(ref) + ANCHOR);
    }

    /** The sequence of the event that linked it. */
    long sequence(int ref) {
        return (long) LONG.get(page(ref), offset(ref) + SEQUENCE);
    }

    /** The event time that linked it, in minutes since the epoch. */
    int minute(int ref) {
        return (int) INT.get(page(ref), offset(ref) + MINUTE);
    }

    int type(int ref) {
        return page(ref)[offset(ref) + TYPE] & 0xff;
    }

    String value(int ref) {
        byte[] b = page(ref);
        long at = valueAt(b, offset(ref));
        return new String(b, (int) (at >>> 32), (int) at, StandardCharsets.UTF_8);
    }

    /** Where the value of the entry at {@code off} starts (high 32 bits) and its length in bytes (low 32 bits). */
    private static long valueAt(byte[] b, int off) {
        int p = off + VALUE_LENGTH;
        int len = 0;
        int shift = 0;
        byte x;
        do {
            x = b[p++];
            len |= (x & 0x7f) << shift;
            shift += 7;
        } while (x < 0);
        return ((long) p << 32) | len;
    }

    Identifier identifier(int ref) {
        return new Identifier(typeNames.get(type(ref)), value(ref));
    }

    /** Calls {@code sink} with every ref, in the order the identifiers were added (removed ones left out). */
    void forEach(java.util.function.IntConsumer sink) {
        for (int page = 0; page < pageCount; page++) {
            byte[] b = pages[page];
            int fill = pageFill[page];
            for (int off = 0; off < fill; ) {
                if ((int) INT.get(b, off + PROFILE) != REMOVED) {
                    sink.accept((page << OFFSET_BITS) | (off >>> 2));
                }
                long at = valueAt(b, off);
                off = ((int) (at >>> 32) + (int) at + 3) & ~3;
            }
        }
    }

    /** Writes the whole table (its pages and slots as they are, so reading it back hashes nothing) for a snapshot. */
    void writeTo(SnapshotWriter w) throws java.io.IOException {
        w.writeCount(typeNames.size());
        for (String t : typeNames) {
            w.writeString(t);
        }
        w.writeCount(pageCount);
        for (int p = 0; p < pageCount; p++) {
            w.writeInt(pages[p].length);
            w.writeBytes(pages[p], 0, pageFill[p]);
        }
        w.writeLongs(slots, slots.length);
        w.writeInt(size);
    }

    /** A table as {@link #writeTo} wrote it. */
    static IdentifierTable readFrom(SnapshotReader r) throws java.io.IOException {
        IdentifierTable t = new IdentifierTable();
        int types = r.readCount(1);
        for (int i = 0; i < types; i++) {
            String name = r.readString();
            if (name == null || t.knownTypeIndex(name) >= 0 || i == 255) {
                throw new SnapshotReader.Corrupt("identifier type " + i + " is missing, repeated or one too many");
            }
            t.typeIndex(name);
        }
        int pageCount = r.readCount(1);
        if (pageCount > MAX_PAGES) {
            throw new SnapshotReader.Corrupt(pageCount + " identifier pages");
        }
        t.pages = new byte[Math.max(8, Integer.highestOneBit(Math.max(1, pageCount)) * 2)][];
        t.pageFill = new int[t.pages.length];
        for (int p = 0; p < pageCount; p++) {
            int length = r.readInt();
            byte[] fill = r.readBytes();
            if (!(length == PAGE_SIZE && fill.length <= PAGE_SIZE || length == fill.length && length > PAGE_SIZE)) {
                throw new SnapshotReader.Corrupt("identifier page " + p + " of " + length + " bytes holding " + fill.length);
            }
            byte[] page = length == fill.length ? fill : java.util.Arrays.copyOf(fill, length);
            t.pages[p] = page;
            t.pageFill[p] = fill.length;
        }
        t.pageCount = pageCount;
        long[] slots = r.readLongs(0);
        if (Integer.bitCount(slots.length) != 1) {
            throw new SnapshotReader.Corrupt("an identifier slot table of " + slots.length);
        }
        t.slots = slots;
        t.size = r.readInt();
        if (t.size < 0 || t.size > slots.length) {
            throw new SnapshotReader.Corrupt(t.size + " identifiers in " + slots.length + " slots");
        }
        return t;
    }

    /** Bytes held: the pages and the slot table. */
    long bytes() {
        long b = (long) slots.length * 8 + (long) pages.length * 8 + pageFill.length * 4L;
        for (int i = 0; i < pageCount; i++) {
            b += pages[i].length;
        }
        return b;
    }

    private boolean matches(int ref, int t, byte[] value) {
        byte[] b = page(ref);
        int off = offset(ref);
        if ((b[off + TYPE] & 0xff) != t) {
            return false;
        }
        long at = valueAt(b, off);
        int p = (int) (at >>> 32);
        int len = (int) at;
        return len == value.length && Arrays.equals(b, p, p + len, value, 0, len);
    }

    private byte[] page(int ref) {
        return pages[ref >>> OFFSET_BITS];
    }

    private static int offset(int ref) {
        return (ref & ((1 << OFFSET_BITS) - 1)) << 2;
    }

    private static int varIntSize(int n) {
        int size = 1;
        while (n >= 0x80) {
            n >>>= 7;
            size++;
        }
        return size;
    }

    /**
     * 32 well-mixed bits of the type name and the value's UTF-8 bytes (FNV-1a, then a 64-bit finaliser); the low bits
     * place the slot. A function of the identifier alone, so any thread can work it out ahead of a lookup.
     */
    static int fingerprint(String type, byte[] value) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < type.length(); i++) {
            h = (h ^ type.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ 0xff) * 0x100000001b3L; // a byte no type name has: "ab"+"c" and "a"+"bc" differ
        for (byte x : value) {
            h = (h ^ (x & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }
}
