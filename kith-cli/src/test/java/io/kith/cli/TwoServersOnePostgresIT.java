package io.kith.cli;

import io.kith.testkit.TestPostgres;
import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.StoredEvent;
import io.kith.identity.Identifier;
import io.kith.source.Source;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Two Kith servers, each with its own log, against one PostgreSQL database under concurrent load from several
 * clients (some batches retried on the other server): no event lost or stored twice, both servers hold exactly the
 * same profiles with the same ids, and those are the profiles a single server makes of the same events.
 */
class TwoServersOnePostgresIT {
    private static final int PEOPLE = 150;

    /** One person's events across channels: cookies on the web, a login, a store purchase, a CRM record. */
    private static List<String> person(int p, SplittableRandom r) {
        List<String> events = new ArrayList<>();
        int cookies = 1 + r.nextInt(3);
        for (int c = 0; c < cookies; c++) {
            for (int v = 0; v < 1 + r.nextInt(3); v++) {
                events.add(String.format("{\"type\":\"page\",\"messageId\":\"pv-%d-%d-%d\",\"anonymousId\":\"cookie-%d-%d\",\"name\":\"Home\","
                        + "\"timestamp\":\"2026-03-01T10:%02d:00Z\"}", p, c, v, p, c, v));
            }
            events.add(String.format("{\"type\":\"identify\",\"messageId\":\"login-%d-%d\",\"anonymousId\":\"cookie-%d-%d\",\"userId\":\"u-%d\","
                    + "\"timestamp\":\"2026-03-01T11:00:00Z\"}", p, c, p, c, p));
        }
        events.add(String.format("{\"type\":\"track\",\"messageId\":\"pos-%d\",\"anonymousId\":\"till-%d\",\"event\":\"Order Completed\","
                + "\"properties\":{\"loyalty_card\":\"LC-%d\",\"revenue\":12.5},\"timestamp\":\"2026-03-02T09:00:00Z\"}", p, p, p));
        events.add(String.format("{\"type\":\"identify\",\"messageId\":\"crm-%d\",\"userId\":\"u-%d\",\"traits\":{\"email\":\"person%d@example.com\","
                + "\"loyalty_card\":\"LC-%d\",\"first_name\":\"P%d\"},\"timestamp\":\"2026-03-03T09:00:00Z\"}", p, p, p, p, p));
        return events;
    }

    @Test
    void twoServersAgreeWithEachOtherAndWithOneServer() throws Exception {
        Assumptions.assumeTrue(TestStores.onPostgres(), "runs in the PostgreSQL pass of the integration tests");
        SplittableRandom r = new SplittableRandom(11);
        List<String> all = new ArrayList<>();
        for (int p = 0; p < PEOPLE; p++) {
            all.addAll(person(p, r));
        }
        java.util.Collections.shuffle(all, new java.util.Random(5));
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); ) {
            int n = 1 + r.nextInt(25);
            batches.add(all.subList(i, Math.min(all.size(), i + n)));
            i += n;
        }
        String db = TestPostgres.newDatabase();
        Source web = RunningKith.SOURCES.get(0);
        Map<Identifier, String> a;
        Map<Identifier, String> b;
        try (RunningKith one = new RunningKith(Files.createTempDirectory("kith-node-a"), db);
             RunningKith two = new RunningKith(Files.createTempDirectory("kith-node-b"), db)) {
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < batches.size(); i++) {
                List<String> batch = batches.get(i);
                RunningKith first = i % 2 == 0 ? one : two;
                RunningKith retry = i % 2 == 0 ? two : one;
                boolean retried = i % 5 == 0;
                sent.add(clients.submit(() -> {
                    post(first, web, batch);
                    if (retried) {
                        post(retry, web, batch); // a client that timed out and retried through the other server
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            clients.shutdown();
            one.storedEvents();
            two.storedEvents();
            List<StoredEvent> fromOne = one.storedEvents();
            assertThat(fromOne).hasSize(all.size());
            assertThat(fromOne.stream().map(e -> e.event().messageId()).collect(Collectors.toSet())).hasSize(all.size());
            a = export(one);
            b = export(two);
        }
        assertThat(b).isEqualTo(a);
        assertThat(a.values().stream().distinct().count()).isEqualTo(PEOPLE);

        Map<Identifier, String> single;
        try (RunningKith alone = new RunningKith(Files.createTempDirectory("kith-single"), null)) {
            for (List<String> batch : batches) {
                post(alone, web, batch);
            }
            alone.storedEvents();
            single = export(alone);
        }
        assertThat(partition(a)).isEqualTo(partition(single));
    }

    private static void post(RunningKith kith, Source source, List<String> batch) throws Exception {
        HttpResponse<String> res = kith.send(kith.post("/v1/batch", "{\"batch\":[" + String.join(",", batch) + "]}")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((source.writeKey() + ":").getBytes(StandardCharsets.UTF_8))));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    }

    private static Map<Identifier, String> export(RunningKith kith) {
        Map<Identifier, String> out = new HashMap<>();
        kith.app.identity().read(g -> {
            g.forEachIdentifier((p, id) -> out.put(id, p));
            return null;
        });
        return out;
    }

    /** The profiles as sets of identifiers, whatever their ids. */
    private static Set<Set<Identifier>> partition(Map<Identifier, String> assigned) {
        Map<String, Set<Identifier>> byProfile = new HashMap<>();
        assigned.forEach((id, p) -> byProfile.computeIfAbsent(p, k -> new HashSet<>()).add(id));
        return new HashSet<>(byProfile.values());
    }

    /**
     * An erasure carried out by one server reaches the other server's own log and identity: each server got the person's
     * events (one of them a retry of the other's), one server takes the request, and afterwards neither log holds a byte
     * of the person and neither server finds them.
     */
    @Test
    void anErasureReachesEveryServersLog() throws Exception {
        Assumptions.assumeTrue(TestStores.onPostgres(), "runs in the PostgreSQL pass of the integration tests");
        String db = TestPostgres.newDatabase();
        String auth = "Basic " + Base64.getEncoder().encodeToString((RunningKith.SOURCES.get(0).writeKey() + ":").getBytes(StandardCharsets.UTF_8));
        // servers sharing a store share the privacy key (RunningKith gives each the same)
        try (RunningKith one = new RunningKith(Files.createTempDirectory("kith-node-a"), db);
             RunningKith two = new RunningKith(Files.createTempDirectory("kith-node-b"), db)) {
            String zoe = "{\"type\":\"identify\",\"messageId\":\"z-1\",\"userId\":\"zoe-uid-4242\",\"traits\":{\"email\":\"zoe.marker@example.org\"},"
                    + "\"timestamp\":\"2026-03-01T10:00:00Z\"}";
            String zoeOrder = "{\"type\":\"track\",\"messageId\":\"z-2\",\"userId\":\"zoe-uid-4242\",\"event\":\"Order Completed\","
                    + "\"timestamp\":\"2026-03-01T11:00:00Z\"}";
            assertThat(one.send(one.post("/v1/batch", "{\"batch\":[" + zoe + "]}").header("Authorization", auth)).statusCode()).isEqualTo(200);
            assertThat(two.send(two.post("/v1/batch", "{\"batch\":[" + zoe + "," + zoeOrder + "]}").header("Authorization", auth)).statusCode())
                    .isEqualTo(200);
            one.storedEvents();
            two.storedEvents();
            assertThat(logHolds(one, "zoe.marker") && logHolds(two, "zoe.marker")).isTrue();

            HttpResponse<String> accepted = one.send(one.post("/api/v1/regulations",
                    "{\"regulationType\":\"DELETE_ONLY\",\"subjectType\":\"email\",\"subjectIds\":[\"zoe.marker@example.org\"]}")
                    .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
            assertThat(accepted.statusCode()).isEqualTo(202);
            RunningKith.eventually(60, () -> {
                assertThat(logHolds(one, "zoe") || logHolds(two, "zoe")).as("either server's log").isFalse();
                for (RunningKith k : List.of(one, two)) {
                    java.util.Optional<String> found = k.app.identity().read(g -> g.lookup(new Identifier("user_id", "zoe-uid-4242")));
                    assertThat(found).isEmpty();
                }
            });
        }
    }

    private static boolean logHolds(RunningKith k, String text) throws java.io.IOException {
        return RunningKith.anyFileHolds(k.dir.resolve("data").resolve("log"), text);
    }
}
