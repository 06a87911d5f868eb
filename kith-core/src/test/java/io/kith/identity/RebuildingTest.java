package io.kith.identity;

import static io.kith.identity.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link IdentityProjection#rebuilding()}: what the followers hold on while a rebuild replays the stored events. */
class RebuildingTest {
    private final IdentityProjection identity = new IdentityProjection(IdentityRules.defaults(), IdentityOverrides.NONE, TestEvents::info, a -> { });

    /** A store whose range reads wait for {@link #release} once they have said they started, then answer or fail. */
    private static final class HeldStore extends ListEventStore {
        final CountDownLatch reading = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile RuntimeException failWith;

        @Override
        public RangeReader rangeReader() {
            RangeReader inner = super.rangeReader();
            return (from, to, visit) -> {
                reading.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (failWith != null) {
                    throw failWith;
                }
                inner.visitRange(from, to, visit);
            };
        }
    }

    private static HeldStore storeWithEvents() {
        HeldStore store = new HeldStore();
        store.add(event("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"email\":\"a@example.com\"}}"));
        store.add(event("{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Order Completed\"}"));
        return store;
    }

    @Test
    void aRebuildIsUnderWayFromItsFirstReadUntilItsGraphIsInForce() throws Exception {
        HeldStore store = storeWithEvents();
        assertThat(identity.rebuilding()).isFalse();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread rebuild = Thread.ofPlatform().start(() -> {
            try {
                identity.rebuild(store, IdentityOverrides.NONE);
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        assertThat(store.reading.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(identity.rebuilding()).isTrue();
        store.release.countDown();
        rebuild.join(10_000);
        assertThat(failed.get()).isNull();
        assertThat(identity.rebuilding()).isFalse();
        assertThat(identity.read(IdentityGraph::profileCount)).isEqualTo(1);
    }

    @Test
    void aRebuildThatFailsIsNoLongerUnderWay() {
        HeldStore store = storeWithEvents();
        store.failWith = new IllegalStateException("store down");
        store.release.countDown();
        assertThatThrownBy(() -> identity.rebuild(store, IdentityOverrides.NONE)).hasMessageContaining("store down");
        assertThat(identity.rebuilding()).isFalse();
    }
}
