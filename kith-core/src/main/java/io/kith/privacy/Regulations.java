package io.kith.privacy;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The privacy ledger: regulations with their record, the suppression list (keyed hashes of identifiers, never the
 * identifiers) and the keys of erased messages. Entries of the last two never expire: they are what keeps an erased
 * person from coming back through a retry, a replay or an import. Implementations are thread-safe and shared by every
 * server of a store.
 */
public interface Regulations {
    /** Saves a new request ({@code INITIALIZED}) with its subject ids, kept until it is done. */
    Regulation create(RegulationType type, String subjectType, List<String> subjectIds, String requestedBy, Instant at);

    Optional<Regulation> get(String id);

    /** The newest first, at most {@code limit}. */
    List<Regulation> list(int limit);

    /** A regulation a worker took to carry out, with the subject ids it names. */
    record Claimed(Regulation regulation, List<String> subjectIds) {
    }

    /**
     * Takes up to {@code max} of the oldest requests that wait, or were left {@code RUNNING} by a worker that stopped (it
     * carries them out again: every step is safe to repeat), oldest first, and marks them {@code RUNNING}. Only one
     * worker gets a given request.
     */
    List<Claimed> claim(Instant now, int max);

    /**
     * The erasures ({@code SUPPRESS_WITH_DELETE}, {@code DELETE_ONLY}) finished after {@code after}, oldest first: what
     * each other server sharing the store must still redact from its own log.
     */
    List<Regulation> erasuresFinishedAfter(Instant after);

    /** Marks a request done, forgets its subject ids, and keeps its report. */
    void finish(String id, ErasureReport report, Instant at);

    /** As {@link #finish} for several requests, in one transaction where the store can (a batch of 10,000 ends at once). */
    default void finishAll(java.util.Map<String, ErasureReport> reports, Instant at) {
        reports.forEach((id, r) -> finish(id, r, at));
    }

    /** Marks a request failed, with why (never the subject's data), and forgets its subject ids. */
    void fail(String id, String why, Instant at);

    /**
     * Checks that this server hashes with the key the suppression list was made with ({@link SubjectKeys#fingerprint()}):
     * the first server records its key's fingerprint; one with another key is refused, since its hashes would match
     * nothing on the list (servers sharing a store must share the key).
     */
    void checkKey(String fingerprint);

    /** Adds keyed hashes to the suppression list; returns how many were new. */
    int suppress(String regulationId, Collection<String> hashes);

    /**
     * Adds the keyed hashes of several requests, in their order (a hash two of them name is the first's), in one
     * transaction where the store can: a batch of requests must not cost a transaction each.
     *
     * @return how many each request added, by regulation id
     */
    default java.util.Map<String, Integer> suppressAll(java.util.Map<String, ? extends Collection<String>> byRegulation) {
        java.util.Map<String, Integer> added = new java.util.LinkedHashMap<>();
        byRegulation.forEach((id, hashes) -> added.put(id, suppress(id, hashes)));
        return added;
    }

    /**
     * Lifts the suppressions these keyed hashes are part of: every hash the same requests put on the list goes (a request
     * suppresses a person's every identifier; lifting it by one of them lifts it whole). Returns how many hashes went.
     */
    int unsuppress(Collection<String> hashes);

    /** Every keyed hash on the suppression list. */
    Set<String> suppressed();

    /**
     * How many entries the suppression list and the erased-message keys hold: what a server polls to know whether
     * another changed them, without reading them whole.
     */
    long[] sizes();

    /** Every keyed hash on the suppression list with the request that put it there (for a copy of the store). */
    java.util.Map<String, String> suppressedBy();

    /** Adds keys of erased messages ({@link SubjectKeys#ofMessage}). */
    void eraseMessages(String regulationId, Collection<String> keys);

    /** As {@link #eraseMessages} for several requests, in one transaction where the store can. */
    default void eraseMessagesAll(java.util.Map<String, ? extends Collection<String>> byRegulation) {
        byRegulation.forEach(this::eraseMessages);
    }

    /** Every key of an erased message. */
    Set<String> erasedMessages();
}
