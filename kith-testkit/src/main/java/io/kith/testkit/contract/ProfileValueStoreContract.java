package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.profile.ProfileValueStore;
import io.kith.profile.ProfileValueStore.Computed;
import io.kith.segment.ProfileValue.Namespace;
import io.kith.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every store's {@link ProfileValueStore} must do. */
public abstract class ProfileValueStoreContract {
    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");

    /** A store over an empty database; the test closes it. */
    protected abstract Store newStore();

    @Test
    void valuesAreSetReplacedRemovedAndCounted() {
        try (Store store = newStore()) {
            ProfileValueStore s = store.values();
            s.put(List.of(new Computed("p_1", Namespace.LABEL, "lifecycle", N.textNode("loyal"), 1, T),
                    new Computed("p_2", Namespace.LABEL, "lifecycle", N.textNode("loyal"), 1, T),
                    new Computed("p_1", Namespace.RFM, "r", N.numberNode(5), 1, T),
                    new Computed("p_1", Namespace.COMPUTED, "favourite_category", N.textNode("shoes"), 2, T)));
            s.put(List.of(new Computed("p_2", Namespace.LABEL, "lifecycle", N.textNode("at_risk"), 1, T.plusSeconds(60))));
            assertThat(s.of("p_2")).containsExactly(new Computed("p_2", Namespace.LABEL, "lifecycle", N.textNode("at_risk"), 1, T.plusSeconds(60)));
            assertThat(s.of("p_1")).extracting(Computed::name).containsExactly("favourite_category", "lifecycle", "r");
            assertThat(s.distribution(Namespace.LABEL, "lifecycle")).isEqualTo(Map.of("\"loyal\"", 1L, "\"at_risk\"", 1L));

            s.remove(Namespace.LABEL, "lifecycle", List.of("p_1"));
            assertThat(s.of("p_1")).extracting(Computed::name).containsExactly("favourite_category", "r");
            s.replaceAll(Namespace.LABEL, "lifecycle", List.of(new Computed("p_3", Namespace.LABEL, "lifecycle", N.textNode("new"), 2, T)));
            assertThat(s.distribution(Namespace.LABEL, "lifecycle")).isEqualTo(Map.of("\"new\"", 1L));
            assertThat(s.of("p_2")).isEmpty();
        }
    }
}
