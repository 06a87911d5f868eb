package io.kith.log;

import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * What checking a sealed segment found — its record count, its size and its sparse index — kept in a small file beside
 * it ({@code 00000000000000000000.seg} → {@code 00000000000000000000.idx}), so that opening the log reads the sidecars
 * of sealed segments instead of checking every record of them again (a 10 M-event log: 5.6 GB read and checksummed at
 * every start before). Only the last segment, the one a crash can leave torn, is still checked record by record.
 *
 * <p>A sidecar is trusted only if its own checksum holds and it describes the segment file as it is now (its base
 * sequence and its exact size); anything else and the segment is checked as before and a new sidecar written. The
 * records keep their own checksums, which every read checks.
 *
 * <p>Layout, big-endian: magic {@code KSEG}, version 1, base sequence, record count, size in bytes, index interval,
 * index length, the index's file positions, then a CRC32C of all that.
 */
record SegmentSidecar(long baseSequence, long count, long size, int interval, long[] index) {
    private static final int MAGIC = 0x4B534547; // "KSEG"
    private static final int VERSION = 1;

    static Path pathOf(Path segment) {
        String name = segment.getFileName().toString();
        return segment.resolveSibling(name.substring(0, name.length() - ".seg".length()) + ".idx");
    }

    /** Writes the sidecar of a sealed segment: to a temporary file, synced, then renamed over any older one. */
    void write(Path segment) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 8 + 8 + 8 + 4 + 4 + 8 * index.length + 4).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).putInt(VERSION).putLong(baseSequence).putLong(count).putLong(size).putInt(interval).putInt(index.length);
        for (long p : index) {
            b.putLong(p);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        Path target = pathOf(segment);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            b.flip();
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The sidecar of a segment, if there is one that holds and describes the segment as it is: {@code base} and
     * {@code fileSize} are the segment file's, {@code interval} the index interval the log uses now.
     */
    static Optional<SegmentSidecar> read(Path segment, long base, long fileSize, int interval) {
        Path path = pathOf(segment);
        byte[] bytes;
        try {
            if (!Files.isRegularFile(path) || Files.size(path) > (1 << 24)) {
                return Optional.empty();
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (bytes.length < 44) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != b.getInt(bytes.length - 4) || b.getInt() != MAGIC || b.getInt() != VERSION) {
            return Optional.empty();
        }
        long sidecarBase = b.getLong();
        long count = b.getLong();
        long size = b.getLong();
        int sidecarInterval = b.getInt();
        int n = b.getInt();
        if (sidecarBase != base || size != fileSize || sidecarInterval != interval || n < 0 || bytes.length != 40 + 8L * n + 4
                || count < 0 || n != (count + interval - 1) / interval) {
            return Optional.empty();
        }
        long[] index = new long[n];
        for (int i = 0; i < n; i++) {
            index[i] = b.getLong();
        }
        return Optional.of(new SegmentSidecar(base, count, size, interval, index));
    }

    LongArrayList indexList() {
        return LongArrayList.wrap(index.clone());
    }
}
