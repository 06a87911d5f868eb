package io.kith.event;

/** The result of reading one incoming event: accepted, or rejected with a reason. */
public sealed interface ParseOutcome {
    record Accepted(Event event) implements ParseOutcome {
    }

    record Rejected(Rejection rejection) implements ParseOutcome {
    }
}
