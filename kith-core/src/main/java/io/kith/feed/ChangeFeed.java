package io.kith.feed;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Hands {@link ProfileChange}s to its subscribers, each batch in log order, on the thread that publishes (the
 * projector's, after the store committed the events): a subscriber that is slow slows the derived path, so one that
 * does real work hands the changes to its own thread or queue. A subscriber that throws is told again with the same
 * batch (the projector holds at that batch until every listener took it), so it must be idempotent by sequence.
 *
 * <p>Every Kith process resolves identity itself, so every process has this feed, whether or not it writes the
 * profiles into the store.
 */
public final class ChangeFeed {
    private final List<Consumer<List<ProfileChange>>> subscribers = new CopyOnWriteArrayList<>();

    /** Adds a subscriber; closing the returned handle removes it. */
    public AutoCloseable subscribe(Consumer<List<ProfileChange>> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Whether anyone listens: when no one does, identity resolution does not collect changes at all. */
    public boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    /** Tells every subscriber, in the order they subscribed. */
    public void publish(List<ProfileChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<ProfileChange> batch = List.copyOf(changes);
        for (Consumer<List<ProfileChange>> s : subscribers) {
            s.accept(batch);
        }
    }
}
