package io.kith.store.postgres;

import io.kith.testkit.TestPostgres;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.access.ApiKeyRegistry;
import io.kith.access.Scope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.EventStore;
import io.kith.event.QuarantinedEvent;
import io.kith.event.Rejection;
import io.kith.event.StoredEvent;
import io.kith.source.NewSource;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import io.kith.testkit.Events;
import io.kith.testkit.Sources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Several Kith servers, each with its own log and node id, sharing one PostgreSQL database. */
class PostgresSharedStoreTest {
    private static final Source[] SOURCES = {Sources.POS, Sources.WEB_SHOP};

    /** A range of one server's log: its accepted events, its quarantined ones, and one past its last sequence. */
    private record Batch(List<StoredEvent> events, List<QuarantinedEvent> quarantined, long to) {
    }

    private record Key(String sourceId, String messageId) {
        static Key of(StoredEvent e) {
            return new Key(e.event().sourceId(), e.event().messageId());
        }
    }

    /**
     * A server's log in batches: new messages of its own, retries of its own (within and across batches), messages
     * that the other server's clients also sent, and now and then a quarantined record.
     */
    private static List<Batch> log(String node, long seed, int batches) {
        Random random = new Random(seed);
        List<Batch> log = new ArrayList<>();
        List<String> own = new ArrayList<>();
        long seq = 0;
        for (int b = 0; b < batches; b++) {
            List<StoredEvent> events = new ArrayList<>();
            List<QuarantinedEvent> quarantined = new ArrayList<>();
            int size = 1 + random.nextInt(25);
            for (int i = 0; i < size; i++, seq++) {
                int kind = random.nextInt(10);
                String id;
                if (kind < 3) {
                    id = "shared-" + random.nextInt(400);
                } else if (kind == 3 && !own.isEmpty()) {
                    id = own.get(random.nextInt(own.size()));
                } else if (kind == 4) {
                    quarantined.add(new QuarantinedEvent(node + "-q" + seq, "src_pos", Events.T0,
                            new Rejection(ErrorCode.INVALID_JSON, "$", "not JSON"), "{"));
                    continue;
                } else {
                    id = node + "-" + seq;
                    own.add(id);
                }
                Source source = SOURCES[Math.floorMod(id.hashCode(), SOURCES.length)];
                events.add(new StoredEvent(seq, Events.track("Order Completed").messageId(id).userId("u-" + id)
                        .at(Events.T0.plusMillis(seq)).from(source).event()));
            }
            log.add(new Batch(events, quarantined, seq));
        }
        return log;
    }

    private static List<StoredEvent> scanAll(EventStore store) {
        List<StoredEvent> out = new ArrayList<>();
        for (List<StoredEvent> page = store.scan(0, 500); !page.isEmpty(); page = store.scan(page.get(page.size() - 1).sequence() + 1, 500)) {
            out.addAll(page);
        }
        return out;
    }

    @Test
    void serversApplyingAtOnceShareOneOrderAndStoreEachMessageOnce() throws Exception {
        String url = TestPostgres.newDatabase();
        List<Batch> logA = log("node-a", 1, 150);
        List<Batch> logB = log("node-b", 2, 150);
        Set<Key> expected = new HashSet<>();
        int quarantined = 0;
        for (List<Batch> log : List.of(logA, logB)) {
            for (Batch b : log) {
                b.events().forEach(e -> expected.add(Key.of(e)));
                quarantined += b.quarantined().size();
            }
        }
        try (PostgresStore a = PostgresStore.open(url, "node-a"); PostgresStore b = PostgresStore.open(url, "node-b")) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean writing = new AtomicBoolean(true);
            try {
                Future<List<StoredEvent>> appliedA = threads.submit(applier(a.events(), logA, start));
                Future<List<StoredEvent>> appliedB = threads.submit(applier(b.events(), logB, start));
                Future<List<StoredEvent>> followerA = threads.submit(follower(a.events(), writing::get, start));
                Future<List<StoredEvent>> followerB = threads.submit(follower(b.events(), writing::get, start));
                start.countDown();
                List<StoredEvent> storedA = appliedA.get(120, TimeUnit.SECONDS);
                List<StoredEvent> storedB = appliedB.get(120, TimeUnit.SECONDS);
                writing.set(false);

                List<StoredEvent> all = scanAll(a.events());
                assertThat(all).hasSize(expected.size());
                assertThat(all.stream().map(Key::of).distinct().count()).isEqualTo(expected.size());
                assertThat(all.stream().map(Key::of).toList()).containsExactlyInAnyOrderElementsOf(expected);
                for (int i = 1; i < all.size(); i++) {
                    assertThat(all.get(i).sequence()).isGreaterThan(all.get(i - 1).sequence());
                }
                List<StoredEvent> answered = new ArrayList<>(storedA);
                answered.addAll(storedB);
                answered.sort(Comparator.comparingLong(StoredEvent::sequence));
                assertThat(answered).isEqualTo(all);
                assertThat(followerA.get(60, TimeUnit.SECONDS)).isEqualTo(all);
                assertThat(followerB.get(60, TimeUnit.SECONDS)).isEqualTo(all);
                assertThat(a.events().countEvents()).isEqualTo(expected.size());
                assertThat(a.quarantine().count()).isEqualTo(quarantined);
                assertThat(a.events().appliedSequence()).isEqualTo(logA.get(logA.size() - 1).to());
                assertThat(b.events().appliedSequence()).isEqualTo(logB.get(logB.size() - 1).to());
            } finally {
                writing.set(false);
                threads.shutdownNow();
            }
        }
        try (PostgresStore a = PostgresStore.open(url, "node-a"); PostgresStore b = PostgresStore.open(url, "node-b")) {
            assertThat(a.events().appliedSequence()).isEqualTo(logA.get(logA.size() - 1).to());
            assertThat(b.events().appliedSequence()).isEqualTo(logB.get(logB.size() - 1).to());
            assertThatThrownBy(() -> a.events().apply(logA.get(0).events(), List.of(), logA.get(0).to()))
                    .hasMessageContaining("already applied");
        }
    }

    /** Applies a server's log in order, as its projector does, checking that its own answers come in sequence order. */
    private static Callable<List<StoredEvent>> applier(EventStore store, List<Batch> log, CountDownLatch start) {
        return () -> {
            start.await();
            List<StoredEvent> stored = new ArrayList<>();
            for (Batch b : log) {
                List<StoredEvent> answer = store.apply(b.events(), b.quarantined(), b.to());
                for (StoredEvent e : answer) {
                    assertThat(stored.isEmpty() || e.sequence() > stored.get(stored.size() - 1).sequence()).isTrue();
                    stored.add(e);
                }
            }
            return stored;
        };
    }

    /** Follows the events table from one past the last sequence it saw, as a server tailing the shared order would. */
    private static Callable<List<StoredEvent>> follower(EventStore store, Supplier<Boolean> writing, CountDownLatch start) {
        return () -> {
            start.await();
            List<StoredEvent> seen = new ArrayList<>();
            long cursor = 0;
            while (true) {
                boolean last = !writing.get();
                List<StoredEvent> page = store.scan(cursor, 200);
                seen.addAll(page);
                if (!page.isEmpty()) {
                    cursor = page.get(page.size() - 1).sequence() + 1;
                } else if (last) {
                    return seen;
                }
            }
        };
    }

    @Test
    void aSourceAddedByAnotherServerIsFoundAfterAMissAtMostOnceASecond() throws InterruptedException {
        String url = TestPostgres.newDatabase();
        try (PostgresStore b = PostgresStore.open(url, "node-b"); PostgresStore a = PostgresStore.open(url, "node-a")) {
            Source web = b.sources().create(new NewSource("Web shop", "Northwind", SourceKind.WEB, "GB"));
            assertThat(a.sources().byWriteKey(web.writeKey())).as("within a second of the last read, a miss stays a miss").isEmpty();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            Optional<Source> found = a.sources().byWriteKey(web.writeKey());
            while (found.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                found = a.sources().byWriteKey(web.writeKey());
            }
            assertThat(found).contains(web);
            assertThat(a.sources().byId(web.id())).contains(web);
            Source pos = b.sources().create(new NewSource("POS", "Northwind", SourceKind.POS, "GB"));
            assertThat(a.sources().all()).containsExactly(pos.stored(), web);
        }
    }

    @Test
    void serversCreatingTheSameSourceGetDistinctIdsAndAWriteKeyStaysWithOneSource() {
        String url = TestPostgres.newDatabase();
        try (PostgresStore a = PostgresStore.open(url, "node-a"); PostgresStore b = PostgresStore.open(url, "node-b")) {
            Source first = a.sources().create(new NewSource("Web shop", "Northwind", SourceKind.WEB, null));
            Source second = b.sources().create(new NewSource("Web shop", "Northwind", SourceKind.WEB, null));
            assertThat(first.id()).isEqualTo("src_northwind_web_shop");
            assertThat(second.id()).isEqualTo("src_northwind_web_shop_2");
            a.sources().put(new Source("src_crm", "CRM", "Northwind", SourceKind.CRM, "GB", "wk_crm"));
            assertThatThrownBy(() -> b.sources().put(new Source("src_other", "Other", "Northwind", SourceKind.CRM, "GB", "wk_crm")))
                    .isInstanceOf(KithException.class)
                    .hasMessageContaining("already used by source \"src_crm\"")
                    .satisfies(e -> assertThat(((KithException) e).code()).isEqualTo(ErrorCode.CONFLICT));
            Source moved = new Source("src_crm", "CRM", "Northwind", SourceKind.CRM, "GB", "wk_crm_2");
            b.sources().put(moved);
            assertThat(a.sources().all()).contains(moved.stored());
            assertThat(b.sources().byWriteKey("wk_crm")).isEmpty();
        }
    }

    @Test
    void anApiKeyCreatedOnOneServerAuthenticatesOnAnother() throws InterruptedException {
        String url = TestPostgres.newDatabase();
        try (PostgresStore a = PostgresStore.open(url, "node-a"); PostgresStore b = PostgresStore.open(url, "node-b")) {
            ApiKeyRegistry.Created desk = a.apiKeys().create("desk", Set.of(Scope.PROFILES_READ));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (b.apiKeys().authenticate(desk.secret()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(b.apiKeys().authenticate(desk.secret())).contains(desk.key());
            assertThat(b.apiKeys().authenticate("kk_wrong")).isEmpty();
        }
    }

    @Test
    void anApiKeyRevokedOnOneServerIsRefusedByAnotherWithinTheCachePeriod() throws InterruptedException {
        String url = TestPostgres.newDatabase();
        try (PostgresStore a = PostgresStore.open(url, "node-a"); PostgresStore b = PostgresStore.open(url, "node-b")) {
            ApiKeyRegistry.Created desk = a.apiKeys().create("desk", Set.of(Scope.PROFILES_READ));
            Thread.sleep(ApiKeyRegistry.SHARED_CACHE_PERIOD.toMillis() + 50);
            assertThat(b.apiKeys().authenticate(desk.secret())).contains(desk.key());
            a.apiKeys().revoke(desk.key().id());
            assertThat(a.apiKeys().authenticate(desk.secret())).as("at once on the server that revoked it").isEmpty();
            Thread.sleep(ApiKeyRegistry.SHARED_CACHE_PERIOD.toMillis() + 50);
            assertThat(b.apiKeys().authenticate(desk.secret())).as("within the cache period on the other").isEmpty();
        }
    }

    @Test
    void aWriteKeyRotatedOnOneServerIsRefusedByAnotherWithinASecondOfItsOverlap() throws InterruptedException {
        String url = TestPostgres.newDatabase();
        try (PostgresStore a = PostgresStore.open(url, "node-a"); PostgresStore b = PostgresStore.open(url, "node-b")) {
            Source pos = a.sources().create(new NewSource("POS", "Northwind", SourceKind.POS, "GB"));
            Thread.sleep(io.kith.store.jdbc.JdbcSourceRegistry.REREAD_INTERVAL.toMillis() + 50);
            assertThat(b.sources().byWriteKey(pos.writeKey())).isPresent();
            String fresh = a.sources().rotate(pos.id(), Duration.ZERO).source().writeKey();
            Thread.sleep(io.kith.store.jdbc.JdbcSourceRegistry.REREAD_INTERVAL.toMillis() + 50);
            assertThat(b.sources().byWriteKey(pos.writeKey())).isEmpty();
            assertThat(b.sources().byWriteKey(fresh)).map(Source::id).contains(pos.id());
        }
    }
}
