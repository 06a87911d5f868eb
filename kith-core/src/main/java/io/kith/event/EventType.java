package io.kith.event;

import java.util.Locale;
import java.util.Optional;

/** The six calls of the Segment spec. */
public enum EventType {
    IDENTIFY("i"), TRACK("t"), PAGE("p"), SCREEN("s"), GROUP("g"), ALIAS("a");

    private final String shortPath;

    EventType(String shortPath) {
        this.shortPath = shortPath;
    }

    /** The wire name, as in the {@code type} field: "identify", "track", ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The analytics.js short path letter: {@code /v1/t} for track. */
    public String shortPath() {
        return shortPath;
    }

    public static Optional<EventType> fromWire(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (EventType t : values()) {
            if (t.wireName().equalsIgnoreCase(name) || t.shortPath.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
