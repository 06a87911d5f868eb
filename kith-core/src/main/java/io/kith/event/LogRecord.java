package io.kith.event;

/**
 * One record of the event log, the source of truth: an accepted event, or an event put in quarantine. Both
 * are made durable by the same append before the request that brought them is answered.
 */
public sealed interface LogRecord {
    record Accepted(Event event) implements LogRecord {
    }

    record Quarantined(QuarantinedEvent event) implements LogRecord {
    }

    /**
     * What an erasure left in place of a record (an event, a retry of one or a quarantined payload of an erased person):
     * the regulation that erased it and nothing of what it held. Projections pass over it.
     */
    record Erased(String regulationId) implements LogRecord {
    }
}
