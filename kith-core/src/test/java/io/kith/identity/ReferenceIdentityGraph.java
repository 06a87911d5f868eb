package io.kith.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.kith.event.Event;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.Trait;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The reference model of identity resolution: the straightforward implementation that {@link IdentityGraph} replaced
 * for speed, kept as the test oracle that the optimised graph must agree with on every observable (see
 * {@code IdentityGraphAgreesWithReference}). Deterministic identity resolution: events, applied in log order, create, grow and merge profiles through
 * the identifiers they carry, under the {@link IdentityRules}. The result is a pure function of the events
 * (in order), the rules and the {@link IdentityOverrides}: applying the same log to a fresh graph gives the
 * same profiles with the same ids, which is what makes a rebuild, an un-merge and a replay exact.
 *
 * <p>For each event: extract its identifiers (normalised, blocked values set aside), find the profiles that
 * hold any of them, and check what the union would hold against the per-type limits and the distinct rules.
 * When a rule would break, the identifiers are taken by priority, highest first, and each is kept if it links with
 * those kept before it without breaking a rule, else refused (and the refusal recorded): so two different user ids
 * never share a profile, a shared tablet's cookie does not merge a household, and an identifier that has nothing to
 * do with a conflict stays linked. Then the event creates a profile (id {@code p_} + its log sequence in base 36), attaches
 * to the one it found, or merges the ones it found into the oldest.
 *
 * <p>Identifiers are interned into an {@link ReferenceIdentifierTable}; profiles are slots in a union-find whose roots
 * hold a {@link ReferenceProfileState}. Not thread-safe: one writer, with readers excluded during writes (see
 * {@link IdentityProjection}).
 */
public final class ReferenceIdentityGraph {
    private static final String[] TYPE_NAMES = {"identify", "track", "page", "screen", "group", "alias"};

    private final IdentityRules rules;
    private final IdentityOverrides overrides;
    private final IdentifierExtractor extractor;
    private final Function<String, IdentityGraph.SourceInfo> sources;
    private final Consumer<IdentityAlert> alerts;
    private final ReferenceIdentifierTable table = new ReferenceIdentifierTable();
    private int[] profileOf = new int[1024];
    private long[] linkSequence = new long[1024];
    private int[] linkMinute = new int[1024];
    private int[] anchor = new int[1024];
    private int[] parent = new int[1024];
    private ReferenceProfileState[] states = new ReferenceProfileState[1024];
    private int slots;
    private final Long2IntOpenHashMap slotOfSequence = new Long2IntOpenHashMap();
    private long lastSequence = -1;
    private long unresolvedEvents;
    /** Events from this sequence on record the profile they touch in {@link #changed}. */
    private long trackFrom = Long.MAX_VALUE;
    private final it.unimi.dsi.fastutil.longs.LongOpenHashSet changed = new it.unimi.dsi.fastutil.longs.LongOpenHashSet();

    public ReferenceIdentityGraph(IdentityRules rules, IdentityOverrides overrides, Function<String, IdentityGraph.SourceInfo> sources,
                         Consumer<IdentityAlert> alerts) {
        this.rules = rules;
        this.overrides = overrides;
        this.sources = sources;
        this.alerts = alerts;
        this.extractor = new IdentifierExtractor(rules, id -> sources.apply(id).region());
        slotOfSequence.defaultReturnValue(-1);
    }

    /** The profile id a creating log sequence gives: {@code p_} + the sequence in base 36. */
    public static String profileId(long createdSequence) {
        return "p_" + Long.toString(createdSequence, 36);
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
        lastSequence = sequence;
        Extraction x = extractor.extract(e);
        List<Extraction.Candidate> cands = new ArrayList<>(x.identifiers());
        cands.sort(Comparator.comparingInt(Extraction.Candidate::priority).reversed());
        List<Decision.Refused> refused = new ArrayList<>(0);
        for (Extraction.Refused r : x.refused()) {
            refused.add(new Decision.Refused(sequence, new Identifier(r.type().matches("[a-z][a-z0-9_]{0,63}") ? r.type() : "invalid", r.value()),
                    r.rule(), r.reason()));
        }
        for (Iterator<Extraction.Candidate> it = cands.iterator(); it.hasNext(); ) {
            Extraction.Candidate c = it.next();
            if (overrides.isUnlinked(c.identifier())) {
                refused.add(new Decision.Refused(sequence, c.identifier(), RefusalRule.OVERRIDE_UNLINKED, "unlinked by an override"));
                it.remove();
            }
        }
        int minute = (int) Math.floorDiv(e.timestamp().getEpochSecond(), 60);
        JsonNode said = e.traits();
        eventClaim = Disagreement.Claim.of(said::get);
        int[] known = new int[cands.size()];
        if (cands.isEmpty()) {
            unresolvedEvents++;
            return Optional.empty();
        }
        // When the whole event breaks a rule: candidates by priority, highest first, each kept if it links with those
        // kept before it without breaking a rule, else refused (only it, not the others).
        List<Integer> roots = new ArrayList<>(2);
        rootsOf(cands, known, roots);
        if (violation(roots, cands, known, minute) != null) {
            List<Extraction.Candidate> kept = new ArrayList<>(cands.size());
            for (Extraction.Candidate c : cands) {
                kept.add(c);
                rootsOf(kept, known, roots);
                Violation violation = violation(roots, kept, known, minute);
                if (violation != null) {
                    kept.remove(kept.size() - 1);
                    refused.add(new Decision.Refused(sequence, c.identifier(), violation.rule(), violation.reason()));
                    if (!roots.isEmpty()) {
                        alerts.accept(new IdentityAlert(IdentityAlert.Kind.of(violation.rule()), profileId(states[roots.get(0)].createdSequence), sequence,
                                c.identifier().type(), c.identifier() + " not linked: " + violation.reason()));
                    }
                }
            }
            cands = kept;
            if (cands.isEmpty()) {
                unresolvedEvents++;
                return Optional.empty();
            }
            rootsOf(cands, known, roots);
        }
        roots.sort(Comparator.comparingLong(r -> states[r].createdSequence));
        int survivor;
        if (roots.isEmpty()) {
            survivor = newSlot(sequence);
        } else {
            survivor = roots.get(0);
            for (int k = 1; k < roots.size(); k++) {
                int absorbed = roots.get(k);
                Identifier via = null;
                Identifier with = null;
                for (int i = 0; i < cands.size(); i++) {
                    if (known[i] >= 0) {
                        int r = find(profileOf[known[i]]);
                        if (r == absorbed && via == null) {
                            via = cands.get(i).identifier();
                        } else if (r == survivor && with == null) {
                            with = cands.get(i).identifier();
                        }
                    }
                }
                merge(survivor, absorbed, new Decision.Merged(sequence, profileId(states[absorbed].createdSequence), via, with));
            }
        }
        ReferenceProfileState p = states[survivor];
        int anchorId = -1;
        for (int i = 0; i < cands.size(); i++) {
            if (known[i] >= 0) {
                anchorId = known[i];
                break;
            }
        }
        for (int i = 0; i < cands.size(); i++) {
            if (known[i] < 0) {
                int id = table.intern(cands.get(i).identifier());
                ensureIdentifierCapacity(id + 1);
                profileOf[id] = survivor;
                linkSequence[id] = sequence;
                linkMinute[id] = minute;
                anchor[id] = anchorId;
                if (anchorId < 0) {
                    anchorId = id;
                }
                p.addIdentifier(cands.get(i).identifier().type(), id);
            }
        }
        for (Decision.Refused r : refused) {
            p.refuse(r);
        }
        record(p, sequence, e);
        if (!p.giantReported && p.identifierCount() > rules.giantProfileIdentifiers()) {
            p.giantReported = true;
            alerts.accept(new IdentityAlert(IdentityAlert.Kind.GIANT_PROFILE, profileId(p.createdSequence), sequence, null,
                    "profile holds " + p.identifierCount() + " identifiers (threshold " + rules.giantProfileIdentifiers()
                            + "); look for a shared device or a placeholder value: " + p.byType.keySet()));
        }
        if (sequence >= trackFrom) {
            changed.add(p.createdSequence);
        }
        return Optional.of(profileId(p.createdSequence));
    }

    /**
     * From this sequence on, remember which profiles events touch (created, grown, merged into, given traits or
     * events), for {@link #drainChanged}: how the {@link IdentityStore} learns what to rewrite.
     */
    public void trackChangesFrom(long sequence) {
        trackFrom = sequence;
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
    /** Finds the known candidates' identifiers into {@code known} and their distinct roots, in candidate order, into {@code roots}. */
    private void rootsOf(List<Extraction.Candidate> cands, int[] known, List<Integer> roots) {
        roots.clear();
        for (int i = 0; i < cands.size(); i++) {
            known[i] = table.find(cands.get(i).identifier());
            if (known[i] >= 0) {
                int root = find(profileOf[known[i]]);
                if (!roots.contains(root)) {
                    roots.add(root);
                }
            }
        }
    }

    private record Violation(RefusalRule rule, String reason) {
    }

    private Violation violation(List<Integer> roots, List<Extraction.Candidate> cands, int[] known, int minute) {
        boolean anyNew = false;
        for (int i = 0; i < cands.size() && !anyNew; i++) {
            anyNew = known[i] < 0;
        }
        if (!anyNew && roots.size() <= 1) {
            // nothing joins and nothing grows: only the evidence against a merge can refuse
            return contestedViolation(roots, cands, known);
        }
        Map<String, Integer> newPerType = new LinkedHashMap<>(4);
        for (int i = 0; i < cands.size(); i++) {
            if (known[i] < 0) {
                newPerType.merge(cands.get(i).identifier().type(), 1, Integer::sum);
            }
        }
        java.util.Set<String> types = new java.util.LinkedHashSet<>(newPerType.keySet());
        if (roots.size() > 1) {
            // a merge can break the limit of a type the event does not even carry
            for (int root : roots) {
                types.addAll(states[root].byType.keySet());
            }
        }
        for (String type : types) {
            IdentifierType t = rules.type(type);
            if (t.maxPerProfile() == 0) {
                continue;
            }
            int count = newPerType.getOrDefault(type, 0);
            if (count == 0 && roots.size() <= 1) {
                continue; // nothing new of this type and no merge: the profile's count cannot grow
            }
            int fromMinute = t.window() == null ? Integer.MIN_VALUE : minute - (int) t.window().toMinutes();
            for (int root : roots) {
                IntArrayList ids = states[root].byType.get(type);
                if (ids != null) {
                    if (t.window() == null) {
                        count += ids.size();
                    } else {
                        for (int k = 0; k < ids.size(); k++) {
                            if (linkMinute[ids.getInt(k)] >= fromMinute) {
                                count++;
                            }
                        }
                    }
                }
            }
            if (count > t.maxPerProfile()) {
                return new Violation(t.window() == null ? RefusalRule.LIMIT : RefusalRule.WINDOW_LIMIT,
                        "limit of " + t.maxPerProfile() + " " + type + " per profile" + (t.window() == null ? "" : " per " + t.window())
                        + " would be exceeded (" + count + ")");
            }
        }
        Violation shared = sharedDeviceViolation(roots, cands, known);
        if (shared != null) {
            return shared;
        }
        Violation contested = contestedViolation(roots, cands, known);
        if (contested != null) {
            return contested;
        }
        if (!overrides.distinct().isEmpty()) {
            for (IdentityOverrides.Pair pair : overrides.distinct()) {
                if (wouldHold(pair.a(), roots, cands, known) && wouldHold(pair.b(), roots, cands, known)) {
                    return new Violation(RefusalRule.DISTINCT, "distinct rule: " + pair.a() + " and " + pair.b() + " are declared different people");
                }
            }
        }
        return null;
    }

    /**
     * A device is not a person: when the event reaches a known profile only through anonymous identifiers
     * (a cookie, a device id) and brings a known-person identifier of a type that profile already holds with
     * another value (a second email on a family tablet), the anonymous identifier may not join them.
     */
    private Violation sharedDeviceViolation(List<Integer> roots, List<Extraction.Candidate> cands, int[] known) {
        for (int root : roots) {
            boolean onlyAnonymous = true;
            for (int i = 0; i < cands.size() && onlyAnonymous; i++) {
                if (known[i] >= 0 && find(profileOf[known[i]]) == root
                        && rules.type(cands.get(i).identifier().type()).kind() != IdentifierClass.ANONYMOUS) {
                    onlyAnonymous = false;
                }
            }
            if (!onlyAnonymous) {
                continue;
            }
            for (int i = 0; i < cands.size(); i++) {
                Identifier id = cands.get(i).identifier();
                if (rules.type(id.type()).kind() == IdentifierClass.ANONYMOUS) {
                    continue;
                }
                if (known[i] >= 0 && find(profileOf[known[i]]) == root) {
                    continue;
                }
                IntArrayList same = states[root].byType.get(id.type());
                if (same != null && !same.isEmpty()) {
                    return new Violation(RefusalRule.SHARED_DEVICE, "shared device: " + profileId(states[root].createdSequence) + " already has another " + id.type()
                            + " and the event reaches it only through an anonymous identifier");
                }
            }
        }
        return null;
    }

    /** What the event being resolved says of its person. */
    private Disagreement.Claim eventClaim = Disagreement.Claim.NONE;

    private Disagreement.Claim claimOf(int root) {
        Map<String, Trait> traits = states[root].traits;
        return Disagreement.Claim.of(name -> {
            Trait t = traits.get(name);
            return t == null ? null : t.value();
        });
    }

    /**
     * Evidence against a merge, the plain way: a profile reached by the event only through shareable identifiers whose
     * first name and birth date clearly disagree with the event's, or with another reached profile's, may not join.
     */
    private Violation contestedViolation(List<Integer> roots, List<Extraction.Candidate> cands, int[] known) {
        for (int root : roots) {
            boolean reached = false;
            boolean onlyShareable = true;
            for (int i = 0; i < cands.size(); i++) {
                if (known[i] >= 0 && find(profileOf[known[i]]) == root) {
                    reached = true;
                    onlyShareable &= rules.type(cands.get(i).identifier().type()).shareable();
                }
            }
            if (!reached || !onlyShareable) {
                continue;
            }
            Disagreement.Claim mine = claimOf(root);
            String with = Disagreement.clearly(mine, eventClaim) ? "the event" : null;
            for (int other : roots) {
                if (with == null && other != root && Disagreement.clearly(mine, claimOf(other))) {
                    with = profileId(states[other].createdSequence);
                }
            }
            if (with != null) {
                return new Violation(RefusalRule.CONTESTED, "contested with " + profileId(states[root].createdSequence) + ": its first name and birth date"
                        + " clearly disagree with " + with + "'s (first names beyond a spelling, birth dates beyond a typo) and it is reached only"
                        + " through a shareable identifier");
            }
        }
        return null;
    }

    private boolean wouldHold(Identifier id, List<Integer> roots, List<Extraction.Candidate> cands, int[] known) {
        for (int i = 0; i < cands.size(); i++) {
            if (known[i] < 0 && cands.get(i).identifier().equals(id)) {
                return true;
            }
        }
        int existing = table.find(id);
        return existing >= 0 && roots.contains(find(profileOf[existing]));
    }

    private void record(ReferenceProfileState p, long sequence, Event e) {
        p.events.add(sequence);
        if (p.events.size() > 1 && p.events.getLong(p.events.size() - 2) > sequence) {
            p.eventsSorted = false;
        }
        long t = e.timestamp().toEpochMilli();
        p.firstSeenMillis = Math.min(p.firstSeenMillis, t);
        p.lastSeenMillis = Math.max(p.lastSeenMillis, t);
        p.eventsByType[e.type().ordinal()]++;
        p.sources.add(e.sourceId());
        p.brands.add(e.brand());
        JsonNode traits = e.traits();
        if (!traits.isEmpty()) {
            IdentityGraph.SourceInfo source = sources.apply(e.sourceId());
            String kind = source.kind() == null ? "" : source.kind().toLowerCase(Locale.ROOT);
            for (Iterator<Map.Entry<String, JsonNode>> it = traits.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                Trait incoming = new Trait(f.getValue(), e.sourceId(), e.timestamp(), rules.traitPriority(f.getKey(), e.sourceId(), kind));
                p.traits.merge(f.getKey(), incoming, Trait::newer);
            }
        }
    }

    private int newSlot(long sequence) {
        if (slots == states.length) {
            states = Arrays.copyOf(states, slots * 2);
            parent = Arrays.copyOf(parent, slots * 2);
        }
        int s = slots++;
        parent[s] = s;
        states[s] = new ReferenceProfileState(sequence);
        slotOfSequence.put(sequence, s);
        return s;
    }

    private void merge(int survivor, int absorbed, Decision.Merged decision) {
        ReferenceProfileState into = states[survivor];
        into.absorb(states[absorbed]);
        into.merges.add(decision);
        states[absorbed] = null;
        parent[absorbed] = survivor;
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

    private void ensureIdentifierCapacity(int n) {
        if (n > profileOf.length) {
            int len = Math.max(n, profileOf.length * 2);
            profileOf = Arrays.copyOf(profileOf, len);
            linkSequence = Arrays.copyOf(linkSequence, len);
            linkMinute = Arrays.copyOf(linkMinute, len);
            anchor = Arrays.copyOf(anchor, len);
        }
    }

    // ---- reading ----

    /** The surviving profile id for any id this graph ever gave out (merged-away ids resolve to the survivor). */
    public Optional<String> canonical(String profileId) {
        return slotOf(profileId).map(s -> profileId(states[s].createdSequence));
    }

    /** The profile holding an identifier (normalise the value first, see {@link #normalize}). */
    public Optional<String> lookup(Identifier id) {
        int i = table.find(id);
        return i < 0 ? Optional.empty() : Optional.of(profileId(states[find(profileOf[i])].createdSequence));
    }

    /** Normalises a value of a type as resolution does (emails lower-cased, phones to E.164 with the region). */
    public Optional<Identifier> normalize(String type, String value, String region) {
        return Normalizer.normalized(rules, type, value, region);
    }

    public Optional<Profile> profile(String profileId) {
        return slotOf(profileId).map(this::snapshot);
    }

    /** Log sequences of the profile's events, oldest first. */
    public long[] eventSequences(String profileId) {
        return slotOf(profileId).map(s -> states[s].sortedEvents().toLongArray()).orElse(new long[0]);
    }

    /** Every decision behind a profile: how each identifier was linked, each merge, and the latest refusals. */
    public List<Decision> explain(String profileId) {
        Optional<Integer> slot = slotOf(profileId);
        if (slot.isEmpty()) {
            return List.of();
        }
        ReferenceProfileState p = states[slot.get()];
        List<Decision> out = new ArrayList<>();
        for (IntArrayList ids : p.byType.values()) {
            for (int k = 0; k < ids.size(); k++) {
                int id = ids.getInt(k);
                out.add(new Decision.Linked(linkSequence[id], table.get(id), anchor[id] < 0 ? null : table.get(anchor[id])));
            }
        }
        out.addAll(p.merges);
        out.addAll(p.refusals);
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
        if (ia < 0 || ib < 0 || find(profileOf[ia]) != find(profileOf[ib])) {
            return List.of();
        }
        List<Decision> chain = new ArrayList<>();
        List<Decision.Merged> merges = states[find(profileOf[ia])].merges;
        List<Integer> starts = new ArrayList<>(List.of(ia, ib));
        for (Decision.Merged m : merges) {
            for (Identifier i : new Identifier[] {m.via(), m.with()}) {
                int found = i == null ? -1 : table.find(i);
                if (found >= 0) {
                    starts.add(found);
                }
            }
        }
        for (int id : starts) {
            for (int cur = id, guard = 0; cur >= 0 && guard < 10_000; cur = anchor[cur], guard++) {
                chain.add(new Decision.Linked(linkSequence[cur], table.get(cur), anchor[cur] < 0 ? null : table.get(anchor[cur])));
            }
        }
        chain.addAll(merges);
        chain.sort(Comparator.comparingLong(Decision::sequence));
        return chain.stream().distinct().toList();
    }

    /** Calls {@code sink} with (surviving profile id, identifier) for every linked identifier. */
    public void forEachIdentifier(java.util.function.BiConsumer<String, Identifier> sink) {
        for (int id = 0; id < table.size(); id++) {
            sink.accept(profileId(states[find(profileOf[id])].createdSequence), table.get(id));
        }
    }

    public int profileCount() {
        int n = 0;
        for (int s = 0; s < slots; s++) {
            if (states[s] != null) {
                n++;
            }
        }
        return n;
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

    /** Approximate bytes held per identifier by the identifier structures (table + per-identifier arrays). */
    public long identifierBytes() {
        return table.bytes() + (long) profileOf.length * (4 + 8 + 4 + 4);
    }

    private Optional<Integer> slotOf(String profileId) {
        if (profileId == null || !profileId.startsWith("p_")) {
            return Optional.empty();
        }
        long seq;
        try {
            seq = Long.parseLong(profileId.substring(2), 36);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        int s = slotOfSequence.get(seq);
        return s < 0 ? Optional.empty() : Optional.of(find(s));
    }

    private Profile snapshot(int slot) {
        ReferenceProfileState p = states[slot];
        List<ProfileIdentifier> ids = new ArrayList<>(p.identifierCount());
        for (IntArrayList list : p.byType.values()) {
            for (int k = 0; k < list.size(); k++) {
                int id = list.getInt(k);
                Identifier identifier = table.get(id);
                ids.add(new ProfileIdentifier(identifier.type(), identifier.value(), Instant.ofEpochSecond(linkMinute[id] * 60L), linkSequence[id]));
            }
        }
        ids.sort(Comparator.comparing(ProfileIdentifier::type).thenComparing(ProfileIdentifier::value));
        Map<String, Long> byType = new LinkedHashMap<>();
        long total = 0;
        for (int i = 0; i < TYPE_NAMES.length; i++) {
            if (p.eventsByType[i] > 0) {
                byType.put(TYPE_NAMES[i], p.eventsByType[i]);
            }
            total += p.eventsByType[i];
        }
        LongArrayList merged = new LongArrayList(p.mergedFrom);
        merged.sort(null);
        List<String> mergedIds = new ArrayList<>(merged.size());
        merged.forEach(s -> mergedIds.add(profileId(s)));
        return new Profile(profileId(p.createdSequence), List.copyOf(ids), Map.copyOf(new java.util.TreeMap<>(p.traits)),
                java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(p.sources)),
                java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(p.brands)),
                p.firstSeenMillis == Long.MAX_VALUE ? null : Instant.ofEpochMilli(p.firstSeenMillis),
                p.lastSeenMillis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(p.lastSeenMillis), total, byType, List.copyOf(mergedIds));
    }
}
