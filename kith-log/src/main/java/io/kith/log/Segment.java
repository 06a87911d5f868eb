package io.kith.log;

import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One segment file of the log: records {@code baseSequence .. baseSequence + count - 1}, framed as
 * [int length][int CRC32C][payload], with a sparse index of file positions every {@code interval} records.
 * The committer thread appends; readers look up positions under the segment's monitor.
 */
final class Segment {
    static final int HEADER = 8;

    /** Gives each segment object a number of its own: a rewrite opens a new object for the new file. */
    private static final java.util.concurrent.atomic.AtomicLong GENERATIONS = new java.util.concurrent.atomic.AtomicLong();

    final long baseSequence;
    final long generation = GENERATIONS.incrementAndGet();
    final Path path;
    final FileChannel channel;
    private final int interval;
    private final LongArrayList index = new LongArrayList();
    private long size;
    private long count;

    Segment(long baseSequence, Path path, FileChannel channel, int interval) {
        this.baseSequence = baseSequence;
        this.path = path;
        this.channel = channel;
        this.interval = interval;
    }

    static String fileName(long baseSequence) {
        return String.format("%020d.seg", baseSequence);
    }

    /** Records that a record of {@code frameBytes} bytes now ends the segment. */
    synchronized void added(long frameBytes) {
        if (count % interval == 0) {
            index.add(size);
        }
        size += frameBytes;
        count++;
    }

    synchronized long size() {
        return size;
    }

    synchronized long count() {
        return count;
    }

    synchronized long endSequence() {
        return baseSequence + count;
    }

    /** The nearest indexed position at or before {@code sequence}: [sequence of that record, file position]. */
    synchronized long[] seek(long sequence) {
        long offset = sequence - baseSequence;
        int slot = (int) Math.min(offset / interval, index.size() - 1L);
        return new long[] {baseSequence + (long) slot * interval, index.getLong(slot)};
    }

    /** What a sidecar keeps of this segment (see {@link SegmentSidecar}). */
    synchronized SegmentSidecar sidecar() {
        return new SegmentSidecar(baseSequence, count, size, interval, index.toLongArray());
    }

    /** Takes what a sidecar kept, instead of counting the records one by one; the segment must be fresh. */
    synchronized void restore(SegmentSidecar s) {
        if (count != 0 || size != 0) {
            throw new IllegalStateException("segment " + path + " already holds records");
        }
        index.addAll(s.indexList());
        count = s.count();
        size = s.size();
    }

    void close() throws IOException {
        channel.close();
    }
}
