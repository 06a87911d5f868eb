package io.kith.ingest;

import io.kith.source.Source;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The ingestion meters: events accepted per source and brand, events rejected per code, requests per status. */
final class IngestMetrics {
    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> ingested = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> suppressed = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, Counter> requests = new ConcurrentHashMap<>();
    private final Timer requestTimer;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.requestTimer = Timer.builder("kith.ingest.request").description("Time to accept a collection request, durable append included")
                .publishPercentileHistogram().register(registry);
    }

    void ingested(Source source, int count) {
        if (count > 0) {
            ingested.computeIfAbsent(source.id(), id -> Counter.builder("kith.events.ingested")
                    .description("Events accepted and made durable").tag("source", source.id()).tag("brand", source.brand())
                    .register(registry)).increment(count);
        }
    }

    void rejected(String code, int count) {
        if (count > 0) {
            rejected.computeIfAbsent(code, c -> Counter.builder("kith.events.rejected")
                    .description("Events refused and quarantined, or refused with their request").tag("code", c)
                    .register(registry)).increment(count);
        }
    }

    /** Events kept out because they carry a suppressed identifier or repeat an erased event: by source, never by person. */
    void suppressed(Source source, int count) {
        if (count > 0) {
            suppressed.computeIfAbsent(source.id(), id -> Counter.builder("kith.events.suppressed")
                    .description("Events answered 200 and not kept: a suppressed identifier, or a retry of an erased event")
                    .tag("source", source.id()).register(registry)).increment(count);
        }
    }

    void request(int status, long nanos) {
        requests.computeIfAbsent(status, s -> Counter.builder("kith.ingest.requests").description("Collection requests by HTTP status")
                .tag("status", Integer.toString(s)).register(registry)).increment();
        requestTimer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
