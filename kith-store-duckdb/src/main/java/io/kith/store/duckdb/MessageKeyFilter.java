package io.kith.store.duckdb;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Which dedup keys the events table may hold: a blocked Bloom filter over {@link io.kith.event.MessageKeys} hashes. It
 * answers "certainly not stored" for almost every new event without a query, and "maybe" for a retry or, rarely, by
 * chance; a "maybe" is settled by comparing the source and message ids of the stored rows (so de-duplication is exact,
 * even where two distinct events share a 64-bit hash).
 *
 * <p>Why a filter and not the set of keys it replaced: the set took ~11 bytes per stored event (8 per key at a 0.75 load
 * factor) and its whole contents had to be read from the table at every start; this filter takes {@value #BITS_PER_KEY}
 * bits per key at its capacity (built for half as many keys again as the table holds: 4 to 6 bytes per stored event),
 * is built anew when full up to {@link #MAX_BYTES}, and past that only answers "maybe" more
 * often (costing a query, never a wrong answer). All {@value #PROBES} bits of a key lie in one 512-bit block, so a
 * lookup touches one cache line (a plain Bloom filter touches one per probe).
 *
 * <p>At {@value #BITS_PER_KEY} bits and {@value #PROBES} probes per key a key not stored is answered "maybe" with
 * probability about 7e-6 when the filter is full (14 in 2 million: {@code MessageKeyFilterTest}) and less before, so a
 * batch of 10,000 new events needs the settling query in at most one batch of twenty. Not thread-safe: the event store uses it under its planning lock.
 */
final class MessageKeyFilter {
    static final int BITS_PER_KEY = 32;
    static final int PROBES = 16;
    /** The filter stops doubling here (256 MiB: 64 M keys at full precision); past it, more answers are "maybe". */
    static final long MAX_BYTES = 256L << 20;
    private static final long MIN_BLOCKS = 1 << 10;
    private static final long MAGIC = 0x4b4954484b455953L; // "KITHKEYS"
    private static final int FORMAT = 2;

    private final long[] words;
    private final long blocks;
    private long count;

    private MessageKeyFilter(long blocks) {
        this.blocks = blocks;
        this.words = new long[Math.toIntExact(blocks * 8)];
    }

    /** An empty filter sized for {@code keys} keys (at least a small minimum), within {@link #MAX_BYTES}. */
    static MessageKeyFilter forKeys(long keys) {
        long wanted = Math.max(MIN_BLOCKS, (Math.max(keys, 1) * BITS_PER_KEY + 511) / 512);
        // Exactly as many blocks as asked (no rounding to a power of two, which cost up to twice the memory).
        return new MessageKeyFilter(Math.min(wanted, MAX_BYTES / 64));
    }

    void add(long key) {
        int base = blockOf(key);
        long x = mix(key);
        for (int i = 0; i < PROBES; i++) {
            x = next(x);
            int bit = (int) (x >>> 55);
            words[base + (bit >>> 6)] |= 1L << bit;
        }
        count++;
    }

    boolean mightContain(long key) {
        int base = blockOf(key);
        long x = mix(key);
        for (int i = 0; i < PROBES; i++) {
            x = next(x);
            int bit = (int) (x >>> 55);
            if ((words[base + (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Keys added (a key added twice counts twice). */
    long count() {
        return count;
    }

    /** Whether it holds as many keys as it was sized for and may grow (a full filter at its maximum stays). */
    boolean full() {
        return count >= capacity() && blocks < MAX_BYTES / 64;
    }

    long capacity() {
        return blocks * 512 / BITS_PER_KEY;
    }

    long bytes() {
        return blocks * 64;
    }

    /**
     * The next probe: a step of Knuth's 64-bit linear congruential generator, whose top 9 bits give the bit in the block.
     * Why not {@code a + i * b} (double hashing): within a 512-bit block that leaves only 17 bits of pattern per key, and
     * measured 6e-4 false positives at capacity against 7e-6 with this.
     */
    private static long next(long x) {
        return x * 6364136223846793005L + 1442695040888963407L;
    }

    private int blockOf(long key) {
        // The high 32 bits pick the block (scaled to the block count by a multiply and a shift, not a modulo); a mix of
        // the whole key seeds the probes within it.
        return (int) (((key >>> 32) * blocks) >>> 32) * 8;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    /**
     * Writes the filter with what it describes: the table's row count and highest sequence when it was written. A reader
     * takes it only for a table that still has exactly those (nothing was written since), else builds a new one.
     */
    void writeTo(Path file, long rows, long lastSequence) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ByteBuffer body = ByteBuffer.allocate(words.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        body.asLongBuffer().put(words);
        CRC32C crc = new CRC32C();
        crc.update(body.array());
        try (OutputStream out = Files.newOutputStream(tmp); DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out, 1 << 16))) {
            data.writeLong(MAGIC);
            data.writeInt(FORMAT);
            data.writeLong(blocks);
            data.writeLong(count);
            data.writeLong(rows);
            data.writeLong(lastSequence);
            data.writeLong(crc.getValue());
            data.write(body.array());
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** A filter read back with the table state it describes. */
    record Saved(MessageKeyFilter filter, long rows, long lastSequence) {
    }

    /** The filter in {@code file}, or empty when there is none or it is damaged or of another format. */
    static Optional<Saved> readFrom(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16))) {
            if (data.readLong() != MAGIC || data.readInt() != FORMAT) {
                return Optional.empty();
            }
            long blocks = data.readLong();
            long count = data.readLong();
            long rows = data.readLong();
            long last = data.readLong();
            long crcValue = data.readLong();
            if (blocks < MIN_BLOCKS || blocks > MAX_BYTES / 64 || count < 0
                    || Files.size(file) != 52 + blocks * 64) {
                return Optional.empty();
            }
            byte[] body = data.readNBytes(Math.toIntExact(blocks * 64));
            CRC32C crc = new CRC32C();
            crc.update(body);
            if (body.length != blocks * 64 || crc.getValue() != crcValue) {
                return Optional.empty();
            }
            MessageKeyFilter f = new MessageKeyFilter(blocks);
            ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(f.words);
            f.count = count;
            return Optional.of(new Saved(f, rows, last));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
