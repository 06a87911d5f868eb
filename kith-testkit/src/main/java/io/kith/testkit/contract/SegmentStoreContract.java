package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.segment.Condition;
import io.kith.segment.EventFilter;
import io.kith.segment.SegmentDefinition;
import io.kith.segment.SegmentStore;
import io.kith.segment.SegmentStore.MembershipChange;
import io.kith.segment.Window;
import io.kith.store.Store;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every store's {@link SegmentStore} must do. */
public abstract class SegmentStoreContract {
    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");

    /** A store over an empty database; the test closes it. */
    protected abstract Store newStore();

    private static SegmentDefinition buyers(String name) {
        return new SegmentDefinition("buyers", name, "people who ordered",
                Condition.EventCondition.performed(EventFilter.named("Order Completed"), new Window.Ever()));
    }

    @Test
    void definitionsAreVersionedAndReadBackExactly() {
        try (Store store = newStore()) {
            SegmentStore s = store.segments();
            assertThat(s.latest("buyers")).isEmpty();
            SegmentStore.SavedSegment v1 = s.save(buyers("Buyers"), T);
            SegmentStore.SavedSegment v2 = s.save(buyers("Buyers, renamed"), T.plusSeconds(60));
            assertThat(v1.version()).isEqualTo(1);
            assertThat(v2.version()).isEqualTo(2);
            assertThat(s.latest("buyers")).contains(v2);
            assertThat(s.versions("buyers")).containsExactly(v1, v2);
            s.save(new SegmentDefinition("always", "Always", "", new Condition.IdentifierPresent("email")), T);
            assertThat(s.all()).extracting(SegmentStore.SavedSegment::key).containsExactly("always", "buyers");
            assertThat(s.all().get(1).version()).isEqualTo(2);
        }
    }

    @Test
    void membershipChangesKeepMembersAndHistory() {
        try (Store store = newStore()) {
            SegmentStore s = store.segments();
            s.apply(List.of(new MembershipChange("buyers", 1, "p_1", true, T, 10, "event"),
                    new MembershipChange("buyers", 1, "p_2", true, T, 10, "event"),
                    new MembershipChange("vip", 1, "p_1", true, T, 10, "event")));
            assertThat(s.members("buyers", null, 10)).containsExactly("p_1", "p_2");
            assertThat(s.members("buyers", "p_1", 10)).containsExactly("p_2");
            assertThat(s.members("buyers", null, 1)).containsExactly("p_1");
            assertThat(s.size("buyers")).isEqualTo(2);
            assertThat(s.segmentsOf("p_1")).containsExactly("buyers", "vip");

            Instant later = T.plusSeconds(86_400 * 2);
            s.apply(List.of(new MembershipChange("buyers", 1, "p_1", false, later, 20, "time"),
                    new MembershipChange("buyers", 1, "p_2", false, later, 20, "merged into p_3"),
                    new MembershipChange("buyers", 1, "p_2", true, later, 20, "event")));
            assertThat(s.members("buyers", null, 10)).containsExactly("p_2");
            assertThat(s.segmentsOf("p_1")).containsExactly("vip");
            assertThat(s.history("p_1")).extracting(MembershipChange::segmentKey, MembershipChange::entered, MembershipChange::cause)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("buyers", true, "event"), org.assertj.core.groups.Tuple.tuple("vip", true, "event"),
                            org.assertj.core.groups.Tuple.tuple("buyers", false, "time"));
            assertThat(s.sizeOverTime("buyers")).containsExactly(new SegmentStore.SizePoint(Instant.parse("2026-06-02T00:00:00Z"), 2),
                    new SegmentStore.SizePoint(Instant.parse("2026-06-04T00:00:00Z"), 1));
        }
    }
}
