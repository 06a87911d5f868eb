package io.kith.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.source.WriteKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store made by an older Kith is migrated and keeps working. */
class DuckDbUpgradeTest {
    @TempDir
    Path dir;
    private DuckDbStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void anUpgradeHashesTheServerSideKeysOfAnOlderStoreWhichKeepWorking() throws Exception {
        Path file = dir.resolve("old.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath()); Statement s = c.createStatement()) {
            Migrations.apply(c, 5);
            s.execute("INSERT INTO sources (id, name, brand, kind, default_region, write_key) VALUES "
                    + "('src_pos', 'POS', 'northwind', 'POS', 'GB', 'wk_pos_plain'), ('src_web', 'Web', 'northwind', 'WEB', 'GB', 'wk_web_plain')");
            s.execute("INSERT INTO api_keys (id, name, secret_hash, scopes, created_at) VALUES "
                    + "('key_old', 'desk', 'abc', 'profiles:read', TIMESTAMPTZ '2025-01-01 00:00:00+00')");
        }
        store = DuckDbStore.open(file);
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
        io.kith.testkit.contract.SchemaScripts.assertEveryScriptListed(java.nio.file.Path.of("src/main/resources/db/duckdb"), Migrations.SCRIPTS);
    }
}
