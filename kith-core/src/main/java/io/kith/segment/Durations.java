package io.kith.segment;

import java.time.Duration;

/** The ISO-8601 spelling of durations in the JSON form: whole days as {@code P3D}, anything else as {@code PT36H}. */
public final class Durations {
    private static final long DAY = 86_400;

    private Durations() {
    }

    public static String iso(Duration d) {
        if (d.getNano() == 0 && d.getSeconds() % DAY == 0) {
            return "P" + d.getSeconds() / DAY + "D";
        }
        return d.toString();
    }
}
