package io.kith.ops;

import java.util.List;
import java.util.Map;

/**
 * What {@code /health} answers: a status, the reasons for it when it is not {@link Status#UP}, and figures (log and
 * projection positions, lag, records set aside). {@link Status#DOWN} is served with 503, so that a load balancer or an
 * orchestrator takes the node out; the others with 200.
 */
public record Health(Status status, List<String> reasons, Map<String, Object> details) {
    public enum Status {
        /** Everything follows the log. */
        UP,
        /** Serving and taking events, but some derived part is failing or behind (the reasons say which). */
        DEGRADED,
        /** The pipeline is stuck: events are taken but do not reach the store. */
        DOWN
    }

    public int httpStatus() {
        return status == Status.DOWN ? 503 : 200;
    }
}
