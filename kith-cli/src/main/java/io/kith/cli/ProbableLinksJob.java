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
 * Runs the probabilistic matcher over every live profile, in the writer process: at start, then every
 * {@code every} (an hour), and when asked ({@code POST /api/v1/identity/probable-links/run}). A run replaces every
 * probable link in the store, counts the previous run's links whose profiles have since become one (promoted by a
 * deterministic merge), and writes each linked profile's highest link probability as the model value
 * {@value #VALUE} (segments: {@code model probable_link_max >= 0.9}), then has the derived values and segments evaluated
 * again. It also reports the identifier values that behave like shared ones ({@link #shared}). It never changes identity.
 */
final class ProbableLinksJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbableLinksJob.class);
    /** The model value holding a profile's highest probable-link probability. */
    static final String VALUE = "probable_link_max";
    private static final int PAGE = 10_000;

    /** Shared identifiers are reported from this many distinct first names or birth dates on. */
    static final int SHARED_MIN_NAMES = 3;
    static final int SHARED_MIN_BIRTHDAYS = 3;
    private static final int SHARED_LIMIT = 1_000;

    private final IdentityProjection identity;
    private final io.kith.event.EventStore events;
    private volatile List<ProbableLinks.SharedIdentifier> shared = List.of();
    private final ProbableLinks links;
    private final ProfileValueStore values;
    private final ProfileLinker.Settings settings;
    private final Clock clock;
    private final Duration every;
    private final Runnable afterRun;
    private final Object wake = new Object();
    private boolean requested;
    private volatile boolean closed;
    private volatile String failure;
    private final Thread thread;

    ProbableLinksJob(IdentityProjection identity, io.kith.event.EventStore events, ProbableLinks links, ProfileValueStore values, ProfileLinker.Settings settings, Clock clock,
                     Duration every, Runnable afterRun) {
        this.afterRun = afterRun;
        this.identity = identity;
        this.events = events;
        this.links = links;
        this.values = values;
        this.settings = settings;
        this.clock = clock;
        this.every = every;
        this.thread = Thread.ofPlatform().name("kith-probable-links").daemon().unstarted(this::work);
    }

    /** The thresholds from the environment: {@code KITH_PROBABLE_LINK_MIN} (default 0.5) and {@code KITH_PROBABLE_LINK_MAX} (default 1: no auto-merge band). */
    static ProfileLinker.Settings settingsFromEnvironment() {
        ProfileLinker.Settings d = ProfileLinker.Settings.DEFAULTS;
        String min = System.getenv("KITH_PROBABLE_LINK_MIN");
        String max = System.getenv("KITH_PROBABLE_LINK_MAX");
        return new ProfileLinker.Settings(min == null || min.isBlank() ? d.minProbability() : Double.parseDouble(min.strip()),
                max == null || max.isBlank() ? d.maxProbability() : Double.parseDouble(max.strip()), d.minProfilesToTrain(), d.threads());
    }

    ProbableLinksJob start() {
        thread.start();
        return this;
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

    /** Why the last run failed, while runs fail; null when the last one worked. */
    String failure() {
        return failure;
    }

    private void work() {
        Instant next = clock.instant().plus(every);
        while (!closed) {
            try {
                synchronized (wake) {
                    while (!requested && !closed) {
                        long left = Duration.between(clock.instant(), next).toMillis();
                        if (left <= 0) {
                            break;
                        }
                        wake.wait(Math.min(left, 60_000));
                    }
                    requested = false;
                }
                if (closed) {
                    return;
                }
                next = clock.instant().plus(every);
                runOnce();
                failure = null;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failure = e.getMessage();
                LOG.warn("probable links could not be computed; the next run tries again: {}", e.getMessage());
            }
        }
    }

    /** One run, on the calling thread. */
    ProbableLinks.Run runOnce() {
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        List<Profile> profiles = new ArrayList<>();
        long after = -1;
        while (true) {
            long from = after;
            List<Profile> page = identity.read(g -> g.profileIds(from, PAGE).stream().map(g::profile).flatMap(Optional::stream).toList());
            profiles.addAll(page);
            if (page.size() < PAGE) {
                break;
            }
            after = IdentityGraph.createdSequence(page.getLast().id());
        }
        List<ProbableLinks.Link> previous = links.all();
        ProfileLinker.Outcome out = ProfileLinker.link(profiles, settings, now);
        // a link of the last run whose two profiles are now one: a deterministic event merged them
        int promoted = identity.read(g -> {
            int n = 0;
            for (ProbableLinks.Link l : previous) {
                Optional<String> a = g.canonical(l.profileA());
                if (a.isPresent() && a.equals(g.canonical(l.profileB()))) {
                    n++;
                }
            }
            return n;
        });
        long number = links.lastRun().map(ProbableLinks.Run::run).orElse(0L) + 1;
        ProbableLinks.Run run = new ProbableLinks.Run(number, now, out.modelVersion(), settings.minProbability(), settings.maxProbability(),
                out.profiles(), out.candidatePairs(), out.links().size(), promoted, out.rejected(), out.aboveBand(),
                (System.nanoTime() - t0) / 1_000_000);
        shared = sharedIdentifiers(); // before the run is recorded: a reader that sees the run sees its report
        links.replace(run, out.links());
        Map<String, Double> max = new HashMap<>();
        for (ProbableLinks.Link l : out.links()) {
            max.merge(l.profileA(), l.probability(), Math::max);
            max.merge(l.profileB(), l.probability(), Math::max);
        }
        List<ProfileValueStore.Computed> computed = new ArrayList<>(max.size());
        max.forEach((id, p) -> computed.add(new ProfileValueStore.Computed(id, Namespace.MODEL, VALUE,
                JsonNodeFactory.instance.numberNode(Math.round(p * 10_000) / 10_000.0), 1, now)));
        values.replaceAll(Namespace.MODEL, VALUE, computed);
        afterRun.run(); // saved segments reading the value are evaluated again
        LOG.info("probable links run={} model={} profiles={} candidatePairs={} links={} promoted={} rejected={} aboveBand={} sharedIdentifiers={} "
                + "millis={}", number, out.modelVersion(), out.profiles(), out.candidatePairs(), out.links().size(), promoted, out.rejected(),
                out.aboveBand(), shared.size(), (System.nanoTime() - t0) / 1_000_000);
        return run;
    }

    /**
     * Evidence against a merge: every stored event that says a first name or a birth date, with the identifiers it
     * carries, read as identity reads them; the values seen with many people are reported.
     */
    private List<ProbableLinks.SharedIdentifier> sharedIdentifiers() {
        io.kith.identity.IdentifierExtractor extractor = identity.read(IdentityGraph::extractor);
        io.kith.match.link.SharedIdentifiers learner = new io.kith.match.link.SharedIdentifiers();
        long next = 0;
        for (List<io.kith.event.StoredEvent> page; !(page = events.scan(next, PAGE)).isEmpty(); next = page.getLast().sequence() + 1) {
            for (io.kith.event.StoredEvent e : page) {
                com.fasterxml.jackson.databind.node.ObjectNode traits = e.event().traits();
                if (traits.isEmpty()) {
                    continue;
                }
                String name = io.kith.match.link.SharedIdentifiers.firstName(traits);
                String birthday = io.kith.match.link.SharedIdentifiers.birthday(traits);
                if (name == null && birthday == null) {
                    continue;
                }
                learner.observe(extractor.extract(e.event()).identifiers().stream().map(io.kith.identity.Extraction.Candidate::identifier).toList(),
                        name, birthday);
            }
        }
        return learner.report(SHARED_MIN_NAMES, SHARED_MIN_BIRTHDAYS, SHARED_LIMIT);
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
