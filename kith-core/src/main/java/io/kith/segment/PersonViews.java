package io.kith.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.kith.event.EventStore;
import io.kith.event.StoredEvent;
import io.kith.identity.IdentityProjection;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.Trait;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds what a segment condition sees of one person ({@link PersonView}) from the live identity graph and the
 * person's stored events (all of them, however old), so that {@link SegmentEngine} can decide a person's memberships
 * the moment an event changes them, with the same evaluator the SQL compilers are tested against.
 */
public final class PersonViews {
    private final IdentityProjection identity;
    private final EventStore events;
    private final io.kith.profile.ProfileValueStore values;

    public PersonViews(IdentityProjection identity, EventStore events, io.kith.profile.ProfileValueStore values) {
        this.identity = identity;
        this.events = events;
        this.values = values;
    }

    /** A live profile's id with what a condition sees of it. */
    public record Identified(String profileId, PersonView person) {
    }

    /**
     * Every live person, a page at a time (each page's events read in one query), for a pass over everyone. A page is
     * read when the iteration reaches it: people created meanwhile may or may not be in the pass.
     */
    public Iterable<List<Identified>> people(int pageSize) {
        return () -> new java.util.Iterator<>() {
            private long after = -1;
            private boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public List<Identified> next() {
                List<String> ids = identity.read(g -> g.profileIds(after, pageSize));
                if (ids.size() < pageSize) {
                    done = true;
                } else {
                    after = io.kith.identity.IdentityGraph.createdSequence(ids.get(ids.size() - 1));
                }
                List<Identified> out = new ArrayList<>(ids.size());
                people(ids, true).forEach((id, person) -> out.add(new Identified(id, person)));
                return out;
            }
        };
    }

    /**
     * Event sequences read in one query. DuckDB reads an IN list through its index on {@code seq} only while at most
     * 2,048 rows match (its {@code index_scan_max_count}); past that it scans every row group between the lowest and the
     * highest sequence, so a segment engine pass over a catch-up's thousands of people, whose events lie all over the
     * table, read the whole table once per 20,000 sequences (`bench rebuild` at 1 M events: 8,954 events/s with passes
     * of 4,096 people read 20,000 sequences at a time, 13,202-16,039 with 2,000, against 14,231-24,181 before the passes
     * grew, on a machine loaded by other builds).
     */
    private static final int READ_AT_ONCE = 2_000;

    /**
     * The people of these profile ids that are live (an id merged away or unknown is left out), read together: one graph
     * read, one read of their events and one of their computed values, however many they are. What a batch of events
     * touched is evaluated this way; a query per person would cost the store a scan each.
     */
    public Map<String, PersonView> people(java.util.Collection<String> profileIds, boolean withEvents) {
        record Snapshot(Map<String, Profile> profiles, Map<String, long[]> sequences) {
        }
        Snapshot snap = identity.read(g -> {
            Map<String, Profile> profiles = new java.util.LinkedHashMap<>();
            Map<String, long[]> seqs = new HashMap<>();
            for (String id : profileIds) {
                Optional<String> live = g.canonical(id);
                if (live.isPresent() && live.get().equals(id)) {
                    g.profile(id).ifPresent(p -> profiles.put(id, p));
                    seqs.put(id, withEvents ? g.eventSequences(id) : new long[0]);
                }
            }
            return new Snapshot(profiles, seqs);
        });
        int total = 0;
        for (long[] x : snap.sequences().values()) {
            total += x.length;
        }
        long[] all = new long[total];
        int at = 0;
        for (long[] x : snap.sequences().values()) {
            System.arraycopy(x, 0, all, at, x.length);
            at += x.length;
        }
        Map<Long, StoredEvent> bySeq = new HashMap<>();
        for (int from = 0; from < all.length; from += READ_AT_ONCE) {
            for (StoredEvent e : events.bySequences(java.util.Arrays.copyOfRange(all, from, Math.min(all.length, from + READ_AT_ONCE)))) {
                bySeq.put(e.sequence(), e);
            }
        }
        Map<String, List<io.kith.profile.ProfileValueStore.Computed>> computed = values.of(snap.profiles().keySet());
        Map<String, PersonView> out = new java.util.LinkedHashMap<>();
        snap.profiles().forEach((id, p) -> {
            List<StoredEvent> mine = new ArrayList<>();
            for (long seq : snap.sequences().get(id)) {
                StoredEvent e = bySeq.get(seq);
                if (e != null) {
                    mine.add(e);
                }
            }
            out.put(id, view(p, mine, computed.getOrDefault(id, List.of())));
        });
        return out;
    }

    private static PersonView view(Profile p, List<StoredEvent> stored, List<io.kith.profile.ProfileValueStore.Computed> computed) {
        Map<String, JsonNode> traits = new HashMap<>();
        for (Map.Entry<String, Trait> t : p.traits().entrySet()) {
            traits.put(t.getKey(), t.getValue().value());
        }
        Set<String> types = new TreeSet<>();
        for (ProfileIdentifier i : p.identifiers()) {
            types.add(i.type());
        }
        List<EventView> views = new ArrayList<>(stored.size());
        for (StoredEvent e : stored) {
            views.add(EventView.of(e.sequence(), e.event()));
        }
        return withValues(PersonView.empty().withTraits(traits).withIdentifierTypes(types)
                .withBrandsAndSources(p.brands(), p.sources()).withSeen(p.firstSeen(), p.lastSeen(), p.eventCount()).withEvents(views),
                computed);
    }

    /**
     * Adds the computed values as the evaluator reads them, by the same typing the SQL compilers apply to
     * {@code profile_values}: a label or consent state that is not a JSON string, or a model score or RFM number that is
     * not a JSON number, is missing.
     */
    public static PersonView withValues(PersonView person, List<io.kith.profile.ProfileValueStore.Computed> computed) {
        Map<String, JsonNode> computedTraits = new HashMap<>();
        Map<String, String> labels = new HashMap<>();
        Map<String, java.math.BigDecimal> models = new HashMap<>();
        Map<String, String> consent = new HashMap<>();
        Map<String, JsonNode> rfm = new HashMap<>();
        for (io.kith.profile.ProfileValueStore.Computed c : computed) {
            JsonNode v = c.value();
            switch (c.namespace()) {
                case COMPUTED -> computedTraits.put(c.name(), v);
                case LABEL -> {
                    if (v.isTextual()) {
                        labels.put(c.name(), v.textValue());
                    }
                }
                case CONSENT -> {
                    if (v.isTextual()) {
                        consent.put(c.name(), v.textValue());
                    }
                }
                case MODEL -> {
                    java.math.BigDecimal n = SegmentEvaluator.numeric(v);
                    if (n != null) {
                        models.put(c.name(), n);
                    }
                }
                case RFM -> rfm.put(c.name(), v);
                default -> { }
            }
        }
        // "segment@northwind": the person's RFM among that brand's customers
        Map<String, Map<String, JsonNode>> byBrand = new java.util.TreeMap<>();
        rfm.entrySet().removeIf(e -> {
            int at = e.getKey().indexOf('@');
            if (at <= 0) {
                return false;
            }
            byBrand.computeIfAbsent(e.getKey().substring(at + 1), b -> new HashMap<>()).put(e.getKey().substring(0, at), e.getValue());
            return true;
        });
        Map<String, PersonView.Rfm> brands = new HashMap<>();
        byBrand.forEach((brand, values) -> brands.put(brand, rfm(values, Map.of())));
        PersonView.Rfm r = rfm.isEmpty() && brands.isEmpty() ? null : rfm(rfm, brands);
        return person.withComputed(computedTraits).withLabels(labels).withModels(models).withConsent(consent).withRfm(r);
    }

    private static PersonView.Rfm rfm(Map<String, JsonNode> v, Map<String, PersonView.Rfm> brands) {
        return new PersonView.Rfm(text(v.get("segment")), score(v.get("r")), score(v.get("f")), score(v.get("m")),
                SegmentEvaluator.numeric(v.get("recency_days")), SegmentEvaluator.numeric(v.get("frequency")),
                SegmentEvaluator.numeric(v.get("monetary")), brands);
    }

    private static String text(JsonNode v) {
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static Integer score(JsonNode v) {
        return v != null && v.isIntegralNumber() && v.canConvertToInt() ? v.intValue() : null;
    }
}
