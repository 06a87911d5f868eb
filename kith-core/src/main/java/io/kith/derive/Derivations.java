package io.kith.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.label.LabelDefinition;
import io.kith.label.Labeller;
import io.kith.profile.ProfileValueStore;
import io.kith.profile.ProfileValueStore.Computed;
import io.kith.rfm.CustomerRfm;
import io.kith.rfm.RfmCalculator;
import io.kith.rfm.RfmQuery;
import io.kith.rfm.RfmResult;
import io.kith.rfm.Transaction;
import io.kith.segment.EventView;
import io.kith.segment.PersonView;
import io.kith.segment.PersonViews;
import io.kith.segment.ProfileValue.Namespace;
import io.kith.segment.SegmentEvaluator;
import io.kith.trait.ComputedTrait;
import io.kith.trait.TraitComputer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Computes what Kith derives per person — computed traits, then labels (which may read them), and, over everyone at
 * once, RFM — and keeps {@link ProfileValueStore} equal to it. Used by {@link io.kith.segment.SegmentEngine} on its one
 * thread: for the people an event touched (before their segments are evaluated, which may read these values), and in
 * a whole pass at start, after a definition changes and every hour (windows measured from now move, and RFM's
 * quintiles are a property of everyone). Both paths call the same computers ({@link TraitComputer}, {@link Labeller},
 * {@link RfmCalculator}), so they cannot disagree.
 */
public final class Derivations {
    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final System.Logger LOG = System.getLogger(Derivations.class.getName());

    /**
     * Which events are purchases for RFM, where their amount and order id are, and the window of days (null: all time).
     * Kept as a definition ({@link Definitions.Kind#RFM}, name {@code settings}); the default until one is saved.
     */
    public record RfmSource(String event, List<String> amountPaths, String orderIdPath, Integer windowDays) {
        public static final RfmSource DEFAULT = new RfmSource("Order Completed", List.of("properties.revenue", "properties.total"),
                "properties.order_id", null);

        public RfmSource {
            if (event == null || event.isEmpty()) {
                // an event name is never empty, so RFM would find no purchase and score no one
                throw new IllegalArgumentException("'event' must be an event name, not empty (e.g. Order Completed)");
            }
            amountPaths = List.copyOf(amountPaths);
            if (amountPaths.isEmpty()) {
                throw new IllegalArgumentException("RFM needs at least one amount path, e.g. properties.revenue");
            }
            java.util.Objects.requireNonNull(orderIdPath, "orderIdPath");
            if (windowDays != null && (windowDays < 1 || windowDays > io.kith.segment.Limits.MAX_DAYS)) {
                throw new IllegalArgumentException(windowDaysProblem(windowDays.toString()));
            }
        }

        /** The message for a window of days out of range; {@code seen} is the value as written. */
        static String windowDaysProblem(String seen) {
            return "'windowDays' is a whole number of days from 1 to " + io.kith.segment.Limits.MAX_DAYS + ", got " + seen;
        }

        io.kith.rfm.RfmWindow window() {
            return windowDays == null ? io.kith.rfm.RfmWindow.all() : io.kith.rfm.RfmWindow.lastDays(windowDays);
        }
    }

    /** The RFM of the last whole pass, for charts: group-wide and per brand, and when it was computed. */
    public record RfmSnapshot(Instant computedAt, RfmSource settings, io.kith.rfm.RfmGrid groupWide,
                              Map<String, io.kith.rfm.RfmGrid> byBrand) {
    }

    /** A definition in force with its version. */
    public record Versioned<T>(T definition, int version) {
    }

    private final Definitions definitions;
    private final ProfileValueStore values;
    private final RfmSource defaultRfm;
    private volatile RfmSource rfm;
    private volatile RfmSnapshot lastRfm;
    private volatile List<Versioned<ComputedTrait>> traits = List.of();
    private volatile List<Versioned<LabelDefinition>> labels = List.of();

    public Derivations(Definitions definitions, ProfileValueStore values, RfmSource rfm) {
        this.definitions = definitions;
        this.values = values;
        this.defaultRfm = rfm;
        this.rfm = rfm;
        reload();
    }

    /**
     * Reads the definitions in force again (after one was saved). One saved before a rule that now refuses it (a window
     * longer than {@link io.kith.segment.Limits#MAX_DURATION}, say) is left out with a warning, and unreadable RFM
     * settings give way to the default: one bad definition must not stop every other from being computed, nor the
     * server from starting. Saving a new version of it puts it back.
     */
    public void reload() {
        List<Versioned<ComputedTrait>> t = new ArrayList<>();
        for (Definitions.Saved s : definitions.all(Definitions.Kind.COMPUTED_TRAIT)) {
            readable(s, DerivationJson::computedTrait).ifPresent(d -> t.add(new Versioned<>(d, s.version())));
        }
        List<Versioned<LabelDefinition>> l = new ArrayList<>();
        for (Definitions.Saved s : definitions.all(Definitions.Kind.LABEL)) {
            readable(s, DerivationJson::label).ifPresent(d -> l.add(new Versioned<>(d, s.version())));
        }
        traits = List.copyOf(t);
        labels = List.copyOf(l);
        rfm = definitions.latest(Definitions.Kind.RFM, "settings").flatMap(d -> readable(d, DerivationJson::rfm)).orElse(defaultRfm);
    }

    private static <T> Optional<T> readable(Definitions.Saved s, java.util.function.Function<JsonNode, T> read) {
        try {
            return Optional.of(read.apply(s.body()));
        } catch (io.kith.error.KithException e) {
            LOG.log(System.Logger.Level.WARNING, "{0} {1} v{2} is left out: it was saved before a rule that refuses it: {3}; "
                    + "save it again to change it", s.kind(), s.name(), s.version(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The RFM settings in force. */
    public RfmSource rfmSettings() {
        return rfm;
    }

    /** The RFM of the last whole pass (empty before the first). */
    public Optional<RfmSnapshot> lastRfm() {
        return Optional.ofNullable(lastRfm);
    }

    public List<Versioned<ComputedTrait>> traits() {
        return traits;
    }

    public List<Versioned<LabelDefinition>> labels() {
        return labels;
    }

    /** Whether anything is defined: without definitions a person's values are left alone. */
    public boolean any() {
        return !traits.isEmpty() || !labels.isEmpty();
    }

    private record Derived(PersonView person, List<Computed> values) {
    }

    /**
     * Computes the computed traits and labels of these people at {@code now} (their stored values read with them, in one
     * read) and writes the changed people's in one transaction; answers the people as segments should see them.
     */
    public Map<String, PersonView> refreshAll(Map<String, PersonView> people, Instant now) {
        return refreshAll(people, null, now);
    }

    /**
     * {@link #refreshAll(Map, Instant)} with the people's stored values as they were read with them (a person without any
     * is not a key), or null to read them.
     */
    public Map<String, PersonView> refreshAll(Map<String, PersonView> people, Map<String, List<Computed>> storedValues, Instant now) {
        if (people.isEmpty()) {
            return people;
        }
        Map<String, PersonView> out = new java.util.LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        List<Computed> fresh = new ArrayList<>();
        Map<String, List<Computed>> stored = storedValues != null ? storedValues : values.of(people.keySet());
        people.forEach((id, person) -> {
            List<Computed> before = stored.getOrDefault(id, List.of());
            Derived d = derive(id, person, before, now);
            out.put(id, d.person());
            List<Computed> mine = d.values().stream().filter(c -> c.namespace() == Namespace.COMPUTED || c.namespace() == Namespace.LABEL).toList();
            if (!sameValues(before, mine)) {
                changed.add(id);
                fresh.addAll(mine);
            }
        });
        values.replace(changed, java.util.EnumSet.of(Namespace.COMPUTED, Namespace.LABEL), fresh);
        return out;
    }

    /** Whether the stored computed traits and labels are these (value and version; the time they were computed aside). */
    private static boolean sameValues(List<Computed> stored, List<Computed> now) {
        Map<String, String> a = new HashMap<>();
        for (Computed c : stored) {
            if (c.namespace() == Namespace.COMPUTED || c.namespace() == Namespace.LABEL) {
                a.put(c.namespace() + "/" + c.name(), c.value() + "@" + c.version());
            }
        }
        Map<String, String> b = new HashMap<>();
        for (Computed c : now) {
            b.put(c.namespace() + "/" + c.name(), c.value() + "@" + c.version());
        }
        return a.equals(b);
    }

    /** The person's computed traits and labels (the other namespaces as stored), and the person who has them. */
    private Derived derive(String profileId, PersonView person, List<Computed> stored, Instant now) {
        List<Computed> all = new ArrayList<>();
        for (Computed c : stored) {
            if (c.namespace() != Namespace.COMPUTED && c.namespace() != Namespace.LABEL) {
                all.add(c);
            }
        }
        for (Versioned<ComputedTrait> t : traits) {
            JsonNode v = TraitComputer.compute(t.definition(), person.events(), now);
            if (v != null) {
                all.add(new Computed(profileId, Namespace.COMPUTED, t.definition().name(), v, t.version(), now));
            }
        }
        PersonView withTraits = PersonViews.withValues(person, all);
        for (Versioned<LabelDefinition> l : labels) {
            JsonNode v = Labeller.label(l.definition(), withTraits, now);
            if (v != null) {
                all.add(new Computed(profileId, Namespace.LABEL, l.definition().name(), v, l.version(), now));
            }
        }
        return new Derived(PersonViews.withValues(person, all), all);
    }

    /**
     * Computes everything for every live person at {@code now}: computed traits and labels person by person, and RFM
     * over everyone's purchases (as of {@code now}'s UTC day, all time); removes the values of definitions no longer
     * in force. Answers the number of people.
     *
     * @param people pages of live profile ids with their views ({@link PersonViews#people})
     */
    public long recomputeAll(Iterable<List<PersonViews.Identified>> people, Instant now) {
        RfmSource settings = rfm;
        RfmQuery query = RfmQuery.asOf(now.atZone(ZoneOffset.UTC).toLocalDate()).within(settings.window());
        RfmCalculator.Accumulator acc = RfmCalculator.standard().start(query);
        Map<String, RfmCalculator.Accumulator> byBrand = new java.util.TreeMap<>();
        long n = 0;
        for (List<PersonViews.Identified> page : people) {
            Map<String, PersonView> byId = new java.util.LinkedHashMap<>();
            Map<String, List<Computed>> stored = new HashMap<>();
            for (PersonViews.Identified p : page) {
                if (stored != null && p.stored() != null) {
                    stored.put(p.profileId(), p.stored());
                } else {
                    stored = null; // not read with the page: refreshAll reads them
                }
                n++;
                for (EventView e : p.person().events()) {
                    transaction(settings, p.profileId(), e, now).ifPresent(t -> {
                        acc.add(t);
                        byBrand.computeIfAbsent(e.brand(), b -> RfmCalculator.standard().start(query.forBrand(b))).add(t);
                    });
                }
                byId.put(p.profileId(), p.person());
            }
            // the values as read with the page, and one write per page; values of definitions no longer in force go too
            refreshAll(byId, stored, now);
        }
        RfmResult result = acc.finish();
        Map<String, io.kith.rfm.RfmGrid> grids = new java.util.TreeMap<>();
        Map<String, List<Computed>> byName = new HashMap<>();
        addAll(byName, result, "", now);
        byBrand.forEach((brand, a) -> {
            RfmResult r = a.finish();
            grids.put(brand, r.grid());
            // each brand's customers scored among that brand's: rfm["<brand>"].segment in the language
            addAll(byName, r, "@" + brand, now);
        });
        lastRfm = new RfmSnapshot(now, settings, result.grid(), java.util.Collections.unmodifiableMap(grids));
        java.util.Set<String> names = new java.util.TreeSet<>(byName.keySet());
        names.addAll(values.names(Namespace.RFM)); // a brand no one bought from any more: its values go
        names.addAll(List.of("segment", "r", "f", "m", "recency_days", "frequency", "monetary"));
        for (String name : names) {
            values.replaceAll(Namespace.RFM, name, byName.getOrDefault(name, List.of()));
        }
        return n;
    }

    private static void addAll(Map<String, List<Computed>> byName, RfmResult result, String suffix, Instant now) {
        for (CustomerRfm c : result.customers()) {
            add(byName, c.customerId(), "segment" + suffix, N.textNode(c.segment()), now);
            add(byName, c.customerId(), "r" + suffix, N.numberNode(c.score().r()), now);
            add(byName, c.customerId(), "f" + suffix, N.numberNode(c.score().f()), now);
            add(byName, c.customerId(), "m" + suffix, N.numberNode(c.score().m()), now);
            add(byName, c.customerId(), "recency_days" + suffix, N.numberNode(c.recencyDays()), now);
            add(byName, c.customerId(), "frequency" + suffix, N.numberNode(c.frequency()), now);
            add(byName, c.customerId(), "monetary" + suffix, N.numberNode(c.monetary()), now);
        }
    }

    private static void add(Map<String, List<Computed>> byName, String id, String name, JsonNode v, Instant now) {
        byName.computeIfAbsent(name, k -> new ArrayList<>()).add(new Computed(id, Namespace.RFM, name, v, 1, now));
    }

    /** A purchase event as an RFM transaction: its UTC day, the first amount found, its order id. */
    private static Optional<Transaction> transaction(RfmSource rfm, String profileId, EventView e, Instant now) {
        if (!rfm.event().equals(e.name()) || e.timestamp().isAfter(now)) {
            return Optional.empty();
        }
        BigDecimal amount = null;
        for (String path : rfm.amountPaths()) {
            amount = SegmentEvaluator.numeric(e.at(path));
            if (amount != null) {
                break;
            }
        }
        if (amount == null) {
            return Optional.empty();
        }
        JsonNode order = e.at(rfm.orderIdPath());
        return Optional.of(new Transaction(profileId, e.timestamp().atZone(ZoneOffset.UTC).toLocalDate(), amount,
                order != null && order.isValueNode() && !order.isNull() ? Optional.of(order.asText()) : Optional.empty(),
                Optional.of(e.brand())));
    }
}
