package io.kith.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.event.Event;
import io.kith.event.EventParser;
import io.kith.event.IngestLimits;
import io.kith.event.LogEntry;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.event.ParseOutcome;
import io.kith.identity.CardTokenizer;
import io.kith.server.KithServer;
import io.kith.source.Source;
import io.kith.testkit.InMemoryEventLog;
import io.kith.testkit.InMemorySourceRegistry;
import io.kith.testkit.Sources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The acknowledged batch path stores each accepted event by copying the bytes it arrived in and writing only the
 * members Kith sets; this checks, over random batches (random members, values, number forms, escapes, spacing,
 * duplicated names, shared context, card numbers), that every stored record decodes to exactly the event and the
 * JSON (member order included) that serialising the parsed tree gives, as Kith did before the copy.
 */
class BatchRecordProperties {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:10.123456789Z");
    private static final Set<String> CARD_FIELDS = Set.of("card_number", "payment_card", "pan");
    private static final CardTokenizer CARDS = new CardTokenizer("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), CARD_FIELDS);
    private static final String CARD = "4111 1111 1111 1111";
    private static final Source SOURCE = Sources.WEB_SHOP;

    private static InMemoryEventLog log;
    private static KithServer server;
    private static HttpClient client;

    private static synchronized void start() {
        if (server == null) {
            log = new InMemoryEventLog();
            server = KithServer.builder().host("127.0.0.1").port(0).clock(Clock.fixed(NOW, ZoneOffset.UTC))
                    .routes(new CollectionRoutes(log, new InMemorySourceRegistry(SOURCE), MAPPER, new EventParser(() -> "generated-id", CARDS),
                            IngestLimits.SEGMENT, new SimpleMeterRegistry(), 64 << 20))
                    .build().start();
            client = HttpClient.newHttpClient();
        }
    }

    @AfterContainer
    static void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Property(tries = 300)
    void storedRecordsDecodeExactlyAsTheSerialisedTree(@ForAll long seed) throws Exception {
        start();
        Random r = new Random(seed);
        String body = new JsonGen(r).batch(1 + r.nextInt(8));
        long before = log.endSequence();
        HttpResponse<String> reply = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/batch"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as("%s\n-> %s", body, reply.body()).isEqualTo(200);
        List<LogEntry> stored = log.read(before, Integer.MAX_VALUE);
        List<byte[]> expected = expectedRecords(body);
        assertThat(stored).as(body).hasSameSizeAs(expected);
        LogRecordCodec codec = new LogRecordCodec(MAPPER);
        for (int i = 0; i < expected.size(); i++) {
            LogRecord want = codec.decode(expected.get(i));
            LogRecord got = codec.decode(stored.get(i).payload());
            if (want instanceof LogRecord.Accepted a) {
                assertThat(got).as(body).isInstanceOf(LogRecord.Accepted.class);
                Event e = ((LogRecord.Accepted) got).event();
                assertThat(e).as(body).isEqualTo(a.event());
                assertThat(e.json().toString()).as(body).isEqualTo(a.event().json().toString());
                assertThat(new String(stored.get(i).payload(), StandardCharsets.UTF_8)).doesNotContain(CARD).doesNotContain(CARD.replace(" ", ""));
            } else {
                assertThat(got).as(body).isInstanceOf(LogRecord.Quarantined.class);
                assertThat(((LogRecord.Quarantined) got).event().rejection())
                        .isEqualTo(((LogRecord.Quarantined) want).event().rejection());
            }
        }
    }

    /** What Kith stored before the byte copy: each event's tree, merged with the shared context, parsed, serialised. */
    private static List<byte[]> expectedRecords(String body) throws Exception {
        ObjectNode top = (ObjectNode) MAPPER.readTree(body);
        JsonNode context = top.get("context");
        JsonNode integrations = top.get("integrations");
        EventParser parser = new EventParser(() -> "generated-id", CARDS);
        LogRecordCodec codec = new LogRecordCodec(MAPPER);
        List<byte[]> out = new ArrayList<>();
        int index = 0;
        for (JsonNode node : top.get("batch")) {
            if (node instanceof ObjectNode event) {
                merge(event, "context", context);
                merge(event, "integrations", integrations);
            }
            ParseOutcome outcome = parser.parse(node, null, SOURCE, NOW, "$.batch[" + index++ + "]");
            out.add(switch (outcome) {
                case ParseOutcome.Accepted a -> codec.encode(new LogRecord.Accepted(a.event()));
                case ParseOutcome.Rejected q -> codec.encode(new LogRecord.Quarantined(new io.kith.event.QuarantinedEvent("q", SOURCE.id(), NOW,
                        q.rejection(), "")));
            });
        }
        return out;
    }

    private static void merge(ObjectNode event, String field, JsonNode shared) {
        if (!(shared instanceof ObjectNode sharedObject) || sharedObject.isEmpty()) {
            return;
        }
        JsonNode own = event.get(field);
        if (own == null || own.isNull()) {
            event.set(field, sharedObject.deepCopy());
        } else if (own instanceof ObjectNode ownObject) {
            for (Iterator<Map.Entry<String, JsonNode>> it = sharedObject.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!ownObject.has(e.getKey())) {
                    ownObject.set(e.getKey(), e.getValue().deepCopy());
                }
            }
        }
    }

    /** Writes random batch bodies as a client might: any member order, spacing, escapes and number forms. */
    static final class JsonGen {
        private static final String[] TYPES = {"identify", "track", "page", "screen", "group", "alias", "Track", "t"};
        private static final String[] TIMES = {"2026-03-01T11:59:00Z", "2026-03-01T13:00:00.5+01:00", "2026-02-28 09:30:00", "2026-03-01",
            "2026-03-01T11:59:00.123456Z"};
        private final Random r;
        private final StringBuilder sb = new StringBuilder();

        JsonGen(Random r) {
            this.r = r;
        }

        String batch(int events) {
            sb.setLength(0);
            sb.append('{');
            List<Runnable> members = new ArrayList<>();
            members.add(() -> {
                name("batch");
                sb.append('[');
                for (int i = 0; i < events; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    space();
                    event();
                }
                sb.append(']');
            });
            members.add(() -> {
                name("writeKey");
                string(SOURCE.writeKey());
            });
            if (r.nextInt(3) == 0) {
                members.add(() -> {
                    name("context");
                    object(2, Map.of("ip", "10.0.0.1", "locale", "en-GB"));
                });
            }
            if (r.nextInt(4) == 0) {
                members.add(() -> {
                    name("integrations");
                    sb.append("{\"All\":true}");
                });
            }
            if (r.nextBoolean()) {
                members.add(() -> {
                    name("sentAt");
                    string(TIMES[r.nextInt(TIMES.length)]);
                });
            }
            java.util.Collections.shuffle(members, r);
            writeMembers(members);
            sb.append('}');
            return sb.toString();
        }

        private void event() {
            sb.append('{');
            List<Runnable> members = new ArrayList<>();
            String type = TYPES[r.nextInt(TYPES.length)];
            if (r.nextInt(20) != 0) {
                members.add(() -> {
                    name("type");
                    string(type);
                });
            }
            maybeId(members, "userId", 2);
            maybeId(members, "anonymousId", 2);
            maybeId(members, "messageId", 2);
            maybeId(members, "previousId", 3);
            maybeId(members, "groupId", 3);
            if (r.nextInt(4) != 0) {
                members.add(() -> {
                    name("event");
                    if (r.nextInt(8) == 0) {
                        value(1);
                    } else {
                        string((r.nextBoolean() ? " " : "") + "Order Completed" + (r.nextBoolean() ? "  " : ""));
                    }
                });
            }
            if (r.nextInt(3) == 0) {
                members.add(() -> {
                    name("name");
                    if (r.nextInt(6) == 0) {
                        value(1);
                    } else {
                        string("Home é\u00e9");
                    }
                });
            }
            for (String t : List.of("timestamp", "originalTimestamp", "sentAt", "receivedAt")) {
                if (r.nextInt(3) == 0) {
                    members.add(() -> {
                        name(t);
                        if (r.nextInt(6) == 0) {
                            sb.append(1_772_366_340_000L + r.nextInt(100_000));
                        } else {
                            string(TIMES[r.nextInt(TIMES.length)]);
                        }
                    });
                }
            }
            for (String o : List.of("properties", "traits", "context", "integrations")) {
                if (r.nextInt(2) == 0) {
                    members.add(() -> {
                        name(o);
                        if (r.nextInt(15) == 0) {
                            sb.append("null");
                        } else {
                            cardsOrNot(o);
                        }
                    });
                }
            }
            for (String own : List.of("writeKey", "sourceId", "brand")) {
                if (r.nextInt(6) == 0) {
                    members.add(() -> {
                        name(own);
                        string("client-" + own);
                    });
                }
            }
            int extra = r.nextInt(4);
            for (int i = 0; i < extra; i++) {
                String n = randomName();
                members.add(() -> {
                    name(n);
                    value(3);
                });
                if (r.nextInt(12) == 0) {
                    members.add(() -> {
                        name(n); // the same name again: JSON says the last one counts
                        value(1);
                    });
                }
            }
            if (r.nextInt(25) == 0) {
                members.add(() -> {
                    name("userId"); // one of Kith's own names twice
                    string("again");
                });
            }
            java.util.Collections.shuffle(members, r);
            writeMembers(members);
            space();
            sb.append('}');
        }

        private void cardsOrNot(String member) {
            Map<String, Object> fixed = new java.util.LinkedHashMap<>();
            if (r.nextInt(4) == 0 && (member.equals("properties") || member.equals("traits"))) { // where Kith looks for cards
                fixed.put(r.nextBoolean() ? "card_number" : "pan", r.nextInt(5) == 0 ? "12" : CARD);
            }
            if (member.equals("context") && r.nextInt(3) == 0) {
                fixed.put("traits", r.nextBoolean() ? Map.of("payment_card", CARD) : Map.of("email", "a@example.com"));
            }
            if (member.equals("context") && r.nextInt(4) == 0) {
                fixed.put("externalIds", List.of(Map.of("type", "card_number", "id", CARD), Map.of("type", "email", "id", "a@b.c")));
            }
            object(2, fixed);
        }

        private void maybeId(List<Runnable> members, String field, int oneIn) {
            if (r.nextInt(oneIn) == 0) {
                return;
            }
            members.add(() -> {
                name(field);
                switch (r.nextInt(10)) {
                    case 0 -> sb.append(r.nextInt(100_000));
                    case 1 -> sb.append("12.50");
                    case 2 -> sb.append("null");
                    case 3 -> string("  padded-" + r.nextInt(100) + " ");
                    case 4 -> string("");
                    case 5 -> string("ünï-" + r.nextInt(100));
                    case 6 -> sb.append("\"esc\\u0061ped\\\"q\"");
                    default -> string(field.substring(0, 1) + "-" + Long.toHexString(r.nextLong()));
                }
            });
        }

        private void writeMembers(List<Runnable> members) {
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) {
                    space();
                    sb.append(',');
                }
                space();
                members.get(i).run();
            }
        }

        private void object(int depth, Map<String, ?> fixed) {
            sb.append('{');
            List<Runnable> members = new ArrayList<>();
            for (Map.Entry<String, ?> e : fixed.entrySet()) {
                members.add(() -> {
                    name(e.getKey());
                    literal(e.getValue());
                });
            }
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                String name = randomName();
                members.add(() -> {
                    name(name);
                    value(depth);
                });
            }
            writeMembers(members);
            space();
            sb.append('}');
        }

        private void literal(Object v) {
            if (v instanceof String s) {
                string(s);
            } else if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> map = (Map<String, ?>) m;
                object(0, map);
            } else if (v instanceof List<?> l) {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    literal(l.get(i));
                }
                sb.append(']');
            } else {
                sb.append(v);
            }
        }

        private void value(int depth) {
            switch (r.nextInt(depth > 0 ? 14 : 11)) {
                case 0 -> sb.append(r.nextInt());
                case 1 -> sb.append(r.nextLong());
                case 2 -> sb.append("123456789012345678901234567890");
                case 3 -> sb.append(r.nextDouble() * 1000);
                case 4 -> sb.append(List.of("1.5e3", "-2E-5", "1e400", "-0", "0.10000000000000000555", "-0.0", "1E+2").get(r.nextInt(7)));
                case 5 -> sb.append(r.nextBoolean());
                case 6 -> sb.append("null");
                case 7 -> string("plain text " + r.nextInt(1000));
                case 8 -> string(List.of("ünïcödé", "emoji 😀", "tab\there", "quote \" and \\ back", "\u2028line", "ctrl \u0001").get(r.nextInt(6)));
                case 9 -> sb.append("\"raw \\u00e9 \\ud83d\\ude00 \\n \\/ escapes\"");
                case 10 -> sb.append("\"\"");
                case 11, 12 -> object(depth - 1, Map.of());
                default -> {
                    sb.append('[');
                    int n = r.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        if (i > 0) {
                            sb.append(',');
                        }
                        space();
                        value(depth - 1);
                    }
                    sb.append(']');
                }
            }
        }

        private String randomName() {
            return switch (r.nextInt(8)) {
                case 0 -> "ünï_" + r.nextInt(10);
                case 1 -> "na\\u006de" + r.nextInt(3); // an escape in the name: "name0".."name2"
                case 2 -> "with space " + r.nextInt(3);
                case 3 -> "";
                default -> "k" + r.nextInt(6);
            };
        }

        private void name(String name) {
            if (name.contains("\\")) {
                sb.append('"').append(name).append('"');
            } else {
                string(name);
            }
            space();
            sb.append(':');
            space();
        }

        private void string(String s) {
            try {
                sb.append(MAPPER.writeValueAsString(s));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private void space() {
            switch (r.nextInt(12)) {
                case 0 -> sb.append(' ');
                case 1 -> sb.append("\n  ");
                case 2 -> sb.append("\t");
                default -> {
                    // compact
                }
            }
        }
    }
}
