package io.kith.log;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.EventLog;
import io.kith.event.LogEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The embedded event log: a directory of segment files holding CRC-checked records, appended by one
 * committer thread that writes every waiting batch and then calls {@code fsync} once for all of them.
 *
 * <p>Why group commit: an fsync costs a few milliseconds whatever it carries, so a request that waited for its
 * own fsync would cap ingestion at a few hundred requests a second. Callers instead queue their records and
 * block; the committer drains the queue, writes it in one go, syncs, and wakes every caller of that group.
 * Under load the groups grow, so the sync cost per event falls as the load rises.
 *
 * <p>Crash safety: a record is acknowledged only after the fsync that covers it. On open, the tail of the
 * last segment is checked record by record and cut at the first torn or corrupt record (one a crash left
 * half-written); acknowledged records always lie before that point. Corruption anywhere else is reported,
 * never repaired silently. Thread-safe; one process at a time holds a log directory (a file lock).
 */
public final class FileEventLog implements EventLog, io.kith.event.LogSegments {
    private static final int MAX_RECORD = 64 << 20;
    private static final int READ_CHUNK = 1 << 20;
    private static final int WRITE_BUFFER = 4 << 20;

    private final Path dir;
    private final LogOptions options;
    private final CommitListener listener;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final Thread committer;
    private volatile List<Segment> segments;
    private volatile long durableEnd;
    /** Notified after every group commit, for {@link #awaitEnd}. */
    private final Object commits = new Object();
    private volatile boolean closed;

    /** Guards changes to {@link #segments}: a roll (committer) and a rewrite (redaction) replace the list. */
    private final Object segmentsLock = new Object();
    /** One redaction at a time. */
    private final Object redacting = new Object();
    /** Segments replaced by a rewrite: a reader may still hold one, so their files are closed with the log. */
    private final List<Segment> retired = new ArrayList<>();

    /** @param roll whether the committer seals the segment it writes to once this group is durable (for a redaction) */
    private record Pending(List<byte[]> records, long bytes, CompletableFuture<Long> done, boolean roll) {
    }

    private FileEventLog(Path dir, LogOptions options, CommitListener listener) throws IOException {
        this.dir = dir;
        this.options = options;
        this.listener = listener;
        Files.createDirectories(dir);
        lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new KithException(ErrorCode.STORAGE_FAILURE,
                    "the event log in " + dir + " is in use by another process (or another log in this one); stop it first");
        }
        lock = l;
        segments = List.copyOf(recover());
        durableEnd = last().endSequence();
        committer = Thread.ofPlatform().name("kith-log-committer").daemon().start(this::commitLoop);
    }

    /** Opens (creating when absent) the log in {@code dir}, recovering from a crash if there was one. */
    public static FileEventLog open(Path dir, LogOptions options, CommitListener listener) {
        try {
            return new FileEventLog(dir, options, listener);
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot open the event log in " + dir + ": " + e.getMessage(), e);
        }
    }

    public static FileEventLog open(Path dir) {
        return open(dir, LogOptions.DEFAULTS, CommitListener.NONE);
    }

    public Path directory() {
        return dir;
    }

    /** Bytes queued for the disk and not yet durable. */
    public long pendingBytes() {
        return pendingBytes.get();
    }

    @Override
    public long append(List<byte[]> records) {
        if (records.isEmpty()) {
            return durableEnd;
        }
        if (closed) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "the event log in " + dir + " is closed");
        }
        long bytes = 0;
        for (byte[] r : records) {
            if (r.length == 0) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "a log record may not be empty");
            }
            if (r.length > MAX_RECORD) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "a log record may hold at most " + MAX_RECORD + " bytes, got " + r.length);
            }
            bytes += r.length + Segment.HEADER;
        }
        long waiting = pendingBytes.addAndGet(bytes);
        if (waiting - bytes > options.maxPendingBytes()) {
            pendingBytes.addAndGet(-bytes);
            throw new KithException(ErrorCode.OVERLOADED,
                    "the event log is saturated: " + (waiting - bytes) + " bytes wait for the disk (limit " + options.maxPendingBytes() + ")");
        }
        Pending p = new Pending(records, bytes, new CompletableFuture<>(), false);
        queue.add(p);
        try {
            return p.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof KithException k) {
                throw k;
            }
            throw new KithException(ErrorCode.STORAGE_FAILURE, "append to the event log failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public List<LogEntry> read(long from, int max) {
        long end = durableEnd;
        if (from < 0) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "log sequence must be >= 0, was " + from);
        }
        List<LogEntry> out = new ArrayList<>();
        long seq = from;
        CRC32C crc = new CRC32C();
        try {
            while (seq < end && out.size() < max) {
                Segment seg = segmentFor(seq);
                long[] start = seg.seek(seq);
                long at = start[0];
                long pos = start[1];
                long segEnd = Math.min(end, seg.endSequence());
                ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK).order(ByteOrder.BIG_ENDIAN);
                buf.limit(0);
                while (at < segEnd && out.size() < max) {
                    if (buf.remaining() < Segment.HEADER) {
                        pos = refill(seg, buf, pos, Segment.HEADER);
                    }
                    int len = buf.getInt(buf.position());
                    if (buf.remaining() < Segment.HEADER + len) {
                        if (buf.capacity() < Segment.HEADER + len) {
                            ByteBuffer bigger = ByteBuffer.allocate(Segment.HEADER + len);
                            bigger.put(buf).flip();
                            buf = bigger;
                        }
                        pos = refill(seg, buf, pos, Segment.HEADER + len);
                    }
                    buf.getInt();
                    int expectedCrc = buf.getInt();
                    if (at >= seq) {
                        byte[] payload = new byte[len];
                        buf.get(payload);
                        // Sealed segments are not checked at start (their sidecar is read instead): every read checks.
                        crc.reset();
                        crc.update(payload);
                        if ((int) crc.getValue() != expectedCrc) {
                            throw new KithException(ErrorCode.STORAGE_FAILURE, "the event log record " + at + " in " + seg.path
                                    + " fails its checksum: the segment is damaged; restore it from a backup");
                        }
                        out.add(new LogEntry(at, payload));
                    } else {
                        buf.position(buf.position() + len);
                    }
                    at++;
                }
                seq = at;
            }
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot read the event log in " + dir + " at sequence " + seq + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Compacts {@code buf} and reads more from {@code pos} until it holds at least {@code need} bytes; returns the new file position. */
    private static long refill(Segment seg, ByteBuffer buf, long pos, int need) throws IOException {
        buf.compact();
        while (buf.position() < need) {
            int n = seg.channel.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of segment " + seg.path + " at " + pos);
            }
            pos += n;
        }
        buf.flip();
        return pos;
    }

    @Override
    public long endSequence() {
        return durableEnd;
    }

    @Override
    public Redaction redact(long toSequence, Redactor redactor) {
        return redact(toSequence, redactor, (from, to) -> true);
    }

    @Override
    public Redaction redact(long toSequence, Redactor redactor, Stretches mayHold) {
        if (closed) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "the event log in " + dir + " is closed");
        }
        synchronized (redacting) {
            synchronized (segmentsLock) {
                // Files replaced by the last redaction: a reader holds one only for the time of a read, long past now.
                for (Segment s : retired) {
                    closeQuietly(s);
                }
                retired.clear();
            }
            long end = Math.min(toSequence, durableEnd);
            if (last().baseSequence < end) {
                // Only sealed files are rewritten, never the one the committer appends to: seal it first.
                CompletableFuture<Long> sealed = new CompletableFuture<>();
                queue.add(new Pending(List.of(), 0, sealed, true));
                try {
                    sealed.join();
                } catch (CompletionException e) {
                    throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot seal the event log's last segment in " + dir + ": " + e.getCause(), e.getCause());
                }
            }
            long examined = 0;
            long replaced = 0;
            int files = 0;
            for (Segment seg : segments) {
                if (seg.baseSequence >= end || seg == last()) {
                    break;
                }
                if (!mayHold.mayHold(seg.baseSequence, Math.min(end, seg.endSequence()))) {
                    continue; // none of its records can be one to replace: not read
                }
                long[] counts = rewrite(seg, end, redactor, mayHold);
                examined += counts[0];
                replaced += counts[1];
                files += counts[1] > 0 ? 1 : 0;
            }
            return new Redaction(examined, replaced, files);
        }
    }

    /** Records read by a rewrite at a time, and the stretch it asks {@link Stretches#mayHold} about. */
    private static final int REWRITE_CHUNK = 4096;

    /**
     * Rewrites one sealed segment with the redactor's replacements: a new file beside it, synced, then renamed over it
     * (its sidecar removed first, written again after), so that a crash leaves the old file or the new one whole.
     *
     * <p>Only the stretches that {@code mayHold} names are read and offered to the redactor. The new file is the old
     * one's bytes copied by the kernel ({@link FileChannel#transferTo}) around the replaced records' frames, not every
     * record decoded and framed again: an erasure of one person costs a copy of each segment that holds them, which on
     * a 64 MiB segment is the disk's write speed (the decoding copy took 6–9 s for a 112 MB segment, see benchmarks).
     * The new file is then scanned record by record (every checksum) before it replaces the old one.
     *
     * @return {records examined, records replaced}
     */
    private long[] rewrite(Segment seg, long end, Redactor redactor, Stretches mayHold) {
        long segEnd = seg.endSequence();
        long limit = Math.min(end, segEnd);
        java.util.TreeMap<Long, byte[]> replacements = new java.util.TreeMap<>();
        long examined = 0;
        for (long at = seg.baseSequence; at < limit; at += REWRITE_CHUNK) {
            int n = (int) Math.min(REWRITE_CHUNK, limit - at);
            if (!mayHold.mayHold(at, at + n)) {
                continue;
            }
            for (LogEntry e : read(at, n)) {
                byte[] r = redactor.replacement(e.sequence(), e.payload());
                if (r != null) {
                    if (r.length == 0 || r.length > MAX_RECORD) {
                        throw new KithException(ErrorCode.INVALID_ARGUMENT, "a replacement log record must hold 1 to " + MAX_RECORD + " bytes, got " + r.length);
                    }
                    replacements.put(e.sequence(), r);
                }
                examined++;
            }
        }
        if (replacements.isEmpty()) {
            return new long[] {examined, 0};
        }
        Path tmp = seg.path.resolveSibling(seg.path.getFileName() + ".tmp");
        try {
            long[] frames = frames(seg, replacements.keySet());
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                CRC32C crc = new CRC32C();
                long copied = 0; // the old file's bytes up to here are in the new one
                int i = 0;
                for (byte[] r : replacements.values()) {
                    long pos = frames[2 * i];
                    transfer(seg.channel, copied, pos - copied, out);
                    crc.reset();
                    crc.update(r);
                    ByteBuffer frame = ByteBuffer.allocate(Segment.HEADER + r.length).order(ByteOrder.BIG_ENDIAN);
                    frame.putInt(r.length).putInt((int) crc.getValue()).put(r).flip();
                    while (frame.hasRemaining()) {
                        out.write(frame);
                    }
                    copied = pos + Segment.HEADER + frames[2 * i + 1];
                    i++;
                }
                transfer(seg.channel, copied, seg.size() - copied, out);
                out.force(true);
            }
            Files.deleteIfExists(SegmentSidecar.pathOf(seg.path));
            SummarySidecar.delete(seg.path); // it summarises records that are gone: its reader makes it again
            Files.move(tmp, seg.path, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            syncDirectory();
            Segment fresh = openSegment(seg.baseSequence);
            scan(fresh, false);
            if (fresh.count() != seg.count()) {
                throw new KithException(ErrorCode.STORAGE_FAILURE, "the rewritten event log segment " + seg.path + " holds " + fresh.count()
                        + " records, not " + seg.count());
            }
            fresh.sidecar().write(fresh.path);
            synchronized (segmentsLock) {
                List<Segment> copy = new ArrayList<>(segments);
                copy.set(copy.indexOf(seg), fresh);
                segments = List.copyOf(copy);
                retired.add(seg);
            }
            return new long[] {examined, replacements.size()};
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot rewrite the event log segment " + seg.path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where the records of {@code sequences} (ascending, all in {@code seg}) are: {position, payload length} for each,
     * flattened. Each is found from the nearest indexed position by walking the frame headers after it, so a rewrite
     * reads the neighbourhood of what it replaces, not the file.
     */
    private static long[] frames(Segment seg, java.util.Collection<Long> sequences) throws IOException {
        long[] out = new long[2 * sequences.size()];
        // the headers are read through a window of the file, so a walk costs a read per 64 KiB, not one per record
        ByteBuffer window = ByteBuffer.allocate(64 << 10).order(ByteOrder.BIG_ENDIAN);
        long windowAt = 0;
        int filled = 0;
        long size = seg.size();
        long at = Long.MAX_VALUE; // the record whose frame starts at pos
        long pos = 0;
        int i = 0;
        for (long seq : sequences) {
            long[] start = seg.seek(seq);
            if (at > seq || start[0] > at) {
                at = start[0];
                pos = start[1];
            }
            while (true) {
                if (pos < windowAt || pos + Segment.HEADER > windowAt + filled) {
                    window.clear();
                    window.limit((int) Math.min(window.capacity(), size - pos));
                    while (window.position() < Math.min(Segment.HEADER, window.limit())) {
                        if (seg.channel.read(window, pos + window.position()) < 0) {
                            throw new IOException("unexpected end of segment " + seg.path + " at " + pos);
                        }
                    }
                    windowAt = pos;
                    filled = window.position();
                    if (filled < Segment.HEADER) {
                        throw new IOException("a partial record header at byte " + pos + " of " + seg.path);
                    }
                }
                int len = window.getInt((int) (pos - windowAt));
                if (len < 0 || len > MAX_RECORD) {
                    throw new IOException("an impossible record length " + len + " at byte " + pos + " of " + seg.path);
                }
                if (at == seq) {
                    out[2 * i] = pos;
                    out[2 * i + 1] = len;
                    break;
                }
                pos += Segment.HEADER + len;
                at++;
            }
            i++;
        }
        return out;
    }

    /** Copies {@code count} bytes of {@code from} at {@code position} to the end of {@code to}, in the kernel where it can. */
    private static void transfer(FileChannel from, long position, long count, FileChannel to) throws IOException {
        while (count > 0) {
            long n = from.transferTo(position, count, to);
            if (n <= 0) {
                throw new IOException("cannot copy " + count + " bytes at " + position + " of a segment");
            }
            position += n;
            count -= n;
        }
    }

    private static void closeQuietly(Segment s) {
        try {
            s.close();
        } catch (IOException e) {
            // its file is gone from the directory already; closing only frees it
        }
    }

    private static long write(FileChannel out, ByteBuffer buf, long pos) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            pos += out.write(buf, pos);
        }
        buf.clear();
        return pos;
    }

    @Override
    public boolean awaitEnd(long sequence, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        synchronized (commits) {
            while (durableEnd <= sequence) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return false;
                }
                commits.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (commits) {
            commits.notifyAll();
        }
        // Wake the committer with an empty group rather than an interrupt: an interrupt during a write or an
        // fsync would close the segment's channel.
        queue.add(new Pending(List.of(), 0, new CompletableFuture<>(), false));
        try {
            committer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        KithException closing = new KithException(ErrorCode.STORAGE_FAILURE, "the event log in " + dir + " was closed before the append completed");
        for (Pending p; (p = queue.poll()) != null; ) {
            p.done().completeExceptionally(closing);
        }
        try {
            for (Segment s : segments) {
                s.close();
            }
            synchronized (segmentsLock) {
                for (Segment s : retired) {
                    s.close();
                }
            }
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot close the event log in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Sealed> sealed() {
        List<Segment> all = segments;
        List<Sealed> out = new ArrayList<>(all.size());
        for (int i = 0; i < all.size() - 1; i++) {
            Segment seg = all.get(i);
            out.add(new Sealed(seg.baseSequence, seg.endSequence(), seg.generation));
        }
        return out;
    }

    @Override
    public long generationAt(long sequence) {
        return segmentFor(sequence).generation;
    }

    @Override
    public java.util.Optional<byte[]> readSummary(Sealed segment) {
        Segment seg = sealedSegment(segment);
        return seg == null ? java.util.Optional.empty() : SummarySidecar.read(seg.path, seg.baseSequence, seg.count(), seg.size());
    }

    @Override
    public void writeSummary(Sealed segment, byte[] summary) {
        synchronized (redacting) { // not while a rewrite replaces the file
            Segment seg = sealedSegment(segment);
            if (seg == null) {
                return;
            }
            try {
                SummarySidecar.write(seg.path, seg.baseSequence, seg.count(), seg.size(), summary);
            } catch (IOException e) {
                throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot write the summary of the event log segment " + seg.path + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** The sealed segment as {@code s} describes it (same file generation), or null when it is not (rewritten, or not sealed). */
    private Segment sealedSegment(Sealed s) {
        List<Segment> all = segments;
        for (int i = 0; i < all.size() - 1; i++) {
            Segment seg = all.get(i);
            if (seg.baseSequence == s.from()) {
                return seg.generation == s.generation() && seg.endSequence() == s.to() ? seg : null;
            }
        }
        return null;
    }

    private Segment last() {
        List<Segment> s = segments;
        return s.get(s.size() - 1);
    }

    private Segment segmentFor(long seq) {
        List<Segment> s = segments;
        int lo = 0;
        int hi = s.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (s.get(mid).baseSequence <= seq) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return s.get(lo);
    }

    private void commitLoop() {
        List<Pending> group = new ArrayList<>();
        CRC32C crc = new CRC32C();
        // One direct buffer for every group: a heap buffer would be copied into a temporary direct one on each write.
        ByteBuffer out = ByteBuffer.allocateDirect(WRITE_BUFFER).order(ByteOrder.BIG_ENDIAN);
        while (!closed) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            if (closed && group.get(0).records().isEmpty() && queue.isEmpty()) {
                group.get(0).done().complete(durableEnd);
                break;
            }
            queue.drainTo(group);
            long t0 = System.nanoTime();
            long groupBytes = 0;
            int groupRecords = 0;
            try {
                Segment seg = last();
                if (seg.size() >= options.segmentBytes()) {
                    seg = roll(seg);
                }
                for (Pending p : group) {
                    groupBytes += p.bytes();
                    groupRecords += p.records().size();
                }
                long pos = seg.size();
                out.clear();
                for (Pending p : group) {
                    for (byte[] r : p.records()) {
                        if (out.remaining() < Segment.HEADER + r.length) {
                            pos = flush(seg, out, pos);
                        }
                        crc.reset();
                        crc.update(r);
                        out.putInt(r.length).putInt((int) crc.getValue());
                        if (out.remaining() >= r.length) {
                            out.put(r);
                        } else {
                            // larger than the buffer: the header from it, the payload straight from the array
                            pos = flush(seg, out, pos);
                            ByteBuffer big = ByteBuffer.wrap(r);
                            while (big.hasRemaining()) {
                                pos += seg.channel.write(big, pos);
                            }
                        }
                    }
                }
                flush(seg, out, pos);
                seg.channel.force(false);
                long next = seg.endSequence();
                long[] firsts = new long[group.size()];
                for (int i = 0; i < group.size(); i++) {
                    firsts[i] = next;
                    for (byte[] r : group.get(i).records()) {
                        seg.added(r.length + Segment.HEADER);
                        next++;
                    }
                }
                durableEnd = next;
                if (group.stream().anyMatch(Pending::roll) && seg.count() > 0) {
                    roll(seg);
                }
                synchronized (commits) {
                    commits.notifyAll();
                }
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).done().complete(firsts[i]);
                }
                listener.onCommit(groupRecords, groupBytes, System.nanoTime() - t0);
            } catch (IOException | RuntimeException e) {
                KithException failure = new KithException(ErrorCode.STORAGE_FAILURE,
                        "cannot write the event log in " + dir + ": " + e.getMessage(), e);
                group.forEach(p -> p.done().completeExceptionally(failure));
            } finally {
                pendingBytes.addAndGet(-groupBytes);
                group.clear();
            }
        }
    }

    /** Writes what {@code out} holds at {@code pos} and empties it; returns the position after it. */
    private static long flush(Segment seg, ByteBuffer out, long pos) throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            pos += seg.channel.write(out, pos);
        }
        out.clear();
        return pos;
    }

    private Segment roll(Segment full) throws IOException {
        // Sealed: its records are all durable (synced before the sidecar says so); the next start reads the sidecar.
        full.channel.force(false);
        full.sidecar().write(full.path);
        long base = full.endSequence();
        Segment next = openSegment(base);
        synchronized (segmentsLock) {
            List<Segment> copy = new ArrayList<>(segments);
            copy.add(next);
            segments = List.copyOf(copy);
        }
        return next;
    }

    private Segment openSegment(long base) throws IOException {
        Path path = dir.resolve(Segment.fileName(base));
        boolean created = !Files.exists(path);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (created) {
            syncDirectory();
        }
        return new Segment(base, path, ch, options.indexInterval());
    }

    /**
     * Opens every segment: a sealed one from its sidecar when it has one that holds (else it is checked record by record
     * and given one); the last one checked record by record, a torn tail cut off.
     */
    private List<Segment> recover() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            // A rewrite that a crash interrupted leaves its unfinished copy: the segment it was to replace still holds.
            for (Path tmp : s.filter(p -> p.getFileName().toString().matches("\\d{20}\\.(seg|sum)\\.tmp")).toList()) {
                Files.delete(tmp);
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("\\d{20}\\.seg")).sorted().toList();
        }
        List<Segment> out = new ArrayList<>();
        if (files.isEmpty()) {
            out.add(openSegment(0));
            return out;
        }
        long expectedBase = Long.parseLong(files.get(0).getFileName().toString().substring(0, 20));
        for (int i = 0; i < files.size(); i++) {
            long base = Long.parseLong(files.get(i).getFileName().toString().substring(0, 20));
            if (base != expectedBase) {
                throw new KithException(ErrorCode.STORAGE_FAILURE, "event log segment " + files.get(i) + " starts at sequence " + base
                        + " but the previous segment ends at " + expectedBase + "; a segment is missing");
            }
            Segment seg = openSegment(base);
            boolean last = i == files.size() - 1;
            java.util.Optional<SegmentSidecar> sidecar = last ? java.util.Optional.empty()
                    : SegmentSidecar.read(seg.path, base, seg.channel.size(), options.indexInterval());
            if (sidecar.isPresent()) {
                seg.restore(sidecar.get());
            } else {
                scan(seg, last);
                if (!last) {
                    seg.sidecar().write(seg.path); // a log from before sidecars, or one whose sidecar did not hold
                }
            }
            out.add(seg);
            expectedBase = seg.endSequence();
        }
        return out;
    }

    /** Bytes of a segment read at a time when it is checked at start. */
    private static final int SCAN_BUFFER = 8 << 20;

    /**
     * Checks every record of a segment, reading it in large chunks (one read per record used to cost two system calls
     * each: ~12 s for a 5.6 GB log), and counts them into the segment's index.
     */
    private void scan(Segment seg, boolean isLast) throws IOException {
        long fileSize = seg.channel.size();
        long pos = 0;
        // No larger than a segment is meant to be (small segments in tests then cross chunks often), nor the file.
        int chunk = (int) Math.max(Segment.HEADER, Math.min(SCAN_BUFFER, Math.min(fileSize, options.segmentBytes())));
        ByteBuffer buf = ByteBuffer.allocateDirect(chunk).order(ByteOrder.BIG_ENDIAN);
        long bufAt = 0; // the file position of buf's first byte
        int filled = 0;
        CRC32C crc = new CRC32C();
        while (pos < fileSize) {
            String problem = null;
            int len = -1;
            if (fileSize - pos < Segment.HEADER) {
                problem = "a partial record header";
            } else {
                if (pos + Segment.HEADER > bufAt + filled) {
                    filled = fill(seg.channel, buf, pos, fileSize);
                    bufAt = pos;
                }
                int at = (int) (pos - bufAt);
                len = buf.getInt(at);
                int expectedCrc = buf.getInt(at + 4);
                if (len < 0 || len > MAX_RECORD) {
                    problem = "an impossible record length " + len;
                } else if (pos + Segment.HEADER + len > fileSize) {
                    problem = "a record of " + len + " bytes that runs past the end of the file";
                } else {
                    crc.reset();
                    if (Segment.HEADER + len <= buf.capacity()) {
                        if (pos + Segment.HEADER + len > bufAt + filled) {
                            filled = fill(seg.channel, buf, pos, fileSize);
                            bufAt = pos;
                            at = 0;
                        }
                        buf.limit(at + Segment.HEADER + len).position(at + Segment.HEADER);
                        crc.update(buf);
                        buf.clear();
                    } else {
                        ByteBuffer payload = ByteBuffer.allocate(len); // larger than the chunk: read on its own
                        readFully(seg.channel, payload, pos + Segment.HEADER);
                        crc.update(payload.array(), 0, len);
                    }
                    if ((int) crc.getValue() != expectedCrc || (len == 0 && expectedCrc == 0)) {
                        problem = "a checksum mismatch";
                    }
                }
            }
            if (problem != null) {
                if (!isLast) {
                    throw new KithException(ErrorCode.STORAGE_FAILURE, "the event log segment " + seg.path + " is corrupt at byte " + pos
                            + " (" + problem + "); it is not the last segment, so this is not a torn write: restore it from a backup");
                }
                // A crash during a write leaves a torn tail: nothing in it was acknowledged, so cut it off.
                seg.channel.truncate(pos);
                seg.channel.force(true);
                return;
            }
            seg.added(Segment.HEADER + len);
            pos += Segment.HEADER + len;
        }
    }

    /** Reads the file from {@code pos} into {@code buf} (emptied first) as far as it holds or the file goes; answers the bytes read. */
    private static int fill(FileChannel ch, ByteBuffer buf, long pos, long fileSize) throws IOException {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), fileSize - pos));
        readFully(ch, buf, pos); // leaves buf flipped: its limit is what was read
        int n = buf.limit();
        buf.clear();
        return n;
    }

    /** Makes a new segment's directory entry durable, so a crash cannot lose a whole file of synced records. */
    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory for syncing; the file's own fsync still holds its data.
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
        buf.flip();
    }
}
