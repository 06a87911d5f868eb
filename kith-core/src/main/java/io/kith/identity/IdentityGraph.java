package io.kith.identity;

import io.kith.event.Event;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.Trait;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Deterministic identity resolution: events, applied in log order, create, grow and merge profiles through
 * the identifiers they carry, under the {@link IdentityRules}. The result is a pure function of the events
 * (in order), the rules and the {@link IdentityOverrides}: applying the same log to a fresh graph gives the
 * same profiles with the same ids, which is what makes a rebuild, an un-merge and a replay exact.
 *
 * <p>For each event: extract its identifiers (normalised, blocked values set aside), find the profiles that
 * hold any of them, and check what the union would hold against the per-type limits and the distinct rules.
 * While a limit would break, the event's lowest-priority identifier is dropped (and the refusal recorded) and
 * the check runs again; so two different user ids never share a profile, and a shared tablet's cookie does not
 * merge a household. Then the event creates a profile (id {@code p_} + its log sequence in base 36), attaches
 * to the one it found, or merges the ones it found into the oldest.
 *
 * <p>Identifiers live in an {@link IdentifierTable}, each entry naming the profile slot it belongs to; a merge
 * points the absorbed profile's identifiers at the survivor, so a lookup needs no union-find walk. Merged-away
 * slots keep a parent pointer, so that their old profile ids resolve to the survivor. Each live slot holds a
 * {@link ProfileState}. Not thread-safe: one writer, with readers excluded during writes (see
 * {@link IdentityProjection}).
 */
public final class IdentityGraph {
    /** What a source means to resolution: its default phone region and its kind (for trait priority). */
    public record SourceInfo(String region, String kind) {
        private static final SourceInfo UNKNOWN = new SourceInfo(null, null);

        /** What each source of a registry means to resolution; an unknown source id has neither region nor kind. */
        public static Function<String, SourceInfo> of(io.kith.source.SourceRegistry sources) {
            return id -> sources.byId(id).map(s -> new SourceInfo(s.defaultRegion(), s.kind().wireName())).orElse(UNKNOWN);
        }
    }

    private static final String[] TYPE_NAMES = {"identify", "track", "page", "screen", "group", "alias"};

    private final IdentityRules rules;
    private final IdentityOverrides overrides;
    /** The pairs kept apart: {@code distinct} overrides and rejected matches. */
    private final List<IdentityOverrides.Pair> apart;
    /** Accepted matches, both ways: an identifier to those whose profile joins its own. */
    private final Map<Identifier, List<Identifier>> joinedWith = new java.util.HashMap<>();
    private final IdentifierExtractor extractor;
    private final Function<String, SourceInfo> sources;
    private final Consumer<IdentityAlert> alerts;
    private final IdentifierTable table;
    private final EventLists eventLists;
    /** The rules of each type index of the table. */
    private IdentifierType[] typeRules = new IdentifierType[16];
    /** Type indices in the order of their names (the order limits are checked and giant profiles listed in). */
    private int[] typesByName = new int[0];
    private int[] parent = new int[1024];
    /** The sequence that created each slot: increasing with the slot, so a profile id finds its slot by binary search. */
    private long[] createdOf = new long[1024];
    private ProfileState[] states = new ProfileState[1024];
    private int slots;
    private int liveProfiles;
    private final Object2IntOpenHashMap<String> sourceIndex = new Object2IntOpenHashMap<>();
    private final List<String> sourceNames = new ArrayList<>();
    private String[] sourceKinds = new String[8];
    private final Object2IntOpenHashMap<String> brandIndex = new Object2IntOpenHashMap<>();
    private final List<String> brandNames = new ArrayList<>();
    private long lastSequence = -1;
    private long unresolvedEvents;
    /** Events from this sequence on record the profile they touch in {@link #changed}. */
    private long trackFrom = Long.MAX_VALUE;
    private final LongOpenHashSet changed = new LongOpenHashSet();
    /** Where resolution writes the profile changes it makes, for the change feed; null while no one follows them. */
    private List<io.kith.feed.ProfileChange> changeSink;
    /** The digits of a profile id ({@link #profileId}). */
    private static final byte[] BASE_36 = "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public IdentityGraph(IdentityRules rules, IdentityOverrides overrides, Function<String, SourceInfo> sources,
                         Consumer<IdentityAlert> alerts) {
        this(rules, overrides, sources, alerts, new IdentifierTable(), new EventLists());
    }

    private IdentityGraph(IdentityRules rules, IdentityOverrides overrides, Function<String, SourceInfo> sources,
                          Consumer<IdentityAlert> alerts, IdentifierTable table, EventLists eventLists) {
        this.table = table;
        this.eventLists = eventLists;
        this.rules = rules;
        this.overrides = overrides;
        this.apart = overrides.apart();
        for (IdentityOverrides.Pair p : overrides.joined()) {
            joinedWith.computeIfAbsent(p.a(), k -> new ArrayList<>(1)).add(p.b());
            joinedWith.computeIfAbsent(p.b(), k -> new ArrayList<>(1)).add(p.a());
        }
        this.sources = sources;
        this.alerts = alerts;
        this.extractor = new IdentifierExtractor(rules, id -> sources.apply(id).region(), id -> sources.apply(id).kind());
        sourceIndex.defaultReturnValue(-1);
        brandIndex.defaultReturnValue(-1);
    }

    /**
     * The profile id a creating log sequence gives: {@code p_} + the sequence in base 36. Written straight into the bytes
     * of the id: resolution makes one for the change feed on every event, and {@code "p_" + Long.toString(s, 36)} made
     * four arrays and strings for it, 147 MB of the projector's 4.7 GB allocated per million events.
     */
    public static String profileId(long createdSequence) {
        if (createdSequence < 0) {
            return "p_" + Long.toString(createdSequence, 36); // no log sequence: kept as it always read
        }
        byte[] b = new byte[2 + 13]; // a long has at most 13 digits in base 36
        int i = b.length;
        long v = createdSequence;
        do {
            b[--i] = BASE_36[(int) (v % 36)];
            v /= 36;
        } while (v != 0);
        b[--i] = '_';
        b[--i] = 'p';
        return new String(b, i, b.length - i, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The identity rules this graph resolves with (those in force). */
    public IdentityRules rules() {
        return rules;
    }

    /** The extractor this graph reads events with (thread-safe: other threads may prepare {@link IdentityInput}s with it). */
    public IdentifierExtractor extractor() {
        return extractor;
    }

    /**
     * Applies one event at its log sequence; sequences must increase (a replayed sequence is ignored, so applying
     * the same record twice changes nothing).
     *
     * @return the id of the profile the event now belongs to, or empty when no identifier of it could link
     */
    public Optional<String> apply(long sequence, Event e) {
        if (sequence <= lastSequence) {
            return Optional.empty();
        }
        int slot = resolveAt(prepare(sequence, extractor.input(e)));
        return slot < 0 ? Optional.empty() : Optional.of(profileId(states[slot].createdSequence));
    }

    /**
     * Applies one event, read by {@link #extractor()}, at its log sequence; as {@link #apply(long, Event)}.
     *
     * @return whether the event now belongs to a profile (false when no identifier of it could link, or the sequence was
     * already applied)
     */
    public boolean resolve(long sequence, IdentityInput input) {
        return sequence > lastSequence && resolveAt(prepare(sequence, input)) >= 0;
    }

    /**
     * Applies events in order, as {@link #resolve(long, IdentityInput)} one by one would. Faster: while one event is
     * resolved, the table slots of the events a few places ahead are already read, so that their cache misses overlap.
     *
     * @param sequences increasing log sequences (those not above {@link #lastSequence()} are skipped)
     */
    public void resolve(long[] sequences, IdentityInput[] inputs, int count) {
        Prepared[] ahead = new Prepared[AHEAD];
        int prepared = 0;
        int x = 0;
        for (int k = 0; k < count; k++) {
            // The inputs were made on other threads and lie scattered over the heap: read them in stages, each a level
            // deeper and nearer to the event being resolved, so that each stage's reads hit what the last one fetched
            // and the misses of different events overlap instead of stalling this thread one after another.
            if (k + 3 * AHEAD < count) {
                x += inputs[k + 3 * AHEAD].type().ordinal();
            }
            if (k + 2 * AHEAD < count) {
                x += touchParts(inputs[k + 2 * AHEAD]);
            }
            if (k + 3 * AHEAD / 2 < count) {
                x += touchCandidates(inputs[k + 3 * AHEAD / 2]);
            }
            while (prepared < count && prepared <= k + AHEAD - 1) {
                ahead[prepared % AHEAD] = sequences[prepared] > lastSequence ? touch(prepare(sequences[prepared], inputs[prepared])) : null;
                prepared++;
            }
            // Halfway there, the profiles those events' identifiers lead to (their table entries were read when the
            // events were prepared).
            if (k + AHEAD / 2 < prepared && ahead[(k + AHEAD / 2) % AHEAD] != null) {
                x += touchProfiles(ahead[(k + AHEAD / 2) % AHEAD]);
            }
            Prepared p = ahead[k % AHEAD];
            if (p != null && p.sequence > lastSequence) {
                resolveAt(p);
            }
        }
        touched += x;
    }

    /**
     * The state of the profiles an event's identifiers (probably) belong to, as far as resolving it reads: the profile
     * object and its identifiers (read when a limit is checked; its events cost no read, a new one goes at the head of
     * their list). A hint to the caches only: a fingerprint shared with another value, or a
     * profile merged away meanwhile, costs nothing but the reads.
     */
    private int touchProfiles(Prepared p) {
        int x = 0;
        for (int i = 0; i < p.n; i++) {
            int ref = table.refOf(p.fp[i]);
            if (ref >= 0) {
                int slot = table.profile(ref);
                ProfileState st = slot >= 0 && slot < slots ? states[slot] : null;
                if (st != null) {
                    x += st.identifierCount + (int) st.identifiers[0];
                }
            }
        }
        return x;
    }

    /** The objects an input holds: its extraction and identifier list, traits list, time and source id. */
    private static int touchParts(IdentityInput in) {
        return in.extraction().identifiers().size() + in.traits().size() + (int) in.timestamp().getEpochSecond() + in.sourceId().hashCode();
    }

    /** An input's candidates and their values' bytes, and its first trait. */
    private static int touchCandidates(IdentityInput in) {
        List<Extraction.Candidate> cands = in.extraction().identifiers();
        int x = 0;
        for (int i = 0; i < cands.size(); i++) {
            Extraction.Candidate c = cands.get(i);
            x += c.fingerprint() + c.utf8().length;
        }
        List<IdentityInput.TraitInput> traits = in.traits();
        return traits.isEmpty() ? x : x + traits.get(0).name().length();
    }

    /** How many events ahead {@link #resolve(long[], IdentityInput[], int)} reads. */
    private static final int AHEAD = 8;
    /** Written with what {@link #touch} read, so that the reads are not optimised away. */
    private int touched;

    private Prepared touch(Prepared p) {
        int x = 0;
        for (int i = 0; i < p.n; i++) {
            x += table.touch(p.fp[i]);
        }
        touched += x;
        return p;
    }

    /** One event made ready to resolve: its candidates by priority, their type indices, UTF-8 values and fingerprints. */
    private static final class Prepared {
        final long sequence;
        final IdentityInput input;
        final Extraction.Candidate[] cands;
        int n;
        int[] type;
        byte[][] value;
        int[] fp;
        List<Decision.Refused> refused;

        Prepared(long sequence, IdentityInput input, Extraction.Candidate[] cands) {
            this.sequence = sequence;
            this.input = input;
            this.cands = cands;
            this.n = cands.length;
        }
    }

    private Prepared prepare(long sequence, IdentityInput in) {
        Extraction x = in.extraction();
        Prepared p = new Prepared(sequence, in, x.identifiers().toArray(new Extraction.Candidate[0]));
        Extraction.Candidate[] cands = p.cands;
        int n = p.n;
        // Highest priority first; a stable sort, so equal priorities keep the order the event gave them in.
        for (int i = 1; i < n; i++) {
            Extraction.Candidate c = cands[i];
            int j = i - 1;
            while (j >= 0 && cands[j].priority() < c.priority()) {
                cands[j + 1] = cands[j];
                j--;
            }
            cands[j + 1] = c;
        }
        for (Extraction.Refused r : x.refused()) {
            p.refused = refusal(p.refused, new Decision.Refused(sequence,
                    new Identifier(Identifier.isTypeName(r.type()) ? r.type() : "invalid", r.value()), r.rule(), r.reason()));
        }
        IdentityRules.Limits limits = rules.limits();
        int customRoom = limits.identifierTypes() - rules.types().size() - customTypes;
        if (n > limits.identifiersPerEvent() || !overrides.unlinked().isEmpty() || n > customRoom) {
            int kept = 0;
            List<String> newTypes = null;
            for (int i = 0; i < n; i++) {
                Identifier id = cands[i].identifier();
                if (overrides.isUnlinked(id)) {
                    p.refused = refusal(p.refused, new Decision.Refused(sequence, id, RefusalRule.OVERRIDE_UNLINKED, "unlinked by an override"));
                } else if (kept == limits.identifiersPerEvent()) {
                    // Highest priority first (sorted above), so the ones that go are the least telling.
                    p.refused = refusal(p.refused, new Decision.Refused(sequence, id, RefusalRule.EVENT_LIMIT, "more than " + limits.identifiersPerEvent()
                            + " identifiers in one event (limits.identifiersPerEvent)"));
                } else if (isNewCustomType(id.type()) && (newTypes == null || !newTypes.contains(id.type()))
                        && (newTypes == null ? 0 : newTypes.size()) >= customRoom) {
                    p.refused = refusal(p.refused, new Decision.Refused(sequence, id, RefusalRule.TYPE_LIMIT, "a new identifier type, and Kith already holds "
                            + limits.identifierTypes() + " (limits.identifierTypes): declare the types you use in the identity rules"));
                } else {
                    if (isNewCustomType(id.type())) {
                        newTypes = newTypes == null ? new ArrayList<>(2) : newTypes;
                        if (!newTypes.contains(id.type())) {
                            newTypes.add(id.type());
                        }
                    }
                    cands[kept++] = cands[i];
                }
            }
            n = kept;
            p.n = n;
        }
        p.type = new int[n];
        p.value = new byte[n][];
        p.fp = new int[n];
        for (int i = 0; i < n; i++) {
            p.type[i] = typeIndex(cands[i].identifier().type());
            p.value[i] = cands[i].utf8();
            p.fp[i] = cands[i].fingerprint();
        }
        return p;
    }

    /** Resolves one prepared event at a sequence above the last; answers the slot of its profile, or -1. */
    private int resolveAt(Prepared prepared) {
        long sequence = prepared.sequence;
        IdentityInput in = prepared.input;
        lastSequence = sequence;
        Extraction.Candidate[] cands = prepared.cands;
        int n = prepared.n;
        int[] type = prepared.type;
        byte[][] value = prepared.value;
        int[] fp = prepared.fp;
        List<Decision.Refused> refused = prepared.refused;
        current = in;
        currentClaim = null;
        int minute = (int) Math.floorDiv(in.timestamp().getEpochSecond(), 60);
        int[] known = new int[n];
        for (int i = 0; i < n; i++) {
            known[i] = table.find(type[i], value[i], fp[i]);
        }
        int[] roots = new int[Math.max(n, 1)];
        if (n == 0) {
            unresolvedEvents++;
            return -1;
        }
        int rootCount = roots(known, n, roots);
        if (violation(roots, rootCount, cands, type, known, n, minute) != null) {
            // Some identifier would break a rule. Refuse only those that do: take the candidates by priority, highest
            // first, keeping each that links with the ones kept so far without breaking a rule. An identifier that
            // leads to a conflicting profile is refused; one that had nothing to do with the conflict stays linked.
            int kept = 0;
            for (int i = 0; i < n; i++) {
                cands[kept] = cands[i];
                type[kept] = type[i];
                value[kept] = value[i];
                fp[kept] = fp[i];
                known[kept] = known[i];
                rootCount = roots(known, kept + 1, roots);
                Violation violation = violation(roots, rootCount, cands, type, known, kept + 1, minute);
                if (violation == null) {
                    kept++;
                    continue;
                }
                Extraction.Candidate dropped = cands[kept];
                refused = refusal(refused, new Decision.Refused(sequence, dropped.identifier(), violation.rule(), violation.reason()));
                contest(dropped.fingerprint(), sequence);
                if (rootCount > 0) {
                    alerts.accept(new IdentityAlert(IdentityAlert.Kind.of(violation.rule()), profileId(states[roots[0]].createdSequence), sequence,
                            dropped.identifier().type(), dropped.identifier() + " not linked: " + violation.reason()));
                }
            }
            n = kept;
            if (n == 0) {
                unresolvedEvents++;
                return -1;
            }
            rootCount = roots(known, n, roots);
        }
        sortByAge(roots, rootCount);
        int survivor;
        if (rootCount == 0) {
            survivor = newSlot(sequence);
            if (changeSink != null) {
                changeSink.add(new io.kith.feed.ProfileChange.Created(profileId(sequence), sequence));
            }
        } else {
            survivor = roots[0];
            for (int k = 1; k < rootCount; k++) {
                int absorbed = roots[k];
                Identifier via = null;
                Identifier with = null;
                for (int i = 0; i < n; i++) {
                    if (known[i] >= 0) {
                        int r = table.profile(known[i]);
                        if (r == absorbed && via == null) {
                            via = cands[i].identifier();
                        } else if (r == survivor && with == null) {
                            with = cands[i].identifier();
                        }
                    }
                }
                String absorbedId = profileId(states[absorbed].createdSequence);
                merge(survivor, absorbed, new Decision.Merged(sequence, absorbedId, via, with));
                if (changeSink != null) {
                    changeSink.add(new io.kith.feed.ProfileChange.Merged(absorbedId, profileId(states[survivor].createdSequence), sequence));
                }
            }
        }
        ProfileState p = states[survivor];
        int anchor = -1;
        for (int i = 0; i < n; i++) {
            if (known[i] >= 0) {
                anchor = known[i];
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            if (known[i] < 0) {
                int ref = table.add(type[i], value[i], fp[i], survivor, anchor, sequence, minute);
                p.addIdentifier(type[i], ref);
                if (anchor < 0) {
                    anchor = ref;
                }
            }
        }
        if (!joinedWith.isEmpty()) {
            survivor = joinAccepted(survivor, cands, known, n, sequence, minute);
            p = states[survivor];
        }
        if (refused != null) {
            for (Decision.Refused r : refused) {
                p.refuse(r);
            }
        }
        record(p, sequence, in);
        if (!p.giantReported && p.identifierCount > rules.giantProfileIdentifiers()) {
            p.giantReported = true;
            alerts.accept(new IdentityAlert(IdentityAlert.Kind.GIANT_PROFILE, profileId(p.createdSequence), sequence, null,
                    "profile holds " + p.identifierCount + " identifiers (threshold " + rules.giantProfileIdentifiers()
                            + "); look for a shared device or a placeholder value: " + typeNamesHeld(p)));
        }
        if (sequence >= trackFrom) {
            changed.add(p.createdSequence);
        }
        if (changeSink != null) {
            List<String> traits = List.of(); // most events say no trait: no list made for them
            if (!in.traits().isEmpty()) {
                String[] names = new String[in.traits().size()];
                for (int i = 0; i < names.length; i++) {
                    names[i] = in.traits().get(i).name();
                }
                traits = List.of(names);
            }
            changeSink.add(new io.kith.feed.ProfileChange.Changed(profileId(p.createdSequence), sequence, traits));
        }
        return survivor;
    }

    /**
     * Accepted matches: an identifier this event linked first whose accepted partner is on another profile joins the two
     * (the older survives), as a merge through the two identifiers, unless a rule would break (then refused, with the
     * rule). A pair joins when its second identifier first appears, which in a rebuild is the moment both profiles exist.
     */
    private int joinAccepted(int slot, Extraction.Candidate[] cands, int[] known, int n, long sequence, int minute) {
        for (int i = 0; i < n; i++) {
            List<Identifier> partners = known[i] < 0 ? joinedWith.get(cands[i].identifier()) : null;
            if (partners == null) {
                continue;
            }
            Identifier mine = cands[i].identifier();
            for (Identifier partner : partners) {
                int ref = table.find(partner);
                int other = ref < 0 ? -1 : table.profile(ref);
                if (other < 0 || other == slot) {
                    continue;
                }
                int[] pair = {slot, other};
                sortByAge(pair, 2);
                Violation v = violation(pair, 2, new Extraction.Candidate[0], new int[0], new int[0], 0, minute);
                if (v != null) {
                    states[slot].refuse(new Decision.Refused(sequence, partner, v.rule(), "accepted match not applied: " + v.reason()));
                    continue;
                }
                int absorbed = pair[1];
                String absorbedId = profileId(states[absorbed].createdSequence);
                boolean mineAbsorbed = absorbed == slot;
                merge(pair[0], absorbed, new Decision.Merged(sequence, absorbedId, mineAbsorbed ? mine : partner, mineAbsorbed ? partner : mine));
                if (changeSink != null) {
                    changeSink.add(new io.kith.feed.ProfileChange.Merged(absorbedId, profileId(states[pair[0]].createdSequence), sequence));
                }
                slot = pair[0];
            }
        }
        return slot;
    }

    private static List<Decision.Refused> refusal(List<Decision.Refused> list, Decision.Refused r) {
        List<Decision.Refused> out = list == null ? new ArrayList<>(2) : list;
        out.add(r);
        return out;
    }

    /** The distinct profile slots of the known candidates, in candidate order; answers how many. */
    private int roots(int[] known, int n, int[] roots) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (known[i] >= 0) {
                int root = table.profile(known[i]);
                boolean seen = false;
                for (int k = 0; k < count && !seen; k++) {
                    seen = roots[k] == root;
                }
                if (!seen) {
                    roots[count++] = root;
                }
            }
        }
        return count;
    }

    /** Oldest profile first: the survivor of a merge is the profile created first. */
    private void sortByAge(int[] roots, int count) {
        for (int i = 1; i < count; i++) {
            int r = roots[i];
            long created = states[r].createdSequence;
            int j = i - 1;
            while (j >= 0 && states[roots[j]].createdSequence > created) {
                roots[j + 1] = roots[j];
                j--;
            }
            roots[j + 1] = r;
        }
    }

    /** Custom identifier types (not in the rules) this graph holds: they count against {@code limits.identifierTypes}. */
    private int customTypes;

    private boolean isNewCustomType(String type) {
        return table.knownTypeIndex(type) < 0 && !rules.types().containsKey(type);
    }

    private int typeIndex(String name) {
        int before = table.typeCount();
        int t = table.typeIndex(name);
        if (table.typeCount() > before && !rules.types().containsKey(name)) {
            customTypes++;
        }
        if (t >= typeRules.length) {
            typeRules = Arrays.copyOf(typeRules, Math.max(t + 1, typeRules.length * 2));
        }
        if (typeRules[t] == null) {
            typeRules[t] = rules.type(name);
            Integer[] order = new Integer[table.typeCount()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparing(table::typeName));
            typesByName = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
        }
        return t;
    }

    /**
     * From this sequence on, remember which profiles events touch (created, grown, merged into, given traits or
     * events), for {@link #drainChanged}: how the {@link IdentityStore} learns what to rewrite.
     */
    public void trackChangesFrom(long sequence) {
        trackFrom = sequence;
    }

    /** Writes the profile changes resolution makes from now on into {@code sink} (null: stop), for the change feed. */
    public void collectChanges(List<io.kith.feed.ProfileChange> sink) {
        this.changeSink = sink;
    }

    /**
     * The profiles of this graph that {@code next} (a rebuild of the same events) splits, and those it merges: for each
     * live profile here, the profiles of {@code next} its identifiers now belong to.
     */
    public List<io.kith.feed.ProfileChange> differencesTo(IdentityGraph next) {
        List<io.kith.feed.ProfileChange> out = new ArrayList<>();
        Map<String, String> mergedInto = new java.util.HashMap<>();
        long at = next.lastSequence;
        for (int s = 0; s < slots; s++) {
            ProfileState p = states[s];
            if (p == null) {
                continue;
            }
            java.util.TreeSet<String> now = new java.util.TreeSet<>();
            for (int i = 0; i < p.identifierCount; i++) {
                int ref = p.ref(i);
                next.lookup(new Identifier(table.typeName(table.type(ref)), table.value(ref))).ifPresent(now::add);
            }
            String id = profileId(p.createdSequence);
            if (now.size() > 1) {
                out.add(new io.kith.feed.ProfileChange.Split(id, List.copyOf(now), at));
            } else if (now.size() == 1 && !now.first().equals(id)) {
                mergedInto.put(id, now.first());
            }
        }
        mergedInto.forEach((from, into) -> out.add(new io.kith.feed.ProfileChange.Merged(from, into, at)));
        return out;
    }

    /** Marks these profiles changed again: their write into the store failed, so the next one carries them. */
    public void markChanged(List<String> profileIds) {
        for (String id : profileIds) {
            if (id.startsWith("p_")) {
                try {
                    changed.add(Long.parseLong(id.substring(2), 36));
                } catch (NumberFormatException notOurs) {
                    // not an id this graph gave out: nothing to write
                }
            }
        }
    }

    /** Marks every live profile as changed (a full rewrite of the stored profiles). */
    public void markAllChanged() {
        trackFrom = Math.min(trackFrom, lastSequence + 1);
        for (int s = 0; s < slots; s++) {
            if (states[s] != null) {
                changed.add(states[s].createdSequence);
            }
        }
    }

    /**
     * The profiles touched since the last call, by the id they had when touched ({@link #canonical} gives the one
     * they belong to now), and forgets them.
     */
    public List<String> drainChanged() {
        List<String> out = new ArrayList<>(changed.size());
        changed.forEach((long seq) -> out.add(profileId(seq)));
        changed.clear();
        return out;
    }

    /** Why linking these candidates would break a rule, or null when it would not. */
    /** A rule linking would break, and the sentence that says how. */
    private record Violation(RefusalRule rule, String reason) {
    }

    private Violation violation(int[] roots, int rootCount, Extraction.Candidate[] cands, int[] type, int[] known, int n, int minute) {
        boolean anyNew = false;
        for (int i = 0; i < n && !anyNew; i++) {
            anyNew = known[i] < 0;
        }
        if (!anyNew && rootCount <= 1) {
            // Nothing joins and nothing grows: no limit can break. But the event may reach its one profile only through a
            // shareable value and say of itself what clearly disagrees with it (a couple's second sign-up with the family
            // e-mail): without this check here the greedy loop would keep the e-mail and refuse only the new cookie.
            return rootCount == 1 ? contestedViolation(roots, rootCount, type, known, n) : null;
        }
        // The types to check, in order: those of the new identifiers (in candidate order), then, for a merge (which can
        // break the limit of a type the event does not even carry), those each profile holds, by name.
        int[] order = new int[n + (rootCount > 1 ? typesByName.length : 0)];
        int[] newCount = new int[typeRules.length];
        int types = 0;
        for (int i = 0; i < n; i++) {
            if (known[i] < 0) {
                if (newCount[type[i]]++ == 0) {
                    order[types++] = type[i];
                }
            }
        }
        if (rootCount > 1) {
            for (int r = 0; r < rootCount; r++) {
                ProfileState p = states[roots[r]];
                for (int t : typesByName) {
                    if (p.holds(t) && !contains(order, types, t)) {
                        order[types++] = t;
                    }
                }
            }
        }
        for (int k = 0; k < types; k++) {
            int t = order[k];
            IdentifierType rule = typeRules[t];
            if (rule.maxPerProfile() == 0) {
                continue;
            }
            int count = newCount[t];
            if (count == 0 && rootCount <= 1) {
                continue; // nothing new of this type and no merge: the profile's count cannot grow
            }
            for (int r = 0; r < rootCount; r++) {
                ProfileState p = states[roots[r]];
                if (rule.window() == null) {
                    count += p.count(t);
                } else {
                    int fromMinute = minute - (int) rule.window().toMinutes();
                    for (int i = 0; i < p.identifierCount; i++) {
                        if (p.type(i) == t && table.minute(p.ref(i)) >= fromMinute) {
                            count++;
                        }
                    }
                }
            }
            if (count > rule.maxPerProfile()) {
                return new Violation(rule.window() == null ? RefusalRule.LIMIT : RefusalRule.WINDOW_LIMIT,
                        "limit of " + rule.maxPerProfile() + " " + rule.name() + " per profile" + (rule.window() == null ? "" : " per " + rule.window())
                        + " would be exceeded (" + count + ")");
            }
        }
        Violation shared = sharedDeviceViolation(roots, rootCount, cands, type, known, n);
        if (shared != null) {
            return shared;
        }
        Violation contested = contestedViolation(roots, rootCount, type, known, n);
        if (contested != null) {
            return contested;
        }
        for (IdentityOverrides.Pair pair : apart) {
            if (wouldHold(pair.a(), roots, rootCount, cands, known, n) && wouldHold(pair.b(), roots, rootCount, cands, known, n)) {
                return new Violation(RefusalRule.DISTINCT, "distinct rule: " + pair.a() + " and " + pair.b() + " are declared different people");
            }
        }
        return null;
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    /**
     * A device is not a person: when the event reaches a known profile only through anonymous identifiers
     * (a cookie, a device id) and brings a known-person identifier of a type that profile already holds with
     * another value (a second email on a family tablet), the anonymous identifier may not join them.
     */
    private Violation sharedDeviceViolation(int[] roots, int rootCount, Extraction.Candidate[] cands, int[] type, int[] known, int n) {
        for (int r = 0; r < rootCount; r++) {
            int root = roots[r];
            boolean onlyAnonymous = true;
            for (int i = 0; i < n && onlyAnonymous; i++) {
                if (known[i] >= 0 && table.profile(known[i]) == root && typeRules[type[i]].kind() != IdentifierClass.ANONYMOUS) {
                    onlyAnonymous = false;
                }
            }
            if (!onlyAnonymous) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (typeRules[type[i]].kind() == IdentifierClass.ANONYMOUS) {
                    continue;
                }
                if (known[i] >= 0 && table.profile(known[i]) == root) {
                    continue;
                }
                if (states[root].holds(type[i])) {
                    return new Violation(RefusalRule.SHARED_DEVICE, "shared device: " + profileId(states[root].createdSequence) + " already has another " + cands[i].identifier().type()
                            + " and the event reaches it only through an anonymous identifier");
                }
            }
        }
        return null;
    }

    /** The event being resolved, and what it says of its person (read once, when a contested check first needs it). */
    private IdentityInput current;
    private Disagreement.Claim currentClaim;

    private Disagreement.Claim eventClaim() {
        if (currentClaim == null) {
            List<IdentityInput.TraitInput> traits = current == null ? List.of() : current.traits();
            currentClaim = traits.isEmpty() ? Disagreement.Claim.NONE : Disagreement.Claim.of(name -> {
                for (int i = 0; i < traits.size(); i++) {
                    if (traits.get(i).name().equals(name)) {
                        return traits.get(i).value();
                    }
                }
                return null;
            });
        }
        return currentClaim;
    }

    /** What a profile's traits say of its person: the state before the event, i.e. what earlier events in the log said. */
    private Disagreement.Claim claimOf(int slot) {
        ProfileState p = states[slot];
        return p.traitCount == 0 ? Disagreement.Claim.NONE : Disagreement.Claim.of(p::traitValue);
    }

    /**
     * Evidence against a merge: a profile the event reaches only through shareable identifiers (a family e-mail; see
     * {@link IdentifierType#shareable}) whose first name and birth date clearly disagree ({@link Disagreement#clearly})
     * with what the event says, or with another profile the event reaches, is a contested link, not a merge. A profile
     * reached through any identifier that is not shareable (a login, a cookie) is never contested: a deterministic fact
     * wins over the evidence. Reads only the profiles' traits (earlier events) and the event's own: a rebuild decides alike.
     * Cost: nothing unless a profile is reached only through shareable values; then the event's traits are read once and
     * a profile's claim is read (a few trait lookups) only when the other side's claim is complete.
     */
    private Violation contestedViolation(int[] roots, int rootCount, int[] type, int[] known, int n) {
        for (int r = 0; r < rootCount; r++) {
            int root = roots[r];
            boolean reached = false;
            boolean onlyShareable = true;
            for (int i = 0; i < n && onlyShareable; i++) {
                if (known[i] >= 0 && table.profile(known[i]) == root) {
                    reached = true;
                    onlyShareable = typeRules[type[i]].shareable();
                }
            }
            if (!reached || !onlyShareable) {
                continue;
            }
            Disagreement.Claim event = eventClaim();
            Disagreement.Claim mine = null;
            if (event.complete()) {
                mine = claimOf(root);
                if (Disagreement.clearly(mine, event)) {
                    return contested(root, "the event");
                }
            }
            for (int q = 0; q < rootCount; q++) {
                if (q == r) {
                    continue;
                }
                Disagreement.Claim other = claimOf(roots[q]);
                if (other.complete()) {
                    mine = mine == null ? claimOf(root) : mine;
                    if (Disagreement.clearly(mine, other)) {
                        return contested(root, profileId(states[roots[q]].createdSequence));
                    }
                }
            }
        }
        return null;
    }

    private Violation contested(int root, String with) {
        return new Violation(RefusalRule.CONTESTED, "contested with " + profileId(states[root].createdSequence) + ": its first name and birth date"
                + " clearly disagree with " + with + "'s (first names beyond a spelling, birth dates beyond a typo) and it is reached only"
                + " through a shareable identifier");
    }

    private boolean wouldHold(Identifier id, int[] roots, int rootCount, Extraction.Candidate[] cands, int[] known, int n) {
        for (int i = 0; i < n; i++) {
            if (known[i] < 0 && cands[i].identifier().equals(id)) {
                return true;
            }
        }
        int existing = table.find(id);
        if (existing < 0) {
            return false;
        }
        int slot = table.profile(existing);
        for (int r = 0; r < rootCount; r++) {
            if (roots[r] == slot) {
                return true;
            }
        }
        return false;
    }

    private void record(ProfileState p, long sequence, IdentityInput in) {
        p.addEvent(eventLists, sequence);
        long t = in.timestamp().toEpochMilli();
        p.firstSeenMillis = Math.min(p.firstSeenMillis, t);
        p.lastSeenMillis = Math.max(p.lastSeenMillis, t);
        p.countEvent(in.type().ordinal());
        int source = index(in.sourceId(), sourceIndex, sourceNames);
        p.addSource(source);
        p.addBrand(index(in.brand(), brandIndex, brandNames));
        if (!in.traits().isEmpty()) {
            String kind = kindOfSource(source, in.sourceId());
            for (IdentityInput.TraitInput said : in.traits()) {
                p.sayTrait(said.name(), said.value(), in.sourceId(), in.timestamp().getEpochSecond(), in.timestamp().getNano(),
                        rules.traitPriority(said.name(), in.sourceId(), kind), rules.limits().traitsPerProfile());
            }
        }
    }

    /**
     * The kind of a source (lower case; "" when unknown), for trait priority: asked of the sources once per source and
     * graph, since a graph resolves with the sources as they were when it started.
     */
    private String kindOfSource(int index, String sourceId) {
        if (index >= sourceKinds.length) {
            sourceKinds = Arrays.copyOf(sourceKinds, Math.max(index + 1, sourceKinds.length * 2));
        }
        String kind = sourceKinds[index];
        if (kind == null) {
            SourceInfo info = sources.apply(sourceId);
            kind = info.kind() == null ? "" : info.kind().toLowerCase(Locale.ROOT);
            sourceKinds[index] = kind;
        }
        return kind;
    }

    private static int index(String name, Object2IntOpenHashMap<String> index, List<String> names) {
        int i = index.getInt(name);
        if (i < 0) {
            i = names.size();
            names.add(name);
            index.put(name, i);
        }
        return i;
    }

    private int newSlot(long sequence) {
        if (replaying) {
            return reviveSlot(sequence);
        }
        if (slots == states.length) {
            states = Arrays.copyOf(states, slots * 2);
            parent = Arrays.copyOf(parent, slots * 2);
            createdOf = Arrays.copyOf(createdOf, slots * 2);
        }
        int s = slots++;
        parent[s] = s;
        createdOf[s] = sequence;
        states[s] = new ProfileState(sequence);
        liveProfiles++;
        return s;
    }

    private void merge(int survivor, int absorbed, Decision.Merged decision) {
        ProfileState into = states[survivor];
        ProfileState gone = states[absorbed];
        into.absorb(gone, eventLists, rules.limits().traitsPerProfile());
        into.rare().merges.add(decision);
        for (int i = 0; i < gone.identifierCount; i++) {
            table.setProfile(gone.ref(i), survivor);
        }
        states[absorbed] = null;
        parent[absorbed] = survivor;
        liveProfiles--;
    }

    private int find(int slot) {
        int root = slot;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[slot] != root) {
            int next = parent[slot];
            parent[slot] = root;
            slot = next;
        }
        return root;
    }

    // ---- reading ----

    /** The surviving profile id for any id this graph ever gave out (merged-away ids resolve to the survivor). */
    public Optional<String> canonical(String profileId) {
        int s = slotOf(profileId);
        return s < 0 ? Optional.empty() : Optional.of(profileId(states[s].createdSequence));
    }

    /** The profile holding an identifier (normalise the value first, see {@link #normalize}). */
    public Optional<String> lookup(Identifier id) {
        int ref = table.find(id);
        return ref < 0 ? Optional.empty() : Optional.of(profileId(states[table.profile(ref)].createdSequence));
    }

    /** Normalises a value of a type as resolution does, by the type's configured normalisation (emails lower-cased, phones to E.164 with the region). */
    public Optional<Identifier> normalize(String type, String value, String region) {
        return Normalizer.normalized(rules, type, value, region);
    }

    public Optional<Profile> profile(String profileId) {
        int s = slotOf(profileId);
        return s < 0 ? Optional.empty() : Optional.of(snapshot(s));
    }

    /** Log sequences of the profile's events, oldest first. */
    public long[] eventSequences(String profileId) {
        int s = slotOf(profileId);
        return s < 0 ? new long[0] : states[s].sortedEvents(eventLists);
    }

    /**
     * Adds the log sequences of the profile's events in {@code [from, to)} to {@code out}, in no particular order, without
     * sorting the whole list: what the {@link IdentityStoreWriter} writes as the events a changed profile took since
     * the last write.
     */
    public void eventSequences(String profileId, long from, long to, it.unimi.dsi.fastutil.longs.LongArrayList out) {
        int s = slotOf(profileId);
        if (s >= 0) {
            states[s].eventsBetween(eventLists, from, to, out);
        }
    }

    /**
     * The refusals of one rule each live profile keeps, with the profile's id, profiles oldest first. One walk over the
     * slots that reads only profiles with refusals (few: the rare part of a profile), so cheap enough after each run.
     */
    public void forEachRefusal(RefusalRule rule, BiConsumer<String, Decision.Refused> action) {
        forEachRefusal((profileId, r) -> {
            if (r.rule() == rule) {
                action.accept(profileId, r);
            }
        });
    }

    /** The refusals of every rule each live profile keeps, in one walk as {@link #forEachRefusal(RefusalRule, BiConsumer)}. */
    public void forEachRefusal(BiConsumer<String, Decision.Refused> action) {
        for (int s = 0; s < slots; s++) {
            ProfileState p = states[s];
            if (p != null && p.rare != null && !p.rare.refusals.isEmpty()) {
                for (Decision.Refused r : p.rare.refusals) {
                    action.accept(profileId(p.createdSequence), r);
                }
            }
        }
    }

    /** Every decision behind a profile: how each identifier was linked, each merge, and the latest refusals. */
    public List<Decision> explain(String profileId) {
        int slot = slotOf(profileId);
        if (slot < 0) {
            return List.of();
        }
        ProfileState p = states[slot];
        List<Decision> out = new ArrayList<>(p.identifierCount + 2);
        for (int t : typesByName) {
            for (int i = 0; i < p.identifierCount; i++) {
                if (p.type(i) == t) {
                    int ref = p.ref(i);
                    int anchor = table.anchor(ref);
                    out.add(new Decision.Linked(table.sequence(ref), table.identifier(ref), anchor < 0 ? null : table.identifier(anchor)));
                }
            }
        }
        if (p.rare != null) {
            out.addAll(p.rare.merges);
            out.addAll(p.rare.refusals);
        }
        out.sort(Comparator.comparingLong(Decision::sequence));
        return out;
    }

    /**
     * The chain of links that joins two identifiers of one profile: each step names the identifier, the event that
     * linked it and the identifier it came with; merges join the chains of the merged profiles.
     */
    public List<Decision> why(Identifier a, Identifier b) {
        int ia = table.find(a);
        int ib = table.find(b);
        if (ia < 0 || ib < 0 || table.profile(ia) != table.profile(ib)) {
            return List.of();
        }
        ProfileState p = states[table.profile(ia)];
        List<Decision.Merged> merges = p.rare == null ? List.of() : p.rare.merges;
        List<Decision> chain = new ArrayList<>();
        List<Integer> starts = new ArrayList<>(List.of(ia, ib));
        for (Decision.Merged m : merges) {
            for (Identifier i : new Identifier[] {m.via(), m.with()}) {
                int found = i == null ? -1 : table.find(i);
                if (found >= 0) {
                    starts.add(found);
                }
            }
        }
        for (int ref : starts) {
            for (int cur = ref, guard = 0; cur >= 0 && guard < 10_000; cur = table.anchor(cur), guard++) {
                int anchor = table.anchor(cur);
                chain.add(new Decision.Linked(table.sequence(cur), table.identifier(cur), anchor < 0 ? null : table.identifier(anchor)));
            }
        }
        chain.addAll(merges);
        chain.sort(Comparator.comparingLong(Decision::sequence));
        return chain.stream().distinct().toList();
    }

    /** Calls {@code sink} with (surviving profile id, identifier) for every linked identifier. */
    public void forEachIdentifier(BiConsumer<String, Identifier> sink) {
        table.forEach(ref -> sink.accept(profileId(states[table.profile(ref)].createdSequence), table.identifier(ref)));
    }

    /**
     * The ids of up to {@code limit} live profiles created after log sequence {@code afterSequence}, oldest first: a
     * cursor over every profile for a reader that must not hold the read lock for the whole graph (start at -1; go on
     * after the sequence of the last id, see {@link #createdSequence}). Ids are a function of the log, so the cursor
     * stays valid across a rebuild that swaps the graph.
     */
    public List<String> profileIds(long afterSequence, int limit) {
        int s = Arrays.binarySearch(createdOf, 0, slots, afterSequence);
        s = s < 0 ? -s - 1 : s + 1;
        List<String> out = new ArrayList<>(Math.min(limit, Math.max(0, slots - s)));
        for (; s < slots && out.size() < limit; s++) {
            if (states[s] != null) {
                out.add(profileId(createdOf[s]));
            }
        }
        return out;
    }

    /** The log sequence that created a profile, read from its id ({@link #profileId(long)} backwards), or -1 if it is none. */
    public static long createdSequence(String profileId) {
        if (profileId == null || !profileId.startsWith("p_")) {
            return -1;
        }
        try {
            return Long.parseLong(profileId.substring(2), 36);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public int profileCount() {
        return liveProfiles;
    }

    public int identifierCount() {
        return table.size();
    }

    public long unresolvedEvents() {
        return unresolvedEvents;
    }

    public long lastSequence() {
        return lastSequence;
    }

    // ---- snapshot (see IdentitySnapshot) ----

    /**
     * Writes the whole state of this graph, for {@link #readFrom} to give back a graph that answers and resolves
     * exactly as this one; what {@link #trackChangesFrom} and {@link #collectChanges} set is not part of it. Besides, the
     * region and kind of each source it has seen, which resolution read: a graph is only read back under the same.
     */
    void writeTo(SnapshotWriter w) throws java.io.IOException {
        w.writeLong(lastSequence);
        w.writeLong(unresolvedEvents);
        w.writeCount(sourceNames.size());
        for (String s : sourceNames) {
            SourceInfo info = s == null ? SourceInfo.UNKNOWN : sources.apply(s);
            w.writeString(s);
            w.writeString(info.region());
            w.writeString(info.kind());
        }
        w.writeCount(brandNames.size());
        for (String b : brandNames) {
            w.writeString(b);
        }
        table.writeTo(w);
        eventLists.writeTo(w);
        w.writeInts(parent, slots);
        w.writeLongs(createdOf, slots);
        for (int s = 0; s < slots; s++) {
            w.writeBoolean(states[s] != null);
            if (states[s] != null) {
                states[s].writeTo(w);
            }
        }
        // The events refused an identifier by a rule that read the state: a removal (erasure, retention) after a start from
        // the snapshot resolves them again as it would have without the restart.
        w.writeCount(contested.size());
        for (var e : contested.int2ObjectEntrySet()) {
            w.writeInt(e.getIntKey());
            w.writeLongs(e.getValue().elements(), e.getValue().size());
        }
    }

    /**
     * A graph as {@link #writeTo} wrote it, resolving from then on with these rules, overrides and sources (the caller
     * checked they are those it was written under).
     *
     * @throws SnapshotReader.Stale when a source it has seen now has another region or kind
     */
    static IdentityGraph readFrom(SnapshotReader r, IdentityRules rules, IdentityOverrides overrides, Function<String, SourceInfo> sources,
                                  Consumer<IdentityAlert> alerts) throws java.io.IOException {
        long lastSequence = r.readLong();
        long unresolved = r.readLong();
        int sourceCount = r.readCount(3);
        List<String> sourceNames = new ArrayList<>(sourceCount);
        for (int i = 0; i < sourceCount; i++) {
            String s = r.readString();
            SourceInfo then = new SourceInfo(r.readString(), r.readString());
            SourceInfo now = s == null ? SourceInfo.UNKNOWN : sources.apply(s);
            if (!then.equals(now)) {
                throw new SnapshotReader.Stale("source " + s + " was " + then + " and is now " + now);
            }
            sourceNames.add(s);
        }
        int brandCount = r.readCount(1);
        List<String> brandNames = new ArrayList<>(brandCount);
        for (int i = 0; i < brandCount; i++) {
            brandNames.add(r.readString());
        }
        IdentityGraph g = new IdentityGraph(rules, overrides, sources, alerts, IdentifierTable.readFrom(r), EventLists.readFrom(r));
        g.lastSequence = lastSequence;
        g.unresolvedEvents = unresolved;
        for (String s : sourceNames) {
            index(s, g.sourceIndex, g.sourceNames);
        }
        for (String b : brandNames) {
            index(b, g.brandIndex, g.brandNames);
        }
        if (g.sourceNames.size() != sourceCount || g.brandNames.size() != brandCount) {
            throw new SnapshotReader.Corrupt("a source or brand named twice");
        }
        for (int t = 0; t < g.table.typeCount(); t++) {
            g.typeIndex(g.table.typeName(t)); // the rules of each type and the order of their names
            if (!rules.types().containsKey(g.table.typeName(t))) {
                g.customTypes++;
            }
        }
        int[] parent = r.readInts(0);
        long[] created = r.readLongs(0);
        int slots = parent.length;
        if (created.length != slots) {
            throw new SnapshotReader.Corrupt(parent.length + " parents for " + created.length + " profile slots");
        }
        int capacity = Math.max(1024, slots);
        g.parent = Arrays.copyOf(parent, capacity);
        g.createdOf = Arrays.copyOf(created, capacity);
        g.states = new ProfileState[capacity];
        for (int s = 0; s < slots; s++) {
            if (parent[s] < 0 || parent[s] >= slots || s > 0 && created[s] <= created[s - 1]) {
                throw new SnapshotReader.Corrupt("profile slot " + s + " has parent " + parent[s] + " or is out of order");
            }
            if (r.readBoolean()) {
                g.states[s] = ProfileState.readFrom(r);
                g.liveProfiles++;
            }
        }
        g.slots = slots;
        int contestedCount = r.readCount(5);
        for (int i = 0; i < contestedCount; i++) {
            int fingerprint = r.readInt();
            g.contested.put(fingerprint, it.unimi.dsi.fastutil.longs.LongArrayList.wrap(r.readLongs(0)));
        }
        return g;
    }

    /** Approximate bytes held by the identifier structures (the table with each identifier's link). */
    public long identifierBytes() {
        return table.bytes();
    }

    /** The live slot a profile id (its own or one merged into it) resolves to, or -1. */
    private int slotOf(String profileId) {
        if (profileId == null || !profileId.startsWith("p_")) {
            return -1;
        }
        long seq;
        try {
            seq = Long.parseLong(profileId.substring(2), 36);
        } catch (NumberFormatException e) {
            return -1;
        }
        int s = Arrays.binarySearch(createdOf, 0, slots, seq);
        if (s < 0) {
            return -1;
        }
        int root = find(s);
        return states[root] == null ? -1 : root; // a slot an erasure freed
    }

    private List<String> typeNamesHeld(ProfileState p) {
        List<String> names = new ArrayList<>();
        for (int t : typesByName) {
            if (p.holds(t)) {
                names.add(table.typeName(t));
            }
        }
        return names;
    }

    private Profile snapshot(int slot) {
        ProfileState p = states[slot];
        List<ProfileIdentifier> ids = new ArrayList<>(p.identifierCount);
        for (int i = 0; i < p.identifierCount; i++) {
            int ref = p.ref(i);
            ids.add(new ProfileIdentifier(table.typeName(table.type(ref)), table.value(ref), Instant.ofEpochSecond(table.minute(ref) * 60L),
                    table.sequence(ref)));
        }
        ids.sort(Comparator.comparing(ProfileIdentifier::type).thenComparing(ProfileIdentifier::value));
        Map<String, Long> byType = new LinkedHashMap<>();
        long total = 0;
        for (int i = 0; i < TYPE_NAMES.length; i++) {
            long count = p.events(i);
            if (count > 0) {
                byType.put(TYPE_NAMES[i], count);
            }
            total += count;
        }
        List<String> mergedIds = new ArrayList<>();
        if (p.rare != null) {
            long[] merged = p.rare.mergedFrom.toLongArray();
            Arrays.sort(merged);
            for (long s : merged) {
                mergedIds.add(profileId(s));
            }
        }
        Map<String, Trait> traits = new TreeMap<>();
        for (int i = 0; i < p.traitCount; i++) {
            traits.put(p.traits[i].name, p.traits[i].trait());
        }
        return new Profile(profileId(p.createdSequence), List.copyOf(ids), Map.copyOf(traits),
                Collections.unmodifiableSet(names(p.sources, p.moreSources, sourceNames)),
                Collections.unmodifiableSet(names(p.brands, p.moreBrands, brandNames)),
                p.firstSeenMillis == Long.MAX_VALUE ? null : Instant.ofEpochMilli(p.firstSeenMillis),
                p.lastSeenMillis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(p.lastSeenMillis), total, byType, List.copyOf(mergedIds));
    }

    private static TreeSet<String> names(long bits, int[] more, List<String> names) {
        TreeSet<String> out = new TreeSet<>();
        for (long b = bits; b != 0; b &= b - 1) {
            out.add(names.get(Long.numberOfTrailingZeros(b)));
        }
        if (more != null) {
            for (int i : more) {
                out.add(names.get(i));
            }
        }
        return out;
    }

    // ---- erasure: taking whole components out, and resolving the remaining events of some again (ComponentErasure) ----

    /**
     * The sequences of the events that were refused an identifier by a rule that read the graph's state (a limit, a window,
     * a shared device, a distinct pair), by the identifier's fingerprint: the events whose resolution an identifier's
     * owner could have changed without the event joining that owner. Refusals that read nothing of the state (blocked or
     * invalid values, an unlinked override, too many identifiers in one event) are not kept: they do not depend on who
     * else is in the graph. Rare in practice, so a map of short lists.
     */
    private final it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap<it.unimi.dsi.fastutil.longs.LongArrayList> contested =
            new it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap<>();
    /** While {@link #replay} runs: new profiles take the slot an erasure freed at their creating sequence. */
    private boolean replaying;

    private void contest(int fingerprint, long sequence) {
        it.unimi.dsi.fastutil.longs.LongArrayList list = contested.get(fingerprint);
        if (list == null) {
            list = new it.unimi.dsi.fastutil.longs.LongArrayList(2);
            contested.put(fingerprint, list);
        }
        if (list.isEmpty() || list.getLong(list.size() - 1) != sequence) {
            list.add(sequence);
        }
    }

    /** The events refused an identifier with this fingerprint by a rule that read the state (a superset: fingerprints collide). */
    long[] contestedSequences(Identifier id) {
        it.unimi.dsi.fastutil.longs.LongArrayList list = contested.get(IdentifierTable.fingerprint(id.type(), id.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return list == null ? new long[0] : list.toLongArray();
    }

    /** The live slot of a profile id (its own or one merged into it), or -1. */
    int liveSlot(String profileId) {
        return slotOf(profileId);
    }

    /** The live slot holding an identifier, or -1. */
    int holder(Identifier id) {
        int ref = table.find(id);
        return ref < 0 ? -1 : table.profile(ref);
    }

    /** The identifiers of a live slot's profile. */
    List<Identifier> identifiersOf(int slot) {
        ProfileState p = states[slot];
        List<Identifier> out = new ArrayList<>(p.identifierCount);
        for (int i = 0; i < p.identifierCount; i++) {
            out.add(table.identifier(p.ref(i)));
        }
        return out;
    }

    /** The event sequences of a live slot's profile, oldest first. */
    long[] eventsOf(int slot) {
        return states[slot].sortedEvents(eventLists);
    }

    /** Whether the graph holds identifier types the rules do not declare (they count against a limit no removal gives back). */
    boolean holdsCustomTypes() {
        return customTypes > 0;
    }

    /** A graph with the same rules, overrides and sources, and nothing in it. */
    IdentityGraph emptyCopy() {
        return new IdentityGraph(rules, overrides, sources, a -> { });
    }

    /** The sequence that created a slot. */
    long createdSequenceOf(int slot) {
        return createdOf[slot];
    }

    /** The creating sequences of every slot, live or merged away, in slot order. */
    long[] slotSequences() {
        return Arrays.copyOf(createdOf, slots);
    }

    /**
     * The creating sequences of every slot (live or merged away) of the components whose live slots are {@code roots}:
     * what {@link #removeComponents} frees.
     */
    long[] componentSlotSequences(it.unimi.dsi.fastutil.ints.IntSet roots) {
        it.unimi.dsi.fastutil.longs.LongArrayList out = new it.unimi.dsi.fastutil.longs.LongArrayList();
        for (int s = 0; s < slots; s++) {
            if (states[find(s)] != null && roots.contains(find(s))) {
                out.add(createdOf[s]);
            }
        }
        return out.toLongArray();
    }

    /**
     * Takes whole components out: the live profiles {@code roots} and every profile merged into them, with their
     * identifiers (removed from the table, their bytes overwritten). Their slots stay, free, so that profile ids keep
     * finding slots by binary search; a freed slot resolves to nothing until {@link #replay} revives it.
     *
     * @return the number of slots freed
     */
    int removeComponents(it.unimi.dsi.fastutil.ints.IntSet roots) {
        boolean[] free = new boolean[slots];
        int freed = 0;
        for (int s = 0; s < slots; s++) {
            int root = find(s);
            if (states[root] != null && roots.contains(root)) {
                free[s] = true;
                freed++;
            }
        }
        for (int root : roots) {
            ProfileState p = states[root];
            if (p == null) {
                continue;
            }
            for (int i = 0; i < p.identifierCount; i++) {
                table.remove(p.ref(i));
            }
            liveProfiles--;
        }
        for (int s = 0; s < slots; s++) {
            if (free[s]) {
                states[s] = null;
                parent[s] = s;
            }
        }
        return freed;
    }

    /**
     * Resolves events again, in log order, below the graph's last sequence: the remaining events of the components
     * {@link #removeComponents} took out. Each new profile takes the freed slot of its creating sequence, which must
     * exist (see {@link ComponentErasure}, which checks it first on an empty copy).
     *
     * @param wereUnresolved how many of these events the graph had counted as unresolved
     */
    void replay(long[] sequences, IdentityInput[] inputs, int wereUnresolved) {
        long last = lastSequence;
        unresolvedEvents -= wereUnresolved;
        replaying = true;
        try {
            for (int k = 0; k < sequences.length; k++) {
                resolveAt(prepare(sequences[k], inputs[k]));
            }
        } finally {
            replaying = false;
            lastSequence = last;
        }
    }

    /**
     * Adds free slots at creating sequences that have none, keeping the slots in the order of their sequences (profile
     * ids find their slot by binary search): the profiles a removal's replay makes at an event that made none before (an
     * expired event created the profile; its first remaining event creates it now). Every slot after an inserted one
     * moves, so each identifier's slot and each parent pointer is renumbered: one pass over the slots and the identifiers,
     * in memory, whatever the number of slots inserted.
     *
     * @param sequences increasing creating sequences, none of which has a slot
     */
    void insertFreeSlots(long[] sequences) {
        if (sequences.length == 0) {
            return;
        }
        int total = slots + sequences.length;
        int capacity = Math.max(states.length, Integer.highestOneBit(total) << 1);
        long[] created = new long[capacity];
        ProfileState[] st = new ProfileState[capacity];
        int[] par = new int[capacity];
        int[] moved = new int[slots];
        int i = 0;
        int j = 0;
        for (int k = 0; k < total; k++) {
            if (j == sequences.length || i < slots && createdOf[i] < sequences[j]) {
                moved[i] = k;
                created[k] = createdOf[i];
                st[k] = states[i];
                i++;
            } else {
                if (i < slots && createdOf[i] == sequences[j]) {
                    throw new IllegalStateException("a profile was created at " + sequences[j] + " already");
                }
                created[k] = sequences[j++];
                par[k] = k;
            }
        }
        for (int s = 0; s < slots; s++) {
            par[moved[s]] = moved[parent[s]];
        }
        table.forEach(ref -> table.setProfile(ref, moved[table.profile(ref)]));
        createdOf = created;
        states = st;
        parent = par;
        slots = total;
    }

    /**
     * Forgets removed events where the graph kept them as refused an identifier ({@link #contestedSequences}): a later
     * removal would otherwise look for them in the store, not find them, and fall back to a rebuild.
     */
    void forgetContested(it.unimi.dsi.fastutil.longs.LongSet removed) {
        if (removed.isEmpty()) {
            return;
        }
        var entries = contested.int2ObjectEntrySet().fastIterator();
        while (entries.hasNext()) {
            it.unimi.dsi.fastutil.longs.LongArrayList list = entries.next().getValue();
            int kept = 0;
            for (int k = 0; k < list.size(); k++) {
                if (!removed.contains(list.getLong(k))) {
                    list.set(kept++, list.getLong(k));
                }
            }
            list.size(kept);
            if (kept == 0) {
                entries.remove();
            }
        }
    }

    /** Whether a slot was created at this sequence (live, merged away or freed). */
    boolean hasSlotAt(long sequence) {
        return Arrays.binarySearch(createdOf, 0, slots, sequence) >= 0;
    }

    private int reviveSlot(long sequence) {
        int s = Arrays.binarySearch(createdOf, 0, slots, sequence);
        if (s < 0 || states[s] != null) {
            throw new IllegalStateException("no freed slot for a profile created at " + sequence);
        }
        parent[s] = s;
        states[s] = new ProfileState(sequence);
        liveProfiles++;
        return s;
    }
}
