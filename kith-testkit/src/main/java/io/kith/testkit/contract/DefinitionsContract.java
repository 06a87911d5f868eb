package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.derive.Definitions;
import io.kith.derive.Definitions.Kind;
import io.kith.store.Store;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every store's versioned definitions must do: a changed body is a new version, an equal one is not, and every
 * version stays readable (model runs are read by the version their values carry).
 */
public abstract class DefinitionsContract {
    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");
    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    /** A store over an empty database; the test closes it. */
    protected abstract Store newStore();

    @Test
    void everyVersionOfARunRecordIsKeptAndReadableByItsVersion() {
        try (Store store = newStore()) {
            Definitions d = store.definitions();
            assertThat(d.history(Kind.MODEL_RUN, "clv", 10)).isEmpty();
            assertThat(d.version(Kind.MODEL_RUN, "clv", 1)).isEmpty();
            for (int i = 1; i <= 3; i++) {
                Definitions.Saved s = d.save(Kind.MODEL_RUN, "clv", N.objectNode().put("run", i), T.plusSeconds(i));
                assertThat(s.version()).isEqualTo(i);
            }
            assertThat(d.save(Kind.MODEL_RUN, "clv", N.objectNode().put("run", 3), T.plusSeconds(9)).version()).as("an equal body").isEqualTo(3);
            d.save(Kind.MODEL_RUN, "clusters", N.objectNode().put("k", 4), T);
            d.save(Kind.LABEL, "clv", N.objectNode().put("other", "kind"), T);

            assertThat(d.history(Kind.MODEL_RUN, "clv", 10)).extracting(Definitions.Saved::version).containsExactly(3, 2, 1);
            assertThat(d.history(Kind.MODEL_RUN, "clv", 2)).extracting(Definitions.Saved::version).containsExactly(3, 2);
            Definitions.Saved second = d.version(Kind.MODEL_RUN, "clv", 2).orElseThrow();
            assertThat(second.body().path("run").asInt()).isEqualTo(2);
            assertThat(second.savedAt()).isEqualTo(T.plusSeconds(2));
            assertThat(second.kind()).isEqualTo(Kind.MODEL_RUN);
            assertThat(d.version(Kind.MODEL_RUN, "clv", 4)).isEmpty();
            assertThat(d.all(Kind.MODEL_RUN)).extracting(Definitions.Saved::name, Definitions.Saved::version)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("clusters", 1), org.assertj.core.groups.Tuple.tuple("clv", 3));
            assertThat(d.latest(Kind.LABEL, "clv").orElseThrow().version()).isEqualTo(1);
        }
    }
}
