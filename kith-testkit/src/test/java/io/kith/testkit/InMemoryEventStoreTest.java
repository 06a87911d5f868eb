package io.kith.testkit;

import io.kith.event.EventStore;
import io.kith.event.QuarantineStore;
import io.kith.testkit.contract.EventStoreContract;

/** The in-memory store keeps the promises the real stores keep: the same contract. */
class InMemoryEventStoreTest extends EventStoreContract {
    private InMemoryEventStore store;

    @Override
    protected EventStore newEventStore() {
        store = new InMemoryEventStore();
        return store;
    }

    @Override
    protected QuarantineStore quarantine() {
        return store;
    }

    @Override
    protected EventStore reopen() {
        return store; // memory outlives nothing; a "restart" is the same store
    }
}
