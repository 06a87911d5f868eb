package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.derive.Derivations;
import io.kith.event.StoredEvent;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.IdentityProjection;
import io.kith.identity.IdentityRules;
import io.kith.identity.IdentityStoreWriter;
import io.kith.identity.Identifier;
import io.kith.projection.CatchUp;
import io.kith.segment.PersonViews;
import io.kith.segment.SegmentDefinition;
import io.kith.segment.SegmentEngine;
import io.kith.segment.SegmentStore.MembershipChange;
import io.kith.segment.lang.ParseResult;
import io.kith.segment.lang.SegmentParser;
import io.kith.store.Store;
import io.kith.testkit.Events;
import io.kith.testkit.Sources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The segment engine's start pass on a store, after a start that held for a catch-up: when the stored profile rows hold
 * every change of the engine's backlog, the pass evaluates those people (cause {@code start}) and they are not evaluated
 * again after it; when the rows trail the backlog, the backlog is still evaluated after the pass, and nobody is missed.
 */
public abstract class StartPassContract {
    private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");

    /** A store over an empty database; the test closes it. */
    protected abstract Store newStore();

    @Test
    void aStartPassOverRowsThatHoldTheBacklogEvaluatesItsPeopleItself() throws Exception {
        try (Store store = newStore()) {
            Started s = start(store);
            new IdentityStoreWriter(s.identity, store.identity()).flush(); // the rows catch up before the followers go on
            s.behind.set(false);
            try (SegmentEngine engine = s.engine) {
                assertThat(engine.awaitIdle(Duration.ofSeconds(60))).isTrue();
                String ann = profileOf(s.identity, "ann");
                assertThat(store.segments().members("buyers", null, 10)).containsExactly(ann);
                assertThat(store.segments().history(ann)).extracting(MembershipChange::cause)
                        .as("entered by the start pass, not evaluated again from the backlog").containsExactly("start");
            }
        }
    }

    @Test
    void aBacklogNewerThanTheRowsIsStillEvaluatedAfterThePass() throws Exception {
        try (Store store = newStore()) {
            Started s = start(store);
            // the rows are never written: they trail every change
            s.behind.set(false);
            try (SegmentEngine engine = s.engine) {
                assertThat(engine.awaitIdle(Duration.ofSeconds(60))).isTrue();
                String ann = profileOf(s.identity, "ann");
                assertThat(store.segments().members("buyers", null, 10)).containsExactly(ann);
                assertThat(store.segments().history(ann)).extracting(MembershipChange::cause).containsExactly("event");
            }
        }
    }

    private record Started(IdentityProjection identity, SegmentEngine engine, AtomicBoolean behind) {
    }

    /** An engine held for a catch-up, and the catch-up's events stored: Ann orders, Ben only looks. */
    private static Started start(Store store) {
        store.segments().save(new SegmentDefinition("buyers", "Buyers", "", condition("count(\"Order Completed\") >= 1")), T);
        IdentityProjection identity = new IdentityProjection(IdentityRules.defaults(), IdentityOverrides.NONE,
                source -> new IdentityGraph.SourceInfo("GB", "web"), alert -> { });
        identity.rewriteAll(); // as at start on an empty store: every profile from now on is written into the rows
        AtomicBoolean behind = new AtomicBoolean(true);
        SegmentEngine engine = new SegmentEngine(store.segments(), store.segmentQueries(), new PersonViews(identity, store.events(), store.values()),
                new Derivations(store.definitions(), store.values(), Derivations.RfmSource.DEFAULT), Clock.systemUTC(),
                Duration.ofHours(1), Duration.ofHours(24), store.identity()::appliedSequence, new CatchUp(behind::get, Duration.ofMinutes(10)));
        identity.changes().subscribe(engine::onProfileChanges);
        engine.start(0);
        List<StoredEvent> stored = store.events().apply(List.of(
                new StoredEvent(0, Events.track("Product Viewed").messageId("m-0").userId("ann").at(T).from(Sources.WEB_SHOP).event()),
                new StoredEvent(1, Events.track("Order Completed").messageId("m-1").userId("ann").at(T.plusSeconds(60)).from(Sources.WEB_SHOP)
                        .property("revenue", 19.90).event()),
                new StoredEvent(2, Events.track("Product Viewed").messageId("m-2").userId("ben").at(T).from(Sources.WEB_SHOP).event())),
                List.of(), 3);
        identity.onApplied(stored); // identity resolves them, as the projector hands them over: the engine's backlog fills
        return new Started(identity, engine, behind);
    }

    private static String profileOf(IdentityProjection identity, String userId) {
        return identity.read(g -> g.lookup(new Identifier("user_id", userId))).orElseThrow();
    }

    private static io.kith.segment.Condition condition(String text) {
        ParseResult r = SegmentParser.parse(text);
        assertThat(r).as("%s", r).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) r).condition();
    }
}
