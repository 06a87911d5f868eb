package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.identity.Identifier;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.OverridesStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link OverridesStore} must do; a store's test extends this. */
public abstract class OverridesStoreContract {
    protected abstract OverridesStore newStore();

    protected abstract OverridesStore reopen();

    private static final Identifier A = new Identifier("email", "a@example.com");
    private static final Identifier B = new Identifier("email", "b@example.com");
    private static final Identifier KIOSK = new Identifier("device_id", "kiosk-1");

    @Test
    void versionsCountUpAndSurviveARestart() {
        OverridesStore s = newStore();
        assertThat(s.current()).isEqualTo(OverridesStore.Versioned.NONE);
        OverridesStore.Versioned one = s.update(o -> o.withDistinct(A, B));
        OverridesStore.Versioned two = s.update(o -> o.withUnlinked(KIOSK));
        assertThat(one.version()).isEqualTo(1);
        assertThat(two.version()).isEqualTo(2);
        assertThat(two.overrides()).isEqualTo(new IdentityOverrides(List.of(new IdentityOverrides.Pair(A, B)), java.util.Set.of(KIOSK)));
        assertThat(reopen().current()).isEqualTo(two);
    }

    /**
     * A rule Kith learned (a shared value stopped) and an operator's allowance (a value let link again) are versions like
     * any other, and survive a restart as written; the allowance replaces the learned rule.
     */
    @Test
    void learnedRulesAndAllowancesAreKeptAsVersions() {
        OverridesStore s = newStore();
        java.time.Instant at = java.time.Instant.parse("2026-12-01T10:00:00Z");
        IdentityOverrides.LearnedUnlink rule = new IdentityOverrides.LearnedUnlink(A, IdentityOverrides.SHARED_VALUE,
                "2 people whose first names and birth dates clearly disagree, in 2 events", at);
        OverridesStore.Versioned learned = s.update(o -> o.withLearned(rule));
        s = reopen();
        assertThat(s.current()).isEqualTo(learned);
        assertThat(s.current().overrides().learnedFor(A)).contains(rule);
        assertThat(s.current().overrides().unlinked()).containsExactly(A);

        OverridesStore.Versioned allowed = s.update(o -> o.allowedToLink(A));
        assertThat(allowed.version()).isEqualTo(learned.version() + 1);
        s = reopen();
        IdentityOverrides back = s.current().overrides();
        assertThat(back.unlinked()).isEmpty();
        assertThat(back.learned()).isEmpty();
        assertThat(back.isAllowed(A)).isTrue();
        assertThat(s.update(o -> o.withLearned(rule)).overrides().unlinked()).as("the allowance stands").isEmpty();
    }

    @Test
    void concurrentChangesAreAllKept() throws Exception {
        OverridesStore s = newStore();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Identifier id = new Identifier("device_id", "shared-" + i);
            done.add(pool.submit(() -> s.update(o -> o.withUnlinked(id))));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(s.current().version()).isEqualTo(20);
        assertThat(s.current().overrides().unlinked()).hasSize(20);
    }
}
