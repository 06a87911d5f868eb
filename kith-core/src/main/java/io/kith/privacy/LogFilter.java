package io.kith.privacy;

import io.kith.event.Event;
import io.kith.event.EventLog;
import io.kith.event.LogEntry;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.event.LogSegments;
import io.kith.identity.Identifier;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A summary of the event log that tells an erasure which records may be a person's, so that it reads only those: for
 * each block of {@value #BLOCK} sequences, a Bloom filter of what the erasure's log pass matches records by — the values
 * of the identifiers each event carries (as resolution reads them) and its source and {@code messageId}. Every event of
 * a person carries at least one of their identifiers, and a retry carries its original's message, so a block whose
 * filter holds none of the person's values holds none of their records: the filter answers false positives only, never
 * a missed record. A block with a quarantined or unreadable record is always read (its payload is matched as text).
 *
 * <p>Kept per segment of the log. The summary of each sealed segment is kept beside it ({@link LogSegments}), so that a
 * start reads those instead of the whole log (33–95 s at 10 M events before); a segment without one that holds is read
 * and summarised in the background ({@link #follow}), and so is the segment being appended to, in memory, as records
 * come; records past what the summary has reached are always read. Blocks are cut at segment boundaries, so each
 * segment's summary stands alone. The filter's hashes are 64 bits under a seed derived from the privacy key (as keyed
 * as the suppression list's hashes, and a summary written under another key is not read). A redaction only removes
 * records, so an older summary stays a superset; still, the log deletes the summary of each segment it rewrites, and
 * the next {@link #follow} summarises the new file again, so nothing of an erased person stays in a summary, on disk or
 * in memory, past the worker's next idle turn. Thread-safe; {@link #follow} must run on the thread that redacts the log
 * (the privacy worker does both), so that no rewrite falls between reading a segment and keeping its summary.
 */
public final class LogFilter {
    /** Sequences per block. */
    static final int BLOCK = 4096;
    /** Bits per distinct value of a block, and hashes per value: about 0.3 % false positives per probe. */
    private static final int BITS_PER_VALUE = 12;
    private static final int HASHES = 5;
    /** The version of a summary's bytes. */
    private static final int FORMAT = 1;

    private final LogRecordCodec codec;
    private final Function<Event, List<Identifier>> identifiersOf;
    private final long seed;
    private final int block;
    /** The summaries of sealed segments, by their first sequence: contiguous from 0 to {@code active.from}. */
    private final TreeMap<Long, Summary> sealed = new TreeMap<>();
    /** The stretch past the sealed summaries, summarised in memory as far as it has been read. */
    private Builder active;

    /**
     * @param identifiersOf the identifiers resolution reads from an event, as the erasure's log pass matches them
     * @param seed          a secret of 64 bits that stays the same across starts (derived from the privacy key)
     */
    public LogFilter(LogRecordCodec codec, Function<Event, List<Identifier>> identifiersOf, long seed) {
        this(codec, identifiersOf, seed, BLOCK);
    }

    LogFilter(LogRecordCodec codec, Function<Event, List<Identifier>> identifiersOf, long seed, int block) {
        this.codec = codec;
        this.identifiersOf = identifiersOf;
        this.seed = seed;
        this.block = block;
        this.active = new Builder(0);
    }

    /**
     * Brings the summary up to the log: the summaries of sealed segments read from beside them where they hold (no record
     * read), the others' and the segments rewritten since made from their records and written beside them, then up to
     * {@code max} more records of the segment being appended to.
     *
     * @return records read (0: caught up)
     */
    public synchronized long follow(EventLog log, int max) {
        LogSegments segments = log instanceof LogSegments s ? s : null;
        Map<Long, LogSegments.Sealed> byStart = sealedByStart(segments);
        long n = 0;
        // Segments rewritten (redacted) since they were summarised: their summary is gone from disk; make it again, so
        // that what the rewrite removed leaves the summary too. Until then the older summary, a superset, is used.
        for (LogSegments.Sealed s : byStart.values()) {
            Summary have = sealed.get(s.from());
            if (have != null && !s.equals(have.segment) && n < max) {
                sealed.put(s.from(), summarise(log, segments, s));
                n += s.to() - s.from();
            }
        }
        while (n < max) {
            LogSegments.Sealed next = byStart.get(active.from);
            if (next != null && active.coveredTo == active.from) {
                Optional<Summary> kept = segments.readSummary(next).flatMap(bytes -> decode(bytes, next));
                if (kept.isPresent()) {
                    sealed.put(next.from(), kept.get());
                    active = new Builder(next.to());
                    continue;
                }
            }
            if (next != null && active.coveredTo >= next.to()) {
                seal(log, segments, next);
                continue;
            }
            long until = next != null ? next.to() : Long.MAX_VALUE;
            List<LogEntry> entries = log.read(active.coveredTo, (int) Math.min(1024, Math.min(max - n, until - active.coveredTo)));
            if (entries.isEmpty()) {
                return n;
            }
            if (next == null) {
                byStart = sealedByStart(segments); // the segment read may have been sealed since: cut the summary where it ends
            }
            for (LogEntry e : entries) {
                for (LogSegments.Sealed s; (s = byStart.get(active.from)) != null && e.sequence() >= s.to(); ) {
                    seal(log, segments, s);
                }
                if (active.coveredTo == active.from && segments != null) {
                    active.generation = segments.generationAt(e.sequence());
                }
                active.add(e.sequence(), e.payload());
            }
            n += entries.size();
        }
        return n;
    }

    /** One past the last sequence summarised. */
    public synchronized long coveredTo() {
        return active.coveredTo;
    }

    private static Map<Long, LogSegments.Sealed> sealedByStart(LogSegments segments) {
        Map<Long, LogSegments.Sealed> out = new java.util.HashMap<>();
        if (segments != null) {
            for (LogSegments.Sealed s : segments.sealed()) {
                out.put(s.from(), s);
            }
        }
        return out;
    }

    /**
     * Closes the active stretch as the summary of the sealed segment it has read whole, and keeps it beside the segment;
     * when the segment was rewritten since it was read (a redaction seals the segment being appended to, then rewrites
     * it), its summary is made again from what it holds now.
     */
    private void seal(EventLog log, LogSegments segments, LogSegments.Sealed s) {
        if (active.generation == s.generation()) {
            Summary done = active.build(s.to(), s);
            sealed.put(s.from(), done);
            segments.writeSummary(s, encode(done));
        } else {
            sealed.put(s.from(), summarise(log, segments, s));
        }
        active = new Builder(s.to());
    }

    /** Reads a sealed segment whole into a summary, and keeps it beside the segment. */
    private Summary summarise(EventLog log, LogSegments segments, LogSegments.Sealed s) {
        Builder b = new Builder(s.from());
        while (b.coveredTo < s.to()) {
            List<LogEntry> entries = log.read(b.coveredTo, (int) Math.min(1024, s.to() - b.coveredTo));
            if (entries.isEmpty()) {
                break;
            }
            for (LogEntry e : entries) {
                b.add(e.sequence(), e.payload());
            }
        }
        Summary done = b.build(s.to(), s);
        segments.writeSummary(s, encode(done));
        return done;
    }

    /**
     * The summary of records [{@code from}, {@code to}): one filter per block it touches (blocks {@code from / block}
     * on), null for a block that is always read.
     *
     * @param segment the sealed segment it summarises, or null for the segment being appended to
     */
    record Summary(long from, long to, LogSegments.Sealed segment, long[][] filters) {
        int firstBlock(int block) {
            return (int) (from / block);
        }
    }

    /** Summarises records in order from a sequence on: the filters of the blocks closed, and the values of the one being filled. */
    private final class Builder {
        final long from;
        long coveredTo;
        /** The generation of the segment it reads ({@link LogSegments#generationAt}), once it has read a record of it. */
        long generation = Long.MIN_VALUE;
        final List<long[]> closed = new ArrayList<>();
        LongOpenHashSet current = new LongOpenHashSet();
        boolean currentAlways;
        boolean currentUsed;
        long currentBlock;

        Builder(long from) {
            this.from = from;
            this.coveredTo = from;
            this.currentBlock = from / block;
        }

        void add(long sequence, byte[] payload) {
            while (sequence / block > currentBlock) {
                closed.add(filterOfCurrent());
                current = new LongOpenHashSet();
                currentAlways = false;
                currentBlock++;
            }
            currentUsed = true;
            coveredTo = sequence + 1;
            LogRecord record;
            try {
                record = codec.decode(payload);
            } catch (RuntimeException unreadable) {
                currentAlways = true;
                return;
            }
            switch (record) {
                case LogRecord.Accepted a -> {
                    for (Identifier id : identifiersOf.apply(a.event())) {
                        current.add(hash(id.value()));
                    }
                    if (a.event().messageId() != null) {
                        current.add(hash(message(a.event().sourceId(), a.event().messageId())));
                    }
                }
                case LogRecord.Quarantined q -> currentAlways = true;
                case LogRecord.Erased x -> {
                }
            }
        }

        /** The summary of [{@code from}, {@code to}) as read so far. */
        Summary build(long to, LogSegments.Sealed segment) {
            List<long[]> filters = new ArrayList<>(closed);
            if (currentUsed) {
                filters.add(filterOfCurrent());
            }
            return new Summary(from, to, segment, filters.toArray(new long[0][]));
        }

        /** The block being filled as a Bloom filter sized to its distinct values, or null when it is always read. */
        private long[] filterOfCurrent() {
            if (currentAlways) {
                return null;
            }
            int bits = Integer.highestOneBit(Math.max(64, current.size() * BITS_PER_VALUE - 1)) << 1;
            long[] filter = new long[bits / 64];
            current.forEach((long h) -> {
                for (int k = 0; k < HASHES; k++) {
                    int bit = probe(h, k, bits);
                    filter[bit >>> 6] |= 1L << bit;
                }
            });
            return filter;
        }
    }

    /**
     * A summary's bytes: format, a check of the seed (a hash of a fixed text under it), its stretch and block size, then
     * each block's filter (its length in longs, -1 for a block always read, and the longs).
     */
    byte[] encode(Summary s) {
        int longs = 0;
        for (long[] f : s.filters()) {
            longs += f == null ? 0 : f.length;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 8 + 8 + 8 + 4 + 4 + 4 * s.filters().length + 8 * longs);
        b.putInt(FORMAT).putLong(seedCheck()).putLong(s.from()).putLong(s.to()).putInt(block).putInt(s.filters().length);
        for (long[] f : s.filters()) {
            b.putInt(f == null ? -1 : f.length);
            if (f != null) {
                for (long v : f) {
                    b.putLong(v);
                }
            }
        }
        return b.array();
    }

    /** The summary in these bytes, if they are one of this segment under this seed and block size. */
    Optional<Summary> decode(byte[] bytes, LogSegments.Sealed segment) {
        try {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
            if (b.getInt() != FORMAT || b.getLong() != seedCheck() || b.getLong() != segment.from() || b.getLong() != segment.to()
                    || b.getInt() != block) {
                return Optional.empty();
            }
            int n = b.getInt();
            long blocks = segment.to() > segment.from() ? (segment.to() - 1) / block - segment.from() / block + 1 : 0;
            if (n < 0 || n > blocks) {
                return Optional.empty();
            }
            long[][] filters = new long[n][];
            for (int i = 0; i < n; i++) {
                int len = b.getInt();
                if (len < -1 || len > b.remaining() / 8 || (len >= 0 && Integer.bitCount(len) != 1)) {
                    return Optional.empty();
                }
                if (len >= 0) {
                    filters[i] = new long[len];
                    for (int k = 0; k < len; k++) {
                        filters[i][k] = b.getLong();
                    }
                }
            }
            return b.hasRemaining() || n != blocks ? Optional.empty() : Optional.of(new Summary(segment.from(), segment.to(), segment, filters));
        } catch (java.nio.BufferUnderflowException e) {
            return Optional.empty();
        }
    }

    private long seedCheck() {
        return hash("\u0000kith log filter seed check");
    }

    /** The records an erasure must read to find every record of people with these identifier values and messages. */
    public synchronized Candidates candidates(Collection<String> values, Collection<Message> messages) {
        long[] hashes = new long[values.size() + messages.size()];
        int n = 0;
        for (String v : values) {
            hashes[n++] = hash(v);
        }
        for (Message m : messages) {
            hashes[n++] = hash(message(m.sourceId(), m.messageId()));
        }
        BitSet read = new BitSet();
        for (Summary s : sealed.values()) {
            mark(s.filters(), s.firstBlock(block), hashes, read);
        }
        mark(active.closed.toArray(new long[0][]), (int) (active.from / block), hashes, read);
        if (active.currentUsed && (active.currentAlways || anyIn(active.current, hashes))) {
            read.set((int) active.currentBlock);
        }
        return new Candidates(read, active.coveredTo, block);
    }

    private static void mark(long[][] filters, int firstBlock, long[] hashes, BitSet read) {
        for (int i = 0; i < filters.length; i++) {
            if (filters[i] == null || mayHoldAny(filters[i], hashes)) {
                read.set(firstBlock + i);
            }
        }
    }

    /** A message an erasure removes: its source and the client's {@code messageId}. */
    public record Message(String sourceId, String messageId) {
    }

    /**
     * Which records an erasure reads: those in the blocks marked, and every one from {@code coveredTo} on (not yet
     * summarised).
     */
    public record Candidates(BitSet blocks, long coveredTo, int block) {
        /** Every record: no filter. */
        public static final Candidates ALL = new Candidates(new BitSet(), 0, BLOCK);

        public boolean mayHold(long sequence) {
            return sequence >= coveredTo || blocks.get((int) (sequence / block));
        }

        /** Whether any record in [from, to) may be one. */
        public boolean mayHold(long from, long to) {
            if (to > coveredTo) {
                return true;
            }
            if (to <= from) {
                return false;
            }
            int next = blocks.nextSetBit((int) (from / block));
            return next >= 0 && next <= (to - 1) / block;
        }

        /** The blocks read, of those summarised. */
        public int blockCount() {
            return blocks.cardinality();
        }

        /** The blocks summarised (the last maybe in part). */
        public long blocksSummarised() {
            return (coveredTo + block - 1) / block;
        }
    }

    private static boolean mayHoldAny(long[] filter, long[] hashes) {
        int bits = filter.length * 64;
        for (long h : hashes) {
            boolean all = true;
            for (int k = 0; k < HASHES && all; k++) {
                int bit = probe(h, k, bits);
                all = (filter[bit >>> 6] & (1L << bit)) != 0;
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyIn(LongOpenHashSet set, long[] hashes) {
        for (long h : hashes) {
            if (set.contains(h)) {
                return true;
            }
        }
        return false;
    }

    /** The k-th bit of a value in a filter of {@code bits} (a power of two): double hashing over the two halves. */
    private static int probe(long h, int k, int bits) {
        int a = (int) h;
        int b = (int) (h >>> 32) | 1;
        return (a + k * b) & (bits - 1);
    }

    private static String message(String sourceId, String messageId) {
        return "\u0000m" + sourceId + '\u0000' + messageId;
    }

    /** 64 well-mixed bits of a string and this process's seed. */
    private long hash(String s) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
            h ^= h >>> 29;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
