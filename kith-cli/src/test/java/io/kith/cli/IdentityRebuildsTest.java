package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.identity.Identifier;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.OverridesStore;
import io.kith.profile.api.IdentityRebuild;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdentityRebuildsTest {
    /** Overrides kept in memory, versioned as a store keeps them. */
    private static final class Saved implements OverridesStore {
        private Versioned current = Versioned.NONE;

        @Override
        public synchronized Versioned current() {
            return current;
        }

        @Override
        public synchronized Versioned update(UnaryOperator<IdentityOverrides> change) {
            current = new Versioned(change.apply(current.overrides()), current.version() + 1);
            return current;
        }
    }

    private final Saved saved = new Saved();
    /** The overrides each rebuild ran with, in order. */
    private final List<IdentityOverrides> ran = Collections.synchronizedList(new ArrayList<>());
    /** A permit per rebuild allowed to finish. */
    private final Semaphore finish = new Semaphore(0);
    private final CountDownLatch firstStarted = new CountDownLatch(1);
    private volatile RuntimeException failWith;
    private final IdentityRebuilds rebuilds = new IdentityRebuilds(saved, 0, overrides -> {
        ran.add(overrides);
        firstStarted.countDown();
        finish.acquireUninterruptibly();
        if (failWith != null) {
            throw failWith;
        }
        return 42;
    }, Clock.systemUTC());

    @AfterEach
    void close() {
        finish.release(100);
        rebuilds.close();
    }

    private static UnaryOperator<IdentityOverrides> unlink(String user) {
        Identifier id = new Identifier("user_id", user);
        return o -> o.withUnlinked(id);
    }

    private IdentityRebuild await(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            IdentityRebuild r = rebuilds.rebuild(id).orElseThrow();
            if (r.finished()) {
                return r;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("rebuild " + id + " did not finish");
    }

    @Test
    void aChangeIsSavedAtOnceAndRebuiltInTheBackground() throws Exception {
        IdentityRebuild queued = rebuilds.submit(unlink("a"));
        assertThat(saved.current().version()).isEqualTo(1);
        assertThat(queued.status()).isEqualTo(IdentityRebuild.Status.QUEUED);
        assertThat(queued.overridesVersion()).isEqualTo(1);
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(rebuilds.rebuild(queued.id()).orElseThrow().status()).isEqualTo(IdentityRebuild.Status.RUNNING);
        finish.release();
        IdentityRebuild done = await(queued.id());
        assertThat(done.status()).isEqualTo(IdentityRebuild.Status.DONE);
        assertThat(done.eventsReplayed()).isEqualTo(42);
        assertThat(done.startedAt()).isNotNull();
        assertThat(done.finishedAt()).isNotNull();
        assertThat(rebuilds.inForce()).isEqualTo(1);
        assertThat(rebuilds.rebuild("rb_unknown")).isEmpty();
    }

    @Test
    void changesMadeWhileARebuildRunsQueueBehindItAndCoalesceIntoOneRebuildOfTheNewest() throws Exception {
        IdentityRebuild first = rebuilds.submit(unlink("a"));
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        IdentityRebuild second = rebuilds.submit(unlink("b"));
        IdentityRebuild third = rebuilds.submit(unlink("c"));
        assertThat(third.id()).isEqualTo(second.id()).isNotEqualTo(first.id());
        assertThat(third.overridesVersion()).isEqualTo(3);
        finish.release(2);
        assertThat(await(first.id()).overridesVersion()).isEqualTo(1);
        IdentityRebuild last = await(third.id());
        assertThat(last.status()).isEqualTo(IdentityRebuild.Status.DONE);
        assertThat(last.overridesVersion()).isEqualTo(3);
        assertThat(ran).hasSize(2);
        assertThat(ran.get(1).unlinked()).hasSize(3);
        assertThat(rebuilds.inForce()).isEqualTo(3);
    }

    @Test
    void aFailedRebuildSaysWhyAndTheNextChangeRebuildsAgain() throws Exception {
        failWith = new IllegalStateException("the store went away");
        IdentityRebuild first = rebuilds.submit(unlink("a"));
        finish.release();
        IdentityRebuild failed = await(first.id());
        assertThat(failed.status()).isEqualTo(IdentityRebuild.Status.FAILED);
        assertThat(failed.error()).isEqualTo("the store went away");
        assertThat(rebuilds.inForce()).isZero();
        failWith = null;
        IdentityRebuild again = rebuilds.submit(unlink("b"));
        finish.release();
        assertThat(await(again.id()).status()).isEqualTo(IdentityRebuild.Status.DONE);
        assertThat(rebuilds.inForce()).isEqualTo(2);
    }

    @Test
    void newerOverridesOfAnotherProcessAreAdoptedOnce() throws Exception {
        saved.update(unlink("a"));
        rebuilds.adopt(1);
        rebuilds.adopt(1);
        finish.release(5);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (rebuilds.inForce() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(rebuilds.inForce()).isEqualTo(1);
        rebuilds.adopt(1);
        Thread.sleep(50);
        assertThat(ran).hasSize(1);
    }
}
