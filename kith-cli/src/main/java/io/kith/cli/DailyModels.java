package io.kith.cli;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.Map;

/** Whether the models run once a day by themselves ({@code KITH_MODELS_DAILY}): read once, by the server and the benches alike. */
public final class DailyModels {
    private DailyModels() {
    }

    /**
     * {@code KITH_MODELS_DAILY} {@code on} (the default, also when unset or empty) or {@code off}, for a deployment that
     * runs the models from its own scheduler ({@code ./kith models run}) at a quiet hour, or whose heap cannot hold a run
     * (see docs/models.md). Anything else is refused at start.
     */
    public static boolean fromEnvironment(Map<String, String> env) {
        String v = env.getOrDefault("KITH_MODELS_DAILY", "").trim();
        return switch (v) {
            case "", "on" -> true;
            case "off" -> false;
            default -> throw new KithException(ErrorCode.INVALID_ARGUMENT, "KITH_MODELS_DAILY must be on or off, not '" + v + "'");
        };
    }
}
