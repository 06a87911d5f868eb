package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.testkit.Sources;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every public collection endpoint, in all its Segment forms, plain and gzip, fed malformed and extreme events: wrong
 * types in every field, out-of-range numbers and times, lone surrogates, NUL, control characters, invalid UTF-8, deep
 * nesting, thousands of keys. No answer may be a 5xx; a refused single event is in the quarantine; and an ordinary
 * event sent after each try is projected. Bounded: a fixed number of tries on one server (a few seconds).
 */
class CollectionFuzzIT {
    private static RunningKith kith;
    private static final AtomicInteger TRY = new AtomicInteger();

    @BeforeContainer
    static void start() throws Exception {
        kith = new RunningKith();
    }

    @AfterContainer
    static void stop() throws Exception {
        kith.close();
    }

    private static final List<String> SINGLE = List.of("/v1/track", "/v1/identify", "/v1/page", "/v1/screen", "/v1/group", "/v1/alias",
            "/v1/t", "/v1/i", "/v1/p", "/v1/s", "/v1/g", "/v1/a");
    private static final List<String> BATCH = List.of("/v1/batch", "/v1/import", "/v1/b", "/v1/import/");
    private static final List<String> FIELDS = List.of("type", "userId", "anonymousId", "messageId", "event", "name", "groupId", "previousId",
            "timestamp", "originalTimestamp", "sentAt", "properties", "traits", "context", "integrations");

    /** A JSON value chosen to hurt: extremes, wrong types, broken text. */
    @Provide
    Arbitrary<String> hostileValue() {
        return Arbitraries.oneOf(
                Arbitraries.of("1e400", "-1e400", "1e-400", "123456789012345678901234567890", "-0", "9223372036854775808", "NaN",
                        "null", "true", "[]", "{}", "\"\"", "\"   \"", "\"+300000-01-01T00:00:00Z\"", "\"-0001-01-01T00:00:00Z\"",
                        "\"1899-12-31T23:59:59Z\"", "\"2200-01-01T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"", "99999999999999999",
                        "-9223372036854775808", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\u001f\"",
                        "\"4111 1111 1111 1111\"", "[1,2,[3,[4]]]", "{\"externalIds\":[{\"type\":\"x\",\"id\":1e400}]}",
                        "{\"externalIds\":\"nope\"}", "{\"traits\":[1]}", "{\"device\":{\"id\":{\"a\":1}}}"),
                Arbitraries.integers().between(1, 200).map(d -> "{\"a\":".repeat(d) + "1" + "}".repeat(d)),
                Arbitraries.integers().between(1, 3_000).map(n -> {
                    StringBuilder b = new StringBuilder("{");
                    for (int i = 0; i < n; i++) {
                        b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
                    }
                    return b.append('}').toString();
                }),
                Arbitraries.strings().ofMaxLength(40).map(s -> com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s))
                        .map(chars -> "\"" + new String(chars) + "\""),
                Arbitraries.integers().between(1, 20_000).map(n -> "\"" + "x".repeat(n) + "\""));
    }

    /** A hostile event: an ordinary one with some fields replaced by hostile values. */
    @Provide
    Arbitrary<String> hostileEvent() {
        Arbitrary<List<String>> fields = Arbitraries.of(FIELDS).list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<List<String>> values = hostileValue().list().ofSize(4);
        return Combinators.combine(fields, values, Arbitraries.of("track", "identify", "page", "screen", "group", "alias", "bogus"))
                .as((fs, vs, type) -> {
                    java.util.Map<String, String> members = new java.util.LinkedHashMap<>();
                    members.put("type", "\"" + type + "\"");
                    members.put("userId", "\"u1\"");
                    members.put("event", "\"Fuzzed\"");
                    members.put("previousId", "\"p1\"");
                    members.put("groupId", "\"g1\"");
                    for (int i = 0; i < fs.size(); i++) {
                        members.put(fs.get(i), vs.get(i));
                    }
                    StringBuilder b = new StringBuilder("{");
                    members.forEach((k, v) -> b.append(b.length() == 1 ? "" : ",").append('"').append(k).append("\":").append(v));
                    return b.append('}').toString();
                });
    }

    @Property(tries = 120, seed = "20261206")
    void noInputGetsA5xxAndThePipelineKeepsFlowing(@ForAll("hostileEvent") String event, @ForAll("hostileEvent") String other,
                                                  @ForAll boolean batch, @ForAll boolean gzip, @ForAll boolean brokenUtf8,
                                                  @ForAll("endpointIndex") int endpoint) throws Exception {
        int n = TRY.incrementAndGet();
        String path = batch ? BATCH.get(endpoint % BATCH.size()) : SINGLE.get(endpoint % SINGLE.size());
        String json = batch ? "{\"context\":" + (n % 3 == 0 ? other : "{}") + ",\"batch\":[" + event + "," + other + ",{\"type\":\"track\",\"userId\":\"ok\",\"event\":\"Fine\"}]}"
                : event;
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        if (brokenUtf8) {
            // A byte that starts no UTF-8 sequence, and a cut-off one, inside the first string.
            int quote = json.indexOf('"', json.indexOf(':'));
            if (quote > 0) {
                byte[] broken = new byte[body.length + 2];
                System.arraycopy(body, 0, broken, 0, quote + 1);
                broken[quote + 1] = (byte) 0xFF;
                broken[quote + 2] = (byte) 0xE2;
                System.arraycopy(body, quote + 1, broken, quote + 3, body.length - quote - 1);
                body = broken;
            }
        }
        long quarantinedBefore = kith.app.store().quarantine().count();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(kith.url(path))).header("Content-Type", "application/json")
                .header("Authorization", RunningKith.basic(Sources.WEB_SHOP.writeKey()));
        if (gzip) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                z.write(body);
            }
            body = out.toByteArray();
            request.header("Content-Encoding", "gzip");
        }
        HttpResponse<String> r = kith.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(r.statusCode()).as("%s %s -> %s", path, json.length() > 300 ? json.substring(0, 300) + "..." : json, r.body())
                .isLessThan(500);
        if (r.statusCode() == 400 && !batch && !r.body().contains("is limited to")) {
            kith.storedEvents(); // the refusal is in the log: wait until it is projected
            assertThat(kith.app.store().quarantine().count()).as("a refused event is quarantined: " + r.body()).isGreaterThan(quarantinedBefore);
        }
        if (n % 10 == 0) {
            HostileInputIT.pipelineStillFlows(kith, "fuzz-" + n);
        }
    }

    @Provide
    Arbitrary<Integer> endpointIndex() {
        return Arbitraries.integers().between(0, 1_000);
    }
}
