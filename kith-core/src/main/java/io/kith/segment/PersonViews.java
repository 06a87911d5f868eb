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

    /**
     * A live profile's id with what a condition sees of it, and the computed values it was built with (null where they
     * are not known), so that a pass deriving values does not read them again.
     */
    public record Identified(String profileId, PersonView person, List<io.kith.profile.ProfileValueStore.Computed> stored) {
        public Identified(String profileId, PersonView person) {
            this(profileId, person, null);
        }
    }

    /**
     * Every live person, a page at a time, for a pass over everyone. The pages are read in rounds: as many pages as
     * hold {@link #roundEvents()} events between them are taken from the identity graph, and their events read in one
     * go, which a store answers by scanning the table once rather than looking each event up (at 100,000 customers, 7.7 M
     * events, the lookups of a page's events, spread over the whole table, made a whole pass run past an hour). A page
     * is taken from the graph when its round is: people created meanwhile may or may not be in the pass.
     */
    public Iterable<List<Identified>> people(int pageSize) {
        return people(pageSize, roundEvents());
    }

    /** {@link #people(int)} with rounds of at least {@code roundEvents} events (a round holds one page at least). */
    public Iterable<List<Identified>> people(int pageSize, long roundEvents) {
        return () -> {
            PageSource everyone = new PageSource() {
                private long after = -1;
                private boolean exhausted;

                @Override
                public List<String> next() {
                    if (exhausted) {
                        return null;
                    }
                    List<String> ids = identity.read(g -> g.profileIds(after, pageSize));
                    if (ids.size() < pageSize) {
                        exhausted = true;
                    } else {
                        after = io.kith.identity.IdentityGraph.createdSequence(ids.get(ids.size() - 1));
                    }
                    return ids;
                }
            };
            java.util.Iterator<Page> pages = new Rounds(everyone, true, roundEvents);
            return new java.util.Iterator<List<Identified>>() {
                @Override
                public boolean hasNext() {
                    return pages.hasNext();
                }

                @Override
                public List<Identified> next() {
                    Page page = pages.next();
                    List<Identified> out = new ArrayList<>();
                    page.people().forEach((id, person) -> out.add(new Identified(id, person, page.values().getOrDefault(id, List.of()))));
                    return out;
                }
            };
        };
    }

    /**
     * A page of a pass: the profile ids it asked for, the live people among them, and the computed values each was built
     * with (a live person without any is not a key).
     */
    public record Page(List<String> asked, Map<String, PersonView> people, Map<String, List<io.kith.profile.ProfileValueStore.Computed>> values) {
    }

    /**
     * These profile ids' live people, a page of {@code pageSize} ids at a time, read in rounds as {@link #people(int)} reads
     * everyone: what a catch-up's backlog of thousands of people needs (a page each read alone scanned the table once per
     * 4,096 people).
     */
    public Iterable<Page> people(java.util.Collection<String> profileIds, boolean withEvents, int pageSize) {
        return () -> {
            List<String> all = List.copyOf(profileIds);
            PageSource pages = new PageSource() {
                private int at;

                @Override
                public List<String> next() {
                    if (at >= all.size()) {
                        return null;
                    }
                    List<String> page = all.subList(at, Math.min(all.size(), at + pageSize));
                    at += page.size();
                    return page;
                }
            };
            return new Rounds(pages, withEvents, roundEvents());
        };
    }

    /** The next page of profile ids of a pass, or null when there are no more. */
    private interface PageSource {
        List<String> next();
    }

    /**
     * Pages read in rounds: pages are taken from the source until a round holds {@code roundEvents} events, their events read
     * in one call (which a store answers by scanning rather than by lookups), and each page's people built when it is
     * handed out.
     */
    private final class Rounds implements java.util.Iterator<Page> {
        private final PageSource source;
        private final boolean withEvents;
        private final long roundEvents;
        private final java.util.ArrayDeque<List<String>> asked = new java.util.ArrayDeque<>();
        private final java.util.ArrayDeque<Snapshot> pages = new java.util.ArrayDeque<>();
        private Map<Long, StoredEvent> inRound = Map.of();
        private Map<String, List<io.kith.profile.ProfileValueStore.Computed>> valuesInRound = Map.of();
        private List<String> ahead;

        Rounds(PageSource source, boolean withEvents, long roundEvents) {
            this.source = source;
            this.withEvents = withEvents;
            this.roundEvents = roundEvents;
            this.ahead = source.next();
        }

        @Override
        public boolean hasNext() {
            return !pages.isEmpty() || ahead != null;
        }

        @Override
        public Page next() {
            if (pages.isEmpty()) {
                if (ahead == null) {
                    throw new java.util.NoSuchElementException();
                }
                inRound = Map.of();
                valuesInRound = Map.of();
                long held = 0;
                int people = 0;
                List<Snapshot> round = new ArrayList<>();
                List<List<String>> roundAsked = new ArrayList<>();
                List<String> next = ahead;
                // Without events a round gains nothing, so it is one page; with them, the people bound it too: their
                // values are read with the round and are not in the events' budget.
                while (next != null && (round.isEmpty() || (withEvents && held < roundEvents && people < ROUND_PEOPLE))) {
                    Snapshot page = snapshot(next, withEvents);
                    held += page.events();
                    people += page.profiles().size();
                    round.add(page);
                    roundAsked.add(next);
                    next = source.next();
                }
                Map<Long, StoredEvent> events = read(round);
                // one read of the round's values: a read per page scanned profile_values once per 1,000 people, a third
                // of a whole pass's samples at 100,000 customers
                List<String> ids = new ArrayList<>();
                for (Snapshot page : round) {
                    ids.addAll(page.profiles().keySet());
                }
                Map<String, List<io.kith.profile.ProfileValueStore.Computed>> roundValues = values.of(ids);
                // taken only once read: a failed read leaves the iterator where it was
                ahead = next;
                pages.addAll(round);
                asked.addAll(roundAsked);
                inRound = events;
                valuesInRound = roundValues;
            }
            Snapshot page = stillLive(pages.poll());
            Map<String, List<io.kith.profile.ProfileValueStore.Computed>> mine = new HashMap<>();
            for (String id : page.profiles().keySet()) {
                List<io.kith.profile.ProfileValueStore.Computed> v = valuesInRound.get(id);
                if (v != null) {
                    mine.put(id, v);
                }
            }
            return new Page(asked.poll(), views(page, inRound, mine), mine);
        }
    }

    /** People a round holds at most (their values are read with it). */
    private static final int ROUND_PEOPLE = 50_000;

    /**
     * The page without the profiles merged away or erased since its round was read: a round's pages are evaluated long
     * after it is read, and values written for a profile that is gone would outlive it.
     */
    private Snapshot stillLive(Snapshot page) {
        Set<String> gone = identity.read(g -> {
            Set<String> out = new java.util.HashSet<>();
            for (String id : page.profiles().keySet()) {
                if (!g.canonical(id).map(id::equals).orElse(false)) {
                    out.add(id);
                }
            }
            return out;
        });
        if (gone.isEmpty()) {
            return page;
        }
        Map<String, Profile> profiles = new java.util.LinkedHashMap<>(page.profiles());
        Map<String, long[]> seqs = new HashMap<>(page.sequences());
        profiles.keySet().removeAll(gone);
        seqs.keySet().removeAll(gone);
        return new Snapshot(profiles, seqs);
    }

    /**
     * Events a round holds in memory: a sixth of the heap at about 3 KB an event, at least 100,000. An event of the demo
     * data is about 660 bytes of JSON (a 7.7 M-record log of 5.07 GB), and in memory it is that, its index
     * ({@link io.kith.event.StoredJson}), its fields, its map entry and its view. A whole pass and a model run can each
     * hold a round at once, beside the identity graph: rounds of a quarter of the heap at 1.5 KB an event ran a
     * 12 GB heap out at 100,000 customers. A round costs a scan of the events table (7.1 s for 7.7 M events).
     */
    public static long roundEvents() {
        return Math.max(100_000, Runtime.getRuntime().maxMemory() / 6 / 3_072);
    }

    /** Live profiles with the sequences of their events, as the graph held them at one read. */
    private record Snapshot(Map<String, Profile> profiles, Map<String, long[]> sequences) {
        long events() {
            long n = 0;
            for (long[] x : sequences.values()) {
                n += x.length;
            }
            return n;
        }
    }

    private Snapshot snapshot(java.util.Collection<String> profileIds, boolean withEvents) {
        return identity.read(g -> {
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
    }

    /** The stored events of these snapshots' people, read in one call (the store picks lookups or a scan). */
    private Map<Long, StoredEvent> read(List<Snapshot> snapshots) {
        long total = 0;
        for (Snapshot s : snapshots) {
            total += s.events();
        }
        if (total == 0) {
            return Map.of();
        }
        long[] all = new long[Math.toIntExact(total)];
        int at = 0;
        for (Snapshot s : snapshots) {
            for (long[] x : s.sequences().values()) {
                System.arraycopy(x, 0, all, at, x.length);
                at += x.length;
            }
        }
        Map<Long, StoredEvent> bySeq = new HashMap<>(Math.max(16, all.length * 4 / 3 + 1));
        for (StoredEvent e : events.bySequences(all)) {
            bySeq.put(e.sequence(), e);
        }
        return bySeq;
    }

    private static Map<String, PersonView> views(Snapshot snap, Map<Long, StoredEvent> bySeq,
                                                 Map<String, List<io.kith.profile.ProfileValueStore.Computed>> computed) {
        Map<String, PersonView> out = new java.util.LinkedHashMap<>();
        snap.profiles().forEach((id, p) -> {
            long[] seqs = snap.sequences().get(id);
            List<StoredEvent> mine = new ArrayList<>(seqs.length);
            for (long seq : seqs) {
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
