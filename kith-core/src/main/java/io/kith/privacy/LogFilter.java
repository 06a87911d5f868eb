package io.kith.privacy;

import io.kith.event.Event;
import io.kith.event.EventLog;
import io.kith.event.LogEntry;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.identity.Identifier;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * A summary of the event log that tells an erasure which records may be a person's, so that it reads only those: for
 * each block of {@value #BLOCK} sequences, a Bloom filter of what the erasure's log pass matches records by — the values
 * of the identifiers each event carries (as resolution reads them) and its source and {@code messageId}. Every event of
 * a person carries at least one of their identifiers, and a retry carries its original's message, so a block whose
 * filter holds none of the person's values holds none of their records: the filter answers false positives only, never
 * a missed record. A block with a quarantined or unreadable record is always read (its payload is matched as text).
 *
 * <p>Kept in memory only, never written: it holds hashes of identifiers (64 bits of a hash with a seed drawn per
 * process), and nothing of it reaches the data directory. Built by following the log in the background
 * ({@link #follow}); records past what it has read are always read. A redaction only removes, so the filter stays a
 * superset. Thread-safe.
 */
public final class LogFilter {
    /** Sequences per block. */
    static final int BLOCK = 4096;
    /** Bits per distinct value of a block, and hashes per value: about 0.3 % false positives per probe. */
    private static final int BITS_PER_VALUE = 12;
    private static final int HASHES = 5;

    private final LogRecordCodec codec;
    private final Function<Event, List<Identifier>> identifiersOf;
    private final long seed = new java.security.SecureRandom().nextLong();
    /** The sealed blocks' filters, by block number; null for a block that is always read. */
    private final List<long[]> blocks = new ArrayList<>();
    private final BitSet always = new BitSet();
    /** The block being filled: its values so far. */
    private LongOpenHashSet current = new LongOpenHashSet();
    private boolean currentAlways;
    /** One past the last sequence summarised. */
    private long coveredTo;

    private final int block;

    /** @param identifiersOf the identifiers resolution reads from an event, as the erasure's log pass matches them */
    public LogFilter(LogRecordCodec codec, Function<Event, List<Identifier>> identifiersOf) {
        this(codec, identifiersOf, BLOCK);
    }

    LogFilter(LogRecordCodec codec, Function<Event, List<Identifier>> identifiersOf, int block) {
        this.codec = codec;
        this.identifiersOf = identifiersOf;
        this.block = block;
    }

    /**
     * Reads up to {@code max} records of the log past what it has summarised, and adds them.
     *
     * @return records read (0: caught up)
     */
    public synchronized long follow(EventLog log, int max) {
        long n = 0;
        while (n < max) {
            List<LogEntry> entries = log.read(coveredTo, (int) Math.min(1024, max - n));
            if (entries.isEmpty()) {
                return n;
            }
            for (LogEntry e : entries) {
                add(e.sequence(), e.payload());
            }
            n += entries.size();
        }
        return n;
    }

    /** One past the last sequence summarised. */
    public synchronized long coveredTo() {
        return coveredTo;
    }

    private void add(long sequence, byte[] payload) {
        while (sequence >= (long) (blocks.size() + 1) * block) {
            seal();
        }
        LogRecord record;
        try {
            record = codec.decode(payload);
        } catch (RuntimeException unreadable) {
            currentAlways = true;
            coveredTo = sequence + 1;
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
        coveredTo = sequence + 1;
    }

    /** Closes the current block into a Bloom filter sized to its distinct values. */
    private void seal() {
        int block = blocks.size();
        if (currentAlways) {
            always.set(block);
            blocks.add(null);
        } else {
            int bits = Integer.highestOneBit(Math.max(64, current.size() * BITS_PER_VALUE - 1)) << 1;
            long[] filter = new long[bits / 64];
            current.forEach((long h) -> {
                for (int k = 0; k < HASHES; k++) {
                    int bit = probe(h, k, bits);
                    filter[bit >>> 6] |= 1L << bit;
                }
            });
            blocks.add(filter);
        }
        current = new LongOpenHashSet();
        currentAlways = false;
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
        BitSet read = new BitSet(blocks.size() + 1);
        for (int b = 0; b < blocks.size(); b++) {
            long[] filter = blocks.get(b);
            if (filter == null || mayHoldAny(filter, hashes)) {
                read.set(b);
            }
        }
        int last = blocks.size();
        if (currentAlways || anyIn(current, hashes)) {
            read.set(last);
        }
        return new Candidates(read, coveredTo, block);
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
