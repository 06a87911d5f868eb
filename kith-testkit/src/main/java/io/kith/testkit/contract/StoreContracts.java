package io.kith.testkit.contract;

import io.kith.access.ApiKeyRegistry;
import io.kith.event.EventStore;
import io.kith.event.QuarantineStore;
import io.kith.identity.IdentityRulesStore;
import io.kith.identity.IdentityStore;
import io.kith.identity.OverridesStore;
import io.kith.identity.ProbableLinks;
import io.kith.source.SourceRegistry;
import io.kith.store.Store;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * Every store port's contract, run on one engine through that engine's {@link StoreFixture}: an engine has one test
 * class extending this ({@code DuckDbContractsTest}, {@code PostgresContractsTest}), and a new port's contract is added
 * here once for both.
 */
public abstract class StoreContracts {
    private StoreFixture stores;

    /** The engine's fixture; a new one for each test. */
    protected abstract StoreFixture newFixture();

    @BeforeEach
    void openFixture() {
        stores = newFixture();
    }

    @AfterEach
    void closeFixture() {
        stores.close();
    }

    @Nested
    class Events extends EventStoreContract {
        @Override
        protected EventStore newEventStore() {
            return stores.open().events();
        }

        @Override
        protected QuarantineStore quarantine() {
            return stores.current().quarantine();
        }

        @Override
        protected EventStore reopen() {
            return stores.reopen().events();
        }
    }

    @Nested
    class Sources extends SourceRegistryContract {
        @Override
        protected SourceRegistry newRegistry(Clock clock) {
            return stores.open(clock).sources();
        }

        @Override
        protected SourceRegistry reopen() {
            return stores.reopen().sources();
        }
    }

    @Nested
    class ApiKeys extends ApiKeyRegistryContract {
        @Override
        protected ApiKeyRegistry newRegistry() {
            return stores.open().apiKeys();
        }

        @Override
        protected ApiKeyRegistry reopen() {
            return stores.reopen().apiKeys();
        }
    }

    @Nested
    class Identity extends IdentityStoreContract {
        @Override
        protected IdentityStore newStore() {
            return stores.open().identity();
        }

        @Override
        protected IdentityStore reopen() {
            return stores.reopen().identity();
        }
    }

    @Nested
    class Overrides extends OverridesStoreContract {
        @Override
        protected OverridesStore newStore() {
            return stores.open().overrides();
        }

        @Override
        protected OverridesStore reopen() {
            return stores.reopen().overrides();
        }
    }

    @Nested
    class Rules extends IdentityRulesStoreContract {
        @Override
        protected IdentityRulesStore newStore() {
            return stores.open().rules();
        }

        @Override
        protected IdentityRulesStore reopen() {
            return stores.reopen().rules();
        }
    }

    @Nested
    class Links extends ProbableLinksContract {
        @Override
        protected ProbableLinks newStore() {
            return stores.open().probableLinks();
        }

        @Override
        protected ProbableLinks reopen() {
            return stores.reopen().probableLinks();
        }
    }

    @Nested
    class Definitions extends DefinitionsContract {
        @Override
        protected Store newStore() {
            return stores.open();
        }
    }

    @Nested
    class Values extends ProfileValueStoreContract {
        @Override
        protected Store newStore() {
            return stores.open();
        }
    }

    @Nested
    class Segments extends SegmentStoreContract {
        @Override
        protected Store newStore() {
            return stores.open();
        }
    }

    @Nested
    class SegmentQueries extends SegmentQueriesContract {
        @Override
        protected Store newStore() {
            return stores.open();
        }
    }

    @Nested
    class Privacy extends PrivacyStoreContract {
        @Override
        protected Store newStore() {
            return stores.open();
        }
    }

    @Nested
    class Staff extends StaffStoreContract {
        @Override
        protected Store newStore() {
            return stores.open();
        }
    }

    @Nested
    class History extends AttributeHistoryContract {
        @Override
        protected Store newStore() {
            return stores.open();
        }
    }

    @Nested
    class FailingEvaluation extends FailingEvaluationContract {
        @Override
        protected Store newStore() {
            return stores.open();
        }
    }

    @Nested
    class StartPass extends StartPassContract {
        @Override
        protected Store newStore() {
            return stores.open();
        }
    }

    @Nested
    class PassGivesWay extends PassGivesWayContract {
        @Override
        protected Store newStore() {
            return stores.open();
        }
    }

    @Nested
    class Activity extends ActivityContract {
        @Override
        protected Store newStore() {
            return stores.open();
        }
    }
}
