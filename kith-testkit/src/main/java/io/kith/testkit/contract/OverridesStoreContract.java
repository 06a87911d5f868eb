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
