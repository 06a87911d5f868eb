package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.derive.Derivations;
import io.kith.event.StoredEvent;
import io.kith.feed.ProfileChange;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The segment engine's whole pass (computed values, labels, RFM, then every segment whole) on a store, when identity is
 * rebuilt while it runs: the pass gives way between two pages, the rebuild's own whole pass evaluates everyone, and
 * nobody is missed or evaluated twice; and when the engine closes, the pass stops between two pages instead of going on
 * against a store being closed.
 */
public abstract class PassGivesWayContract {
    private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
    /** Three pages of the engine's pass (1,000 people each). */
    private static final int PEOPLE = 2_500;

    /** A store over an empty database; the test closes it. */
    protected abstract Store newStore();

    @Test
    void aWholePassUnderWayGivesWayToTheOneARebuildSetsOff() throws Exception {
        try (Store store = newStore()) {
            store.segments().save(new SegmentDefinition("buyers", "Buyers", "", condition("count(\"Order Completed\") >= 1")), T);
            IdentityProjection identity = new IdentityProjection(IdentityRules.defaults(), IdentityOverrides.NONE,
                    source -> new IdentityGraph.SourceInfo("GB", "web"), alert -> { });
            identity.rewriteAll();
            long seq = store(store, identity, 0, "Product Viewed");
            IdentityStoreWriter rows = new IdentityStoreWriter(identity, store.identity());
            rows.flush();
            AtomicInteger asked = new AtomicInteger(-1);
            SegmentEngine[] engine = new SegmentEngine[1];
            long[] rebuiltAt = {0};
            BooleanSupplier behind = () -> {
                // asked between the pass's first two pages: identity is rebuilt right then, and says so on the feed
                if (asked.get() >= 0 && asked.incrementAndGet() == 1) {
                    engine[0].onProfileChanges(List.of(new ProfileChange.Rebuilt(rebuiltAt[0], "rebuild")));
                }
                return false;
            };
            // the engine does not follow the feed here: it hears only of the rebuild, so that only whole passes find the buyers
            engine[0] = new SegmentEngine(store.segments(), store.segmentQueries(), new PersonViews(identity, store.events(), store.values()),
                    new Derivations(store.definitions(), store.values(), Derivations.RfmSource.DEFAULT), Clock.systemUTC(),
                    Duration.ofHours(1), Duration.ofHours(24), store.identity()::appliedSequence, new CatchUp(behind, Duration.ofMinutes(10)));
            try (SegmentEngine e = engine[0].start(0)) {
                assertThat(e.awaitIdle(Duration.ofSeconds(60))).isTrue();
                assertThat(store.segments().members("buyers", null, 10)).as("nobody has bought yet").isEmpty();
                rebuiltAt[0] = store(store, identity, seq, "Order Completed") - 1;
                rows.flush();

                asked.set(0);
                e.recomputeNow();
                assertThat(e.awaitIdle(Duration.ofSeconds(120))).isTrue();

                assertThat(asked.get()).as("the pass was asked between its pages").isGreaterThanOrEqualTo(1);
                List<String> members = new ArrayList<>();
                String after = null;
                for (List<String> page; !(page = store.segments().members("buyers", after, 1_000)).isEmpty(); after = page.get(page.size() - 1)) {
                    members.addAll(page);
                }
                assertThat(members).hasSize(PEOPLE);
                String someone = identity.read(g -> g.lookup(new Identifier("user_id", "u1234"))).orElseThrow();
                assertThat(store.segments().history(someone)).extracting(MembershipChange::cause)
                        .as("entered by the rebuild's pass; the pass it interrupted recorded nothing").containsExactly("rebuild");
            }
        }
    }

    @Test
    void aWholePassStopsBetweenTwoPagesWhenTheEngineCloses() throws Exception {
        try (Store store = newStore()) {
            IdentityProjection identity = new IdentityProjection(IdentityRules.defaults(), IdentityOverrides.NONE,
                    source -> new IdentityGraph.SourceInfo("GB", "web"), alert -> { });
            identity.rewriteAll();
            store(store, identity, 0, "Order Completed");
            new IdentityStoreWriter(identity, store.identity()).flush();
            io.kith.derive.Defaults.install(store.definitions(), T);
            java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.CountDownLatch betweenPages = new java.util.concurrent.CountDownLatch(1);
            BooleanSupplier behind = () -> {
                if (!armed.get()) {
                    return false;
                }
                betweenPages.countDown(); // asked between the pass's first two pages: the pass holds there until closed
                return true;
            };
            SegmentEngine engine = new SegmentEngine(store.segments(), store.segmentQueries(), new PersonViews(identity, store.events(), store.values()),
                    new Derivations(store.definitions(), store.values(), Derivations.RfmSource.DEFAULT), Clock.systemUTC(),
                    Duration.ofHours(1), Duration.ofHours(24), store.identity()::appliedSequence, new CatchUp(behind, Duration.ofMinutes(10)));
            List<String> everyone = identity.read(g -> g.profileIds(-1, Integer.MAX_VALUE));
            assertThat(everyone).hasSize(PEOPLE);
            try (SegmentEngine e = engine.start(0)) {
                assertThat(e.awaitIdle(Duration.ofSeconds(60))).isTrue();
                assertThat(store.values().of(everyone)).as("the start pass computed everyone's values").hasSize(PEOPLE);
                store.values().replace(everyone, java.util.Set.of(io.kith.segment.ProfileValue.Namespace.COMPUTED,
                        io.kith.segment.ProfileValue.Namespace.LABEL, io.kith.segment.ProfileValue.Namespace.RFM), List.of());
                assertThat(store.values().of(everyone)).isEmpty();

                armed.set(true);
                e.recomputeNow();
                assertThat(betweenPages.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("the pass reached its second page").isTrue();
            } // closes the engine while its pass holds between two pages
            assertThat(store.values().of(everyone)).as("only the page done before the engine closed was computed").hasSize(1_000);
        }
    }

    /** Stores one event of this name for each person, from sequence {@code from}, and resolves them; answers the next sequence. */
    private static long store(Store store, IdentityProjection identity, long from, String name) {
        List<StoredEvent> events = new ArrayList<>(PEOPLE);
        for (int i = 0; i < PEOPLE; i++) {
            long s = from + i;
            Events.Builder b = Events.track(name).messageId("m-" + s).userId("u" + i).at(T.plusSeconds(s)).from(Sources.WEB_SHOP);
            if (name.equals("Order Completed")) {
                b = b.property("revenue", 19.90);
            }
            events.add(new StoredEvent(s, b.event()));
        }
        identity.onApplied(store.events().apply(events, List.of(), from + PEOPLE));
        return from + PEOPLE;
    }

    private static io.kith.segment.Condition condition(String text) {
        ParseResult r = SegmentParser.parse(text);
        assertThat(r).as("%s", r).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) r).condition();
    }
}
