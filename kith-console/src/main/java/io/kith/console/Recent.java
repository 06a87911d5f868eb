package io.kith.console;

import io.kith.error.KithException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Values of a slow read (an aggregate over every profile or event), kept for a while so that a page does not wait for
 * them: answered at once while fresh; once stale, answered as they are while one background read replaces them. Only
 * a key's first request waits for its read. Thread-safe.
 */
final class Recent<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(Recent.class);

    /** A value and when its read began. */
    record Held<V>(V value, Instant at) {
    }

    private final String what;
    private final Function<K, V> read;
    private final Duration fresh;
    private final Clock clock;
    private final Executor background;
    private final Map<K, Held<V>> held = new ConcurrentHashMap<>();
    private final Set<K> refreshing = ConcurrentHashMap.newKeySet();

    Recent(String what, Function<K, V> read, Duration fresh, Clock clock, Executor background) {
        this.what = what;
        this.read = read;
        this.fresh = fresh;
        this.clock = clock;
        this.background = background;
    }

    Held<V> get(K key) {
        Held<V> h = held.get(key);
        if (h == null) {
            Instant at = clock.instant();
            h = new Held<>(read.apply(key), at);
            held.put(key, h);
            return h;
        }
        if (!h.at().plus(fresh).isAfter(clock.instant()) && refreshing.add(key)) {
            background.execute(() -> {
                try {
                    Instant at = clock.instant();
                    held.put(key, new Held<>(read.apply(key), at));
                } catch (KithException e) {
                    LOG.warn("refreshing {} failed code={}: {}", what, e.code(), e.getMessage());
                } catch (RuntimeException e) {
                    LOG.warn("refreshing {} failed", what, e);
                } finally {
                    refreshing.remove(key);
                }
            });
        }
        return h;
    }
}
