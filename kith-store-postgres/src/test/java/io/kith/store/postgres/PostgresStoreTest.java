package io.kith.store.postgres;

import io.kith.testkit.TestPostgres;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.access.ApiKeyRegistry;
import io.kith.access.Scope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.Event;
import io.kith.event.EventParser;
import io.kith.event.ParseOutcome;
import io.kith.event.QuarantinedEvent;
import io.kith.event.Rejection;
import io.kith.event.StoredEvent;
import io.kith.source.NewSource;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import io.kith.testkit.Events;
import io.kith.testkit.Sources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL store does beyond the contracts: its URL, restarts, odd values, schema versions, clearing. */
class PostgresStoreTest {
    private static StoredEvent event(long seq, String messageId) {
        return new StoredEvent(seq, Events.track("Order Completed").messageId(messageId).userId("u-" + messageId)
                .at(Events.T0.plusSeconds(seq)).from(Sources.POS).event());
    }

    private static QuarantinedEvent quarantined(String id, String raw) {
        return new QuarantinedEvent(id, "src_pos", Instant.parse("2026-02-01T10:00:00Z"),
                new Rejection(ErrorCode.INVALID_JSON, "$", "not JSON: " + raw), raw);
    }

    private static String database(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    @Test
    void aReopenedStoreKeepsEverythingAndEachNodeItsOwnPosition() {
        String url = TestPostgres.newDatabase();
        List<StoredEvent> stored;
        Source source;
        ApiKeyRegistry.Created key;
        try (PostgresStore a = PostgresStore.open(url, "node-a")) {
            stored = a.events().apply(List.of(event(0, "m-0"), event(1, "m-1")), List.of(quarantined("q1", "{")), 3);
            source = a.sources().create(new NewSource("Web shop", "Northwind", SourceKind.WEB, "GB"));
            key = a.apiKeys().create("desk", Set.of(Scope.PROFILES_READ));
        }
        try (PostgresStore a = PostgresStore.open(url, "node-a"); PostgresStore b = PostgresStore.open(url, "node-b")) {
            assertThat(a.events().appliedSequence()).isEqualTo(3);
            assertThat(b.events().appliedSequence()).isZero();
            assertThat(b.events().scan(0, 10)).isEqualTo(stored);
            assertThat(b.quarantine().list(null, null, 10)).containsExactly(quarantined("q1", "{"));
            assertThat(b.sources().byWriteKey(source.writeKey())).contains(source);
            assertThat(b.apiKeys().authenticate(key.secret())).contains(key.key());
        }
    }

    @Test
    void describeNamesTheDatabaseButNeverThePassword() {
        String url = TestPostgres.newDatabase();
        String db = database(url);
        int port = TestPostgres.port();
        List<String> forms = List.of(url, url.replace("postgres://", "postgresql://"),
                "jdbc:postgresql://localhost:" + port + "/" + db + "?user=postgres&password=" + TestPostgres.PASSWORD + "&connectTimeout=5");
        for (String form : forms) {
            try (PostgresStore store = PostgresStore.open(form, "node-a")) {
                assertThat(store.describe()).contains("PostgreSQL", "postgres@localhost:" + port + "/" + db, "node-a")
                        .doesNotContain(TestPostgres.PASSWORD);
                assertThat(store.events().countEvents()).isZero();
            }
        }
    }

    @Test
    void aPasswordWithReservedCharactersIsPercentDecoded() {
        String url = TestPostgres.newDatabase().replace(TestPostgres.PASSWORD, "p%40ss%2Fw%3Ard");
        try (PostgresStore store = PostgresStore.open(url, "node-a")) {
            assertThat(store.describe()).doesNotContain("p%40ss", "p@ss");
        }
    }

    @Test
    void aBadUrlIsRefusedNamingItWithoutThePassword() {
        assertThatThrownBy(() -> PostgresStore.open("mysql://kith:" + TestPostgres.PASSWORD + "@localhost/kith", "node-a"))
                .isInstanceOf(KithException.class)
                .satisfies(e -> assertThat(((KithException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("mysql://kith@localhost/kith")
                .hasMessageContaining("expected postgres://user:password@host:port/database")
                .message().doesNotContain(TestPostgres.PASSWORD);
        assertThatThrownBy(() -> PostgresStore.open("postgres://kith:" + TestPostgres.PASSWORD + "@localhost:5432", "node-a"))
                .hasMessageContaining("postgres://kith@localhost:5432").hasMessageContaining("names no database")
                .message().doesNotContain(TestPostgres.PASSWORD);
        assertThatThrownBy(() -> PostgresStore.open("postgres://kith:" + TestPostgres.PASSWORD + "@localhost:1/kith", "node-a"))
                .isInstanceOf(KithException.class)
                .satisfies(e -> assertThat(((KithException) e).code()).isEqualTo(ErrorCode.STORAGE_FAILURE))
                .hasMessageContaining("cannot open the PostgreSQL store postgres://kith@localhost:1/kith")
                .message().doesNotContain(TestPostgres.PASSWORD);
        assertThatThrownBy(() -> PostgresStore.open(TestPostgres.newDatabase(), " "))
                .hasMessageContaining("needs a node id").message().doesNotContain(TestPostgres.PASSWORD);
    }

    /** An event with characters COPY must escape, U+0000, and a timestamp in epoch milliseconds far outside PostgreSQL's range. */
    private static Event odd(String messageId, long epochMillis) {
        ObjectNode json = Events.track("Odd \\ event\twith\ttabs").messageId(messageId).userId("u\u0000x")
                .property("note", "nul \u0000 and emoji \uD83D\uDE00").json();
        Event e = ((ParseOutcome.Accepted) new EventParser(() -> "unused").parse(json, null, Sources.POS, Events.T0, "$")).event();
        // Such a time is refused when parsed today; a log written before that check may still hold one.
        java.time.Instant at = java.time.Instant.ofEpochMilli(epochMillis);
        return new Event(e.messageId(), e.type(), e.sourceId(), e.brand(), e.userId(), e.anonymousId(), e.name(), at, e.receivedAt(),
                e.json().put("timestamp", io.kith.event.Timestamps.format(at)));
    }

    @Test
    void valuesPostgresqlCannotHoldAreStoredRatherThanStoppingTheProjector() throws SQLException {
        String url = TestPostgres.newDatabase();
        StoredEvent far = new StoredEvent(0, odd("m\n\\0\t1", Long.MAX_VALUE));
        StoredEvent past = new StoredEvent(1, odd("m-past", Long.MIN_VALUE));
        QuarantinedEvent nul = quarantined("q\u0000", "{\"a\":\u0000}");
        try (PostgresStore store = PostgresStore.open(url, "node-a")) {
            List<StoredEvent> stored = store.events().apply(List.of(far, past), List.of(nul), 2);
            assertThat(stored).extracting(e -> e.event().messageId()).containsExactly("m\n\\0\t1", "m-past");
            assertThat(stored).extracting(e -> e.event().timestamp()).containsExactly(far.event().timestamp(), past.event().timestamp());
            assertThat(stored.get(0).event().userId()).isEqualTo("u\uFFFDx");
            assertThat(stored.get(0).event().properties().get("note").asText()).isEqualTo("nul \uFFFD and emoji \uD83D\uDE00");
            assertThat(store.events().scan(0, 10)).isEqualTo(stored);
            QuarantinedEvent listed = store.quarantine().list(null, null, 1).get(0);
            assertThat(listed.id()).isEqualTo("q\uFFFD");
            assertThat(listed.raw()).isEqualTo("{\"a\":\uFFFD}");
        }
        PostgresUrl parsed = PostgresUrl.parse(url);
        try (Connection c = DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT message_id, user_id, event, extract(year FROM ts), json->'properties'->>'note' "
                     + "FROM events ORDER BY seq")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("m\n\\0\t1");
            assertThat(rs.getString(2)).isEqualTo("u\uFFFDx");
            assertThat(rs.getString(3)).isEqualTo("Odd \\ event\twith\ttabs");
            assertThat(rs.getInt(4)).isEqualTo(294275);
            rs.next();
            assertThat(rs.getInt(4)).isEqualTo(-4713);
            assertThat(rs.getString(5)).isEqualTo("nul \uFFFD and emoji \uD83D\uDE00");
        }
    }

    @Test
    void clearEmptiesTheStoreForEveryNodeAndNeverReusesASequence() {
        String url = TestPostgres.newDatabase();
        try (PostgresStore a = PostgresStore.open(url, "node-a"); PostgresStore b = PostgresStore.open(url, "node-b")) {
            a.events().apply(List.of(event(0, "m-0")), List.of(quarantined("q1", "{")), 1);
            long last = b.events().apply(List.of(event(0, "m-1")), List.of(), 1).get(0).sequence();
            a.events().clear();
            assertThat(a.events().appliedSequence()).isZero();
            assertThat(b.events().appliedSequence()).isZero();
            assertThat(b.events().countEvents()).isZero();
            assertThat(b.quarantine().count()).isZero();
            List<StoredEvent> again = b.events().apply(List.of(event(0, "m-1")), List.of(), 1);
            assertThat(again).hasSize(1);
            assertThat(again.get(0).sequence()).isGreaterThan(last);
        }
    }

    @Test
    void serversStartingTogetherMigrateTheSchemaOnce() throws Exception {
        String url = TestPostgres.newDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<PostgresStore>> opening = new ArrayList<>();
            for (String node : List.of("node-a", "node-b", "node-c")) {
                opening.add(pool.submit(() -> PostgresStore.open(url, node)));
            }
            for (Future<PostgresStore> f : opening) {
                try (PostgresStore store = f.get(60, TimeUnit.SECONDS)) {
                    assertThat(store.events().countEvents()).isZero();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStoreMigratedByFlywayIsAdoptedAndMigratedOn() throws SQLException {
        String url = TestPostgres.newDatabase();
        PostgresUrl parsed = PostgresUrl.parse(url);
        org.flywaydb.core.Flyway.configure(getClass().getClassLoader()).dataSource(parsed.jdbcUrl(), parsed.user(), parsed.password())
                .locations("classpath:db/postgres").target("6").load().migrate();
        PostgresStore.open(url, "node-a").close();
        try (Connection c = DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
             Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*), max(version) FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(Migrations.SCRIPTS.size());
            assertThat(rs.getInt(2)).isEqualTo(Migrations.SCRIPTS.size());
        }
        PostgresStore.open(url, "node-b").close(); // and again: nothing left to apply
    }

    @Test
    void aDatabaseMigratedByANewerKithIsRefused() throws SQLException {
        String url = TestPostgres.newDatabase();
        PostgresStore.open(url, "node-a").close();
        PostgresUrl parsed = PostgresUrl.parse(url);
        try (Connection c = DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version (version, script) VALUES (99, 'V99__from_the_future.sql')");
        }
        assertThatThrownBy(() -> PostgresStore.open(url, "node-a"))
                .isInstanceOf(KithException.class)
                .hasMessageContaining("schema version 99").hasMessageContaining("upgrade Kith")
                .message().doesNotContain(TestPostgres.PASSWORD);
    }
}
