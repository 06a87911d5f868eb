package io.kith.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.ErrorKind;
import io.kith.error.KithException;
import io.kith.event.EventLog;
import io.kith.event.EventParser;
import io.kith.event.EventType;
import io.kith.event.IngestLimits;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.event.ParseOutcome;
import io.kith.event.QuarantinedEvent;
import io.kith.event.RawEvent;
import io.kith.event.Rejection;
import io.kith.server.Guard;
import io.kith.server.HttpCall;
import io.kith.server.HttpReply;
import io.kith.server.InflightBytes;
import io.kith.server.Router;
import io.kith.source.Source;
import io.kith.source.SourceRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The collection API, compatible with Segment's HTTP tracking API and RudderStack's: {@code POST /v1/track},
 * {@code /v1/batch}, {@code /v1/import}, ... and analytics.js's short paths {@code /v1/t}, {@code /v1/b}, ...
 *
 * <p>A request is answered 200 only after its events are durable in the log. Valid events of a batch are kept
 * and each invalid one is quarantined with its reason (Segment's behaviour, which clients rely on: they get 200
 * for a batch with some invalid events). A single-event call with an invalid event is quarantined too and
 * answered 400 with the reason, so a developer sees the mistake at once.
 *
 * <p>Nothing here touches a database: parse, validate, encode, one append. Duplicates (a client's retry with
 * the same messageIds) are appended again and dropped by the projection.
 */
public final class CollectionRoutes implements Consumer<Router> {
    private static final byte[] SUCCESS = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);

    private final EventLog log;
    private final SourceRegistry sources;
    private final ObjectMapper mapper;
    private final LogRecordCodec codec;
    private final EventParser parser;
    private final IngestLimits limits;
    private final IngestMetrics metrics;
    private final InflightBytes inflight;
    private final RateLimiter rateLimiter;
    private final DiskWatermark disk;
    /** Which accepted events come in: the others (suppressed people's) are answered 200 like the rest and not kept. */
    private volatile java.util.function.Predicate<io.kith.event.Event> admit = e -> true;
    /** The same for a payload refused as invalid: one naming a suppressed person is not quarantined either. */
    private volatile java.util.function.Predicate<String> admitRaw = raw -> true;

    /**
     * What a collection request must get past besides the limits of its body and events: the API faces anyone who
     * read a write key out of a web page.
     *
     * @param maxInflightBytes body bytes (decompressed) that all collection requests may hold at once; the request
     *                         that would pass it gets 429
     * @param rateLimit        requests per source (write key); over it, 429 with the seconds to wait
     * @param disk             refuses events (503) while the event log's disk is low
     */
    public record Guards(long maxInflightBytes, RateLimit rateLimit, DiskWatermark disk) {
        /** The in-flight limit alone: no rate limit, no disk floor. */
        public static Guards inflightOnly(long maxInflightBytes) {
            return new Guards(maxInflightBytes, RateLimit.OFF, DiskWatermark.none());
        }
    }

    /**
     * @param maxInflightBytes request bytes being handled at once beyond which new requests get 429
     */
    public CollectionRoutes(EventLog log, SourceRegistry sources, ObjectMapper mapper, IngestLimits limits,
                            MeterRegistry registry, long maxInflightBytes) {
        this(log, sources, mapper, new EventParser(), limits, registry, Guards.inflightOnly(maxInflightBytes));
    }

    /** @param parser validates events, and tokenizes card numbers when it has a tokenizer */
    public CollectionRoutes(EventLog log, SourceRegistry sources, ObjectMapper mapper, EventParser parser, IngestLimits limits,
                            MeterRegistry registry, long maxInflightBytes) {
        this(log, sources, mapper, parser, limits, registry, Guards.inflightOnly(maxInflightBytes));
    }

    public CollectionRoutes(EventLog log, SourceRegistry sources, ObjectMapper mapper, EventParser parser, IngestLimits limits,
                            MeterRegistry registry, Guards guards) {
        this.log = log;
        this.sources = sources;
        this.mapper = mapper;
        this.codec = new LogRecordCodec(mapper);
        this.parser = parser;
        this.limits = limits;
        this.metrics = new IngestMetrics(registry);
        this.inflight = new InflightBytes(guards.maxInflightBytes());
        this.rateLimiter = new RateLimiter(guards.rateLimit());
        this.disk = guards.disk();
        registry.gauge("kith.ingest.rate.buckets", rateLimiter, RateLimiter::buckets);
        registry.gauge("kith.ingest.inflight.bytes", inflight, InflightBytes::held);
    }

    @Override
    public void accept(Router router) {
        for (EventType type : EventType.values()) {
            router.add(Router.POST, "/v1/" + type.wireName(), Guard.WRITE_KEY, call -> collect(call, type));
            router.add(Router.POST, "/v1/" + type.shortPath(), Guard.WRITE_KEY, call -> collect(call, type));
        }
        for (String path : List.of("/v1/batch", "/v1/import", "/v1/b")) {
            router.add(Router.POST, path, Guard.WRITE_KEY, call -> collect(call, null));
        }
    }

    /** Bytes of collection requests being handled right now. */
    public long inflightBytes() {
        return inflight.held();
    }

    private HttpReply collect(HttpCall call, EventType pathType) {
        long t0 = System.nanoTime();
        int status = 500;
        // The body's bytes count against the in-flight limit as they are read, decompressed: a chunked or gzip'd
        // request's declared length says nothing about the memory it takes.
        try (InflightBytes.Lease lease = inflight.lease()) {
            disk.check();
            call.meterBody(lease);
            HttpReply reply = pathType == null ? batch(call) : single(call, pathType);
            status = reply.status();
            return reply;
        } catch (KithException e) {
            status = io.kith.server.Problems.status(e.code());
            if (e.kind() == ErrorKind.USER_ERROR) {
                metrics.rejected(e.code().name(), 1);
            }
            throw e;
        } finally {
            metrics.request(status, System.nanoTime() - t0);
        }
    }

    /**
     * Keeps out the accepted events {@code admit} refuses (suppressed people's): they are answered 200 like the others, as
     * Segment does, counted in {@code kith.events.suppressed}, and never reach the log.
     */
    public CollectionRoutes admitting(java.util.function.Predicate<io.kith.event.Event> admit, java.util.function.Predicate<String> admitRaw) {
        this.admit = admit;
        this.admitRaw = admitRaw;
        return this;
    }

    private HttpReply single(HttpCall call, EventType type) {
        Source basicSource = sourceFromBasic(call);
        byte[] body = readBody(call, limits.maxEventBytes(), ErrorCode.EVENT_TOO_LARGE, "a single event");
        CollectionBody.requireUtf8(call.header("Content-Type"), body);
        JsonNode node = parseJson(body, basicSource, call.receivedAt());
        Source source = basicSource != null ? basicSource : sourceFromBody(node);
        ParseOutcome outcome = parser.parse(node, type, source, call.receivedAt(), "$");
        if (outcome instanceof ParseOutcome.Rejected r) {
            appendOne(quarantine(source, call.receivedAt(), r.rejection(), new String(body, StandardCharsets.UTF_8)));
            metrics.rejected(r.rejection().code().name(), 1);
            throw new KithException(r.rejection().code(), r.rejection().path() + ": " + r.rejection().message()
                    + " (the event was quarantined)");
        }
        io.kith.event.Event event = ((ParseOutcome.Accepted) outcome).event();
        if (!admit.test(event)) {
            metrics.suppressed(source, 1);
            return HttpReply.json(200, SUCCESS);
        }
        append(List.of(codec.encode(new LogRecord.Accepted(event))));
        metrics.ingested(source, 1);
        return HttpReply.json(200, SUCCESS);
    }

    private HttpReply batch(HttpCall call) {
        Source basicSource = sourceFromBasic(call);
        byte[] body = readBody(call, limits.maxBatchBytes(), ErrorCode.BATCH_TOO_LARGE, "a batch");
        CollectionBody.requireUtf8(call.header("Content-Type"), body);
        BatchBody batch;
        try {
            batch = BatchBody.read(mapper, body, parser.cardField());
        } catch (JsonProcessingException e) {
            throw invalidJson(e, body, basicSource, call.receivedAt());
        } catch (java.io.IOException e) {
            throw new KithException(ErrorCode.INVALID_JSON, "cannot read the body as JSON: " + e.getMessage(), e);
        }
        Source source = basicSource != null ? basicSource : sourceFromBody(batch.top());
        Rejection badShared = EventParser.sharedMembers(batch.top());
        if (badShared != null) {
            appendOne(quarantine(source, call.receivedAt(), badShared, new String(body, StandardCharsets.UTF_8)));
            metrics.rejected(badShared.code().name(), 1);
            throw new KithException(badShared.code(), badShared.path() + ": " + badShared.message() + " (the batch was quarantined)");
        }
        if (batch.items().size() > limits.maxBatchEvents()) {
            throw new KithException(ErrorCode.BATCH_TOO_LARGE, "$.batch: a batch may hold at most " + limits.maxBatchEvents()
                    + " events, this one has " + batch.items().size());
        }
        // Masked once here: an event read from its bytes is not searched for card numbers, and these are merged into it.
        JsonNode sharedContext = masked(batch.top().get("context"));
        JsonNode sharedIntegrations = masked(batch.top().get("integrations"));
        // What the batch's shared members can add to each event, counted against the event's limit: without it a 500 KB
        // context (1 KB gzipped) would be copied into each of 2,500 events.
        long sharedBytes = sharedBytes(sharedContext) + sharedBytes(sharedIntegrations);
        Instant receivedAt = call.receivedAt();
        List<byte[]> records = new ArrayList<>(batch.items().size());
        LogRecordCodec.Writer writer = codec.writer();
        int accepted = 0;
        int suppressed = 0;
        int index = 0;
        for (BatchBody.Item item : batch.items()) {
            String where = "$.batch[" + index++ + "]";
            if (item.size() + sharedBytes > limits.maxEventBytes()) {
                Rejection r = new Rejection(ErrorCode.EVENT_TOO_LARGE, where, "an event may have at most " + limits.maxEventBytes()
                        + " bytes, counting the batch's shared context and integrations; this one has " + item.size()
                        + (sharedBytes == 0 ? "" : " and the shared members " + sharedBytes));
                records.add(quarantine(source, receivedAt, r, raw(body, item)));
                metrics.rejected(r.code().name(), 1);
                continue;
            }
            JsonNode node = item.node();
            RawEvent raw = item.raw();
            if (node instanceof ObjectNode event) {
                if (mergeShared(event, "context", sharedContext) && raw != null) {
                    raw.markChanged("context");
                }
                if (mergeShared(event, "integrations", sharedIntegrations) && raw != null) {
                    raw.markChanged("integrations");
                }
            }
            ParseOutcome outcome = parser.parse(node, null, source, receivedAt, where, raw);
            switch (outcome) {
                case ParseOutcome.Accepted a -> {
                    if (admit.test(a.event())) {
                        records.add(writer.accepted(a.event(), raw));
                        accepted++;
                    } else {
                        suppressed++;
                    }
                }
                case ParseOutcome.Rejected r -> {
                    records.add(quarantine(source, receivedAt, r.rejection(), raw(body, item)));
                    metrics.rejected(r.rejection().code().name(), 1);
                }
            }
        }
        append(records);
        metrics.ingested(source, accepted);
        metrics.suppressed(source, suppressed);
        return HttpReply.json(200, SUCCESS);
    }

    private static JsonNode masked(JsonNode shared) {
        return shared == null ? null : io.kith.event.CardNumbers.mask(shared);
    }

    /** The bytes a shared member takes when written out (0 when it adds nothing to the events). */
    private long sharedBytes(JsonNode shared) {
        if (!(shared instanceof ObjectNode o) || o.isEmpty()) {
            return 0;
        }
        try {
            return mapper.writeValueAsBytes(o).length;
        } catch (JsonProcessingException e) {
            throw new KithException(ErrorCode.INVALID_JSON, "$: the batch's shared members cannot be written back as JSON: " + e.getOriginalMessage());
        }
    }

    private static String raw(byte[] body, BatchBody.Item item) {
        return new String(body, item.start(), item.size(), StandardCharsets.UTF_8);
    }

    /**
     * Segment's batch semantics: the batch's context (and integrations) apply to every event; an event's own keys win.
     *
     * @return whether the event's {@code field} changed
     */
    private static boolean mergeShared(ObjectNode event, String field, JsonNode shared) {
        if (!(shared instanceof ObjectNode sharedObject) || sharedObject.isEmpty()) {
            return false;
        }
        JsonNode own = event.get(field);
        if (own == null || own.isNull()) {
            event.set(field, sharedObject.deepCopy());
            return true;
        }
        boolean changed = false;
        if (own instanceof ObjectNode ownObject) {
            for (Iterator<Map.Entry<String, JsonNode>> it = sharedObject.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!ownObject.has(e.getKey())) {
                    ownObject.set(e.getKey(), e.getValue().deepCopy());
                    changed = true;
                }
            }
        }
        return changed;
    }

    private void appendOne(byte[] record) {
        if (record != null) {
            log.append(List.of(record));
        }
    }

    private void append(List<byte[]> records) {
        if (records.stream().anyMatch(java.util.Objects::isNull)) { // List.of's contains(null) throws
            records = records.stream().filter(java.util.Objects::nonNull).toList(); // suppressed payloads left out
        }
        if (!records.isEmpty()) {
            log.append(records);
        }
    }

    private byte[] quarantine(Source source, Instant receivedAt, Rejection rejection, String raw) {
        if (!admitRaw.test(raw)) {
            return null; // names a suppressed person: not kept, not even in the quarantine
        }
        QuarantinedEvent q = new QuarantinedEvent("q_" + UUID.randomUUID(), source == null ? null : source.id(), receivedAt, rejection, raw);
        return codec.encode(new LogRecord.Quarantined(q));
    }

    private Source sourceFromBasic(HttpCall call) {
        String key = WriteKeys.fromBasic(call.header("Authorization"));
        if (key == null) {
            return null;
        }
        return admitted(sources.byWriteKey(key).orElseThrow(() -> unknownKey()));
    }

    private Source sourceFromBody(JsonNode node) {
        JsonNode key = node.get("writeKey");
        if (key == null || !key.isTextual() || key.asText().isBlank()) {
            throw new KithException(ErrorCode.UNKNOWN_WRITE_KEY,
                    "no write key: send it as the user name of HTTP Basic authentication or as \"writeKey\" in the body");
        }
        return admitted(sources.byWriteKey(key.asText().trim()).orElseThrow(() -> unknownKey()));
    }

    /** A known source's request counted against its rate limit: unknown keys never reach a bucket. */
    private Source admitted(Source source) {
        rateLimiter.admit(source);
        return source;
    }

    private static KithException unknownKey() {
        return new KithException(ErrorCode.UNKNOWN_WRITE_KEY, "unknown write key; check the source's key in Kith's admin API");
    }

    private static byte[] readBody(HttpCall call, int max, ErrorCode code, String what) {
        try {
            return call.body(max, what);
        } catch (KithException e) {
            if (e.code() == ErrorCode.BATCH_TOO_LARGE && code != ErrorCode.BATCH_TOO_LARGE) {
                throw new KithException(code, e.getMessage());
            }
            throw e;
        }
    }

    /**
     * Parses the body; a body that is not one JSON value (anything after it included) is refused with the parser's line
     * and column, and kept in the quarantine when the caller is a known source (an anonymous caller's garbage is not stored).
     */
    private JsonNode parseJson(byte[] body, Source source, Instant receivedAt) {
        try (com.fasterxml.jackson.core.JsonParser p = mapper.createParser(body)) {
            JsonNode node = mapper.readTree(p);
            CollectionBody.requireEnd(p);
            if (node == null || !node.isObject()) {
                throw new KithException(ErrorCode.INVALID_JSON, "$: the body must be a JSON object, got " + EventParser.describe(node));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw invalidJson(e, body, source, receivedAt);
        } catch (java.io.IOException e) {
            throw new KithException(ErrorCode.INVALID_JSON, "cannot read the body as JSON: " + e.getMessage(), e);
        }
    }

    private KithException invalidJson(JsonProcessingException e, byte[] body, Source source, Instant receivedAt) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        String message = "the body is not valid JSON" + where + ": " + e.getOriginalMessage();
        if (source != null) {
            appendOne(quarantine(source, receivedAt, new Rejection(ErrorCode.INVALID_JSON, "$", message),
                    new String(body, StandardCharsets.UTF_8)));
            message += " (the body was quarantined)";
        }
        return new KithException(ErrorCode.INVALID_JSON, message);
    }
}
