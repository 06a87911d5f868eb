package io.kith.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.admin.AdminAuth;
import io.kith.admin.AdminRoutes;
import io.kith.event.IngestLimits;
import io.kith.event.LogRecordCodec;
import io.kith.ingest.CollectionRoutes;
import io.kith.log.FileEventLog;
import io.kith.log.LogOptions;
import io.kith.ops.OpsRoutes;
import io.kith.projection.Projector;
import io.kith.server.KithServer;
import io.kith.source.Source;
import io.kith.store.duckdb.DuckDbStore;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A running Kith: the composition root that opens the event log and the store, starts the projector and the
 * HTTP server, and closes them in the reverse order.
 */
public final class KithApp implements AutoCloseable {
    /** Everything a Kith process is configured with. */
    public record Settings(Path dataDir, String host, int port, String adminKey, Path sourcesFile, IngestLimits limits,
                           long maxInflightBytes) {
        public static Settings of(Path dataDir, int port, String adminKey) {
            return new Settings(dataDir, "0.0.0.0", port, adminKey, null, IngestLimits.SEGMENT, 256L << 20);
        }

        public Settings withSourcesFile(Path file) {
            return new Settings(dataDir, host, port, adminKey, file, limits, maxInflightBytes);
        }
    }

    private final Settings settings;
    private final FileEventLog log;
    private final DuckDbStore store;
    private final Projector projector;
    private final KithServer server;
    private final PrometheusMeterRegistry registry;

    private KithApp(Settings settings) {
        this.settings = settings;
        // Request threads are virtual: Jackson's default thread-local buffer pool would give each request fresh
        // buffers, so share a pool across threads instead.
        ObjectMapper mapper = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.newConcurrentDequePool()).build());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer commits = Timer.builder("kith.log.commit").description("Group commit: write and fsync of the event log")
                .publishPercentileHistogram().register(registry);
        log = FileEventLog.open(settings.dataDir().resolve("log"), LogOptions.DEFAULTS,
                (records, bytes, nanos) -> commits.record(nanos, TimeUnit.NANOSECONDS));
        DuckDbStore opened = null;
        Projector started = null;
        try {
            opened = DuckDbStore.open(settings.dataDir().resolve("kith.duckdb"));
            if (settings.sourcesFile() != null) {
                for (Source s : SourcesFile.read(settings.sourcesFile(), mapper)) {
                    opened.sources().put(s);
                }
            }
            started = new Projector(log, opened.events(), new LogRecordCodec(mapper), 10_000);
            started.start();
            store = opened;
            projector = started;
            registry.gauge("kith.log.end.sequence", log, l -> l.endSequence());
            registry.gauge("kith.projection.applied.sequence", started, p -> p.appliedSequence());
            server = KithServer.builder()
                    .host(settings.host())
                    .port(settings.port())
                    .mapper(mapper)
                    .clock(Clock.systemUTC())
                    .routes(new CollectionRoutes(log, store.sources(), mapper, settings.limits(), registry, settings.maxInflightBytes()))
                    .routes(new AdminRoutes(store.sources(), store.quarantine(), new AdminAuth(settings.adminKey()), mapper))
                    .routes(new OpsRoutes(registry, this::health, mapper))
                    .build()
                    .start();
        } catch (RuntimeException e) {
            if (started != null) {
                started.close();
            }
            if (opened != null) {
                opened.close();
            }
            log.close();
            throw e;
        }
    }

    public static KithApp start(Settings settings) {
        return new KithApp(settings);
    }

    private Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("logEndSequence", log.endSequence());
        h.put("projectionAppliedSequence", projector.appliedSequence());
        h.put("projectionLag", log.endSequence() - projector.appliedSequence());
        projector.lastFailure().ifPresent(f -> h.put("projectionFailure", f.getMessage()));
        return h;
    }

    /** Every HTTP route this Kith serves. */
    public java.util.List<io.kith.server.Router.Route> routes() {
        return server.routes();
    }

    public int port() {
        return server.port();
    }

    public FileEventLog log() {
        return log;
    }

    public DuckDbStore store() {
        return store;
    }

    public Projector projector() {
        return projector;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        server.close();
        projector.close();
        store.close();
        log.close();
    }
}
