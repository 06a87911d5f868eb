package io.kith.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.projection.CatchUp;
import io.kith.search.ProfileSearch.Hit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lookup box over a live identity projection: what staff type finds the right person, and nothing breaks it. */
class LuceneProfileSearchTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final Identities people = new Identities();
    private LuceneProfileSearch search;
    private String anna;
    private String john;
    private String zoe;

    @BeforeEach
    void start() throws InterruptedException {
        people.store("""
                {"type":"identify","userId":"u1","traits":{"email":"Anna.Jensen@Example.com","phone":"07700 900123",
                 "loyalty_card":"LC10000001","first_name":"Anna","last_name":"Jensen"}}""");
        people.store("""
                {"type":"identify","userId":"u2","traits":{"email":"john.smith@example.org","phone":"+44 7700 900456",
                 "first_name":"John","last_name":"Smith"}}""");
        people.store("""
                {"type":"identify","userId":"u3","traits":{"name":"Zoë Müller"}}""");
        anna = people.profileOfUser("u1");
        john = people.profileOfUser("u2");
        zoe = people.profileOfUser("u3");
        search = LuceneProfileSearch.start(people.identity, List.of("GB"));
        assertThat(search.awaitBuilt(DEADLINE)).isTrue();
    }

    @AfterEach
    void stop() {
        search.close();
    }

    private String first(String query) {
        List<Hit> hits = search.search(query, 10);
        assertThat(hits).as("hits for %s", query).isNotEmpty();
        return hits.get(0).profileId();
    }

    @Test
    void findsAnEmailInAnyCase() {
        assertThat(search.search("ANNA.JENSEN@example.COM", 10)).containsExactly(new Hit(anna, "Anna Jensen", "email", 100f));
        assertThat(first("  anna.jensen@example.com ")).isEqualTo(anna);
    }

    @Test
    void findsAPhoneWrittenAnyWay() {
        for (String phone : List.of("07700 900123", "+44 7700 900123", "447700900123", "0044 7700 900123", "(07700) 900-123", "7700900123")) {
            List<Hit> hits = search.search(phone, 10);
            assertThat(hits).as(phone).extracting(Hit::profileId).containsExactly(anna);
            assertThat(hits.get(0).matched()).as(phone).isEqualTo("phone");
        }
        assertThat(first("+447700900456")).isEqualTo(john);
    }

    @Test
    void findsALoyaltyCardInAnyCase() {
        assertThat(search.search("LC10000001", 10)).containsExactly(new Hit(anna, "Anna Jensen", "loyalty_card", 100f));
        assertThat(first("lc10000001")).isEqualTo(anna);
    }

    @Test
    void findsMisspeltAndPartialNames() {
        assertThat(search.search("Jensne", 10)).extracting(Hit::profileId, Hit::matched).containsExactly(org.assertj.core.groups.Tuple.tuple(anna, "name"));
        assertThat(first("jon smith")).isEqualTo(john);
        assertThat(first("Jen")).isEqualTo(anna);
        assertThat(first("anna jensen")).isEqualTo(anna);
        assertThat(first("zoe muller")).isEqualTo(zoe);
        assertThat(first("MÜLLER")).isEqualTo(zoe);
        assertThat(search.search("Smith", 10).get(0).displayName()).isEqualTo("John Smith");
        assertThat(search.search("anna smith", 10)).as("every word must match").isEmpty();
    }

    @Test
    void anExactMatchOfANameRanksAboveATypo() {
        people.store("""
                {"type":"identify","userId":"u4","traits":{"first_name":"Hans","last_name":"Jansen"}}""");
        long last = people.store("""
                {"type":"identify","userId":"u5","traits":{"first_name":"Lars","last_name":"Jensen"}}""");
        String hans = people.profileOfUser("u4");
        awaitIndexed(last);
        List<Hit> hits = search.search("Jansen", 10);
        assertThat(hits).extracting(Hit::profileId).startsWith(hans).contains(anna);
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
    }

    /**
     * While the projector catches up, the changes wait for it: nothing is written meanwhile, then everything in one pass
     * once it has caught up — the merges among the changes too, and none is lost.
     */
    @Test
    void whileTheProjectorCatchesUpChangesWaitAndAreWrittenInOnePassAfter() throws InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean catchingUp = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (LuceneProfileSearch slow = LuceneProfileSearch.start(people.identity, List.of("GB"),
                new CatchUp(catchingUp::get, Duration.ofMinutes(10)))) {
            assertThat(slow.awaitBuilt(DEADLINE)).isTrue(); // the first build does not wait
            long passesBefore = slow.passes();
            long last = 0;
            for (int i = 0; i < 30; i++) {
                last = people.store("{\"type\":\"identify\",\"userId\":\"cu" + i + "\",\"traits\":{\"first_name\":\"Catchup\",\"last_name\":\"Person" + i + "\"}}");
                Thread.sleep(20); // batches spread out: each wakes the indexer
            }
            people.store("{\"type\":\"identify\",\"anonymousId\":\"cu-cookie\",\"traits\":{\"email\":\"catchup0@example.com\"}}");
            last = people.store("{\"type\":\"identify\",\"userId\":\"cu0\",\"anonymousId\":\"cu-cookie\"}");
            assertThat(slow.awaitIndexed(last, Duration.ofMillis(500))).isFalse();
            assertThat(slow.passes()).isEqualTo(passesBefore);
            assertThat(slow.search("Catchup", 50)).isEmpty();

            catchingUp.set(false);
            assertThat(slow.awaitIndexed(last, DEADLINE)).isTrue();
            assertThat(slow.passes() - passesBefore).isEqualTo(1);
            for (int i = 0; i < 30; i++) {
                assertThat(slow.search("cu" + i, 10)).extracting(Hit::profileId).contains(people.profileOfUser("cu" + i));
            }
            assertThat(slow.search("catchup0@example.com", 10)).extracting(Hit::profileId).containsExactly(people.profileOfUser("cu0"));
            long after = people.store("{\"type\":\"identify\",\"userId\":\"cu-late\",\"traits\":{\"last_name\":\"Latecomer\"}}");
            assertThat(slow.awaitIndexed(after, DEADLINE)).isTrue();
            assertThat(slow.search("Latecomer", 10)).extracting(Hit::profileId).containsExactly(people.profileOfUser("cu-late"));
        }
    }

    /**
     * A full pass under way gives way to the one a rebuild asks for (a {@code Rebuilt} while it writes): one pass is written,
     * not two, and it holds every profile.
     */
    @Test
    void aFullPassGivesWayToTheOneARebuildAsksFor() throws InterruptedException {
        manyPeople(5_000); // five chunks of 1,024
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger(-1);
        java.util.function.BooleanSupplier behind = () -> {
            // the first question after the pass began is asked after its first chunk: a rebuild swaps in right then
            if (asked.get() >= 0 && asked.incrementAndGet() == 2) {
                people.identity.changes().publish(List.of(new io.kith.feed.ProfileChange.Rebuilt(0, "rebuild")));
            }
            return false;
        };
        try (LuceneProfileSearch s = LuceneProfileSearch.start(people.identity, List.of("GB"), new CatchUp(behind, Duration.ofMinutes(10)))) {
            assertThat(s.awaitBuilt(DEADLINE)).isTrue();
            long before = s.passes();
            asked.set(0);
            people.identity.changes().publish(List.of(new io.kith.feed.ProfileChange.Rebuilt(0, "rebuild")));
            long last = people.store("{\"type\":\"identify\",\"userId\":\"after\",\"traits\":{\"last_name\":\"Afterwards\"}}");
            assertThat(s.awaitIndexed(last, DEADLINE)).isTrue();
            assertThat(asked.get()).as("the pass was asked between its chunks").isGreaterThanOrEqualTo(2);
            assertThat(s.passes() - before).as("the pass under way was given up, not written to its end").isEqualTo(1);
            assertThat(s.documents()).isEqualTo(people.identity.read(io.kith.identity.IdentityGraph::profileCount));
            assertThat(s.search("Many4999", 10).get(0).profileId()).isEqualTo(people.profileOfUser("many4999"));
        }
    }

    /** A full pass under way waits while the followers hold (an identity rebuild), then writes on to its end. */
    @Test
    void aFullPassWaitsWhileARebuildRuns() throws InterruptedException {
        manyPeople(3_000);
        java.util.concurrent.atomic.AtomicBoolean rebuilding = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger(-1);
        java.util.function.BooleanSupplier behind = () -> {
            if (asked.get() >= 0 && asked.incrementAndGet() == 2) {
                rebuilding.set(true); // after the pass's first chunk
            }
            return rebuilding.get();
        };
        try (LuceneProfileSearch s = LuceneProfileSearch.start(people.identity, List.of("GB"), new CatchUp(behind, Duration.ofMinutes(10)))) {
            assertThat(s.awaitBuilt(DEADLINE)).isTrue();
            long before = s.passes();
            asked.set(0);
            people.identity.changes().publish(List.of(new io.kith.feed.ProfileChange.Rebuilt(0, "rules changed")));
            Thread.sleep(500);
            assertThat(rebuilding.get()).isTrue();
            assertThat(s.passes()).as("waiting between two chunks").isEqualTo(before);
            rebuilding.set(false);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (s.passes() == before && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(s.passes() - before).isEqualTo(1);
            assertThat(s.documents()).isEqualTo(people.identity.read(io.kith.identity.IdentityGraph::profileCount));
        }
    }

    private void manyPeople(int n) {
        for (int i = 0; i < n; i++) {
            people.store("{\"type\":\"identify\",\"userId\":\"many" + i + "\",\"traits\":{\"last_name\":\"Many" + i + "\"}}");
        }
    }

    /** A projector that never catches up does not keep the changes out of the index for longer than the hold. */
    @Test
    void changesWaitNoLongerThanTheHoldWhenTheProjectorNeverCatchesUp() throws InterruptedException {
        try (LuceneProfileSearch slow = LuceneProfileSearch.start(people.identity, List.of("GB"),
                new CatchUp(() -> true, Duration.ofMillis(300)))) {
            assertThat(slow.awaitBuilt(DEADLINE)).isTrue();
            long t0 = System.nanoTime();
            long last = people.store("{\"type\":\"identify\",\"userId\":\"held\",\"traits\":{\"last_name\":\"Heldback\"}}");
            assertThat(slow.awaitIndexed(last, DEADLINE)).isTrue();
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(300_000_000L);
            assertThat(slow.search("Heldback", 10)).extracting(Hit::profileId).containsExactly(people.profileOfUser("held"));
        }
    }

    @Test
    void findsAProfileByIdInAnyCase() {
        assertThat(search.search(john, 10)).containsExactly(new Hit(john, "John Smith", "profile_id", 100f));
        assertThat(first(john.toUpperCase())).isEqualTo(john);
    }

    @Test
    void exactIdentifierMatchesRankAboveNameMatches() {
        long last = people.store("""
                {"type":"identify","userId":"jensen","traits":{"first_name":"Someone"}}""");
        awaitIndexed(last);
        List<Hit> hits = search.search("Jensen", 10);
        assertThat(hits).extracting(Hit::profileId).containsExactly(people.profileOfUser("jensen"), anna);
        assertThat(hits).extracting(Hit::matched).containsExactly("user_id", "name");
        assertThat(hits.get(1).score()).isLessThan(10f);
    }

    @Test
    void aMergeTakesTheAbsorbedIdOutOfTheResults() {
        people.store("""
                {"type":"identify","userId":"u9"}""");
        people.store("""
                {"type":"identify","anonymousId":"c9","traits":{"email":"karl@example.com","first_name":"Karlheinz"}}""");
        String survivor = people.profileOfUser("u9");
        String absorbed = people.identity.read(g -> g.lookup(new io.kith.identity.Identifier("anonymous_id", "c9"))).orElseThrow();
        assertThat(absorbed).isNotEqualTo(survivor);
        long merge = people.store("""
                {"type":"identify","userId":"u9","anonymousId":"c9"}""");
        awaitIndexed(merge);
        for (String query : List.of("karl@example.com", "Karlheinz", "karlhienz", absorbed, survivor)) {
            assertThat(search.search(query, 10)).as(query).extracting(Hit::profileId).containsExactly(survivor);
        }
        assertThat(search.documents()).isEqualTo(4);
    }

    @Test
    void aProfileMadeAfterStartIsFoundSoonAfter() throws InterruptedException {
        long s = people.store("""
                {"type":"identify","userId":"u7","traits":{"email":"new.person@example.com","first_name":"Ingrid","last_name":"Bergström"}}""");
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        List<Hit> hits = List.of();
        while (hits.isEmpty() && System.nanoTime() < deadline) {
            hits = search.search("new.person@example.com", 10);
            Thread.onSpinWait();
        }
        assertThat(hits).extracting(Hit::profileId).containsExactly(people.profileOfUser("u7"));
        assertThat(search.awaitIndexed(s, DEADLINE)).isTrue();
        assertThat(first("ingrid bergstrom")).isEqualTo(people.profileOfUser("u7"));
    }

    @Test
    void garbageAndQuerySyntaxFindNothing() {
        for (String q : List.of("", "   ", "a".repeat(10_000), "*:*", "*", "\"", "\\", "\u0000", "a\u0000b", "(((", "~2", "name:jensen",
                "id:" + anna, "p_", "+", "@", "NOT", "x".repeat(200), "[* TO *]")) {
            assertThat(search.search(q, 10)).as("%.40s", q).isEmpty();
        }
        assertThat(search.search(null, 10)).isEmpty();
        assertThat(search.search("Jensen", 0)).isEmpty();
    }

    @Test
    void aClosedIndexFindsNothing() {
        search.close();
        assertThat(search.search("Jensen", 10)).isEmpty();
    }

    private void awaitIndexed(long sequence) {
        try {
            assertThat(search.awaitIndexed(sequence, DEADLINE)).as("indexed through %d", sequence).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
