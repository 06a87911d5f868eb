package io.kith.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.admin.Access;
import io.kith.admin.AdminRoutes;
import io.kith.event.EventParser;
import io.kith.event.IngestLimits;
import io.kith.event.LogRecordCodec;
import io.kith.identity.CardTokenizer;
import io.kith.identity.IdentityAlert;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.IdentityProjection;
import io.kith.identity.IdentityRules;
import io.kith.identity.IdentityStoreWriter;
import io.kith.identity.OverridesStore;
import io.kith.ingest.CollectionRoutes;
import io.kith.ingest.DiskWatermark;
import io.kith.log.FileEventLog;
import io.kith.log.LogOptions;
import io.kith.ops.OpsRoutes;
import io.kith.profile.api.ProfileRoutes;
import io.kith.projection.CatchUp;
import io.kith.projection.FollowerState;
import io.kith.projection.Projector;
import io.kith.projection.RowsCatchUp;
import io.kith.server.KithServer;
import io.kith.server.Router;
import io.kith.source.Source;
import io.kith.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Kith: the composition root. It opens the event log and the store, rebuilds identity resolution from
 * the stored events, starts the projector (log → events table → identity) and the HTTP server, and closes them
 * in the reverse order.
 */
public final class KithApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KithApp.class);

    /** Everything a Kith process is configured with. */
    /**
     * @param store null for the embedded DuckDB store in the data directory, or a PostgreSQL URL (see {@link Stores#open})
     * @param edge  CORS origins, rate limit and disk floor of the HTTP edge
     */
    public record Settings(Path dataDir, String host, int port, String adminKey, Path sourcesFile, IngestLimits limits,
                           long maxInflightBytes, String store, EdgeSettings edge) {
        public Settings(Path dataDir, String host, int port, String adminKey, Path sourcesFile, IngestLimits limits, long maxInflightBytes) {
            this(dataDir, host, port, adminKey, sourcesFile, limits, maxInflightBytes, null);
        }

        public Settings(Path dataDir, String host, int port, String adminKey, Path sourcesFile, IngestLimits limits, long maxInflightBytes,
                        String store) {
            this(dataDir, host, port, adminKey, sourcesFile, limits, maxInflightBytes, store, EdgeSettings.DEFAULTS);
        }

        public static Settings of(Path dataDir, int port, String adminKey) {
            return new Settings(dataDir, "0.0.0.0", port, adminKey, null, IngestLimits.SEGMENT, 256L << 20, null);
        }

        public Settings withSourcesFile(Path file) {
            return new Settings(dataDir, host, port, adminKey, file, limits, maxInflightBytes, store, edge);
        }

        public Settings withStore(String location) {
            return new Settings(dataDir, host, port, adminKey, sourcesFile, limits, maxInflightBytes, location, edge);
        }

        public Settings withEdge(EdgeSettings settings) {
            return new Settings(dataDir, host, port, adminKey, sourcesFile, limits, maxInflightBytes, store, settings);
        }
    }

    /** How often a process on a shared store looks for the events other processes stored. */
    private static final long FOLLOW_MILLIS = 20;
    /** How often changed profiles are written into the store. */
    private static final long PROFILE_WRITE_MILLIS = 200;
    /**
     * Events the projector may be behind the log before the work that follows it holds ({@link CatchUp}): while it catches
     * up (a start after downtime, a burst) the profile rows, segments and search index wait, so that the cores go to the
     * events table and identity, and a profile touched by many of the events is written once rather than at every flush.
     */
    private static final long CATCHING_UP_LAG = 100_000;

    /**
     * Whether the projector is more than {@link #CATCHING_UP_LAG} events behind the log: the work that follows it and can
     * wait (profile rows, the search index, the erasure's summary of the log) steps back so that the cores go to it.
     */
    private boolean catchingUp() {
        Projector p = following;
        return p != null && log.endSequence() - p.appliedSequence() > CATCHING_UP_LAG;
    }

    /**
     * Whether the work that follows identity would be done for nothing now: the projector is far behind its log
     * ({@link #catchingUp}), or an identity rebuild is under way, whose swap rewrites every profile row and tells the
     * segment engine, the search index and probable links what changed: they would otherwise spend the two cores on the
     * graph being replaced, beside the rebuild. Measured with {@code bench rebuild} at 3 M events: two rebuilds in a row
     * 8.7–9.5 s each against 9.1–14.7 s before. A whole pass under way (the segment engine's, the search index's) waits
     * between two pages and gives way to the one the rebuild's {@code Rebuilt} sets off; probable links' scoring index,
     * one query over the store, runs to its end.
     */
    private boolean catchingUpOrRebuilding() {
        return catchingUp() || identity.rebuilding();
    }

    /** {@link #catchingUpOrRebuilding} as the profile writer's rule: it holds while it is true, at most {@link CatchUp#MAX_HOLD}. */
    private final CatchUp catchUp = CatchUp.of(this::catchingUpOrRebuilding);

    /**
     * The profile rows' catch-up after the projector's: the followers after the rows hold while it lasts. A flush of at
     * most 10,000 profiles ends it: the first flush after a catch-up writes every person it touched, the next those the
     * projector's last {@link #CATCHING_UP_LAG} events touched meanwhile, the third almost none.
     */
    private final RowsCatchUp rowsCatchUp = new RowsCatchUp(10_000);

    /** Whether this process writes the profile rows and is writing those a catch-up touched ({@link RowsCatchUp}); not after a failed flush. */
    private boolean rowsBehind() {
        return writingRows && rowsCatchUp.catchingUp() && profileWriterFailure == null;
    }

    /**
     * The rule of the followers after the profile rows (segment engine, probable links, search index, the erasure's
     * summary of the log): they hold while the projector catches up or identity is rebuilt, then while the rows catch up
     * ({@link RowsCatchUp}).
     */
    private boolean catchingUpOrRowsBehind() {
        return catchingUpOrRebuilding() || rowsBehind();
    }

    /** {@link #catchingUpOrRowsBehind} as the rule the followers after the profile rows share, at most {@link CatchUp#MAX_HOLD}. */
    private final CatchUp afterRows = CatchUp.of(this::catchingUpOrRowsBehind);

    /**
     * Where the followers stand, as {@code /health} and the console's dashboard say it: the rules above, asked in their
     * order, so that what is reported and what the followers do cannot drift apart.
     */
    FollowerState followers() {
        Projector p = following;
        long behind = p == null ? 0 : Math.max(0, log.endSequence() - p.appliedSequence());
        FollowerState.Hold hold = catchingUp() ? FollowerState.Hold.CATCHING_UP : identity.rebuilding() ? FollowerState.Hold.REBUILDING
                : rowsBehind() ? FollowerState.Hold.ROWS_CATCHING_UP : FollowerState.Hold.NONE;
        return FollowerState.of(hold, behind, CATCHING_UP_LAG);
    }
    /** Whether this process writes the profile rows (it holds the store's writer lease). */
    private volatile boolean writingRows;
    /**
     * The projector, from the moment it is made: the followers started before it runs (the segment engine's start pass)
     * ask {@link #catchingUp} too, and {@link #projector} is set only once everything is started.
     */
    private volatile Projector following;

    private final Settings settings;
    private final FileEventLog log;
    private final Store store;
    private final Projector projector;
    private final IdentityProjection identity;
    private final KithServer server;
    private final PrometheusMeterRegistry registry;
    private final CardTokenizer cards;
    private volatile boolean closed;
    private final Thread follower;
    private final Thread profileWriter;
    private final IdentityStoreWriter identityWriter;
    private final IdentityRebuilds rebuilds;
    /** This process's identity snapshot (its data directory), and what keeps it recent. */
    private final IdentitySnapshotFile snapshots;
    private final io.kith.identity.IdentitySnapshotJob snapshotJob;
    /** A snapshot once this many events were applied since the last, at most once per interval (and one at shutdown). */
    static final long SNAPSHOT_EVERY_EVENTS = 1_000_000;
    /** The sequence of the snapshot this start loaded identity from, or -1 when it rebuilt from every event. */
    private final long identitySnapshotLoaded;
    static final java.time.Duration SNAPSHOT_MIN_INTERVAL = java.time.Duration.ofMinutes(10);
    /** The gate that keeps suppressed people out, at the collection API and in the projection. */
    private final io.kith.privacy.Suppressions suppressions;
    /** Writes the audit log in the background. */
    private final io.kith.audit.AuditTrail auditTrail;
    /** Carries out privacy regulations in the background. */
    private final PrivacyWorker erasures;
    /** The search box over every live profile, kept current from identity's change feed. */
    private final io.kith.search.lucene.LuceneProfileSearch search;
    private final io.kith.console.Console console;
    /** Keeps segment memberships; null in a process that does not write the profiles (another one does). */
    private final io.kith.segment.SegmentEngine segments;
    /** Runs the models daily and when asked; null where {@link #segments} is. */
    private final ModelWorker models;
    /** Computes probable links (kith-match) hourly and on request; null where segments is null. */
    private final ProbableLinksJob probableLinks;
    private final java.util.concurrent.atomic.AtomicLong profileFlushes = new java.util.concurrent.atomic.AtomicLong();
    private final Object flushRequest = new Object();
    private boolean flushRequested;
    /** The version of the identity rules this process resolves with, and the newest another process saved (0: none). */
    private volatile long rulesVersion;
    private volatile long newerRulesSeen;
    /** Why the profile writer's last try failed, while it fails (null once a try succeeds). */
    private volatile String profileWriterFailure;

    private KithApp(Settings settings) {
        this.settings = settings;
        // Request threads are virtual: Jackson's default thread-local buffer pool would give each request fresh
        // buffers, so share a pool across threads instead.
        ObjectMapper mapper = new ObjectMapper(JsonFactory.builder().recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer commits = Timer.builder("kith.log.commit").description("Group commit: write and fsync of the event log")
                .publishPercentileHistogram().register(registry);
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new io.kith.error.KithException(io.kith.error.ErrorCode.STORAGE_FAILURE, "cannot create " + settings.dataDir(), e);
        }
        log = FileEventLog.open(settings.dataDir().resolve("log"), LogOptions.DEFAULTS,
                (records, bytes, nanos) -> commits.record(nanos, TimeUnit.NANOSECONDS));
        Store opened = null;
        Projector started = null;
        Thread writerJob = null;
        IdentityRebuilds rebuildJob = null;
        io.kith.segment.SegmentEngine segmentEngine = null;
        ProbableLinksJob linksJob = null;
        io.kith.search.lucene.LuceneProfileSearch searchIndex = null;
        PrivacyWorker erasureJob = null;
        ModelWorker modelJob = null;
        io.kith.audit.AuditTrail trail = null;
        try {
            opened = Stores.open(settings.store(), settings.dataDir());
            LOG.info("store opened store=\"{}\" shared={}", opened.describe(), opened.shared());
            if (settings.sourcesFile() != null) {
                for (Source s : SourcesFile.read(settings.sourcesFile(), mapper)) {
                    opened.sources().put(s);
                }
            }
            store = opened;
            RulesInForce inForce = rulesInForce(settings.dataDir(), store);
            IdentityRules rules = inForce.rules();
            rulesVersion = inForce.version();
            cards = new CardTokenizer(Secrets.cardTokenKey(settings.dataDir()), rules.cardFields());
            identity = new IdentityProjection(rules, IdentityOverrides.NONE, IdentityGraph.SourceInfo.of(store.sources()), this::onAlert);
            OverridesStore.Versioned overrides = OverridesFile.moveIntoStore(settings.dataDir(), store);
            // Profile rows made under other rules are rewritten whole; else only those changed after the rows' position.
            if (inForce.changed()) {
                LOG.info("identity rules changed (now version {}): every stored profile is written again", inForce.version());
            }
            snapshots = new IdentitySnapshotFile(settings.dataDir());
            long snapshotAt = startIdentity(overrides, inForce.changed() ? 0 : store.identity().appliedSequence());
            identitySnapshotLoaded = snapshotAt;
            snapshotJob = new io.kith.identity.IdentitySnapshotJob(identity, store.events(), snapshots, SNAPSHOT_EVERY_EVENTS,
                    SNAPSHOT_MIN_INTERVAL, Clock.systemUTC(), snapshotAt);
            identityWriter = new IdentityStoreWriter(identity, store.identity());
            rebuildJob = new IdentityRebuilds(store.overrides(), overrides.version(), o -> identity.rebuild(store.events(), o), Clock.systemUTC());
            rebuilds = rebuildJob;
            started = new Projector(log, store.events(), new LogRecordCodec(mapper), 10_000);
            following = started;
            suppressions = Privacy.suppressions(settings.dataDir(), store, rules);
            started.admit(suppressions);
            if (store.shared()) {
                // Other processes store events too: identity follows the store's one order, so that every process
                // resolves the same events in the same order and holds the same profiles.
                follower = Thread.ofPlatform().name("kith-identity-follower").daemon().start(this::follow);
            } else {
                started.addListener(identity);
                started.addListener(snapshotJob); // after identity, on the projector's thread: see IdentitySnapshotJob
                follower = null;
            }
            // Segments follow identity's change feed from here on; the rows written before are evaluated whole at start.
            if (store.identity().acquireWriter()) {
                int installed = io.kith.derive.Defaults.install(store.definitions(), Clock.systemUTC().instant());
                if (installed > 0) {
                    LOG.info("installed the default computed traits and labels definitions={}", installed);
                }
                segmentEngine = new io.kith.segment.SegmentEngine(store.segments(), store.segmentQueries(),
                        new io.kith.segment.PersonViews(identity, store.events(), store.values()),
                        new io.kith.derive.Derivations(store.definitions(), store.values(), io.kith.derive.Derivations.RfmSource.DEFAULT),
                        Clock.systemUTC(), java.time.Duration.ofMinutes(1), java.time.Duration.ofHours(1), store.identity()::appliedSequence,
                        afterRows);
                identity.changes().subscribe(segmentEngine::onProfileChanges);
                segmentEngine.start(identity.read(IdentityGraph::lastSequence) + 1);
                io.kith.segment.SegmentEngine engine = segmentEngine;
                io.kith.segment.PersonViews people = new io.kith.segment.PersonViews(identity, store.events(), store.values());
                // Each source's kind, read once per source (a model run asks for every event): the propensity's channel mix.
                java.util.Map<String, io.kith.source.SourceKind> kinds = new java.util.concurrent.ConcurrentHashMap<>();
                modelJob = new ModelWorker(new io.kith.model.run.ModelRun(store.definitions(), store.values(), () -> people.people(1_000),
                        engine::rfmSettings, ModelWorker.labels(engine, store.definitions()),
                        id -> identity.read(g -> g.profile(id).isPresent()), ids -> ModelWorker.identifiers(identity, ids),
                        ModelWorker.region(store.sources().all()),
                        source -> kinds.computeIfAbsent(source, k -> store.sources().byId(k).map(io.kith.source.Source::kind)
                                .orElse(io.kith.source.SourceKind.OTHER)),
                        Clock.systemUTC()),
                        store.definitions(), store.values(), engine, Clock.systemUTC(), DailyModels.fromEnvironment(System.getenv()));
                linksJob = new ProbableLinksJob(identity, store.events(), store.probableLinks(), store.values(), store.history(), ProbableLinksJob.settingsFromEnvironment(),
                        Clock.systemUTC(), java.time.Duration.ofHours(1), segmentEngine::recomputeNow,
                        t -> rules.type(t).kind() == io.kith.identity.IdentifierClass.ANONYMOUS, rebuilds, SharedValueStops.Settings.fromEnvironment(),
                        this::catchingUpOrRowsBehind).start();
                identity.changes().subscribe(linksJob::onProfileChanges);
            }
            segments = segmentEngine;
            models = modelJob;
            probableLinks = linksJob;
            started.start();
            projector = started;
            // After the projector is set: the writer asks it how far behind the log it is.
            writerJob = Thread.ofPlatform().name("kith-profile-writer").daemon().start(this::writeProfiles);
            profileWriter = writerJob;
            registry.gauge("kith.log.end.sequence", log, l -> l.endSequence());
            registry.gauge("kith.projection.applied.sequence", started, p -> p.appliedSequence());
            registry.more().counter("kith.projection.set.aside", List.of(), started, p -> p.setAsideCount());
            registry.gauge("kith.identity.profiles", identity, i -> i.read(IdentityGraph::profileCount));
            registry.gauge("kith.identity.identifiers", identity, i -> i.read(IdentityGraph::identifierCount));
            for (FollowerState.Hold hold : FollowerState.Hold.values()) {
                if (hold != FollowerState.Hold.NONE) {
                    // 1 while the followers hold for this reason: an alert on a hold that lasts is an alert on derived data trailing
                    io.micrometer.core.instrument.Gauge.builder("kith.followers.holding", this, app -> app.followers().hold() == hold ? 1 : 0)
                            .description("Whether the work that follows the log (profile rows, segments, search, probable links) holds, by reason")
                            .tag("hold", hold.name()).register(registry);
                }
            }
            Access access = new Access(settings.adminKey(), store.apiKeys());
            List<String> regions = store.sources().all().stream().map(Source::defaultRegion).filter(r -> r != null).distinct().toList();
            trail = new io.kith.audit.AuditTrail(store.audit());
            auditTrail = trail;
            erasureJob = new PrivacyWorker(store.regulations(), new io.kith.privacy.Erasure(identity, store.events(), log, new LogRecordCodec(mapper),
                    store.regulations(), store.personalData(), suppressions, erasurePipeline(), regions, Clock.systemUTC()), suppressions,
                    trail, new io.kith.privacy.Retention(log, new LogRecordCodec(mapper), store.personalData(), store.events(), identity, store.audit(), erasurePipeline(),
                    Clock.systemUTC()), () -> retentionPolicy(store), settings.dataDir().resolve("erasures-followed"),
                    // only where this process writes the derived values: another's newer profiles are not yet in its graph
                    () -> store.identity().acquireWriter()
                            ? store.personalData().purgeOrphans(id -> identity.read(g -> g.canonical(id).isPresent())) : 0,
                    this::catchingUpOrRowsBehind, Clock.systemUTC());
            erasures = erasureJob;
            registry.more().counter("kith.projection.suppressed", List.of(), started, p -> p.suppressedCount());
            searchIndex = io.kith.search.lucene.LuceneProfileSearch.start(identity, regions, afterRows);
            search = searchIndex;
            // The web console at /: staff accounts and sessions, lookup, the customer view, segments, dashboard, sources.
            console = new io.kith.console.Console(new io.kith.console.Console.Parts(store, identity,
                    searchIndex, segmentEngine, rebuilds,
                    rules.types().keySet(), erasureJob::wake, modelJob, linksJob == null ? io.kith.console.Console.SharedValues.NONE
                    : new io.kith.console.Console.SharedValues(linksJob::shared, linksJob::contested), trail, this::followers),
                    io.kith.console.Passwords.DEFAULT, Clock.systemUTC(),
                    io.kith.console.ConsoleSettings.fromEnvironment(System.getenv()));
            server = KithServer.builder()
                    .host(settings.host())
                    .port(settings.port())
                    .mapper(mapper)
                    .clock(Clock.systemUTC())
                    .corsOrigins(settings.edge().corsOrigins())
                    .authenticator(access)
                    .audit(trail)
                    .routes(new CollectionRoutes(log, store.sources(), mapper, new EventParser(cards), settings.limits(), registry,
                            new CollectionRoutes.Guards(settings.maxInflightBytes(), settings.edge().rateLimit(),
                                    DiskWatermark.of(settings.dataDir().resolve("log"), settings.edge().minFreeDisk())))
                            .admitting(suppressions, suppressions::admitsRaw))
                    .routes(new io.kith.privacy.api.RegulationRoutes(store.regulations(), rules.types().keySet(), erasureJob::wake, mapper,
                            Clock.systemUTC()))
                    .routes(new io.kith.privacy.api.RetentionRoutes(store.definitions(), erasureJob::applyRetention,
                            () -> erasures.lastRetention(), mapper, Clock.systemUTC()))
                    .routes(new io.kith.privacy.api.AccessRoutes(new io.kith.privacy.SubjectAccess(identity, store.events(), store.values(),
                            store.segments()), regions, mapper, Clock.systemUTC()))
                    .routes(new AdminRoutes(store.sources(), store.quarantine(), store.apiKeys(), mapper))
                    .routes(new ProfileRoutes(identity, store.events(), mapper, regions.isEmpty() ? List.of("ZZ") : regions,
                            rebuilds))
                    .routes(segmentRoutes(segmentEngine, mapper, rules.types().keySet()))
                    .routes(modelJob == null ? router -> { } : new io.kith.prediction.api.ModelRoutes(modelJob, store.definitions(), identity, mapper))
                    .routes(new io.kith.profile.api.SearchRoutes(searchIndex, identity, mapper))
                    .routes(new io.kith.profile.api.ProbableLinkRoutes(store.probableLinks(), identity, linksJob == null ? null : linksJob::runNow,
                            linksJob == null ? List::of : linksJob::shared, mapper, rebuilds, Clock.systemUTC(),
                            linksJob == null ? List::of : linksJob::contested))
                    .routes(new io.kith.audit.api.AuditRoutes(store.audit(), mapper))
                    .routes(new OpsRoutes(registry, this::health, mapper))
                    .pages(console)
                    .build()
                    .start();
            LOG.info("serving, identity in force, {} ms after the process started", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        } catch (RuntimeException e) {
            closed = true;
            if (modelJob != null) {
                modelJob.close();
            }
            if (erasureJob != null) {
                erasureJob.close();
            }
            if (trail != null) {
                trail.close();
            }
            if (linksJob != null) {
                linksJob.close();
            }
            if (segmentEngine != null) {
                segmentEngine.close();
            }
            if (searchIndex != null) {
                searchIndex.close();
            }
            if (rebuildJob != null) {
                rebuildJob.close();
            }
            if (started != null) {
                started.close();
            }
            if (writerJob != null) {
                try {
                    writerJob.join(30_000); // its last flush, before the store closes under it
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (opened != null) {
                opened.close();
            }
            log.close();
            throw e;
        }
    }

    /**
     * Puts identity in force at start: from this process's snapshot and the events stored after it when the snapshot
     * holds (see {@link io.kith.identity.IdentitySnapshot}), else from every stored event, with the reason logged.
     *
     * @param keepStoredBefore the stored profile rows' position (0: rewrite them all)
     * @return the sequence of the snapshot it started from, or -1
     */
    private long startIdentity(OverridesStore.Versioned overrides, long keepStoredBefore) {
        long t0 = System.nanoTime();
        String refused = "there is none";
        java.util.Optional<io.kith.identity.IdentitySnapshots.Saved> saved;
        try {
            saved = snapshots.latest();
        } catch (RuntimeException e) {
            saved = java.util.Optional.empty();
            refused = e.getMessage();
        }
        if (saved.isPresent()) {
            try (io.kith.identity.IdentitySnapshots.Saved s = saved.get()) {
                io.kith.identity.IdentitySnapshot.Outcome outcome = identity.restore(s.in(), s.length(), store.events(), overrides.overrides(),
                        keepStoredBefore);
                if (outcome instanceof io.kith.identity.IdentitySnapshot.Outcome.Loaded loaded) {
                    LOG.info("identity loaded from its snapshot at sequence {} and caught up to {} profiles={} overridesVersion={} millis={}",
                            loaded.sequence(), identity.read(IdentityGraph::lastSequence), identity.read(IdentityGraph::profileCount),
                            overrides.version(), (System.nanoTime() - t0) / 1_000_000);
                    return loaded.sequence();
                }
                refused = ((io.kith.identity.IdentitySnapshot.Outcome.Refused) outcome).reason();
            } catch (IOException e) {
                refused = "it could not be closed: " + e.getMessage();
            }
        }
        LOG.info("identity snapshot not used ({}): rebuilding identity from every stored event", refused);
        long replayed = identity.rebuild(store.events(), overrides.overrides(), keepStoredBefore);
        LOG.info("identity rebuilt from the events table events={} profiles={} overridesVersion={} millis={}", replayed,
                identity.read(IdentityGraph::profileCount), overrides.version(), (System.nanoTime() - t0) / 1_000_000);
        return -1;
    }

    /** The segment API; without an engine (not the writing process) its changes are refused with the reason. */
    private java.util.function.Consumer<io.kith.server.Router> segmentRoutes(io.kith.segment.SegmentEngine engine,
                                                                              com.fasterxml.jackson.databind.ObjectMapper mapper,
                                                                              java.util.Set<String> identifierTypes) {
        if (engine == null) {
            return router -> { };
        }
        io.kith.segment.api.SegmentRoutes segmentRoutes = new io.kith.segment.api.SegmentRoutes(engine, store.segments(), store.segmentQueries(),
                identity, identifierTypes, mapper, Clock.systemUTC());
        io.kith.derive.api.DerivationRoutes derivationRoutes = new io.kith.derive.api.DerivationRoutes(engine, store.definitions(), store.values(),
                identity, mapper);
        return router -> {
            segmentRoutes.accept(router);
            derivationRoutes.accept(router);
        };
    }

    /** The retention policy in force: the store's latest version, or none. */
    static io.kith.privacy.RetentionPolicy retentionPolicy(Store store) {
        return store.definitions().latest(io.kith.derive.Definitions.Kind.RETENTION, io.kith.privacy.api.RetentionRoutes.NAME)
                .map(d -> io.kith.privacy.RetentionPolicy.fromJson(d.body())).orElse(io.kith.privacy.RetentionPolicy.NONE);
    }

    /** What an erasure needs of this process beside the stores: the projector, identity's rebuilds, the derived values. */
    private io.kith.privacy.Erasure.Pipeline erasurePipeline() {
        return new io.kith.privacy.Erasure.Pipeline() {
            @Override
            public void awaitProjected() {
                long end = log.endSequence();
                try {
                    if (!projector.awaitApplied(end, java.time.Duration.ofMinutes(10))) {
                        throw new io.kith.error.KithException(io.kith.error.ErrorCode.INTERNAL, "the store did not reach log sequence " + end
                                + " within 10 minutes");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new io.kith.error.KithException(io.kith.error.ErrorCode.INTERNAL, "interrupted");
                }
                if (store.shared()) {
                    identity.catchUp(store.events());
                }
            }

            @Override
            public void rebuildIdentity() {
                try {
                    rebuilds.rebuildNowAndWait(java.time.Duration.ofMinutes(30));
                    KithApp.this.awaitProfilesWritten(java.time.Duration.ofMinutes(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new io.kith.error.KithException(io.kith.error.ErrorCode.INTERNAL, "interrupted");
                }
            }

            @Override
            public void awaitProfilesWritten() {
                try {
                    KithApp.this.awaitProfilesWritten(java.time.Duration.ofMinutes(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new io.kith.error.KithException(io.kith.error.ErrorCode.INTERNAL, "interrupted");
                }
            }

            @Override
            public void identityErased() {
                // The start-up snapshot holds the erased people's identifiers: deleted now, written anew by its job later.
                snapshotJob.forget();
            }

            @Override
            public void afterDerived(Runnable then) {
                if (segments == null) {
                    then.run();
                    return;
                }
                Thread.ofVirtual().name("kith-erasure-after-derived").start(() -> {
                    try {
                        segments.awaitIdle(java.time.Duration.ofHours(2));
                        then.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        LOG.warn("deleting what the derived values wrote of erased people during an erasure failed: {}", e.getClass().getSimpleName());
                    }
                });
            }
        };
    }

    /**
     * Has the models and the probable links run now rather than at their schedule (the demo, once its data is in):
     * in the background, as when asked through the API.
     */
    public void runJobsNow() {
        if (models != null) {
            models.request(java.util.Optional.empty());
        }
        if (probableLinks != null) {
            probableLinks.runNow();
        }
    }

    /** The suppression gate (for the offline commands' tests and the importer through the server). */
    public io.kith.privacy.Suppressions suppressions() {
        return suppressions;
    }

    /** The audit trail (tests flush it). */
    public io.kith.audit.AuditTrail auditTrail() {
        return auditTrail;
    }

    /** The search over every live profile. */
    public io.kith.search.ProfileSearch search() {
        return search;
    }

    /** The segment engine, when this process keeps memberships. */
    public java.util.Optional<io.kith.segment.SegmentEngine> segments() {
        return java.util.Optional.ofNullable(segments);
    }

    /** Rebuilds identity when another process saved newer overrides in the shared store. */
    private void adoptNewerOverrides() {
        rebuilds.adopt(store.overrides().current().version());
        long stored = store.rules().current().version();
        if (stored != rulesVersion && stored != newerRulesSeen) {
            newerRulesSeen = stored;
            LOG.warn("identity rules version {} was saved in the shared store by another process; this one resolves with version {} "
                    + "until it is restarted", stored, rulesVersion);
        }
    }

    /**
     * Writes the profiles that changed into the store, when this process is its writer; a process that is not
     * forgets the changes, and rewrites every profile if it takes over (the writer it replaces is gone).
     */
    private void writeProfiles() {
        try {
            writeProfilesUntilClosed();
        } finally {
            identityWriter.close(); // its store thread, if a flush made one
        }
    }

    private void writeProfilesUntilClosed() {
        boolean writing = false;
        boolean forgot = false;
        while (!closed) {
            try {
                if (store.identity().acquireWriter()) {
                    if (!writing) {
                        writingRows = true;
                        LOG.info("this process writes the profiles into the store");
                        if (forgot) {
                            identity.rewriteAll();
                        }
                        writing = true;
                    }
                    long t0 = System.nanoTime();
                    int written = identityWriter.flush();
                    synchronized (profileFlushes) {
                        profileFlushes.incrementAndGet();
                        profileFlushes.notifyAll();
                    }
                    if (rowsCatchUp.flushAgain(written)) {
                        profileWriterFailure = null;
                        continue;
                    }
                    // Under heavy load a flush takes long; waiting twice as long before the next keeps this job to a
                    // third of a core, and a profile changed many times meanwhile is written once. While the projector
                    // catches up with the log, the rows wait for it (CatchUp): each profile is then written once after the
                    // catch-up instead of at every flush during it; while identity is rebuilt, they wait for its swap, which
                    // rewrites them. A flush asked for (awaitProfilesWritten) ends either wait.
                    long flushed = System.nanoTime();
                    long took = (flushed - t0) / 1_000_000;
                    boolean asked = awaitNextFlush(Math.max(PROFILE_WRITE_MILLIS, 2 * took));
                    while (!asked && !closed && catchUp.holds(flushed)) {
                        rowsCatchUp.held(); // while still held: no follower slips in between the two holds
                        asked = awaitNextFlush(PROFILE_WRITE_MILLIS);
                    }
                } else {
                    // another process writes the rows now: this one forgets the changes, and rewrites every profile if it
                    // becomes the writer again (the changes it forgot meanwhile may never have been written)
                    identity.drainChanges();
                    forgot = true;
                    writing = false;
                    writingRows = false;
                    awaitNextFlush(PROFILE_WRITE_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                profileWriterFailure = e.getMessage();
                LOG.warn("profiles could not be written to the store; retrying: {}", e.getMessage());
                sleepQuietly(1_000);
                continue;
            }
            profileWriterFailure = null;
        }
        if (writing) {
            try {
                identityWriter.flush();
            } catch (RuntimeException e) {
                // The rows are a projection: the next start rewrites what changed after their stored position.
                LOG.warn("the last profile changes were not written before shutdown; the next start writes them: {}", e.getMessage());
            }
        }
    }

    /**
     * Waits this long before the profile writer's next flush, or less when {@link #awaitProfilesWritten} asks for one.
     *
     * @return whether a flush was asked for
     */
    private boolean awaitNextFlush(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (flushRequest) {
            while (!flushRequested && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                flushRequest.wait(Math.max(1, left / 1_000_000));
            }
            boolean asked = flushRequested;
            flushRequested = false;
            return asked;
        }
    }

    private void requestFlush() {
        synchronized (flushRequest) {
            flushRequested = true;
            flushRequest.notifyAll();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void follow() {
        long polls = 0;
        while (!closed) {
            try {
                identity.catchUp(store.events());
                snapshotJob.saveIfDue();
                if (++polls % (1_000 / FOLLOW_MILLIS) == 0) {
                    adoptNewerOverrides();
                }
                Thread.sleep(FOLLOW_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("identity could not follow the shared store; retrying: {}", e.getMessage());
                sleepQuietly(1_000);
            }
        }
    }

    /**
     * Waits until the profile rows in the store hold every change identity made before this call (two complete
     * flushes of this process's writer).
     *
     * @return false on timeout, or when this process is not the writer
     */
    public boolean awaitProfilesWritten(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long target = profileFlushes.get() + 2;
        while (profileFlushes.get() < target) {
            requestFlush();
            synchronized (profileFlushes) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (profileFlushes.get() < target) {
                    profileFlushes.wait(Math.max(1, Math.min(100, left / 1_000_000)));
                }
            }
        }
        return true;
    }

    public static KithApp start(Settings settings) {
        return new KithApp(settings);
    }

    /** The identity rules: the defaults, with {@code DATA/identity.json} merged on top when present. */
    /** The identity rules this process resolves with, their version in the store, and whether that version is new. */
    record RulesInForce(IdentityRules rules, long version, boolean changed) {
    }

    /**
     * The rules in force: those of {@code identity.json} in the data directory (the defaults merged with it), saved in
     * the store as its next version when they differ from the latest there; without a file, the store's latest (so a
     * process sharing a store resolves with the rules another saved), or the defaults on a store that has none yet.
     */
    static RulesInForce rulesInForce(Path dataDir, Store store) {
        io.kith.identity.IdentityRulesStore.Versioned before = store.rules().current();
        IdentityRules rules = rules(dataDir, before);
        io.kith.identity.IdentityRulesStore.Versioned saved = store.rules().save(rules.json());
        return new RulesInForce(rules, saved.version(), saved.version() != before.version());
    }

    /** The rules a process on this data directory and store resolves with, saving nothing (for the offline commands). */
    static IdentityRules rules(Path dataDir, Store store) {
        return rules(dataDir, store.rules().current());
    }

    private static IdentityRules rules(Path dataDir, io.kith.identity.IdentityRulesStore.Versioned stored) {
        if (Files.exists(dataDir.resolve("identity.json")) || stored.version() == 0) {
            return identityRules(dataDir);
        }
        return IdentityRules.fromJson(stored.json(), "the store's identity rules, version " + stored.version());
    }

    static IdentityRules identityRules(Path dataDir) {
        Path file = dataDir.resolve("identity.json");
        if (!Files.exists(file)) {
            return IdentityRules.defaults();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return IdentityRules.withOverrides(in, file.toString());
        } catch (IOException e) {
            throw new io.kith.error.KithException(io.kith.error.ErrorCode.INVALID_CONFIG, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void onAlert(IdentityAlert alert) {
        Counter.builder("kith.identity.alerts").description("Limits reached, giant profiles and distinct rules applied by identity resolution")
                .tag("kind", alert.kind().name()).register(registry).increment();
        if (alert.kind() == IdentityAlert.Kind.LIMIT_REACHED) {
            LOG.debug("identity alert kind={} profile={} sequence={} identifierType={}", alert.kind(), alert.profileId(), alert.sequence(),
                    alert.identifierType());
        } else {
            // The detail names identifier values (personal data): it is for the API's readers, not for logs.
            LOG.warn("identity alert kind={} profile={} sequence={} identifierType={}; see GET /api/v1/identity/alerts", alert.kind(),
                    alert.profileId(), alert.sequence(), alert.identifierType());
        }
    }

    /**
     * DOWN while the projector fails (events are taken but reach no store: the reason and since when), DEGRADED while
     * the profile writer fails; figures beside. A record set aside is not a failure: it is counted here and in the
     * quarantine, and the pipeline goes on.
     */
    private io.kith.ops.Health health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("logEndSequence", log.endSequence());
        h.put("projectionAppliedSequence", projector.appliedSequence());
        h.put("projectionLag", log.endSequence() - projector.appliedSequence());
        h.put("projectionSetAside", projector.setAsideCount());
        h.put("profiles", identity.read(IdentityGraph::profileCount));
        List<String> reasons = new java.util.ArrayList<>();
        io.kith.ops.Health.Status status = io.kith.ops.Health.Status.UP;
        var failure = projector.lastFailure();
        if (failure.isPresent()) {
            status = io.kith.ops.Health.Status.DOWN;
            reasons.add("projection stuck at log sequence " + projector.appliedSequence()
                    + projector.failingSince().map(t -> " since " + t).orElse("") + ": " + failure.get().getMessage());
        }
        FollowerState followers = followers();
        h.put("followers", followers);
        if (followers.hold() == FollowerState.Hold.CATCHING_UP && status == io.kith.ops.Health.Status.UP) {
            // Derived answers (segments, search, profile rows) trail the events on purpose, for as long as the catch-up lasts.
            status = io.kith.ops.Health.Status.DEGRADED;
            reasons.add(followers.detail());
        }
        h.put("identityRulesVersion", rulesVersion);
        if (newerRulesSeen > rulesVersion) {
            if (status == io.kith.ops.Health.Status.UP) {
                status = io.kith.ops.Health.Status.DEGRADED;
            }
            reasons.add("identity rules version " + newerRulesSeen + " was saved in the shared store; this process resolves with version "
                    + rulesVersion + " until it is restarted");
        }
        String writerFailure = profileWriterFailure;
        if (writerFailure != null) {
            if (status == io.kith.ops.Health.Status.UP) {
                status = io.kith.ops.Health.Status.DEGRADED;
            }
            reasons.add("profiles are not being written to the store: " + writerFailure);
        }
        return new io.kith.ops.Health(status, reasons, h);
    }

    /** Every HTTP route this Kith serves. */
    public List<Router.Route> routes() {
        return server.routes();
    }

    public int port() {
        return server.port();
    }

    public FileEventLog log() {
        return log;
    }

    public Store store() {
        return store;
    }

    public Projector projector() {
        return projector;
    }

    /** The store sequence of the identity snapshot this process started from, or -1 when it rebuilt from every event. */
    public long identitySnapshotLoaded() {
        return identitySnapshotLoaded;
    }

    public IdentityProjection identity() {
        return identity;
    }

    /** The web console served at {@code /}. */
    public io.kith.console.Console console() {
        return console;
    }

    public CardTokenizer cards() {
        return cards;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        requestFlush();
        server.close();
        if (models != null) {
            models.close();
        }
        erasures.close();
        auditTrail.close();
        rebuilds.close();
        projector.close();
        if (probableLinks != null) {
            probableLinks.close();
        }
        if (segments != null) {
            segments.close();
        }
        search.close();
        for (Thread job : new Thread[] {follower, profileWriter}) {
            if (job != null) {
                try {
                    job.join(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        // Nothing applies events any more: the next start loads this and resolves only what is stored after it.
        snapshotJob.saveNow();
        store.close();
        log.close();
    }
}
