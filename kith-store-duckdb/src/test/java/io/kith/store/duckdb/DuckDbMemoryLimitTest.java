package io.kith.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.KithException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code KITH_DUCKDB_MEMORY}: DuckDB's own memory limit, beside the Java heap, so the two together fit the machine. */
class DuckDbMemoryLimitTest {
    @TempDir
    Path dir;

    @Test
    void theLimitGivenIsDuckDbsMemoryLimit() throws Exception {
        try (DuckDbStore store = DuckDbStore.open(dir.resolve("kith.duckdb"), "512MiB")) {
            assertThat(setting(store)).isEqualTo("512.0 MiB");
        }
    }

    @Test
    void noLimitKeepsDuckDbsDefault() throws Exception {
        String fresh;
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('memory_limit')")) {
            rs.next();
            fresh = rs.getString(1);
        }
        try (DuckDbStore store = DuckDbStore.open(dir.resolve("kith.duckdb"), (String) null)) {
            assertThat(setting(store)).isEqualTo(fresh);
        }
        try (DuckDbStore store = DuckDbStore.open(dir.resolve("kith.duckdb"), " ")) {
            assertThat(setting(store)).as("blank: none").isEqualTo(fresh);
        }
    }

    @Test
    void aValueThatIsNotASizeIsRefusedBeforeDuckDbSeesIt() {
        for (String bad : new String[] {"4", "lots", "4GB'; DROP TABLE events; --", "-1GB", "4 GB extra", "0GB", "0.0 MiB"}) {
            assertThatThrownBy(() -> DuckDbStore.open(dir.resolve("bad").resolve("kith.duckdb"), bad)).isInstanceOf(KithException.class)
                    .hasMessageContaining("memory limit must be a size");
        }
        assertThat(dir.resolve("bad")).as("refused before anything is made").doesNotExist();
        assertThat(DuckDbStore.memoryLimit(" 4gb ")).isEqualTo("4gb");
        assertThat(DuckDbStore.memoryLimit("1.5 GiB")).isEqualTo("1.5 GiB");
    }

    private static String setting(DuckDbStore store) throws Exception {
        try (Connection c = store.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('memory_limit')")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
