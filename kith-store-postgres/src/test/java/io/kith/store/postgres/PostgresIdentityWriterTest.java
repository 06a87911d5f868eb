package io.kith.store.postgres;

import io.kith.testkit.TestPostgres;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The identity writer lock: one server on a database writes the profile rows, and another takes over when it closes. */
class PostgresIdentityWriterTest {
    @Test
    void oneServerAtATimeIsTheWriterAndTheNextTakesOverWhenItCloses() {
        String url = TestPostgres.newDatabase();
        try (PostgresStore b = PostgresStore.open(url, "node-b")) {
            try (PostgresStore a = PostgresStore.open(url, "node-a")) {
                assertThat(a.identity().acquireWriter()).isTrue();
                assertThat(b.identity().acquireWriter()).isFalse();
                assertThat(a.identity().acquireWriter()).as("the holder keeps it").isTrue();
                assertThat(b.identity().acquireWriter()).as("asking again does not take it").isFalse();
                a.identity().apply(List.of(), Map.of(), 5);
            }
            assertThat(b.identity().acquireWriter()).isTrue();
            assertThat(b.identity().appliedSequence()).isEqualTo(5);
            try (PostgresStore c = PostgresStore.open(url, "node-c")) {
                assertThat(c.identity().acquireWriter()).isFalse();
            }
        }
        try (PostgresStore d = PostgresStore.open(url, "node-d")) {
            assertThat(d.identity().acquireWriter()).isTrue();
        }
    }

    @Test
    void theLockIsPerDatabase() {
        try (PostgresStore a = PostgresStore.open(TestPostgres.newDatabase(), "node-a");
             PostgresStore b = PostgresStore.open(TestPostgres.newDatabase(), "node-a")) {
            assertThat(a.identity().acquireWriter()).isTrue();
            assertThat(b.identity().acquireWriter()).isTrue();
        }
    }
}
