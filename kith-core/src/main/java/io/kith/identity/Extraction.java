package io.kith.identity;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The identifiers found in one event, normalised, each with the priority of its type, and the values that
 * were found but may not link (blocked placeholders, invalid phones), with the reason.
 */
public record Extraction(List<Candidate> identifiers, List<Refused> refused) {
    /**
     * An identifier of the event and where it was found, with what the identifier table looks it up by — its value's
     * UTF-8 bytes and their {@link IdentifierTable#fingerprint} — worked out here, on the thread that reads the event,
     * rather than on the one that resolves it. Equality ignores those two, which follow from the identifier.
     */
    public record Candidate(Identifier identifier, int priority, String field, byte[] utf8, int fingerprint) {
        public Candidate(Identifier identifier, int priority, String field) {
            this(identifier, priority, field, identifier.value().getBytes(StandardCharsets.UTF_8));
        }

        private Candidate(Identifier identifier, int priority, String field, byte[] utf8) {
            this(identifier, priority, field, utf8, IdentifierTable.fingerprint(identifier.type(), utf8));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Candidate c && identifier.equals(c.identifier) && priority == c.priority && Objects.equals(field, c.field);
        }

        @Override
        public int hashCode() {
            return Objects.hash(identifier, priority, field);
        }

        @Override
        public String toString() {
            return "Candidate[identifier=" + identifier + ", priority=" + priority + ", field=" + field + "]";
        }
    }

    /** A value that will not link profiles, the rule that refused it, and why. */
    public record Refused(String type, String value, String field, RefusalRule rule, String reason) {
    }
}
