package io.kith.event;

import java.nio.charset.StandardCharsets;

/**
 * The dedup key of an event: a 64-bit hash of its source id and messageId. Segment deduplicates retried
 * events by messageId per source; so does Kith. With 64 bits, 10 million events collide with probability
 * about 3e-6, and a collision drops one event from the projections (never from the log).
 */
public final class MessageKeys {
    private MessageKeys() {
    }

    public static long of(String sourceId, String messageId) {
        // FNV-1a over both strings with a separator, then a final avalanche (splitmix64) for good bit spread
        long h = 0xcbf29ce484222325L;
        h = fnv(h, sourceId.getBytes(StandardCharsets.UTF_8));
        h = (h ^ 0x1f) * 0x100000001b3L;
        h = fnv(h, messageId.getBytes(StandardCharsets.UTF_8));
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h;
    }

    private static long fnv(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }
}
