package io.kith.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbStoreSettingsTest {
    @Test
    void checkpointsOnlyAfterAQuarterGigabyteOfWriteAheadLog(@TempDir Path dir) throws Exception {
        try (DuckDbStore store = DuckDbStore.open(dir.resolve("kith.duckdb"));
             Connection c = store.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('checkpoint_threshold')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("256.0 MiB");
        }
    }
}
