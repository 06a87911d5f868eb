package io.kith.console;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Where one page's time went, part by part, sent as the standard {@code Server-Timing} header: a browser's developer
 * tools draw it beside the request, and {@code kith bench console} reads it to say which part of a slow page is slow
 * (the customer view at 100,000 customers was 497 ms at p99 with its event read at 2.6 ms: the rest had to be found).
 * Only signed-in staff get console pages, so the header tells nobody else how the server spends its time.
 */
final class ServerTiming {
    private final StringBuilder header = new StringBuilder();

    /** Runs one part of the page and records how long it took under {@code name} (a token: letters, digits, '-'). */
    <T> T time(String name, Supplier<T> part) {
        long start = System.nanoTime();
        try {
            return part.get();
        } finally {
            record(name, System.nanoTime() - start);
        }
    }

    /** Records a part timed by the caller. */
    void record(String name, long nanos) {
        if (!header.isEmpty()) {
            header.append(", ");
        }
        header.append(name).append(";dur=").append(String.format(Locale.ROOT, "%.2f", nanos / 1e6));
    }

    /** The header's value, e.g. {@code audit;dur=0.41, segments;dur=3.12}. */
    String header() {
        return header.toString();
    }
}
