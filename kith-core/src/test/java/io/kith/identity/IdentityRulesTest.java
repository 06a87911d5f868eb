package io.kith.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class IdentityRulesTest {
    private final IdentityRules rules = IdentityRules.defaults();

    @Test
    void blockedValuesAreTheTypesOwnAndThoseOfEveryType() {
        assertThat(rules.isBlocked("email", "test@example.com")).as("exact, of the type").isTrue();
        assertThat(rules.isBlocked("email", "noreply@shop.example")).as("a pattern of the type").isTrue();
        assertThat(rules.isBlocked("email", "no-address")).as("a pattern of the type: no @").isTrue();
        assertThat(rules.isBlocked("email", "UNDEFINED")).as("exact, of every type, whatever the case").isTrue();
        assertThat(rules.isBlocked("user_id", "000-0")).as("a pattern of every type").isTrue();
        assertThat(rules.isBlocked("phone", "+000")).isTrue();
        assertThat(rules.isBlocked("email", "person1@example.com")).isFalse();
        assertThat(rules.isBlocked("user_id", "u1000")).isFalse();
        assertThat(rules.isBlocked("anonymous_id", "c1-0")).isFalse();
        assertThat(rules.isBlocked("phone", "+447400000001")).isFalse();
    }

    /** The patterns' matchers are reused, one per thread: threads checking at once must each get their own value's answer. */
    @Test
    void threadsCheckingAtOnceEachGetTheirValuesAnswer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                wrong.add(pool.submit(() -> {
                    int errors = 0;
                    for (int i = 0; i < 50_000; i++) {
                        boolean blocked = (i + thread) % 2 == 0;
                        String value = blocked ? "noreply@shop" + i + ".example" : "person" + i + "@example.com";
                        errors += rules.isBlocked("email", value) == blocked ? 0 : 1;
                    }
                    return errors;
                }));
            }
            for (Future<Integer> f : wrong) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdown();
        }
    }
}
