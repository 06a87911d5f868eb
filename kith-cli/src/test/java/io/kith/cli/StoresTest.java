package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.KithException;
import io.kith.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which store a configuration names: {@code --store}, then {@code KITH_STORE}, then {@code DATA/kith.json}. */
class StoresTest {
    @TempDir
    Path data;

    @BeforeEach
    void noStoreInTheEnvironment() {
        Assumptions.assumeTrue(System.getenv("KITH_STORE") == null, "KITH_STORE is set in this environment");
    }

    @Test
    void theEmbeddedStoreByDefault() {
        assertThat(Stores.configured(null, data)).isNull();
        try (Store store = Stores.open(Stores.configured(null, data), data)) {
            assertThat(store.shared()).isFalse();
            assertThat(store.describe()).contains(data.resolve("kith.duckdb").toAbsolutePath().toString());
        }
    }

    @Test
    void theConfigFileNamesTheStoreAndTheOptionWins() throws Exception {
        Files.writeString(data.resolve("kith.json"), "{\"store\": \"postgres://kith:secret@db.example:5432/kith\"}");
        assertThat(Stores.configured(null, data)).isEqualTo("postgres://kith:secret@db.example:5432/kith");
        assertThat(Stores.configured(" duckdb ", data)).isEqualTo("duckdb");
    }

    @Test
    void aStoreThatIsNotAStringIsAClearError() throws Exception {
        Files.writeString(data.resolve("kith.json"), "{\"store\": 5432}");
        assertThatThrownBy(() -> Stores.configured(null, data)).isInstanceOf(KithException.class)
                .hasMessageContaining("kith.json").hasMessageContaining("\"store\" must be a string").hasMessageContaining("5432");
    }

    @Test
    void anUnknownLocationIsAClearError() {
        assertThatThrownBy(() -> Stores.open("mysql://db/kith", data)).isInstanceOf(KithException.class)
                .hasMessageContaining("mysql://db/kith").hasMessageContaining("postgres://");
    }
}
