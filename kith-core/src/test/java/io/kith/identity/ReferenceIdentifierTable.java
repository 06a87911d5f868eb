package io.kith.identity;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns identifiers as dense int ids, compactly: the values live once, as UTF-8, in one growing byte arena
 * (each prefixed by its length), found through an open-addressing map from a 64-bit hash to the id. A hash
 * match is always confirmed against the arena bytes; the rare colliding identifier goes to a small overflow map,
 * so the table is exact. About 25 bytes per identifier plus its value, instead of the ~100 a {@code String}
 * key in a {@code HashMap} costs. Not thread-safe.
 */
final class ReferenceIdentifierTable {
    private final Long2IntOpenHashMap index = new Long2IntOpenHashMap();
    private final Map<Identifier, Integer> overflow = new HashMap<>();
    private final Object2IntOpenHashMap<String> typeIndex = new Object2IntOpenHashMap<>();
    private final List<String> typeNames = new ArrayList<>();
    private byte[] arena = new byte[1 << 16];
    private int arenaSize;
    private int[] start = new int[1024];
    private byte[] type = new byte[1024];
    private int size;

    ReferenceIdentifierTable() {
        index.defaultReturnValue(-1);
        typeIndex.defaultReturnValue(-1);
    }

    int size() {
        return size;
    }

    /** The id of an identifier, or -1 when it has never been interned. */
    int find(Identifier id) {
        int t = typeIndex.getInt(id.type());
        if (t < 0) {
            return -1;
        }
        byte[] value = id.value().getBytes(StandardCharsets.UTF_8);
        int candidate = index.get(hash(t, value));
        if (candidate >= 0 && matches(candidate, t, value)) {
            return candidate;
        }
        Integer o = overflow.get(id);
        return o == null ? -1 : o;
    }

    /** The id of an identifier, interning it when new. */
    int intern(Identifier id) {
        int t = typeIndex.getInt(id.type());
        if (t < 0) {
            if (typeNames.size() == 255) {
                throw new IllegalStateException("more than 255 identifier types");
            }
            t = typeNames.size();
            typeNames.add(id.type());
            typeIndex.put(id.type(), t);
        }
        byte[] value = id.value().getBytes(StandardCharsets.UTF_8);
        long h = hash(t, value);
        int candidate = index.get(h);
        if (candidate >= 0) {
            if (matches(candidate, t, value)) {
                return candidate;
            }
            Integer o = overflow.get(id);
            if (o != null) {
                return o;
            }
            int created = append(t, value);
            overflow.put(id, created);
            return created;
        }
        int created = append(t, value);
        index.put(h, created);
        return created;
    }

    Identifier get(int id) {
        return new Identifier(typeNames.get(type[id] & 0xff), value(id));
    }

    String typeOf(int id) {
        return typeNames.get(type[id] & 0xff);
    }

    String value(int id) {
        int p = start[id];
        int len = 0;
        int shift = 0;
        byte b;
        do {
            b = arena[p++];
            len |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return new String(arena, p, len, StandardCharsets.UTF_8);
    }

    /** Bytes held, for the memory benchmark. */
    long bytes() {
        return arena.length + start.length * 4L + type.length + index.size() * 16L;
    }

    private int append(int t, byte[] value) {
        if (size == start.length) {
            start = Arrays.copyOf(start, size * 2);
            type = Arrays.copyOf(type, size * 2);
        }
        int need = value.length + 5;
        if (arenaSize + need > arena.length) {
            long grown = Math.max((long) arena.length * 2, (long) arenaSize + need);
            if (grown > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("identifier arena over 2 GiB");
            }
            arena = Arrays.copyOf(arena, (int) grown);
        }
        start[size] = arenaSize;
        type[size] = (byte) t;
        int len = value.length;
        while (len >= 0x80) {
            arena[arenaSize++] = (byte) (len | 0x80);
            len >>>= 7;
        }
        arena[arenaSize++] = (byte) len;
        System.arraycopy(value, 0, arena, arenaSize, value.length);
        arenaSize += value.length;
        return size++;
    }

    private boolean matches(int id, int t, byte[] value) {
        if ((type[id] & 0xff) != t) {
            return false;
        }
        int p = start[id];
        int len = 0;
        int shift = 0;
        byte b;
        do {
            b = arena[p++];
            len |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return len == value.length && Arrays.equals(arena, p, p + len, value, 0, len);
    }

    private static long hash(int t, byte[] value) {
        long h = 0x9E3779B97F4A7C15L ^ t;
        for (byte b : value) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
