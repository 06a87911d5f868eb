package io.kith.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Profiles' event lists ({@link ProfileState} over {@link EventLists}) against the plainest model, a list per profile:
 * events added to profiles in any order, profiles absorbed by others (either side with or without events), over more
 * entries than one page of the lists holds.
 */
class EventListsTest {
    /** A profile and what the model says its events are. */
    private record Modelled(ProfileState state, List<Long> events) {
    }

    @Test
    void listsAcrossPagesHoldWhatWasAddedAndMergedIntoThem() {
        for (long seed = 1; seed <= 3; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            EventLists lists = new EventLists();
            List<Modelled> live = new ArrayList<>();
            long sequence = 0;
            for (int i = 0; i < 50; i++) {
                live.add(new Modelled(new ProfileState(sequence++), new ArrayList<>()));
            }
            long events = 0;
            for (int step = 0; step < 200_000; step++) {
                int op = r.nextInt(100);
                if (op < 97 || live.size() < 2) {
                    Modelled p = live.get(r.nextInt(live.size()));
                    p.state().addEvent(lists, sequence);
                    p.events().add(sequence++);
                    events++;
                } else if (op < 99) {
                    Modelled into = live.get(r.nextInt(live.size()));
                    Modelled gone = live.get(r.nextInt(live.size()));
                    if (into != gone) {
                        into.state().absorb(gone.state(), lists, Integer.MAX_VALUE);
                        into.events().addAll(gone.events());
                        live.remove(gone);
                    }
                } else {
                    live.add(new Modelled(new ProfileState(sequence++), new ArrayList<>()));
                }
            }
            long held = 0;
            for (Modelled p : live) {
                long[] expected = p.events().stream().mapToLong(Long::longValue).sorted().toArray();
                assertThat(p.state().sortedEvents(lists)).isEqualTo(expected);
                held += p.state().eventCount;
            }
            assertThat(held).as("every event in exactly one live profile").isEqualTo(events);
        }
    }

    @Test
    void aProfileWithoutEventsHasNone() {
        EventLists lists = new EventLists();
        ProfileState empty = new ProfileState(0);
        empty.absorb(new ProfileState(1), lists, Integer.MAX_VALUE);
        assertThat(empty.sortedEvents(lists)).isEmpty();
    }

    @Test
    void aListReadWithTheWrongCountIsAnError() {
        EventLists lists = new EventLists();
        int head = -1;
        for (long s = 0; s < 5; s++) {
            head = lists.prepend(head, s);
        }
        int h = head;
        assertThatThrownBy(() -> lists.sorted(h, 6)).isInstanceOf(IllegalStateException.class);
    }
}
