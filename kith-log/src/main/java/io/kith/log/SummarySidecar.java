package io.kith.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A summary of a sealed segment's records that a reader of the log made ({@link io.kith.event.LogSegments}), kept in a
 * file beside it ({@code 00000000000000000000.seg} → {@code 00000000000000000000.sum}). Trusted only when its checksum
 * holds and it names the segment as it is (base sequence, record count, size in bytes); a rewrite of the segment deletes
 * it before the new file replaces the old one, so a crash leaves no summary of records that are gone.
 *
 * <p>Layout, big-endian: magic {@code KSUM}, version 1, base sequence, record count, segment size, summary length, the
 * summary's bytes, then a CRC32C of all that.
 */
final class SummarySidecar {
    private static final int MAGIC = 0x4B53554D; // "KSUM"
    private static final int VERSION = 1;
    private static final int HEADER = 4 + 4 + 8 + 8 + 8 + 4;
    /** Larger than any summary of a 64 MiB segment (a few hundred KiB): a bigger file is not read. */
    private static final long MAX_BYTES = 1L << 28;

    private SummarySidecar() {
    }

    static Path pathOf(Path segment) {
        String name = segment.getFileName().toString();
        return segment.resolveSibling(name.substring(0, name.length() - ".seg".length()) + ".sum");
    }

    /** Writes the summary of a segment: to a temporary file, synced, then renamed over any older one. */
    static void write(Path segment, long base, long count, long size, byte[] summary) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEADER + summary.length + 4).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).putInt(VERSION).putLong(base).putLong(count).putLong(size).putInt(summary.length).put(summary);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        Path target = pathOf(segment);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            b.flip();
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The summary beside a segment, if its file holds and names the segment as it is. */
    static Optional<byte[]> read(Path segment, long base, long count, long size) {
        Path path = pathOf(segment);
        byte[] bytes;
        try {
            if (!Files.isRegularFile(path) || Files.size(path) > MAX_BYTES) {
                return Optional.empty();
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (bytes.length < HEADER + 4) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != b.getInt(bytes.length - 4) || b.getInt() != MAGIC || b.getInt() != VERSION
                || b.getLong() != base || b.getLong() != count || b.getLong() != size) {
            return Optional.empty();
        }
        int n = b.getInt();
        if (n < 0 || n != bytes.length - HEADER - 4) {
            return Optional.empty();
        }
        byte[] summary = new byte[n];
        b.get(summary);
        return Optional.of(summary);
    }

    /** Deletes the summary beside a segment (before the segment is rewritten). */
    static void delete(Path segment) throws IOException {
        Files.deleteIfExists(pathOf(segment));
    }
}
