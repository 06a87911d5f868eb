package io.kith.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.source.WriteKey;
import io.kith.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A store made by an older Kith (migrated by Flyway then) is adopted, migrated on, and keeps working. */
class PostgresUpgradeTest {
    private PostgresStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void anUpgradeHashesTheServerSideKeysOfAnOlderStoreWhichKeepWorking() throws Exception {
        String url = TestPostgres.newDatabase();
        PostgresUrl parsed = PostgresUrl.parse(url);
        Flyway old = Flyway.configure(getClass().getClassLoader()).dataSource(parsed.jdbcUrl(), parsed.user(), parsed.password())
                .locations("classpath:db/postgres").target("4").load();
        old.migrate();
        try (Connection c = old.getConfiguration().getDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO sources (id, name, brand, kind, default_region, write_key) VALUES "
                    + "('src_pos', 'POS', 'northwind', 'POS', 'GB', 'wk_pos_plain'), ('src_web', 'Web', 'northwind', 'WEB', 'GB', 'wk_web_plain')");
            s.execute("INSERT INTO api_keys (id, name, secret_hash, scopes, created_at) VALUES ('key_old', 'desk', 'abc', 'profiles:read', now())");
        }
        store = PostgresStore.open(url, "node-a");
        assertThat(store.sources().byId("src_pos").orElseThrow().writeKey()).isEqualTo(WriteKey.digest("wk_pos_plain"));
        assertThat(store.sources().byId("src_web").orElseThrow().writeKey()).isEqualTo("wk_web_plain");
        assertThat(store.sources().byWriteKey("wk_pos_plain")).map(s -> s.id()).contains("src_pos");
        assertThat(store.sources().byWriteKey("wk_web_plain")).map(s -> s.id()).contains("src_web");
        assertThat(store.apiKeys().all()).singleElement().satisfies(k -> {
            assertThat(k.brands()).isEmpty();
            assertThat(k.revoked()).isFalse();
        });
    }

    @Test
    void everyScriptInTheFolderIsInTheListInOrder() throws Exception {
        io.kith.testkit.contract.SchemaScripts.assertEveryScriptListed(java.nio.file.Path.of("src/main/resources/db/postgres"), Migrations.SCRIPTS);
    }
}
