package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.derive.Derivations;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.IdentityProjection;
import io.kith.identity.IdentityRules;
import io.kith.projection.CatchUp;
import io.kith.segment.Condition;
import io.kith.segment.PersonViews;
import io.kith.segment.SegmentDefinition;
import io.kith.segment.SegmentEngine;
import io.kith.segment.SegmentQueries;
import io.kith.segment.lang.ParseResult;
import io.kith.segment.lang.SegmentParser;
import io.kith.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A segment whose whole evaluation the store cannot answer (a query the engine refuses) says so in its status, is asked
 * again after a wait that doubles with each failure instead of every half second for ever, and does not keep the other
 * segments from being evaluated.
 */
public abstract class FailingEvaluationContract {
    /** A store over an empty database; the test closes it. */
    protected abstract Store newStore();

    @Test
    void aSegmentTheStoreCannotAnswerSaysItFailedAndIsAskedAgainLessAndLessOften() throws Exception {
        try (Store store = newStore()) {
            IdentityProjection identity = new IdentityProjection(IdentityRules.defaults(), IdentityOverrides.NONE,
                    source -> new IdentityGraph.SourceInfo("GB", "web"), alert -> { });
            AtomicInteger asked = new AtomicInteger();
            SegmentQueries queries = failingOn("Boom", store.segmentQueries(), asked);
            SegmentEngine engine = new SegmentEngine(store.segments(), queries, new PersonViews(identity, store.events(), store.values()),
                    new Derivations(store.definitions(), store.values(), Derivations.RfmSource.DEFAULT), Clock.systemUTC(),
                    Duration.ofHours(1), Duration.ofHours(24), store.identity()::appliedSequence, new CatchUp(() -> false, Duration.ofMinutes(10)));
            try (SegmentEngine e = engine.start(0)) {
                e.save(new SegmentDefinition("broken", "Broken", "", condition("performed \"Boom\"")));
                e.save(new SegmentDefinition("fine", "Fine", "", condition("performed \"Order Completed\"")));
                assertThat(e.awaitIdle(Duration.ofSeconds(60))).isTrue();
                assertThat(e.status("fine")).isEqualTo("ready");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!e.status("broken").startsWith("failed: ") && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(e.status("broken")).startsWith("failed: ").contains("Cannot compare DECIMAL and BIGNUM").contains("in a row");
                int first = asked.get();
                Thread.sleep(4_000);
                // waits of 0.5, 1 and 2 s: at most 3 more in 4 s (a retry every half second asked 8 more)
                assertThat(asked.get() - first).isBetween(1, 3);
                assertThat(e.status("fine")).isEqualTo("ready");
                // whole passes ask again too (hourly, on request): their failures share the one retry waiting, they do not
                // each start a chain of retries of their own
                int beforePasses = asked.get();
                for (int i = 0; i < 5; i++) {
                    e.recomputeNow();
                }
                assertThat(e.awaitIdle(Duration.ofSeconds(60))).isTrue();
                Thread.sleep(4_000);
                assertThat(asked.get() - beforePasses).as("5 passes, and at most the retries of one chain").isBetween(5, 9);
            }
        }
    }

    private static SegmentQueries failingOn(String eventName, SegmentQueries store, AtomicInteger asked) {
        return new SegmentQueries() {
            @Override
            public Answer members(Condition condition, Instant now) {
                if (condition.toString().contains(eventName)) {
                    asked.incrementAndGet();
                    throw new KithException(ErrorCode.STORAGE_FAILURE, "evaluate a segment failed: Cannot compare DECIMAL and BIGNUM");
                }
                return store.members(condition, now);
            }

            @Override
            public long count(Condition condition, Instant now) {
                return store.count(condition, now);
            }

            @Override
            public Set<String> eventNames(int limit) {
                return store.eventNames(limit);
            }

            @Override
            public Set<String> traitNames(int limit) {
                return store.traitNames(limit);
            }

            @Override
            public String explain(Condition condition, Instant now) {
                return store.explain(condition, now);
            }
        };
    }

    private static Condition condition(String text) {
        ParseResult r = SegmentParser.parse(text);
        assertThat(r).as("%s", r).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) r).condition();
    }
}
