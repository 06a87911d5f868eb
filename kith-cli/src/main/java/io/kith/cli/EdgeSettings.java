package io.kith.cli;

import io.kith.ingest.DiskFloor;
import io.kith.ingest.RateLimit;
import java.util.List;

/**
 * How Kith's HTTP edge meets hostile input, beyond the limits of bodies and events ({@code docs/api.md}, "Limits").
 *
 * @param corsOrigins origins whose scripts may call the admin and profile API ({@code --cors-origin},
 *                    {@code KITH_CORS_ORIGINS}); none by default. The collection API answers every origin.
 * @param rateLimit   requests per second and burst per write key ({@code --rate-limit}, {@code --rate-burst})
 * @param minFreeDisk new events are refused while the event log's disk has less free space ({@code --min-free-disk})
 */
public record EdgeSettings(List<String> corsOrigins, RateLimit rateLimit, DiskFloor minFreeDisk) {
    public static final EdgeSettings DEFAULTS = new EdgeSettings(List.of(), RateLimit.DEFAULT, DiskFloor.DEFAULT);

    public EdgeSettings {
        corsOrigins = List.copyOf(corsOrigins);
    }

    public EdgeSettings withCorsOrigins(List<String> origins) {
        return new EdgeSettings(origins, rateLimit, minFreeDisk);
    }

    public EdgeSettings withRateLimit(RateLimit limit) {
        return new EdgeSettings(corsOrigins, limit, minFreeDisk);
    }

    public EdgeSettings withMinFreeDisk(DiskFloor floor) {
        return new EdgeSettings(corsOrigins, rateLimit, floor);
    }
}
