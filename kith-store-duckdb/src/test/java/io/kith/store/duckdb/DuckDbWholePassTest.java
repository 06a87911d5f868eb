package io.kith.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.EventStore;
import io.kith.event.StoredEvent;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.IdentityProjection;
import io.kith.identity.IdentityRules;
import io.kith.segment.EventView;
import io.kith.segment.PersonViews;
import io.kith.testkit.Events;
import io.kith.testkit.Sources;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pass over everyone ({@link PersonViews#people(int, long)}) reads its pages' events in rounds, one read of the store per
 * round, and gives every live person with all their events, oldest first, whatever the rounds' size: the same as reading
 * each person alone.
 */
class DuckDbWholePassTest {
    @TempDir
    Path dir;

    @Test
    void aPassGivesEveryPersonWithAllTheirEventsWhateverTheRounds() {
        try (DuckDbStore store = DuckDbStore.open(dir.resolve("kith.duckdb"))) {
            IdentityProjection identity = new IdentityProjection(IdentityRules.defaults(), IdentityOverrides.NONE,
                    id -> new IdentityGraph.SourceInfo("GB", "pos"), a -> { });
            // 300 people, 12 events each, interleaved over the whole table as a store's customers are
            List<StoredEvent> in = new ArrayList<>();
            for (int i = 0; i < 3_600; i++) {
                in.add(new StoredEvent(i, Events.track(i % 3 == 0 ? "Order Completed" : "Product Viewed").messageId("m-" + i)
                        .userId("user-" + i % 300).property("revenue", i).at(Instant.parse("2026-06-01T12:00:00Z").plusSeconds(i))
                        .from(Sources.POS).event()));
            }
            for (int from = 0; from < in.size(); from += 900) {
                identity.onApplied(store.events().apply(in.subList(from, from + 900), List.of(), from + 900));
            }
            AtomicInteger reads = new AtomicInteger();
            EventStore counted = (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("bySequences")) {
                            reads.incrementAndGet();
                        }
                        return method.invoke(store.events(), args);
                    });
            PersonViews views = new PersonViews(identity, counted, store.values());

            Map<String, List<Long>> onePage = pass(views, 1_000, Long.MAX_VALUE);
            assertThat(reads.get()).as("one round for everyone").isEqualTo(1);
            assertThat(onePage).hasSize(300);
            reads.set(0);
            Map<String, List<Long>> small = pass(views, 50, 1);
            assertThat(reads.get()).as("a round a page").isEqualTo(6);
            reads.set(0);
            Map<String, List<Long>> mid = pass(views, 50, 1_000);
            assertThat(reads.get()).as("rounds of two pages (600 events each, 1,200 reach 1,000)").isEqualTo(3);

            Map<String, List<Long>> alone = new LinkedHashMap<>();
            for (String id : onePage.keySet()) {
                alone.put(id, sequences(views.people(List.of(id), true, 1).iterator().next().people().get(id).events()));
            }
            assertThat(small).containsExactlyEntriesOf(alone);
            assertThat(mid).containsExactlyEntriesOf(alone);
            assertThat(onePage).containsExactlyEntriesOf(alone);
            for (List<Long> seqs : alone.values()) {
                assertThat(seqs).hasSize(12).isSorted();
            }

            // each person comes with the computed values they were read with, for a pass that derives values
            String someone = onePage.keySet().stream().skip(123).findFirst().orElseThrow();
            io.kith.profile.ProfileValueStore.Computed gold = new io.kith.profile.ProfileValueStore.Computed(someone,
                    io.kith.segment.ProfileValue.Namespace.LABEL, "tier", com.fasterxml.jackson.databind.node.TextNode.valueOf("gold"), 1,
                    Instant.parse("2026-06-02T00:00:00Z"));
            store.values().put(List.of(gold));
            Map<String, List<io.kith.profile.ProfileValueStore.Computed>> stored = new LinkedHashMap<>();
            for (List<PersonViews.Identified> page : views.people(50, 1_000)) {
                page.forEach(p -> stored.put(p.profileId(), p.stored()));
            }
            assertThat(stored).hasSize(300);
            assertThat(stored.get(someone)).containsExactly(gold);
            assertThat(stored.entrySet()).filteredOn(e -> !e.getKey().equals(someone)).allMatch(e -> e.getValue().isEmpty());

            // a backlog of named people, unknown ids among them, read in pages of 40 from one read of the store
            List<String> asked = new ArrayList<>(alone.keySet());
            asked.add(70, "p_unknown");
            reads.set(0);
            List<String> pagesAsked = new ArrayList<>();
            Map<String, List<Long>> backlog = new LinkedHashMap<>();
            for (PersonViews.Page page : views.people(asked, true, 40)) {
                assertThat(page.asked()).hasSizeLessThanOrEqualTo(40);
                pagesAsked.addAll(page.asked());
                page.people().forEach((id, person) -> backlog.put(id, sequences(person.events())));
            }
            assertThat(reads.get()).isEqualTo(1);
            assertThat(pagesAsked).isEqualTo(asked);
            assertThat(backlog).containsExactlyEntriesOf(alone);
        }
    }

    private static Map<String, List<Long>> pass(PersonViews views, int pageSize, long roundEvents) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        for (List<PersonViews.Identified> page : views.people(pageSize, roundEvents)) {
            for (PersonViews.Identified p : page) {
                assertThat(out.put(p.profileId(), sequences(p.person().events()))).as("each person once").isNull();
            }
        }
        return out;
    }

    @Test
    void aProfileMergedAwayAfterItsRoundWasReadIsNotHandedOutAsLive() {
        try (DuckDbStore store = DuckDbStore.open(dir.resolve("merged.duckdb"))) {
            IdentityProjection identity = new IdentityProjection(IdentityRules.defaults(), IdentityOverrides.NONE,
                    id -> new IdentityGraph.SourceInfo("GB", "web"), a -> { });
            Instant t = Instant.parse("2026-06-01T12:00:00Z");
            identity.onApplied(store.events().apply(List.of(
                    new StoredEvent(0, Events.identify().messageId("m-0").userId("u1").at(t).from(Sources.WEB_SHOP).event()),
                    new StoredEvent(1, Events.pageView().messageId("m-1").anonymousId("c2").at(t).from(Sources.WEB_SHOP).event())), List.of(), 2));
            String u1 = identity.read(g -> g.profileIds(-1, 10)).get(0);
            String c2 = identity.read(g -> g.profileIds(-1, 10)).get(1);
            PersonViews views = new PersonViews(identity, store.events(), store.values());

            java.util.Iterator<PersonViews.Page> pages = views.people(List.of(u1, c2), true, 1).iterator();
            assertThat(pages.next().people()).containsOnlyKeys(u1); // the round holds both pages
            identity.onApplied(store.events().apply(List.of(new StoredEvent(2, Events.identify().messageId("m-2").userId("u1").anonymousId("c2")
                    .at(t.plusSeconds(60)).from(Sources.WEB_SHOP).event())), List.of(), 3)); // c2 merges into u1
            PersonViews.Page second = pages.next();
            assertThat(second.asked()).containsExactly(c2);
            assertThat(second.people()).as("gone since the round was read").isEmpty();
            assertThat(pages.hasNext()).isFalse();
        }
    }

    private static List<Long> sequences(List<EventView> events) {
        return events.stream().map(EventView::sequence).toList();
    }
}
