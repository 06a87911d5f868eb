package io.kith.identity;

import static io.kith.identity.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.event.StoredEvent;
import io.kith.feed.ProfileChange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The change feed as identity resolution publishes it, without a store. */
class ChangeFeedTest {
    private final IdentityProjection identity = new IdentityProjection(IdentityRules.defaults(), IdentityOverrides.NONE, TestEvents::info, a -> { });

    @Test
    void aPlannedBatchIsPublishedOnlyOnceCommittedAndASubscriberThatThrowsIsToldAgain() {
        List<ProfileChange> seen = new ArrayList<>();
        int[] calls = {0};
        identity.changes().subscribe(changes -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("subscriber down");
            }
            seen.addAll(changes);
        });
        List<StoredEvent> batch = List.of(new StoredEvent(0, event("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"plan\":\"pro\"}}")),
                new StoredEvent(1, event("{\"type\":\"identify\",\"userId\":\"u1\"}")));
        identity.onPlanned(batch);
        assertThat(calls[0]).isZero(); // resolved before the store's write, not yet published
        assertThatThrownBy(() -> identity.onApplied(batch)).hasMessageContaining("subscriber down");
        identity.onApplied(batch); // the projector hands the batch again
        assertThat(seen).containsExactly(new ProfileChange.Created("p_0", 0), new ProfileChange.Changed("p_0", 0, List.of("plan")),
                new ProfileChange.Changed("p_0", 1, List.of()));
        identity.onApplied(batch);
        assertThat(seen).hasSize(3); // told once it took them
    }
}
