package io.kith.identity;

import static io.kith.identity.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.event.StoredEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The profile writer when the store fails: nothing it drained is forgotten, the next flush writes it. */
class IdentityStoreWriterTest {
    /** Profile rows in a map; fails the next writes when asked. */
    private static final class FlakyStore implements IdentityStore {
        final Map<String, StoredProfile> rows = new TreeMap<>();
        long applied;
        int failures;
        int clears;

        @Override
        public boolean acquireWriter() {
            return true;
        }

        @Override
        public long appliedSequence() {
            return applied;
        }

        @Override
        public void apply(List<StoredProfile> changed, Map<String, String> mergedInto, long toSequence) {
            if (failures > 0) {
                failures--;
                throw new IllegalStateException("store down");
            }
            changed.forEach(p -> rows.put(p.profile().id(), p));
            mergedInto.keySet().forEach(rows::remove);
            applied = toSequence;
        }

        @Override
        public void clear() {
            clears++;
            rows.clear();
            applied = 0;
        }

        @Override
        public Optional<StoredProfile> profile(String profileId) {
            return Optional.ofNullable(rows.get(profileId));
        }

        @Override
        public Optional<String> lookup(Identifier identifier) {
            return Optional.empty();
        }

        @Override
        public long count() {
            return rows.size();
        }
    }

    private final IdentityProjection identity = new IdentityProjection(IdentityRules.defaults(), IdentityOverrides.NONE, TestEvents::info, a -> { });
    private final FlakyStore store = new FlakyStore();
    private final IdentityStoreWriter writer = new IdentityStoreWriter(identity, store);

    @Test
    void aFailedWriteIsWrittenByTheNextFlush() {
        identity.rewriteAll(); // as at start on an empty store: every profile from now on is tracked
        identity.onApplied(List.of(new StoredEvent(0, event("{\"type\":\"identify\",\"userId\":\"u1\"}")),
                new StoredEvent(1, event("{\"type\":\"identify\",\"userId\":\"u2\"}"))));
        store.failures = 1;
        assertThatThrownBy(writer::flush).hasMessageContaining("store down");
        assertThat(store.rows).isEmpty();
        identity.onApplied(List.of(new StoredEvent(2, event("{\"type\":\"identify\",\"userId\":\"u3\"}"))));
        assertThat(writer.flush()).isEqualTo(3);
        assertThat(store.rows.keySet()).containsExactly("p_0", "p_1", "p_2");
        assertThat(store.applied).isEqualTo(3);
        assertThat(writer.flush()).isZero();
    }

    @Test
    void aFailedFullRewriteClearsAndRewritesEverythingNextTime() {
        identity.rewriteAll();
        identity.onApplied(List.of(new StoredEvent(0, event("{\"type\":\"identify\",\"userId\":\"u1\"}"))));
        writer.flush();
        identity.rewriteAll(); // as when this process takes over writing the profiles
        store.failures = 1;
        assertThatThrownBy(writer::flush).hasMessageContaining("store down");
        assertThat(writer.flush()).isEqualTo(1);
        assertThat(store.clears).isEqualTo(3); // at start, then for the rewrite, and again after its failure (not forgotten)
        assertThat(store.rows.keySet()).containsExactly("p_0");
    }
}
