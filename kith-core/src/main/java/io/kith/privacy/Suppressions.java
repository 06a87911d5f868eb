package io.kith.privacy;

import io.kith.event.Event;
import io.kith.identity.Identifier;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The gate that keeps suppressed people out: an event is refused when it carries an identifier whose keyed hash is on
 * the suppression list (every identifier resolution would read from it, not only the user id), or when it is a retry of
 * an erased event. Used where events come in (the collection API, the importer) and where the log is projected (so a
 * replay, another server's log or a file imported offline cannot bring anyone back). An empty list costs nothing per
 * event. Thread-safe; {@link #reload()} reads the ledger again (after a regulation, and every few seconds on a shared
 * store, where another server may have taken one).
 */
public final class Suppressions implements Predicate<Event> {
    /** Why an event was kept out. */
    public enum Reason { SUPPRESSED_IDENTIFIER, ERASED_MESSAGE }

    private record Lists(Set<String> identifiers, Set<String> messages) {
        boolean empty() {
            return identifiers.isEmpty() && messages.isEmpty();
        }
    }

    private final Regulations ledger;
    private final SubjectKeys keys;
    private final Function<Event, List<Identifier>> identifiersOf;
    private final Function<String, List<Identifier>> readingsOf;
    private volatile Lists lists = new Lists(Set.of(), Set.of());
    private volatile long[] loadedSizes = new long[] {-1, -1};

    /**
     * @param identifiersOf the identifiers resolution reads from an event, normalised as it normalises them
     * @param readingsOf    every identifier a lone value could be (it normalised as each identifier type), for payloads
     *                      that are not events: a quarantined one
     */
    public Suppressions(Regulations ledger, SubjectKeys keys, Function<Event, List<Identifier>> identifiersOf,
                        Function<String, List<Identifier>> readingsOf) {
        this.ledger = ledger;
        this.keys = keys;
        this.identifiersOf = identifiersOf;
        this.readingsOf = readingsOf;
        reload();
    }

    /** The identifiers resolution reads from an event, normalised as it normalises them (what {@link #check} hashes). */
    public List<Identifier> identifiersOf(Event e) {
        return identifiersOf.apply(e);
    }

    /** The most values of one payload looked at: a quarantined payload is at most 32 KiB. */
    private static final int MAX_VALUES = 4_096;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Whether a payload that is not an event (one refused and to be quarantined) names a suppressed person in any of its
     * values: each string of it (or each word, when it is not JSON) is read as every identifier type.
     */
    public boolean admitsRaw(String raw) {
        Lists l = lists;
        if (l.identifiers().isEmpty() || raw == null) {
            return true;
        }
        List<String> values = new java.util.ArrayList<>();
        try {
            strings(JSON.readTree(raw), values);
        } catch (java.io.IOException | RuntimeException notJson) {
            for (String w : raw.split("[\\s,;\"'{}\\[\\]]+")) {
                if (values.size() < MAX_VALUES) {
                    values.add(w);
                }
            }
        }
        for (String v : values) {
            if (v.length() < 3 || v.length() > 1_024) {
                continue;
            }
            for (Identifier id : readingsOf.apply(v)) {
                if (l.identifiers().contains(keys.of(id))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void strings(com.fasterxml.jackson.databind.JsonNode n, List<String> out) {
        if (out.size() >= MAX_VALUES || n == null) {
            return;
        }
        if (n.isTextual()) {
            out.add(n.asText());
        } else if (n.isNumber()) {
            out.add(n.asText());
        } else if (n.isContainerNode()) {
            for (com.fasterxml.jackson.databind.JsonNode c : n) {
                strings(c, out);
            }
        }
    }

    public void reload() {
        long[] sizes = ledger.sizes();
        lists = new Lists(Set.copyOf(ledger.suppressed()), Set.copyOf(ledger.erasedMessages()));
        loadedSizes = sizes;
    }

    /**
     * Reads the ledger again only if its sizes changed since the last read (what a server polls every few seconds for
     * another server's requests: counting is cheap, reading millions of keys is not). A change that keeps both sizes
     * (as many lifted as added between two polls) waits for the next change; this server's own changes reload at once.
     */
    public void refresh() {
        if (!java.util.Arrays.equals(ledger.sizes(), loadedSizes)) {
            reload();
        }
    }

    public SubjectKeys keys() {
        return keys;
    }

    /** Why {@code e} is kept out, or empty when it may come in. */
    public Optional<Reason> check(Event e) {
        Lists l = lists;
        if (l.empty()) {
            return Optional.empty();
        }
        if (!l.messages().isEmpty() && e.messageId() != null && l.messages().contains(keys.ofMessage(e.sourceId(), e.messageId()))) {
            return Optional.of(Reason.ERASED_MESSAGE);
        }
        if (!l.identifiers().isEmpty()) {
            for (Identifier id : identifiersOf.apply(e)) {
                if (l.identifiers().contains(keys.of(id))) {
                    return Optional.of(Reason.SUPPRESSED_IDENTIFIER);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code e} may come in (the callers count those kept out, by source or in the projector). */
    @Override
    public boolean test(Event e) {
        return check(e).isEmpty();
    }
}
