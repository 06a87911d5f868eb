package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kith.identity.Identifier;
import io.kith.testkit.Sources;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An identity override is rebuilt in the background while events keep coming: lookups go on against the old graph
 * meanwhile and wait only for the rebuild's swap, whose last catch-up holds the write lock.
 */
class OverrideRebuildIT {
    private static final int PROFILES = Integer.getInteger("kith.rebuild.profiles", 30_000);
    /**
     * The longest a lookup may wait for the lock during a rebuild, at least. The swap itself takes a few milliseconds, but on
     * a small shared machine a writer holding the lock (the projector's, every 256 events, as much as the rebuild's) may be
     * kept off a core for a hundred or two: the lock waits measured without a rebuild were as long.
     */
    private static final long NOISE_MILLIS = 250;

    private static int send(RunningKith kith, String batch) throws Exception {
        return kith.send(kith.post("/v1/batch", "{\"batch\":[" + batch + "]}").header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString((Sources.WEB_SHOP.writeKey() + ":").getBytes(StandardCharsets.UTF_8)))).statusCode();
    }

    private static String identifies(int from, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            b.append(i == from ? "" : ",").append("{\"type\":\"identify\",\"userId\":\"u").append(i)
                    .append("\",\"traits\":{\"email\":\"person").append(i).append("@example.com\"}}");
        }
        return b.toString();
    }

    /**
     * Looks a profile up every half millisecond until stopped, as a service desk's stream of lookups would (a loop with no
     * pause would take a core from the rebuild on a small machine): the longest single lookup, in nanoseconds, and how many
     * took over 10 ms; and the longest a lookup waited for the lock, in milliseconds. That wait is the thread's time parked
     * inside the lookup, as the JVM counts it: unlike the lookup's wall time, it leaves out the time a busy machine kept the
     * thread off a core.
     */
    private static final class Lookups implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong worst = new AtomicLong();
        final AtomicInteger count = new AtomicInteger();
        final AtomicInteger slow = new AtomicInteger();
        final AtomicLong worstWaitMillis = new AtomicLong();
        private final KithApp app;

        Lookups(KithApp app) {
            this.app = app;
        }

        @Override
        public void run() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            threads.setThreadContentionMonitoringEnabled(true);
            long self = Thread.currentThread().threadId();
            int i = 0;
            while (!stop.get()) {
                Identifier id = new Identifier("user_id", "u" + (i++ % PROFILES));
                long waited = threads.getThreadInfo(self).getWaitedTime();
                long t0 = System.nanoTime();
                app.identity().read(g -> g.lookup(id).flatMap(g::profile));
                long took = System.nanoTime() - t0;
                worstWaitMillis.accumulateAndGet(threads.getThreadInfo(self).getWaitedTime() - waited, Math::max);
                worst.accumulateAndGet(took, Math::max);
                count.incrementAndGet();
                if (took > 10_000_000) {
                    slow.incrementAndGet();
                }
                java.util.concurrent.locks.LockSupport.parkNanos(500_000);
            }
        }
    }

    @Test
    void lookupsAreNotHeldUpByARebuildWhileEventsKeepComing() throws Exception {
        try (RunningKith kith = new RunningKith()) {
            for (int from = 0; from < PROFILES; from += 1_000) {
                assertThat(send(kith, identifies(from, 1_000))).isEqualTo(200);
            }
            kith.storedEvents();

            // the noise floor: the same lookups and ingestion, without a rebuild
            Lookups quiet = new Lookups(kith.app);
            Thread quietThread = Thread.ofPlatform().start(quiet);
            long quietUntil = System.nanoTime() + 2_000_000_000L;
            for (int k = 0; System.nanoTime() < quietUntil; k++) {
                assertThat(send(kith, identifies(PROFILES + k * 50 % PROFILES, 50))).isEqualTo(200);
            }
            quiet.stop.set(true);
            quietThread.join();

            Lookups during = new Lookups(kith.app);
            AtomicBoolean stopSending = new AtomicBoolean();
            AtomicInteger sent = new AtomicInteger();
            Thread lookups = Thread.ofPlatform().start(during);
            Thread sender = Thread.ofPlatform().start(() -> {
                for (int k = 0; !stopSending.get(); k++) {
                    try {
                        if (send(kith, identifies(2 * PROFILES + k * 50, 50)) == 200) {
                            sent.addAndGet(50);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            long t0 = System.nanoTime();
            HttpResponse<String> accepted = kith.send(kith.post("/api/v1/identity/overrides",
                    "{\"unlink\":{\"type\":\"email\",\"value\":\"person7@example.com\"}}").header("Authorization", "Bearer " + RunningKith.ADMIN_KEY));
            long answeredMillis = (System.nanoTime() - t0) / 1_000_000;
            JsonNode rebuild = kith.awaitRebuild(accepted);
            long rebuildMillis = (System.nanoTime() - t0) / 1_000_000;
            stopSending.set(true);
            sender.join();
            during.stop.set(true);
            lookups.join();

            System.out.printf("override rebuild: answered 202 in %d ms; rebuild of %d events done in %d ms while %d events arrived; "
                            + "worst lookup %.2f ms of %,d during it, %d over 10 ms, longest lock wait %d ms "
                            + "(%.2f ms of %,d in 2 s without a rebuild, %d over 10 ms, longest lock wait %d ms)%n",
                    answeredMillis, rebuild.path("eventsReplayed").asLong(), rebuildMillis, sent.get(), during.worst.get() / 1e6,
                    during.count.get(), during.slow.get(), during.worstWaitMillis.get(), quiet.worst.get() / 1e6, quiet.count.get(),
                    quiet.slow.get(), quiet.worstWaitMillis.get());
            assertThat(rebuild.path("status").asText()).isEqualTo("done");
            assertThat(rebuild.path("eventsReplayed").asLong()).isGreaterThanOrEqualTo(PROFILES);
            // A rebuild that held the lock while it replayed would hold lookups for most of its time.
            assertThat(during.worstWaitMillis.get()).as("longest lock wait of a lookup during the rebuild, ms")
                    .isLessThan(Math.max(NOISE_MILLIS, rebuildMillis / 2));
            assertThat(kith.app.identity().overrides().unlinked()).contains(new Identifier("email", "person7@example.com"));
        }
    }
}
