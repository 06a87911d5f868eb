package io.kith.cli;

import io.kith.privacy.Erasure;
import io.kith.privacy.ErasureReport;
import io.kith.privacy.Regulations;
import io.kith.privacy.Suppressions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background job that carries out privacy regulations, one at a time, oldest first: a request is saved and answered
 * {@code 202} at once, and this thread takes it from the store ({@link Regulations#claim}: on a shared store one server
 * takes each). It also reads the suppression list again every few seconds, for requests another server carried out.
 * A request is never carried out inside the HTTP call that made it.
 */
final class ErasureWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ErasureWorker.class);
    /** How often the worker looks for requests when not woken, and reads the suppression list again. */
    static final long POLL_MILLIS = 2_000;
    /**
     * Requests carried out together at most: the log pass, the store purge and the identity rebuild are paid once per
     * batch, so requests that wait while one runs are taken together next.
     */
    static final int BATCH = 10_000;

    private final Regulations ledger;
    private final Erasure erasure;
    private final Suppressions suppressions;
    private final Clock clock;
    private final Object wake = new Object();
    private final Thread thread;
    private boolean woken;
    private volatile boolean closed;

    ErasureWorker(Regulations ledger, Erasure erasure, Suppressions suppressions, Clock clock) {
        this.ledger = ledger;
        this.erasure = erasure;
        this.suppressions = suppressions;
        this.clock = clock;
        this.thread = Thread.ofPlatform().name("kith-erasure").daemon().start(this::work);
    }

    /** Has the worker look for requests now (one was just saved). */
    void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void work() {
        while (!closed) {
            try {
                java.util.List<Regulations.Claimed> next = ledger.claim(clock.instant(), BATCH);
                if (!next.isEmpty()) {
                    LOG.info("carrying out regulations count={} first={}", next.size(), next.get(0).regulation().id());
                    java.util.List<ErasureReport> reports = erasure.runAll(next);
                    LOG.info("regulations finished count={} profiles={} events={} millis={}", next.size(),
                            reports.stream().mapToInt(ErasureReport::profiles).sum(), reports.stream().mapToLong(ErasureReport::events).sum(),
                            reports.get(0).millis());
                    continue;
                }
                suppressions.reload();
                synchronized (wake) {
                    if (!woken && !closed) {
                        wake.wait(POLL_MILLIS);
                    }
                    woken = false;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The regulation is recorded FAILED with the kind of failure; the message may quote a value, so it is logged
                // at debug level only.
                LOG.warn("a regulation failed: {}", e.getClass().getSimpleName());
                LOG.debug("regulation failure", e);
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        // No interrupt: one during a read of the log would close the log's file channel under every other reader.
        wake();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
