package io.kith.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sources of a registry as it answers them from memory: each source with its write key in stored form, and the key
 * a rotation replaced while that one still works, indexed by the digest of every key that authenticates. Immutable:
 * registries swap in a new index on every change, so that lookups, one per collection request, take no lock.
 *
 * <p>A presented key is looked up by its digest, for client-side sources too: a key that is itself a stored digest
 * (leaked from a database) is digested again and matches nothing, and the time a lookup takes depends on the digest,
 * which says nothing about any key. The digests found are compared again in constant time.
 */
public final class SourceIndex {
    /**
     * A source and the write key its last rotation replaced, in stored form, with the time until which that key still
     * works; both null when there is none.
     */
    public record Entry(Source source, String previousKey, Instant previousValidUntil) {
        public Entry {
            source = source.stored();
            if ((previousKey == null) != (previousValidUntil == null)) {
                throw new IllegalArgumentException("a previous write key needs the time it is valid until, and only it");
            }
            previousKey = previousKey == null ? null : WriteKey.stored(source.kind(), previousKey);
        }

        public static Entry of(Source source) {
            return new Entry(source, null, null);
        }

        /** This source with a new write key, the current one working until {@code until}. */
        public Entry rotatedTo(String newKey, Instant until) {
            return new Entry(source.withWriteKey(newKey), source.writeKey(), until);
        }

        /** This entry replaced by {@code declared}: a rotated-out key's overlap is kept while the write key is unchanged. */
        public Entry replacedBy(Source declared) {
            Source s = declared.stored();
            return s.writeKey().equals(source.writeKey()) ? new Entry(s, previousKey, previousValidUntil) : of(s);
        }
    }

    /** A key that authenticates a source: its digest's bytes, and until when it works (null: the current key). */
    private record Key(String sourceId, byte[] digest, Instant validUntil) {
    }

    public static final SourceIndex EMPTY = new SourceIndex(Map.of(), Map.of());

    private final Map<String, Entry> byId;
    private final Map<String, Key> byDigest;

    private SourceIndex(Map<String, Entry> byId, Map<String, Key> byDigest) {
        this.byId = byId;
        this.byDigest = byDigest;
    }

    public static SourceIndex of(Collection<Entry> entries) {
        Map<String, Entry> byId = new HashMap<>();
        Map<String, Key> byDigest = new HashMap<>();
        for (Entry e : entries) {
            byId.put(e.source().id(), e);
        }
        for (Entry e : byId.values()) {
            if (e.previousKey() != null) {
                index(byDigest, e.source().id(), e.previousKey(), e.previousValidUntil());
            }
        }
        for (Entry e : byId.values()) {
            index(byDigest, e.source().id(), e.source().writeKey(), null); // a current key wins over an old one
        }
        return new SourceIndex(Map.copyOf(byId), Map.copyOf(byDigest));
    }

    private static void index(Map<String, Key> byDigest, String id, String storedKey, Instant validUntil) {
        String digest = WriteKey.lookupDigest(storedKey);
        byDigest.put(digest, new Key(id, digest.getBytes(StandardCharsets.US_ASCII), validUntil));
    }

    /** This index with {@code entry} added, or replacing the entry of its source id. */
    public SourceIndex with(Entry entry) {
        Map<String, Entry> entries = new HashMap<>(byId);
        entries.put(entry.source().id(), entry);
        return of(entries.values());
    }

    /** The source a presented write key authenticates at {@code now}: by its current key, or a replaced one still valid. */
    public Optional<Source> byWriteKey(String presented, Instant now) {
        String digest = WriteKey.digest(presented);
        Key key = byDigest.get(digest);
        if (key == null || !MessageDigest.isEqual(key.digest(), digest.getBytes(StandardCharsets.US_ASCII))
                || key.validUntil() != null && !now.isBefore(key.validUntil())) {
            return Optional.empty();
        }
        return Optional.of(byId.get(key.sourceId()).source());
    }

    public Optional<Entry> entry(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<Source> byId(String id) {
        return entry(id).map(Entry::source);
    }

    /** Every source, by id. */
    public List<Source> all() {
        return byId.values().stream().map(Entry::source).sorted(Comparator.comparing(Source::id)).toList();
    }

    public Set<String> ids() {
        return byId.keySet();
    }

    /** The id of a source other than {@code exceptId} that a write key (in either form) authenticates or did, if any. */
    public Optional<String> owner(String key, String exceptId) {
        Key k = byDigest.get(WriteKey.lookupDigest(key));
        return k == null || k.sourceId().equals(exceptId) ? Optional.empty() : Optional.of(k.sourceId());
    }
}
