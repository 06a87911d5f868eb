package io.kith.event;

import java.util.Locale;
import java.util.Optional;

/** The six calls of the Segment spec. */
public enum EventType {
    IDENTIFY("i"), TRACK("t"), PAGE("p"), SCREEN("s"), GROUP("g"), ALIAS("a");

    private static final EventType[] VALUES = values();

    private final String shortPath;
    private final String wireName;

    EventType(String shortPath) {
        this.shortPath = shortPath;
        this.wireName = name().toLowerCase(Locale.ROOT);
    }

    /** The wire name, as in the {@code type} field: "identify", "track", ... */
    public String wireName() {
        return wireName;
    }

    /** The analytics.js short path letter: {@code /v1/t} for track. */
    public String shortPath() {
        return shortPath;
    }

    public static Optional<EventType> fromWire(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (EventType t : VALUES) {
            if (t.wireName.equals(name)) {
                return Optional.of(t);
            }
        }
        for (EventType t : VALUES) {
            if (t.wireName.equalsIgnoreCase(name) || t.shortPath.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
