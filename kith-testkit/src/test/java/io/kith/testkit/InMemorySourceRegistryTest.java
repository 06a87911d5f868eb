package io.kith.testkit;

import io.kith.source.SourceRegistry;
import io.kith.testkit.contract.SourceRegistryContract;
import java.time.Clock;

class InMemorySourceRegistryTest extends SourceRegistryContract {
    private SourceRegistry registry;

    @Override
    protected SourceRegistry newRegistry(Clock clock) {
        registry = new InMemorySourceRegistry(clock);
        return registry;
    }

    /** Memory is not reopened: the same registry stands for the restarted one. */
    @Override
    protected SourceRegistry reopen() {
        return registry;
    }
}
