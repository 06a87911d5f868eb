package io.kith.testkit.contract;

import io.kith.store.Store;
import java.time.Clock;

/**
 * How one engine's stores are opened for its tests: the one place an engine sets up, restarts and closes a store, so
 * that every contract (and every other store test) of that engine shares it instead of repeating it.
 */
public interface StoreFixture {
    /** A new, empty store (a database of its own), timed by {@code clock}; {@link #close} closes it. */
    Store open(Clock clock);

    /** A new, empty store on the system clock. */
    default Store open() {
        return open(Clock.systemUTC());
    }

    /** The store opened last, closed and opened again on the same database and clock, as after a restart. */
    Store reopen();

    /** The store opened last, as it is. */
    Store current();

    /** Closes every store this fixture opened (a store the test closed itself is passed over). */
    void close();
}
