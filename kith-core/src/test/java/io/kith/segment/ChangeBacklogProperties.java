package io.kith.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.feed.ProfileChange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The segment engine's backlog loses nothing the change feed said, and names each person once per take. */
class ChangeBacklogProperties {

    @Provide
    Arbitrary<List<List<ProfileChange>>> batches() {
        Arbitrary<String> id = Arbitraries.integers().between(1, 30).map(i -> "p_" + i);
        Arbitrary<Long> seq = Arbitraries.longs().between(1, 1_000_000);
        Arbitrary<ProfileChange> change = Arbitraries.oneOf(
                Combinators.combine(id, seq).as(ProfileChange.Created::new),
                Combinators.combine(id, seq).as((p, s) -> new ProfileChange.Changed(p, s, List.of("email"))),
                Combinators.combine(id, id, seq).as(ProfileChange.Merged::new),
                Combinators.combine(id, id.list().ofMinSize(1).ofMaxSize(3), seq).as(ProfileChange.Split::new),
                seq.map(s -> new ProfileChange.Rebuilt(s, "overrides")));
        return change.list().ofMaxSize(12).list().ofMaxSize(20);
    }

    @Property(tries = 300)
    void takesTogetherHoldWhatTheBatchesSaidOnceEach(@ForAll("batches") List<List<ProfileChange>> batches,
                                                      @ForAll("takes") List<Boolean> takeAfter) {
        ChangeBacklog backlog = new ChangeBacklog();
        List<ChangeBacklog.Taken> taken = new ArrayList<>();
        int signals = 0;
        for (int i = 0; i < batches.size(); i++) {
            if (backlog.add(batches.get(i))) {
                signals++;
            }
            if (i < takeAfter.size() && takeAfter.get(i)) {
                taken.add(backlog.take());
            }
        }
        taken.add(backlog.take());
        // the engine is told once per take that has something: never more tasks than takes, none lost
        long nonEmpty = taken.stream().filter(t -> !t.touched().isEmpty() || t.rebuilt() || !t.merges().isEmpty() || t.lastSequence() > 0).count();
        assertThat(signals).isGreaterThanOrEqualTo((int) nonEmpty).isLessThanOrEqualTo(taken.size());

        Set<String> touched = new LinkedHashSet<>();
        List<ProfileChange.Merged> merges = new ArrayList<>();
        boolean rebuilt = false;
        long last = 0;
        for (List<ProfileChange> batch : batches) {
            for (ProfileChange c : batch) {
                last = Math.max(last, c.sequence());
                touched.addAll(c.profiles());
                if (c instanceof ProfileChange.Merged m) {
                    merges.add(m);
                }
                rebuilt |= c instanceof ProfileChange.Rebuilt;
            }
        }
        Set<String> takenTouched = new LinkedHashSet<>();
        List<ProfileChange.Merged> takenMerges = new ArrayList<>();
        for (ChangeBacklog.Taken t : taken) {
            takenTouched.addAll(t.touched());
            takenMerges.addAll(t.merges());
        }
        assertThat(takenTouched).isEqualTo(touched);
        assertThat(takenMerges).containsExactlyElementsOf(merges); // in the feed's order: exits are recorded in it
        assertThat(taken.stream().anyMatch(ChangeBacklog.Taken::rebuilt)).isEqualTo(rebuilt);
        assertThat(taken.stream().mapToLong(ChangeBacklog.Taken::lastSequence).max().orElse(0)).isEqualTo(last);
        ChangeBacklog.Taken after = backlog.take(); // nothing is taken twice
        assertThat(after.touched()).isEmpty();
        assertThat(after.merges()).isEmpty();
        assertThat(after.rebuilt()).isFalse();
    }

    @Provide
    Arbitrary<List<Boolean>> takes() {
        return Arbitraries.of(true, false).list().ofMaxSize(20);
    }

    /** The hold is measured from the oldest change waiting: a later batch does not restart it, a take does. */
    @org.junit.jupiter.api.Test
    void sinceIsWhenTheOldestChangeWaitingCame() throws InterruptedException {
        ChangeBacklog backlog = new ChangeBacklog();
        long before = System.nanoTime();
        backlog.add(List.of(new ProfileChange.Created("p_1", 1)));
        long first = backlog.since();
        assertThat(first).isGreaterThanOrEqualTo(before);
        Thread.sleep(5);
        backlog.add(List.of(new ProfileChange.Created("p_2", 2)));
        assertThat(backlog.since()).isEqualTo(first);
        backlog.take();
        long afterTake = System.nanoTime();
        assertThat(backlog.since()).as("empty: now").isGreaterThanOrEqualTo(afterTake);
        backlog.add(List.of(new ProfileChange.Created("p_3", 3)));
        assertThat(backlog.since()).isGreaterThanOrEqualTo(afterTake);
    }
}
