package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.event.EventStore;
import io.kith.event.MessageKeys;
import io.kith.event.QuarantineStore;
import io.kith.event.QuarantinedEvent;
import io.kith.event.Rejection;
import io.kith.event.StoredEvent;
import io.kith.testkit.Events;
import io.kith.testkit.Sources;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
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
        s.apply(List.of(a, b), List.of(q("q1", "src_pos", 1)), 3);
        assertThat(s.appliedSequence()).isEqualTo(3);
        assertThat(s.countEvents()).isEqualTo(2);
        assertThat(s.bySequence(2)).contains(b);
        assertThat(s.bySequence(1)).isEmpty();
        assertThat(s.bySequences(new long[] {2, 1, 0})).containsExactly(b, a);
    }

    @Test
    void scansInLogOrderFromASequence() {
        EventStore s = newEventStore();
        StoredEvent a = stored(0, "m-0", "u1");
        StoredEvent b = stored(3, "m-3", "u2");
        StoredEvent c = stored(5, "m-5", "u3");
        s.apply(List.of(a, b), List.of(), 4);
        s.apply(List.of(c), List.of(), 6);
        assertThat(s.scan(0, 10)).containsExactly(a, b, c);
        assertThat(s.scan(1, 1)).containsExactly(b);
        assertThat(s.scan(6, 10)).isEmpty();
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
        LongOpenHashSet keys = new LongOpenHashSet();
        again.forEachMessageKey(keys::add);
        assertThat(keys).containsExactlyInAnyOrder(MessageKeys.of("src_pos", "m-0"), MessageKeys.of("src_pos", "m-1"));
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
}
