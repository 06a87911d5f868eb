package io.kith.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityProjection;
import io.kith.identity.ProbableLinks;
import io.kith.match.link.ProfileLinker;
import io.kith.profile.Profile;
import io.kith.profile.ProfileValueStore;
import io.kith.segment.ProfileValue.Namespace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the probabilistic matcher over every live profile, in the writer process: every
 * {@code every} (an hour), and when asked ({@code POST /api/v1/identity/probable-links/run}). A run replaces every
 * probable link in the store, counts the previous run's links whose profiles have since become one (promoted by a
 * deterministic merge), and writes each linked profile's highest link probability as the model value
 * {@value #VALUE} (segments: {@code model probable_link_max >= 0.9}), then has the derived values and segments evaluated
 * again. It also reports the identifier values that behave like shared ones ({@link #shared}), and stops linking those
 * behind people whose names and birth dates clearly disagree ({@link SharedValueStops}: a learned override, applied by a
 * rebuild like an operator's). Between runs it follows identity's change feed: a merge of two linked profiles promotes
 * their link at once ({@link #onProfileChanges}), and after a rebuild (an operator's decision) the links between profiles
 * an operator now keeps apart are dropped. Identity changes only through overrides (learned stops, auto-merges above
 * the threshold); a rejected pair is never proposed again ({@link io.kith.match.link.KeptApart}).
 */
final class ProbableLinksJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbableLinksJob.class);
    /** The model value holding a profile's highest probable-link probability. */
    static final String VALUE = "probable_link_max";
    private static final int PAGE = 10_000;

    /** Shared identifiers are reported from this many distinct first names or birth dates on. */
    static final int SHARED_MIN_NAMES = 3;
    static final int SHARED_MIN_BIRTHDAYS = 3;

    private final IdentityProjection identity;
    private final io.kith.event.EventStore events;
    private volatile List<ProbableLinks.SharedIdentifier> shared = List.of();
    /** Pairs of profiles a shared value joined until an {@code unlink} rule stopped it (derived after each run and rebuild). */
    private volatile List<ProbableLinks.ContestedLink> contested = List.of();
    /** The shared values already raised as identity alerts by this process (job thread only). */
    private final java.util.Set<String> alerted = new java.util.HashSet<>();
    private final ProbableLinks links;
    private final ProfileValueStore values;
    /** Every name, birth date and address each profile was given: profiles are compared on it, not only on their latest traits. */
    private final io.kith.profile.AttributeHistory history;
    private final ProfileLinker.Settings settings;
    private final Clock clock;
    private final Duration every;
    private final Runnable afterRun;
    /** Whether an identifier type is of the anonymous class (a cookie, a device id): a profile holding only those is not known. */
    private final java.util.function.Predicate<String> anonymousType;
    /** Saves the auto-merge threshold's decisions as identity overrides (a rebuild applies them). */
    private final io.kith.profile.api.ProfileRoutes.OverridesChanges decisions;
    /** Stops the values behind people who clearly disagree from linking by themselves. */
    private final SharedValueStops stops;
    /** Values stopped whose rebuild has not yet put the rule in force: their alerts wait for it (job thread only). */
    private List<SharedValueStops.Stopped> stopping = List.of();
    private final java.util.random.RandomGenerator random = new java.security.SecureRandom();
    private final Object wake = new Object();
    private boolean requested;
    /** Merges from identity's change feed, handled on the job's thread. */
    private final java.util.concurrent.ConcurrentLinkedQueue<io.kith.feed.ProfileChange.Merged> merges = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /**
     * Profiles created or given traits since they were last scored, with when identity first told: scored incrementally.
     * One entry a profile however many events touched it, so that a catch-up's backlog grows with its people.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> touched = new java.util.concurrent.ConcurrentHashMap<>();
    /** Whether the projector is far behind its log: merges and touched profiles then wait (see {@link #holding}). */
    private final java.util.function.BooleanSupplier catchingUp;

    /** The blocking index of the last run, kept up to date profile by profile (job thread only); null before a run. */
    private io.kith.match.link.LiveIndex index;
    /**
     * Profiles that have (or may have) a stored link, kept with the index (job thread only): a profile scored again with
     * no link, and none before, costs no write.
     */
    private final java.util.Set<String> linked = new java.util.HashSet<>();
    /** Set by a rebuild of identity (new overrides, perhaps a rejected link): the links kept apart are dropped. */
    private volatile boolean rebuilt;
    /** Links removed as promoted since the last run (job thread only); the next run's record counts them. */
    private int promotedSinceRun;
    private volatile boolean closed;
    private volatile String failure;
    private final Thread thread;

    ProbableLinksJob(IdentityProjection identity, io.kith.event.EventStore events, ProbableLinks links, ProfileValueStore values,
                     io.kith.profile.AttributeHistory history, ProfileLinker.Settings settings, Clock clock,
                     Duration every, Runnable afterRun, java.util.function.Predicate<String> anonymousType,
                     io.kith.profile.api.ProfileRoutes.OverridesChanges decisions, SharedValueStops.Settings stopping,
                     java.util.function.BooleanSupplier catchingUp) {
        this.catchingUp = catchingUp;
        this.stops = new SharedValueStops(identity, decisions, stopping);
        this.anonymousType = anonymousType;
        this.decisions = decisions;
        this.afterRun = afterRun;
        this.identity = identity;
        this.events = events;
        this.links = links;
        this.values = values;
        this.history = history;
        this.settings = settings;
        this.clock = clock;
        this.every = every;
        this.thread = Thread.ofPlatform().name("kith-probable-links").daemon().unstarted(this::work);
    }

    /**
     * The thresholds from the environment (or the system properties {@code kith.probable-link.min} and {@code .max}):
     * {@code KITH_PROBABLE_LINK_MIN} (default 0.5) and {@code KITH_PROBABLE_LINK_MAX} (default 1: auto-merge off; below 1,
     * pairs at or above it are merged as accepted matches).
     */
    static ProfileLinker.Settings settingsFromEnvironment() {
        ProfileLinker.Settings d = ProfileLinker.Settings.DEFAULTS;
        String min = System.getenv().getOrDefault("KITH_PROBABLE_LINK_MIN", System.getProperty("kith.probable-link.min"));
        String max = System.getenv().getOrDefault("KITH_PROBABLE_LINK_MAX", System.getProperty("kith.probable-link.max"));
        return new ProfileLinker.Settings(min == null || min.isBlank() ? d.minProbability() : Double.parseDouble(min.strip()),
                max == null || max.isBlank() ? d.maxProbability() : Double.parseDouble(max.strip()), d.minProfilesToTrain(), d.threads());
    }

    ProbableLinksJob start() {
        thread.start();
        return this;
    }

    /**
     * The identity change feed's subscriber: a merge of two linked profiles promotes their link at once (it is removed,
     * counted in the next run's record, and the survivor's model value written again) on the job's thread.
     */
    void onProfileChanges(List<io.kith.feed.ProfileChange> changes) {
        boolean any = false;
        for (io.kith.feed.ProfileChange c : changes) {
            if (c instanceof io.kith.feed.ProfileChange.Merged m) {
                merges.add(m);
                any = true;
            } else if (c instanceof io.kith.feed.ProfileChange.Rebuilt) {
                rebuilt = true;
                any = true;
            } else if (c instanceof io.kith.feed.ProfileChange.Created created) {
                touched.putIfAbsent(created.profileId(), System.nanoTime());
                any = true;
            } else if (c instanceof io.kith.feed.ProfileChange.Changed changed && !changed.traits().isEmpty()) {
                touched.putIfAbsent(changed.profileId(), System.nanoTime());
                any = true;
            } else if (c instanceof io.kith.feed.ProfileChange.Split split) {
                long now = System.nanoTime();
                split.intoIds().forEach(id -> touched.putIfAbsent(id, now));
                any = true;
            }
        }
        if (any) {
            synchronized (wake) {
                wake.notifyAll();
            }
        }
    }

    /**
     * Whether merges and touched profiles wait: while the projector is far behind its log, so that the cores go to it and
     * a profile touched by many events of the backlog is scored once, after it. Both wait in sets bounded by the
     * profiles, not the events. Measured with `bench rebuild` at 1 M events: scoring as the feed came took 10.5 s of the
     * 66 s of CPU the server used while the projector caught up (third after the JIT compiler and the projector
     * itself); handling them every 10 s instead still took 8.8 s, as most people of the bench are touched in any 10 s of
     * it. A run (hourly, or asked for) is not held.
     */
    private boolean holding() {
        return catchingUp.getAsBoolean();
    }

    /** Asks for a run now; returns at once. */
    void runNow() {
        synchronized (wake) {
            requested = true;
            wake.notifyAll();
        }
    }

    /** The identifier values of the last run that behave like shared ones (kept in memory: they are personal data). */
    List<ProbableLinks.SharedIdentifier> shared() {
        return shared;
    }

    /** The contested links: profiles a shared value joined until a rule stopped it linking, with their evidence. */
    List<ProbableLinks.ContestedLink> contested() {
        return contested;
    }

    /** Why the last run failed, while runs fail; null when the last one worked. */
    String failure() {
        return failure;
    }

    private void work() {
        Instant next = clock.instant().plus(every);
        try {
            // The links resolution held contested are in the graph from the start (snapshot or rebuild): list them now, not
            // only after the first run.
            contested = ContestedLinks.find(identity, ProfileLinker.priorIndex(List.of(), settings), clock.instant(), PAGE);
        } catch (RuntimeException e) {
            LOG.warn("contested links could not be listed at start; the next run lists them: {}", e.getMessage());
        }
        while (!closed) {
            try {
                boolean due;
                synchronized (wake) {
                    while (!requested && !closed && !rebuilt && (merges.isEmpty() && touched.isEmpty() || holding())) {
                        long left = Duration.between(clock.instant(), next).toMillis();
                        if (left <= 0) {
                            break;
                        }
                        wake.wait(Math.max(1, Math.min(left, holding() ? 1_000 : 60_000)));
                    }
                    due = requested || !clock.instant().isBefore(next);
                    if (due) {
                        requested = false;
                    }
                }
                if (closed) {
                    return;
                }
                boolean hold = holding();
                if (!hold) {
                    promoteMerged();
                }
                if (rebuilt) {
                    rebuilt = false;
                    dropKeptApart();
                    contested = ContestedLinks.find(identity, index != null ? index : ProfileLinker.priorIndex(List.of(), settings), clock.instant(), PAGE);
                    stopping = stops.alertInForce(stopping, contested);
                }
                if (due) {
                    touched.clear(); // the run covers them
                } else if (!hold) {
                    scoreTouched();
                }
                if (due) {
                    next = clock.instant().plus(every);
                    runOnce();
                }
                failure = null;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failure = e.getMessage();
                LOG.warn("probable links could not be computed; the next run tries again: {}", e.getMessage());
            }
        }
    }

    /**
     * The attribute history of every profile that was given more than one value of an attribute, read in pages: the
     * linker compares people on it. The others (most people: one name, one address) are compared on their traits alone,
     * which is the same comparison, and their histories are not held. A profile is written behind identity, so one
     * created since the rows were written has none yet.
     */
    private Map<String, List<io.kith.profile.AttributeHistory.Seen>> histories() {
        Map<String, List<io.kith.profile.AttributeHistory.Seen>> all = new HashMap<>();
        history.forEachPage(PAGE, page -> page.forEach((id, seen) -> {
            if (io.kith.profile.AttributeHistory.varies(seen)) {
                all.put(id, seen);
            }
        }));
        return all;
    }

    /** One run, on the calling thread. */
    ProbableLinks.Run runOnce() {
        long t0 = System.nanoTime();
        promoteMerged(); // first: the links it removes are not counted again below
        Instant now = clock.instant();
        List<Profile> profiles = liveProfiles();
        List<ProbableLinks.Link> previous = links.all();
        io.kith.match.link.KeptApart apart = new io.kith.match.link.KeptApart(identity.overrides().apart());
        ProfileLinker.Outcome out = ProfileLinker.link(profiles, histories(), settings, now, apart);
        index = out.index().orElse(null);
        EventScan.Result scan = EventScan.read(identity, events, anonymousType, stops.settings(), PAGE);
        // Behavioural links (an anonymous device on a known customer's IP) beside the trait links; a pair both find keeps the stronger.
        Map<String, Profile> byId = new HashMap<>();
        profiles.forEach(p -> byId.put(p.id(), p));
        Map<String, ProbableLinks.Link> all = new java.util.LinkedHashMap<>();
        out.links().forEach(l -> all.put(l.profileA() + " " + l.profileB(), l));
        int behavioural = 0;
        for (ProbableLinks.Link l : io.kith.match.link.Behaviour.link(scan.sightings(), io.kith.match.link.Behaviour.Settings.DEFAULTS, now)) {
            Profile a = byId.get(l.profileA());
            Profile b = byId.get(l.profileB());
            if (a == null || b == null || apart.test(a, b) || settings.maxProbability() < 1 && l.probability() >= settings.maxProbability()) {
                continue;
            }
            behavioural++;
            all.merge(l.profileA() + " " + l.profileB(), l, (x, y) -> x.probability() >= y.probability() ? x : y);
        }
        List<ProbableLinks.Link> found = all.values().stream().sorted(java.util.Comparator.comparingDouble(ProbableLinks.Link::probability).reversed()
                .thenComparing(ProbableLinks.Link::profileA).thenComparing(ProbableLinks.Link::profileB)).toList();
        linked.clear();
        for (ProbableLinks.Link l : found) {
            linked.add(l.profileA());
            linked.add(l.profileB());
        }
        // a link of the last run whose two profiles are now one: a deterministic event merged them
        autoMerge(out.above(), now);
        int detected = identity.read(g -> {
            int n = 0;
            for (ProbableLinks.Link l : previous) {
                Optional<String> a = g.canonical(l.profileA());
                if (a.isPresent() && a.equals(g.canonical(l.profileB()))) {
                    n++;
                }
            }
            return n;
        });
        int promoted = detected + promotedSinceRun; // those promoted at once by merges since the last run, too
        promotedSinceRun = 0;
        long number = links.lastRun().map(ProbableLinks.Run::run).orElse(0L) + 1;
        ProbableLinks.Run run = new ProbableLinks.Run(number, now, out.modelVersion(), settings.minProbability(), settings.maxProbability(),
                out.profiles(), out.candidatePairs(), found.size(), promoted, out.rejected(), out.aboveBand(),
                (System.nanoTime() - t0) / 1_000_000);
        shared = scan.shared(); // before the run is recorded: a reader that sees the run sees its report
        // a value stopped by an earlier run whose rebuild is not done yet is not stopped twice
        List<SharedValueStops.Stopped> stopped = stops.stop(shared.stream()
                .filter(s -> !SharedValueStops.among(stopping, new io.kith.identity.Identifier(s.type(), s.value()))).toList(), now);
        List<SharedValueStops.Stopped> waiting = new ArrayList<>(stopping);
        waiting.addAll(stopped);
        stopping = List.copyOf(waiting);
        raiseAlerts(shared, stopping);
        contested = ContestedLinks.find(identity, index != null ? index : ProfileLinker.priorIndex(List.of(), settings), clock.instant(), PAGE);
        links.replace(run, found);
        Map<String, Double> max = new HashMap<>();
        for (ProbableLinks.Link l : found) {
            max.merge(l.profileA(), l.probability(), Math::max);
            max.merge(l.profileB(), l.probability(), Math::max);
        }
        List<ProfileValueStore.Computed> computed = new ArrayList<>(max.size());
        max.forEach((id, p) -> computed.add(new ProfileValueStore.Computed(id, Namespace.MODEL, VALUE,
                JsonNodeFactory.instance.numberNode(Math.round(p * 10_000) / 10_000.0), 1, now)));
        values.replaceAll(Namespace.MODEL, VALUE, computed);
        afterRun.run(); // saved segments reading the value are evaluated again
        LOG.info("probable links run={} model={} profiles={} candidatePairs={} links={} behaviouralLinks={} promoted={} rejected={} aboveBand={} "
                + "sharedIdentifiers={} millis={}", number, out.modelVersion(), out.profiles(), out.candidatePairs(), found.size(), behavioural, promoted,
                out.rejected(), out.aboveBand(), shared.size(), (System.nanoTime() - t0) / 1_000_000);
        return run;
    }

    /**
     * The links between profiles that merges made one since they were computed: removed from the store and counted, and
     * the model value of the profiles involved written again (removed from a merged-away one).
     */
    private void promoteMerged() {
        java.util.Set<ProbableLinks.Link> gone = new java.util.LinkedHashSet<>();
        java.util.Set<String> absorbed = new java.util.TreeSet<>();
        java.util.Set<String> survivors = new java.util.TreeSet<>();
        for (io.kith.feed.ProfileChange.Merged m; (m = merges.poll()) != null; ) {
            absorbed.add(m.absorbedId());
            survivors.add(m.intoId());
            if (index != null) {
                index.remove(m.absorbedId());
                touched.putIfAbsent(m.intoId(), System.nanoTime()); // its record is the union now
            }
        }
        if (absorbed.isEmpty()) {
            return;
        }
        // one read for every absorbed profile: an import merges anonymous visitors into customers by the hundred thousand
        for (List<ProbableLinks.Link> of : links.of(absorbed).values()) {
            for (ProbableLinks.Link l : of) {
                boolean one = identity.read(g -> {
                    Optional<String> a = g.canonical(l.profileA());
                    return a.isPresent() && a.equals(g.canonical(l.profileB()));
                });
                if (one) {
                    gone.add(l);
                }
            }
        }
        links.remove(List.copyOf(gone));
        promotedSinceRun += gone.size();
        values.remove(Namespace.MODEL, VALUE, List.copyOf(absorbed));
        rewriteValues(survivors);
        if (!gone.isEmpty()) {
            LOG.info("probable links promoted by merges links={} (counted in the next run)", gone.size());
        }
    }

    /**
     * Each shared value found for the first time by this process becomes an identity alert ({@code SHARED_IDENTIFIER}) on
     * the profile holding it: counted in the metric by kind, logged with the type only, the value in the alert's detail.
     * A value Kith stopped (its rebuild done or to come) has its own alert ({@code SHARED_VALUE_STOPPED}) instead, and one
     * an admin let link again has none: the admin has seen it.
     */
    private void raiseAlerts(List<ProbableLinks.SharedIdentifier> found, List<SharedValueStops.Stopped> stopped) {
        for (ProbableLinks.SharedIdentifier s : found) {
            io.kith.identity.Identifier id = new io.kith.identity.Identifier(s.type(), s.value());
            Optional<String> holder = identity.read(g -> g.lookup(id));
            if (holder.isEmpty() || SharedValueStops.among(stopped, id) || identity.overrides().isAllowed(id) || !alerted.add(id.toString())) {
                continue; // no profile holds it (a rule stopped it linking), or already raised
            }
            long sequence = identity.read(IdentityGraph::lastSequence);
            identity.raise(new io.kith.identity.IdentityAlert(io.kith.identity.IdentityAlert.Kind.SHARED_IDENTIFIER, holder.get(), sequence, s.type(),
                    id + " behaves like a shared value: seen with " + s.firstNames() + " first names and " + s.birthdays() + " birth dates in "
                            + s.events() + " events; POST /api/v1/identity/shared-identifiers/block stops it linking by itself"));
        }
    }


    /**
     * The auto-merge threshold (off unless {@code KITH_PROBABLE_LINK_MAX} is below 1): each pair at or above it is saved
     * as an accepted match made by Kith ({@code ma_…}), all in one change of the overrides, and a rebuild joins them,
     * explained like an operator's. Withdrawing one rejects the pair, so it is not merged again.
     */
    private void autoMerge(List<ProbableLinks.Link> above, Instant now) {
        if (above.isEmpty() || decisions == null) {
            return;
        }
        List<io.kith.identity.IdentityOverrides.MatchDecision> made = identity.read(g -> {
            List<io.kith.identity.IdentityOverrides.MatchDecision> out = new ArrayList<>();
            for (ProbableLinks.Link l : above) {
                try {
                    out.add(io.kith.identity.MatchDecisions.decide(g, l.profileA(), l.profileB(), io.kith.identity.IdentityOverrides.Verdict.SAME,
                            l.probability(), now, io.kith.identity.MatchDecisions.newAutoId(random)));
                } catch (io.kith.error.KithException gone) {
                    // merged or erased since the run read it: nothing to join
                }
            }
            return out;
        });
        if (made.isEmpty()) {
            return;
        }
        decisions.submit(current -> {
            io.kith.identity.IdentityOverrides o = current;
            for (io.kith.identity.IdentityOverrides.MatchDecision d : made) {
                o = o.withMatch(d);
            }
            return o;
        });
        LOG.info("probable links auto-merged pairs={} (threshold {})", made.size(), settings.maxProbability());
    }

    /** Every live profile, read in pages (each page under the read lock). */
    private List<Profile> liveProfiles() {
        List<Profile> profiles = new ArrayList<>();
        long after = -1;
        while (true) {
            long from = after;
            List<Profile> page = identity.read(g -> g.profileIds(from, PAGE).stream().map(g::profile).flatMap(Optional::stream).toList());
            profiles.addAll(page);
            if (page.size() < PAGE) {
                return profiles;
            }
            after = IdentityGraph.createdSequence(page.getLast().id());
        }
    }

    /**
     * Incremental scoring: each profile created or given traits since it was last scored is put into the last run's
     * index and scored against the profiles sharing a blocking key with it; its links are replaced in the store and the
     * model values of the profiles involved written again. Logs the time from identity's change to the stored links.
     */
    /** The latest sequence of a {@code CONTESTED} refusal that the contested list was last computed after. */
    private long contestedUpTo = -1;

    /** Whether one of these profiles recorded a {@code CONTESTED} refusal after {@link #contestedUpTo} (which it then moves). */
    private boolean newContested(java.util.Collection<String> ids) {
        long newest = identity.read(g -> {
            long n = -1;
            for (String id : ids) {
                for (io.kith.identity.Decision d : g.explain(id)) {
                    if (d instanceof io.kith.identity.Decision.Refused r && r.rule() == io.kith.identity.RefusalRule.CONTESTED) {
                        n = Math.max(n, r.sequence());
                    }
                }
            }
            return n;
        });
        if (newest <= contestedUpTo) {
            return false;
        }
        contestedUpTo = newest;
        return true;
    }

    /**
     * The links one incremental pass found, by pair, with each profile's pairs: a profile scored again drops its earlier
     * pairs in time proportional to its own links (a scan of every link found per profile made a pass over the 165,000
     * profiles an import touched quadratic).
     */
    static final class FoundLinks {
        private final Map<String, ProbableLinks.Link> byPair = new java.util.LinkedHashMap<>();
        private final Map<String, java.util.Set<String>> pairsOf = new HashMap<>();

        private static String pair(ProbableLinks.Link l) {
            return l.profileA() + " " + l.profileB();
        }

        void put(ProbableLinks.Link l) {
            String key = pair(l);
            byPair.put(key, l);
            pairsOf.computeIfAbsent(l.profileA(), k -> new java.util.HashSet<>()).add(key);
            pairsOf.computeIfAbsent(l.profileB(), k -> new java.util.HashSet<>()).add(key);
        }

        void putIfAbsent(ProbableLinks.Link l) {
            if (!byPair.containsKey(pair(l))) {
                put(l);
            }
        }

        /** Drops every link of this profile found so far. */
        void removeOf(String profileId) {
            java.util.Set<String> keys = pairsOf.remove(profileId);
            if (keys == null) {
                return;
            }
            for (String key : keys) {
                ProbableLinks.Link l = byPair.remove(key);
                if (l != null) {
                    java.util.Set<String> other = pairsOf.get(l.other(profileId));
                    if (other != null) {
                        other.remove(key);
                    }
                }
            }
        }

        List<ProbableLinks.Link> links() {
            return List.copyOf(byPair.values());
        }

        int size() {
            return byPair.size();
        }
    }

    private void scoreTouched() {
        if (touched.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        if (index == null) {
            // No run since the start: index the live profiles once, with the prior model, until the first run.
            index = ProfileLinker.priorIndex(liveProfiles(), histories(), settings);
            linked.clear();
            for (ProbableLinks.Link l : links.all()) {
                linked.add(l.profileA());
                linked.add(l.profileB());
            }
            LOG.info("probable links indexed the live profiles for incremental scoring profiles={} millis={}", index.size(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
        long oldest = Long.MAX_VALUE;
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (Map.Entry<String, Long> t : touched.entrySet()) {
            if (touched.remove(t.getKey(), t.getValue())) { // touched again meanwhile: it stays for the next pass
                ids.add(t.getKey());
                oldest = Math.min(oldest, t.getValue());
            }
        }
        if (newContested(ids)) {
            // resolution held a link contested since the list was made: list it now, not at the next run
            contested = ContestedLinks.find(identity, index, clock.instant(), PAGE);
        }
        io.kith.match.link.KeptApart apart = new io.kith.match.link.KeptApart(identity.overrides().apart());
        Instant now = clock.instant();
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.Set<String> changed = new java.util.TreeSet<>();
        FoundLinks found = new FoundLinks();
        java.util.Set<String> values = new java.util.TreeSet<>();
        int scored = 0;
        long candidates = 0;
        // one read of the touched profiles' histories (a profile merged since it was touched is read alone below)
        Map<String, List<io.kith.profile.AttributeHistory.Seen>> histories = history.of(ids);
        // and one of the links the linked ones had: a read per profile cost a query each, about 11,000 after an import of
        // 100,000 customers
        Map<String, List<ProbableLinks.Link>> had = links.of(ids.stream().filter(linked::contains).toList());
        for (String id : ids) {
            Optional<Profile> p = identity.read(g -> g.canonical(id).flatMap(g::profile));
            if (p.isEmpty()) {
                index.remove(id); // erased
                continue;
            }
            String pid = p.get().id();
            if (!seen.add(pid)) {
                continue; // several ids merged into one: scored once
            }
            List<io.kith.profile.AttributeHistory.Seen> seenOf = ids.contains(pid) ? histories.getOrDefault(pid, List.of())
                    : history.of(List.of(pid)).getOrDefault(pid, List.of());
            io.kith.match.link.LiveIndex.Scored s = ProfileLinker.linkOne(index, p.get(), seenOf, other -> identity.read(g -> g.profile(other)), apart, now);
            scored++;
            candidates += s.candidates();
            // Scored later, with the newer records of both: what this scoring says of its pairs wins over an earlier one's.
            found.removeOf(pid);
            // Most profiles had no link and have none: nothing is written for them.
            if (s.links().isEmpty() && !linked.contains(pid)) {
                continue;
            }
            changed.add(pid);
            values.add(pid);
            for (ProbableLinks.Link l : s.links()) {
                found.put(l);
                values.add(l.other(pid));
            }
            if (linked.contains(pid)) {
                for (ProbableLinks.Link l : ids.contains(pid) ? had.getOrDefault(pid, List.of()) : links.of(pid)) {
                    values.add(l.other(pid)); // a partner it had: its highest probability may fall
                    if (l.modelVersion().equals(io.kith.match.link.Behaviour.VERSION)) {
                        found.putIfAbsent(l); // behavioural: traits did not make it, the next run judges it
                    }
                }
            }
        }
        if (!changed.isEmpty()) {
            List<ProbableLinks.Link> kept = found.links();
            links.replaceOf(changed, kept);
            linked.removeAll(changed);
            for (ProbableLinks.Link l : kept) {
                linked.add(l.profileA());
                linked.add(l.profileB());
            }
            rewriteValues(values);
        }
        int foundLinks = found.size();
        long done = System.nanoTime();
        // At info when links were written (or it was slow), else at debug: during an import this runs every few milliseconds.
        boolean notable = !changed.isEmpty() || done - t0 > 1_000_000_000L;
        (notable ? LOG.atInfo() : LOG.atDebug()).log("probable links scored incrementally profiles={} candidates={} links={} millis={} latencyMillis={}",
                scored, candidates, foundLinks,
                (done - t0) / 1_000_000, (done - oldest) / 1_000_000);
    }

    /**
     * The links between profiles that the overrides now keep apart (an operator rejected them), removed with their model
     * values written again; the next run does not propose them.
     */
    private void dropKeptApart() {
        io.kith.match.link.KeptApart apart = new io.kith.match.link.KeptApart(identity.overrides().apart());
        List<ProbableLinks.Link> gone = new ArrayList<>();
        java.util.Set<String> touched = new java.util.TreeSet<>();
        for (ProbableLinks.Link l : links.all()) {
            boolean kept = identity.read(g -> {
                Optional<Profile> a = g.profile(l.profileA());
                Optional<Profile> b = g.profile(l.profileB());
                return a.isPresent() && b.isPresent() && apart.test(a.get(), b.get());
            });
            if (kept) {
                gone.add(l);
                touched.add(l.profileA());
                touched.add(l.profileB());
            }
        }
        if (gone.isEmpty()) {
            return;
        }
        links.remove(gone);
        rewriteValues(touched);
        LOG.info("probable links kept apart by an operator removed links={}", gone.size());
    }

    /** Writes the model value of these profiles again from their stored links (removed where none is left). */
    private void rewriteValues(java.util.Collection<String> ids) {
        Instant now = clock.instant();
        List<ProfileValueStore.Computed> computed = new ArrayList<>();
        List<String> none = new ArrayList<>();
        Map<String, List<ProbableLinks.Link>> stored = links.of(ids);
        for (String id : ids) {
            double max = stored.getOrDefault(id, List.of()).stream().filter(l -> identity.read(g -> live(g, l.profileA()) && live(g, l.profileB())))
                    .mapToDouble(ProbableLinks.Link::probability).max().orElse(Double.NaN);
            if (Double.isNaN(max)) {
                none.add(id);
            } else {
                computed.add(new ProfileValueStore.Computed(id, Namespace.MODEL, VALUE,
                        JsonNodeFactory.instance.numberNode(Math.round(max * 10_000) / 10_000.0), 1, now));
            }
        }
        if (!none.isEmpty()) {
            values.remove(Namespace.MODEL, VALUE, none);
        }
        if (!computed.isEmpty()) {
            values.put(computed);
        }
    }

    private static boolean live(IdentityGraph g, String profileId) {
        return g.canonical(profileId).filter(profileId::equals).isPresent();
    }


    @Override
    public void close() {
        closed = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
