package io.kith.match.block;

import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

/**
 * An index from blocking key to the records that have it, one per rule, for finding a new record's candidates
 * without a pass over the table. Each rule's index is a hash map from key hash to a slice of one int array (about
 * 4 bytes per record and rule, plus the map's ~20 bytes per distinct key). A very common key (a placeholder
 * date, "smith") keeps only its first {@code cap} records, so one lookup costs at most rules × cap candidates;
 * how many keys were cut is in {@link #truncatedKeys()}. Immutable; thread-safe.
 */
public final class BlockIndex {
    private final Long2IntOpenHashMap[] slot;
    private final int[][] offsets;
    private final int[][] members;
    private final long truncatedKeys;
    private final int cap;

    private BlockIndex(Long2IntOpenHashMap[] slot, int[][] offsets, int[][] members, long truncatedKeys, int cap) {
        this.slot = slot;
        this.offsets = offsets;
        this.members = members;
        this.truncatedKeys = truncatedKeys;
        this.cap = cap;
    }

    /** Indexes {@code keys[r][i]}, rule r's key of record i ({@link Blocking#NONE} for none). */
    public static BlockIndex of(long[][] keys, int cap) {
        int rules = keys.length;
        Long2IntOpenHashMap[] slot = new Long2IntOpenHashMap[rules];
        int[][] offsets = new int[rules][];
        int[][] members = new int[rules][];
        long truncated = 0;
        for (int r = 0; r < rules; r++) {
            long[] k = keys[r];
            int present = 0;
            for (long key : k) {
                if (key != Blocking.NONE) {
                    present++;
                }
            }
            int[] idx = new int[present];
            for (int i = 0, j = 0; i < k.length; i++) {
                if (k[i] != Blocking.NONE) {
                    idx[j++] = i;
                }
            }
            IntArrays.parallelQuickSort(idx, (x, y) -> {
                int c = Long.compare(k[x], k[y]);
                return c != 0 ? c : Integer.compare(x, y);
            });
            slot[r] = new Long2IntOpenHashMap();
            slot[r].defaultReturnValue(-1);
            int[] off = new int[present + 1];
            int[] mem = new int[present];
            int blocks = 0;
            int written = 0;
            int i = 0;
            while (i < present) {
                int j = i + 1;
                while (j < present && k[idx[j]] == k[idx[i]]) {
                    j++;
                }
                int keep = Math.min(j - i, cap);
                if (j - i > cap) {
                    truncated++;
                }
                slot[r].put(k[idx[i]], blocks);
                off[blocks] = written;
                System.arraycopy(idx, i, mem, written, keep);
                written += keep;
                blocks++;
                i = j;
            }
            off[blocks] = written;
            offsets[r] = java.util.Arrays.copyOf(off, blocks + 1);
            members[r] = java.util.Arrays.copyOf(mem, written);
        }
        return new BlockIndex(slot, offsets, members, truncated, cap);
    }

    /** Receives candidate record numbers. */
    public interface Candidates {
        void accept(int record);
    }

    /**
     * Gives the records sharing at least one of the new record's keys ({@code keys[r]} for rule r) to {@code out};
     * a record sharing several keys is given once per key (callers deduplicate).
     */
    public void candidates(long[] keys, Candidates out) {
        for (int r = 0; r < keys.length; r++) {
            if (keys[r] == Blocking.NONE) {
                continue;
            }
            int b = slot[r].get(keys[r]);
            if (b < 0) {
                continue;
            }
            for (int i = offsets[r][b]; i < offsets[r][b + 1]; i++) {
                out.accept(members[r][i]);
            }
        }
    }

    /** Keys whose records were cut to the cap. */
    public long truncatedKeys() {
        return truncatedKeys;
    }

    public int cap() {
        return cap;
    }
}
