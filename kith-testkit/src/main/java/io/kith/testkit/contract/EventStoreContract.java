package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.event.EventStore;
import io.kith.event.QuarantineStore;
import io.kith.event.QuarantinedEvent;
import io.kith.event.Rejection;
import io.kith.event.StoredEvent;
import io.kith.event.StoredEventReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import io.kith.testkit.Events;
import io.kith.testkit.Sources;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventStore} (with its {@link QuarantineStore}) must do; a store's test extends this.
 */
public abstract class EventStoreContract {
    /** An event store over an empty store. */
    protected abstract EventStore newEventStore();

    /** The quarantine of the same store as the last {@link #newEventStore()}. */
    protected abstract QuarantineStore quarantine();

    /** The same store as the last {@link #newEventStore()}, opened again (as after a restart). */
    protected abstract EventStore reopen();

    private static StoredEvent stored(long seq, String messageId, String user) {
        return new StoredEvent(seq, Events.track("Order Completed").messageId(messageId).userId(user)
                .property("revenue", 42.5).property("products", List.of(java.util.Map.of("sku", "A-1")))
                .at(Instant.parse("2026-02-01T10:00:00Z").plusSeconds(seq)).from(Sources.POS).event());
    }

    private static QuarantinedEvent q(String id, String source, int n) {
        return new QuarantinedEvent(id, source, Instant.parse("2026-02-01T10:00:00Z").plusSeconds(n),
                new Rejection(ErrorCode.INVALID_EVENT, "$.batch[" + n + "].event", "track needs a non-empty event name, got \"\""),
                "{\"type\":\"track\",\"event\":\"\"}");
    }

    @Test
    void storesEventsWithTheirPositionAtomically() {
        EventStore s = newEventStore();
        assertThat(s.appliedSequence()).isZero();
        assertThat(s.countEvents()).isZero();
        StoredEvent a = stored(0, "m-0", "u1");
        StoredEvent b = stored(2, "m-2", "u2");
        List<StoredEvent> stored = s.apply(List.of(a, b), List.of(q("q1", "src_pos", 1)), 3);
        assertThat(stored).extracting(StoredEvent::event).containsExactly(a.event(), b.event());
        assertThat(stored.get(1).sequence()).isGreaterThan(stored.get(0).sequence());
        assertThat(s.appliedSequence()).isEqualTo(3);
        assertThat(s.countEvents()).isEqualTo(2);
        StoredEvent sa = stored.get(0);
        StoredEvent sb = stored.get(1);
        assertThat(s.bySequence(sb.sequence())).contains(sb);
        assertThat(s.bySequence(sb.sequence() + 1_000)).isEmpty();
        assertThat(s.bySequences(new long[] {sb.sequence(), sb.sequence() + 1_000, sa.sequence()})).containsExactly(sb, sa);
        // when they happened and through which brand, as a timeline orders and filters them, without the sequences no event has
        assertThat(s.stamps(new long[] {sb.sequence(), sb.sequence() + 1_000, sa.sequence(), sa.sequence()})).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                sa.sequence(), new io.kith.event.EventStamp(a.event().timestamp(), a.event().brand()),
                sb.sequence(), new io.kith.event.EventStamp(b.event().timestamp(), b.event().brand())));
    }

    /**
     * Thousands of sequences at once, dense in their span (a whole pass over everyone, which a store may answer by
     * scanning the span) and spread over it (which it may answer by lookups): the same events either way, in the order
     * asked, repeated where asked twice, without the sequences no event has.
     */
    @Test
    void readsThousandsOfSequencesDenseOrSpread() {
        EventStore s = newEventStore();
        List<StoredEvent> in = new java.util.ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            in.add(stored(i, "m-" + i, "u" + (i % 97)));
        }
        List<StoredEvent> stored = new java.util.ArrayList<>();
        for (int from = 0; from < in.size(); from += 3_000) {
            stored.addAll(s.apply(in.subList(from, from + 3_000), List.of(), from + 3_000));
        }
        java.util.Random random = new java.util.Random(7);
        for (int step : new int[] {1, 2, 5}) {
            List<StoredEvent> expected = new java.util.ArrayList<>();
            for (int i = 0; i < stored.size(); i += step) {
                expected.add(stored.get(i));
            }
            java.util.Collections.shuffle(expected, random);
            expected.add(expected.get(0));
            long[] asked = new long[expected.size() + 2];
            for (int i = 0; i < expected.size(); i++) {
                asked[i] = expected.get(i).sequence();
            }
            long last = stored.get(stored.size() - 1).sequence();
            asked[expected.size()] = last + 1;
            asked[expected.size() + 1] = step == 5 ? last + 5_000_000 : last + 7; // far past the end: a span so empty that it is looked up
            assertThat(s.bySequences(asked)).as("every %d. event", step).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void scansInSequenceOrderFromASequence() {
        EventStore s = newEventStore();
        List<StoredEvent> first = s.apply(List.of(stored(0, "m-0", "u1"), stored(3, "m-3", "u2")), List.of(), 4);
        List<StoredEvent> second = s.apply(List.of(stored(5, "m-5", "u3")), List.of(), 6);
        StoredEvent a = first.get(0);
        StoredEvent b = first.get(1);
        StoredEvent c = second.get(0);
        assertThat(c.sequence()).isGreaterThan(b.sequence());
        assertThat(s.scan(0, 10)).containsExactly(a, b, c);
        assertThat(s.scan(a.sequence() + 1, 1)).containsExactly(b);
        assertThat(s.scan(c.sequence() + 1, 10)).isEmpty();
    }

    @Test
    void neverStoresAMessageIdOfASourceTwice() {
        EventStore s = newEventStore();
        s.apply(List.of(stored(0, "m-0", "u1")), List.of(), 1);
        List<StoredEvent> again = s.apply(List.of(stored(1, "m-0", "u1"), stored(2, "m-2", "u1"), stored(3, "m-2", "u1")), List.of(), 4);
        assertThat(again).extracting(e -> e.event().messageId()).containsExactly("m-2");
        assertThat(s.countEvents()).isEqualTo(2);
        StoredEvent otherSource = new StoredEvent(4, Events.track("Order Completed").messageId("m-0").userId("u1").from(Sources.WEB_SHOP).event());
        assertThat(s.apply(List.of(otherSource), List.of(), 5)).hasSize(1);
    }

    /**
     * A plan counts the batches planned before it and not yet applied as stored: a retry of their events is dropped and its
     * sequences follow theirs; applied in order, each batch stores what its plan said. The next batch is planned while
     * the one before it is written on another thread, as the projector does. A store that cannot plan skips this.
     */
    @Test
    void aPlanCountsTheBatchesPlannedBeforeItAsStored() throws Exception {
        EventStore s = newEventStore();
        s.apply(List.of(stored(0, "m-0", "u1")), List.of(), 1);
        List<StoredEvent> first = List.of(stored(1, "m-1", "u1"), stored(2, "m-2", "u2"));
        java.util.Optional<List<StoredEvent>> firstPlan = s.plan(first);
        if (firstPlan.isEmpty()) {
            return;
        }
        List<StoredEvent> second = List.of(stored(3, "m-2", "u2"), stored(4, "m-0", "u1"), stored(5, "m-5", "u3"));
        java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<List<StoredEvent>> writing = writer.submit(() -> s.apply(first, List.of(), 3));
            List<StoredEvent> secondPlan = s.plan(second).orElseThrow();
            assertThat(writing.get()).isEqualTo(firstPlan.get());
            assertThat(secondPlan).extracting(e -> e.event().messageId()).containsExactly("m-5");
            assertThat(secondPlan.get(0).sequence()).isGreaterThan(firstPlan.get().get(1).sequence());
            assertThat(s.apply(second, List.of(), 6)).isEqualTo(secondPlan);
        } finally {
            writer.shutdown();
        }
        assertThat(s.countEvents()).isEqualTo(4);
    }

    /**
     * A plan made on top of a batch that was never written is given up, never trusted: the batch it repeated is stored
     * when it comes again, whether planned again or applied straight away, and after a write that failed.
     */
    @Test
    void aPlanOnTopOfABatchNeverWrittenIsGivenUp() {
        EventStore s = newEventStore();
        List<StoredEvent> first = List.of(stored(0, "m-0", "u1"), stored(1, "m-1", "u1"));
        if (s.plan(first).isEmpty()) {
            return;
        }
        List<StoredEvent> second = List.of(stored(2, "m-1", "u1"), stored(3, "m-3", "u1"));
        assertThat(s.plan(second).orElseThrow()).extracting(e -> e.event().messageId()).containsExactly("m-3");
        // The first batch is given up: planned again from its start, then the second applied as it now stands.
        List<StoredEvent> firstAgain = List.of(stored(0, "m-0", "u1"));
        assertThat(s.plan(firstAgain).orElseThrow()).hasSize(1);
        assertThat(s.apply(firstAgain, List.of(), 1)).hasSize(1);
        assertThat(s.apply(second, List.of(), 4)).extracting(e -> e.event().messageId()).containsExactly("m-1", "m-3");

        // A write that fails (its position already applied) gives up the plan made on top of it.
        List<StoredEvent> stale = List.of(stored(4, "m-4", "u1"));
        List<StoredEvent> after = List.of(stored(5, "m-4", "u1"), stored(6, "m-6", "u1"));
        s.plan(stale);
        assertThat(s.plan(after).orElseThrow()).extracting(e -> e.event().messageId()).containsExactly("m-6");
        assertThatThrownBy(() -> s.apply(stale, List.of(), 3)).isInstanceOf(io.kith.error.KithException.class);
        assertThat(s.apply(after, List.of(), 7)).extracting(e -> e.event().messageId()).containsExactly("m-4", "m-6");
        assertThat(s.countEvents()).isEqualTo(5);
    }

    /** An event's JSON as the log holds it: numbers, key order and white space as the client sent them. */
    private static final String AS_ACCEPTED = "{\"type\": \"track\",  \"event\":\"Order Completed\", \"messageId\":\"m-json\","
            + "\"sourceId\":\"src_pos\",\"brand\":\"northwind\",\"userId\":\"u1\",\"properties\":{\"zeta\":1,\"alpha\":2,"
            + "\"price\":19.90,\"hundred\":1e2,\"big\":123456789012345678901234567890,\"negZero\":-0.0,\"text\":\"caf\\u00e9 \u00e9\"},"
            + "\n \"timestamp\":\"2026-02-01T10:00:00Z\",\"receivedAt\":\"2026-02-01T10:00:01Z\"}";

    @Test
    void keepsAnEventsJsonByteForByteAsAccepted() {
        EventStore s = newEventStore();
        byte[] accepted = AS_ACCEPTED.getBytes(StandardCharsets.UTF_8);
        StoredEvent event = new StoredEvent(0, new StoredEventReader(new ObjectMapper()).read(accepted.clone()));
        long seq = s.apply(List.of(event), List.of(), 1).get(0).sequence();
        assertThat(new String(s.bySequence(seq).orElseThrow().event().jsonBytes(), StandardCharsets.UTF_8)).isEqualTo(AS_ACCEPTED);
        assertThat(new String(s.scan(0, 10).get(0).event().jsonBytes(), StandardCharsets.UTF_8)).isEqualTo(AS_ACCEPTED);
        try (EventStore.RangeReader r = s.rangeReader()) {
            assertThat(r.scanRange(seq, seq + 1)).singleElement()
                    .satisfies(e -> assertThat(e.event().jsonBytes()).isEqualTo(accepted));
        }
    }

    @Test
    void refusesABatchThatIsAlreadyApplied() {
        EventStore s = newEventStore();
        s.apply(List.of(stored(0, "m-0", "u1")), List.of(), 1);
        assertThatThrownBy(() -> s.apply(List.of(stored(0, "m-0", "u1")), List.of(), 1)).hasMessageContaining("already applied");
        assertThat(s.countEvents()).isEqualTo(1);
    }

    @Test
    void positionAndRowsSurviveARestart() {
        EventStore s = newEventStore();
        s.apply(List.of(stored(0, "m-0", "u1"), stored(1, "m-1", "u1")), List.of(), 2);
        s.apply(List.of(), List.of(q("q9", null, 0)), 5);
        EventStore again = reopen();
        assertThat(again.appliedSequence()).isEqualTo(5);
        assertThat(again.countEvents()).isEqualTo(2);
        assertThat(again.apply(List.of(stored(5, "m-0", "u1"), stored(6, "m-6", "u1")), List.of(), 7))
                .extracting(e -> e.event().messageId()).containsExactly("m-6");
    }

    @Test
    void quarantineIsListedNewestFirstWithACursor() {
        EventStore s = newEventStore();
        s.apply(List.of(), List.of(q("q1", "src_pos", 1), q("q2", "src_web", 2)), 2);
        s.apply(List.of(), List.of(q("q3", "src_pos", 3)), 3);
        QuarantineStore qs = quarantine();
        assertThat(qs.count()).isEqualTo(3);
        assertThat(qs.list(null, null, 10)).extracting(QuarantinedEvent::id).containsExactly("q3", "q2", "q1");
        assertThat(qs.list(null, "q3", 1)).extracting(QuarantinedEvent::id).containsExactly("q2");
        assertThat(qs.list("src_pos", null, 10)).extracting(QuarantinedEvent::id).containsExactly("q3", "q1");
        QuarantinedEvent first = qs.list(null, "q2", 10).get(0);
        assertThat(first).isEqualTo(q("q1", "src_pos", 1));
        // a cursor that names no entry is a mistake said as one, not an empty page that looks like the end
        assertThatThrownBy(() -> qs.list(null, "abc", 10)).isInstanceOfSatisfying(io.kith.error.KithException.class,
                e -> assertThat(e.code()).isEqualTo(io.kith.error.ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void aQuarantineItemComesBackAsWrittenAndPagesEndCleanly() {
        EventStore s = newEventStore();
        String raw = "{\"note\":\"paid with 4111 1111 1111 1111, \u00e9t\u00e9 \ud83d\ude00\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
        QuarantinedEvent big = new QuarantinedEvent("q-big", "src_web", Instant.parse("2026-02-01T10:00:00Z"),
                new Rejection(ErrorCode.EVENT_TOO_LARGE, "$.batch[0]", "an event may have at most 32768 bytes, got 4111111111111111"), raw);
        assertThat(big.raw()).doesNotContain("4111 1111 1111 1111").contains("**** **** **** 1111").contains("[cut: ");
        s.apply(List.of(), List.of(q("q1", "src_pos", 1), big), 2);
        QuarantineStore qs = quarantine();
        assertThat(qs.list(null, null, 10)).containsExactly(big, q("q1", "src_pos", 1)); // cut and masked once, stored as is
        assertThat(qs.list(null, "q1", 10)).isEmpty();
        assertThat(qs.list("src_none", null, 10)).isEmpty();
    }

    @Test
    void clearEmptiesEverythingForARebuild() {
        EventStore s = newEventStore();
        s.apply(List.of(stored(0, "m-0", "u1")), List.of(q("q1", null, 0)), 2);
        s.clear();
        assertThat(s.appliedSequence()).isZero();
        assertThat(s.countEvents()).isZero();
        assertThat(quarantine().count()).isZero();
    }

    @Test
    void restoreKeepsSequencesAndTheNextEventsComeAfterThem() {
        EventStore s = newEventStore();
        StoredEvent a = stored(10, "m-10", "u1");
        StoredEvent b = stored(20, "m-20", "u2");
        s.restore(List.of(a, b), List.of(q("q1", "src_pos", 1), q("q2", "src_pos", 2)), 25);
        assertThat(s.appliedSequence()).isEqualTo(25);
        assertThat(s.scan(0, 10)).containsExactly(a, b);
        assertThat(quarantine().list(null, null, 10)).extracting(QuarantinedEvent::id).containsExactly("q2", "q1");
        List<StoredEvent> next = s.apply(List.of(stored(25, "m-25", "u3"), stored(26, "m-10", "u1")), List.of(), 27);
        assertThat(next).hasSize(1);
        assertThat(next.get(0).sequence()).isGreaterThan(20);
        assertThat(reopen().scan(0, 10)).containsExactly(a, b, next.get(0));
    }

    @Test
    void scanPagesAcrossGapsInTheSequence() {
        EventStore s = newEventStore();
        List<StoredEvent> stored = new java.util.ArrayList<>();
        stored.addAll(s.apply(List.of(stored(0, "m-0", "u1"), stored(1, "m-1", "u1")), List.of(), 2));
        stored.addAll(s.apply(List.of(stored(50_000, "m-far", "u2")), List.of(), 50_001));
        stored.addAll(s.apply(List.of(stored(50_001, "m-next", "u2")), List.of(), 50_002));
        List<StoredEvent> paged = new java.util.ArrayList<>();
        long from = 0;
        for (List<StoredEvent> page; !(page = s.scan(from, 2)).isEmpty(); from = page.get(page.size() - 1).sequence() + 1) {
            assertThat(page).hasSizeLessThanOrEqualTo(2);
            paged.addAll(page);
        }
        assertThat(paged).containsExactlyElementsOf(stored);
    }

    @Test
    void scansRangesOfSequencesAndKnowsTheLast() {
        EventStore s = newEventStore();
        assertThat(s.lastSequence()).isEqualTo(-1);
        assertThat(scanRange(s, 0, 100)).isEmpty();
        List<StoredEvent> stored = new java.util.ArrayList<>();
        stored.addAll(s.apply(List.of(stored(0, "m-0", "u1"), stored(1, "m-1", "u1"), stored(7, "m-7", "u2")), List.of(), 8));
        stored.addAll(s.apply(List.of(stored(20, "m-20", "u3")), List.of(), 21));
        assertThat(s.lastSequence()).isEqualTo(stored.get(3).sequence());
        long first = stored.get(0).sequence();
        assertThat(scanRange(s, first, stored.get(2).sequence())).containsExactly(stored.get(0), stored.get(1));
        assertThat(scanRange(s, stored.get(1).sequence() + 1, stored.get(3).sequence() + 1)).containsExactly(stored.get(2), stored.get(3));
        assertThat(scanRange(s, stored.get(3).sequence() + 1, Long.MAX_VALUE)).isEmpty();
        assertThat(scanRange(s, first, first)).isEmpty();
        List<StoredEvent> ranged = new java.util.ArrayList<>();
        for (long from = 0; from <= s.lastSequence(); from += 3) {
            ranged.addAll(scanRange(s, from, from + 3));
        }
        assertThat(ranged).containsExactlyElementsOf(stored);
    }

    /** A range of stored events as a rebuild's reader lists it. */
    private static List<StoredEvent> scanRange(EventStore s, long fromSequence, long toSequence) {
        try (EventStore.RangeReader reader = s.rangeReader()) {
            return reader.scanRange(fromSequence, toSequence);
        }
    }

    @Test
    void rangeReadersListAndVisitTheSameEvents() {
        EventStore s = newEventStore();
        List<StoredEvent> stored = new java.util.ArrayList<>();
        stored.addAll(s.apply(List.of(stored(0, "m-0", "u1"), stored(1, "m-1", "u1"), stored(7, "m-7", "u2")), List.of(), 8));
        stored.addAll(s.apply(List.of(stored(20, "m-20", "u3")), List.of(), 21));
        try (EventStore.RangeReader reader = s.rangeReader()) {
            for (long from = 0; from <= s.lastSequence(); from += 2) {
                List<StoredEvent> listed = reader.scanRange(from, from + 2);
                List<StoredEvent> visited = new java.util.ArrayList<>();
                reader.visitRange(from, from + 2, (sequence, e) -> visited.add(new StoredEvent(sequence, e)));
                assertThat(visited).as("range from %d", from).containsExactlyInAnyOrderElementsOf(listed);
                long lo = from;
                assertThat(listed).containsExactlyElementsOf(stored.stream().filter(e -> e.sequence() >= lo && e.sequence() < lo + 2).toList());
            }
            List<StoredEvent> none = new java.util.ArrayList<>();
            reader.visitRange(5, 5, (sequence, e) -> none.add(new StoredEvent(sequence, e)));
            assertThat(none).isEmpty();
        }
    }

    /**
     * This store, except that it fails every write holding an event of this message id, as a store fails on a value it
     * cannot hold (every real one of those that Kith knows is refused when parsed, so the test names its own).
     */
    private static EventStore refusing(EventStore store, String messageId) {
        return (EventStore) java.lang.reflect.Proxy.newProxyInstance(EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("apply") && ((List<?>) args[0]).stream()
                            .anyMatch(e -> ((StoredEvent) e).event().messageId().equals(messageId))) {
                        throw new ArithmeticException("long overflow");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Runs the projector until it has applied the log up to {@code to} (at most ten failed runs); answers the failed runs. */
    private static int runUntilApplied(io.kith.projection.Projector projector, long to) {
        int failures = 0;
        while (projector.appliedSequence() < to && failures < 10) {
            try {
                projector.runOnce();
            } catch (RuntimeException expected) {
                failures++;
            }
        }
        return failures;
    }

    /** A record the store cannot take is set aside after a few tries, alone, and the records after it go on. */
    @Test
    void theProjectorSetsAsideARecordTheStoreCannotTakeAndGoesOn() {
        EventStore s = refusing(newEventStore(), "m-poison");
        io.kith.testkit.InMemoryEventLog log = new io.kith.testkit.InMemoryEventLog();
        io.kith.event.LogRecordCodec codec = new io.kith.event.LogRecordCodec(Events.MAPPER);
        io.kith.event.Event good = stored(0, "m-good", "u1").event();
        io.kith.event.Event poison = new io.kith.event.Event("m-poison", io.kith.event.EventType.TRACK, good.sourceId(), good.brand(), "u2",
                null, "Order Completed", good.timestamp(), good.receivedAt(), good.json().deepCopy().put("messageId", "m-poison").put("userId", "u2"));
        io.kith.event.Event after = stored(2, "m-after", "u3").event();
        log.append(List.of(codec.encode(new io.kith.event.LogRecord.Accepted(good)), codec.encode(new io.kith.event.LogRecord.Accepted(poison)),
                codec.encode(new io.kith.event.LogRecord.Accepted(after))));
        List<List<Long>> told = new java.util.ArrayList<>();
        try (io.kith.projection.Projector projector = new io.kith.projection.Projector(log, s, codec, 100)) {
            projector.addListener(events -> told.add(events.stream().map(StoredEvent::event).map(e -> (long) e.messageId().hashCode()).toList()));
            int failures = runUntilApplied(projector, 3);
            assertThat(projector.appliedSequence()).isEqualTo(3);
            assertThat(projector.setAsideCount()).isEqualTo(1);
            assertThat(failures).as("tries that failed before the one that sets it aside").isEqualTo(io.kith.projection.Projector.SET_ASIDE_AFTER - 1);
        }
        assertThat(s.appliedSequence()).isEqualTo(3);
        assertThat(s.scan(0, 10)).extracting(e -> e.event().messageId()).containsExactly("m-good", "m-after");
        List<QuarantinedEvent> aside = quarantine().list(null, null, 10);
        assertThat(aside).singleElement().satisfies(q -> {
            assertThat(q.rejection().code()).isEqualTo(ErrorCode.PROJECTION_FAILED);
            assertThat(q.rejection().path()).isEqualTo("log[1]");
            assertThat(q.sourceId()).isEqualTo(good.sourceId());
            assertThat(q.raw()).contains("m-poison");
            assertThat(q.rejection().message()).contains("ArithmeticException: long overflow");
        });
        // The listener heard of each stored event once, in order.
        assertThat(told.stream().flatMap(List::stream).toList()).containsExactly((long) "m-good".hashCode(), (long) "m-after".hashCode());
    }

    /** In a large batch, the record the store cannot take is found by halving the batch, and only it is set aside. */
    @Test
    void theProjectorFindsTheBadRecordOfALargeBatchByHalving() {
        EventStore s = refusing(newEventStore(), "m-25");
        io.kith.testkit.InMemoryEventLog log = new io.kith.testkit.InMemoryEventLog();
        io.kith.event.LogRecordCodec codec = new io.kith.event.LogRecordCodec(Events.MAPPER);
        List<byte[]> records = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(codec.encode(new io.kith.event.LogRecord.Accepted(stored(i, "m-" + i, "u" + i).event())));
        }
        log.append(records);
        int failures;
        try (io.kith.projection.Projector projector = new io.kith.projection.Projector(log, s, codec, 100)) {
            failures = runUntilApplied(projector, 40);
            assertThat(projector.setAsideCount()).isEqualTo(1);
        }
        assertThat(failures).isEqualTo(io.kith.projection.Projector.SET_ASIDE_AFTER - 1);
        assertThat(s.countEvents()).isEqualTo(39);
        assertThat(quarantine().list(null, null, 10)).singleElement().satisfies(q -> assertThat(q.rejection().path()).isEqualTo("log[25]"));
    }

    /** A listener that fails holds the projector at the batch until it takes it; nothing is set aside for it. */
    @Test
    void theProjectorHandsABatchAgainToAListenerThatFailed() {
        EventStore s = newEventStore();
        io.kith.testkit.InMemoryEventLog log = new io.kith.testkit.InMemoryEventLog();
        io.kith.event.LogRecordCodec codec = new io.kith.event.LogRecordCodec(Events.MAPPER);
        log.append(List.of(codec.encode(new io.kith.event.LogRecord.Accepted(stored(0, "m-1", "u1").event())),
                codec.encode(new io.kith.event.LogRecord.Accepted(stored(1, "m-2", "u2").event()))));
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        List<String> taken = new java.util.ArrayList<>();
        try (io.kith.projection.Projector projector = new io.kith.projection.Projector(log, s, codec, 100)) {
            projector.addListener(events -> {
                if (calls.incrementAndGet() <= 5) {
                    throw new IllegalStateException("listener down");
                }
                events.forEach(e -> taken.add(e.event().messageId()));
            });
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(projector::runOnce).hasMessageContaining("listener down");
                assertThat(projector.appliedSequence()).isZero();
            }
            projector.runOnce();
            assertThat(projector.appliedSequence()).isEqualTo(2);
            assertThat(projector.setAsideCount()).isZero();
        }
        assertThat(taken).containsExactly("m-1", "m-2");
        assertThat(quarantine().list(null, null, 10)).isEmpty();
    }

    /**
     * Sixty log records in batches of seven, every fifth a client's retry of an event a few records back (often in the
     * batch before, which is still being written when the next is planned): each distinct event is stored once, in log
     * order; a listener hears each batch planned as it is then stored, and is never told a batch ahead of the one being
     * applied (identity's snapshot, taken when a batch is applied, holds no event the store lacks).
     */
    @Test
    void theProjectorStoresEachEventOnceWhileItPlansTheNextBatchAhead() {
        EventStore s = newEventStore();
        io.kith.testkit.InMemoryEventLog log = new io.kith.testkit.InMemoryEventLog();
        io.kith.event.LogRecordCodec codec = new io.kith.event.LogRecordCodec(Events.MAPPER);
        List<String> distinct = retriedRecords(log, codec, 60);
        List<String> applied = new java.util.ArrayList<>();
        List<List<StoredEvent>> planned = new java.util.ArrayList<>();
        try (io.kith.projection.Projector projector = new io.kith.projection.Projector(log, s, codec, 7)) {
            projector.addListener(new io.kith.projection.ProjectionListener() {
                @Override
                public void onPlanned(List<StoredEvent> events) {
                    planned.add(events);
                }

                @Override
                public void onApplied(List<StoredEvent> events) {
                    if (!planned.isEmpty()) {
                        assertThat(events).as("applied as planned, nothing planned beyond it").isEqualTo(planned.get(planned.size() - 1));
                    }
                    events.forEach(e -> applied.add(e.event().messageId()));
                }
            });
            projector.runOnce();
            assertThat(projector.appliedSequence()).isEqualTo(60);
        }
        assertThat(applied).containsExactlyElementsOf(distinct);
        assertThat(s.scan(0, 100)).extracting(e -> e.event().messageId()).containsExactlyElementsOf(distinct);
    }

    /** A write that fails while the next batch is planned on top of it loses nothing and stores nothing twice. */
    @Test
    void aWriteThatFailsUnderABatchPlannedAheadLosesNothing() {
        EventStore s = refusing(newEventStore(), "m-26");
        io.kith.testkit.InMemoryEventLog log = new io.kith.testkit.InMemoryEventLog();
        io.kith.event.LogRecordCodec codec = new io.kith.event.LogRecordCodec(Events.MAPPER);
        List<String> distinct = new java.util.ArrayList<>(retriedRecords(log, codec, 60));
        distinct.remove("m-26");
        List<String> applied = new java.util.ArrayList<>();
        try (io.kith.projection.Projector projector = new io.kith.projection.Projector(log, s, codec, 7)) {
            projector.addListener(events -> events.forEach(e -> applied.add(e.event().messageId())));
            runUntilApplied(projector, 60);
            assertThat(projector.setAsideCount()).isEqualTo(1);
        }
        assertThat(applied).containsExactlyElementsOf(distinct);
        assertThat(s.scan(0, 100)).extracting(e -> e.event().messageId()).containsExactlyElementsOf(distinct);
    }

    /**
     * Appends {@code n} records: "m-i" for most, but every fifth (from the tenth on) repeats the message id of a record
     * three to nine back. Answers the distinct message ids in log order.
     */
    private static List<String> retriedRecords(io.kith.testkit.InMemoryEventLog log, io.kith.event.LogRecordCodec codec, int n) {
        List<byte[]> records = new java.util.ArrayList<>();
        java.util.LinkedHashSet<String> distinct = new java.util.LinkedHashSet<>();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = i >= 10 && i % 5 == 0 ? ids.get(i - 3 - i % 7) : "m-" + i;
            ids.add(id);
            distinct.add(id);
            records.add(codec.encode(new io.kith.event.LogRecord.Accepted(stored(i, id, "u" + (i % 9)).event())));
        }
        log.append(records);
        return List.copyOf(distinct);
    }
}
