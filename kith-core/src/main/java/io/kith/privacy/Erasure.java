package io.kith.privacy;

import io.kith.event.EventLog;
import io.kith.event.EventStore;
import io.kith.event.LogRecord;
import io.kith.event.LogRecordCodec;
import io.kith.event.StoredEvent;
import io.kith.identity.Identifier;
import io.kith.identity.IdentityProjection;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Carries out one regulation, in an order that is safe to repeat from the start after a crash:
 * <ol>
 *   <li>suppress first ({@code SUPPRESS_*}): the subject ids' keyed hashes, then every identifier of the people they
 *       resolve to, go on the suppression list, so nothing more of theirs comes in while they are erased;</li>
 *   <li>wait until the store holds every event the log held then, and read who the people are now: their profiles (the
 *       ones merged into them included), identifiers and events;</li>
 *   <li>record the keys of their events' (source, messageId), so that a client's retry of one is not stored again;</li>
 *   <li>rewrite this server's event log: each of their events, each retry of one and each quarantined payload naming one
 *       of their identifiers becomes a stub naming the regulation; only the records a {@link LogFilter} says may be
 *       theirs are read;</li>
 *   <li>delete them from the store ({@link PersonalData}), take their components out of identity
 *       ({@link io.kith.identity.ComponentErasure}: the few others their identifiers touched are resolved again; a full
 *       rebuild only where that cannot be done), delete what the derived values wrote meanwhile, and reclaim the space
 *       the deleted rows held.</li>
 * </ol>
 * A subject id that resolves to no one is still suppressed (for the {@code SUPPRESS_*} types): a request may come before
 * the data. Not thread-safe: one worker runs it.
 */
public final class Erasure {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(Erasure.class.getName());
    /** What the erasure needs of the running system beside the stores. */
    public interface Pipeline {
        /** Blocks until the store holds every event the log holds now. */
        void awaitProjected();

        /** Resolves identity again from the stored events, blocking until the new graph is in force and its profiles written. */
        void rebuildIdentity();

        /** Blocks until the profile rows reflect the graph as it is now (two flushes of the profile writer). */
        void awaitProfilesWritten();

        /**
         * Deletes or rewrites every copy of the identity graph kept outside the store (a start-up snapshot, for one): it
         * holds the erased people's identifiers. Called after each change of identity an erasure or retention makes.
         */
        void identityErased();

        /**
         * Runs {@code then} once the derived values and segment memberships have followed the rebuild, in the background:
         * the whole pass a rebuild starts takes minutes on a large store, and nothing of the erased people is in it (they are
         * gone from the graph it reads), so an erasure does not wait for it; {@code then} deletes what a pass that started
         * before the rebuild may have written of them meanwhile.
         */
        void afterDerived(Runnable then);
    }

    private final IdentityProjection identity;
    private final EventStore events;
    private final EventLog log;
    private final LogRecordCodec codec;
    private final Regulations ledger;
    private final PersonalData store;
    private final Suppressions suppressions;
    private final Pipeline pipeline;
    private final List<String> regions;
    private final Clock clock;
    /** Where in the log a person's records can be, so that the log pass reads only there. */
    private final LogFilter logFilter;

    /** @param regions the default phone regions of the sources, to read a subject's phone number written without a country code */
    public Erasure(IdentityProjection identity, EventStore events, EventLog log, LogRecordCodec codec, Regulations ledger, PersonalData store,
                   Suppressions suppressions, Pipeline pipeline, List<String> regions, Clock clock) {
        this.identity = identity;
        this.events = events;
        this.log = log;
        this.codec = codec;
        this.ledger = ledger;
        this.store = store;
        this.suppressions = suppressions;
        this.pipeline = pipeline;
        this.regions = regions;
        this.clock = clock;
        this.logFilter = new LogFilter(codec, suppressions::identifiersOf, suppressions.keys().seed("log filter"));
    }

    /**
     * Reads up to {@code max} more records of the log into the summary that tells an erasure where a person's records
     * can be (the worker calls it while idle; an erasure reads every record the summary has not reached yet).
     *
     * @return records read (0: caught up)
     */
    public long followLog(int max) {
        return logFilter.follow(log, max);
    }

    /** Carries out a claimed regulation and records how it ended; answers the report. */
    public ErasureReport run(Regulations.Claimed claimed) {
        return runAll(List.of(claimed)).get(0);
    }

    /**
     * Carries out several claimed regulations together and records how each ended: the suppressions, erasures and
     * unsuppressions one by one in order, the costly steps (the log pass, the store purge, the identity rebuild, the
     * reclaim) once for all the erasures. A batch of 10,000 requests costs about one request's passes.
     *
     * @return the reports, in the order of {@code claimed}
     */
    public List<ErasureReport> runAll(List<Regulations.Claimed> claimed) {
        long t0 = System.nanoTime();
        List<Work> work = new ArrayList<>();
        try {
            prepare(claimed, work);
            suppressions.reload(); // once for the batch: reading the list per request would cost the batch's square
            List<Work> erasing = work.stream().filter(w -> w.regulation.type().deletes()).toList();
            Batch batch = erasing.isEmpty() ? Batch.NONE : erase(erasing);
            List<ErasureReport> reports = new ArrayList<>();
            java.util.Map<String, ErasureReport> byId = new java.util.LinkedHashMap<>();
            for (Work w : work) {
                ErasureReport r = w.report(batch, claimed.size(), millisSince(t0));
                byId.put(w.regulation.id(), r);
                reports.add(r);
            }
            ledger.finishAll(byId, clock.instant());
            return reports;
        } catch (RuntimeException e) {
            // The reason names what failed, never the subject: the message of a store failure can quote a value.
            for (Regulations.Claimed c : claimed) {
                ledger.fail(c.regulation().id(), "the " + c.regulation().type() + " failed: " + e.getClass().getSimpleName(), clock.instant());
            }
            throw e;
        }
    }

    /**
     * What a server that shares the store does for erasures another server carried out: its own log still holds the
     * people's records, and its identity graph (followed from the store) still holds their profiles. Replaces with stubs
     * every record of the erased events (by the ledger's keys of source and messageId: retries included), every event
     * and quarantined payload naming a suppressed identifier; then resolves identity again. Safe to repeat.
     */
    public EventLog.Redaction followErasures(List<Regulation> done) {
        if (done.isEmpty()) {
            return new EventLog.Redaction(0, 0, 0);
        }
        suppressions.reload();
        java.util.Set<String> erased = ledger.erasedMessages();
        SubjectKeys keys = suppressions.keys();
        byte[] stub = codec.encode(new LogRecord.Erased(done.get(done.size() - 1).id()));
        EventLog.Redaction r = log.redact(log.endSequence(), RecordRedactor.of(codec, record -> switch (record) {
            case LogRecord.Accepted a -> (a.event().messageId() != null && erased.contains(keys.ofMessage(a.event().sourceId(), a.event().messageId())))
                    || suppressions.check(a.event()).isPresent() ? stub : null;
            case LogRecord.Quarantined q -> suppressions.admitsRaw(q.event().raw()) ? null : stub;
            case LogRecord.Erased x -> null;
        }, unreadable -> null));
        pipeline.rebuildIdentity();
        pipeline.identityErased();
        return r;
    }

    /** One regulation in a batch: its subjects, the people they resolve to, what it added to the list. */
    private final class Work {
        final Regulation regulation;
        final List<String> subjectIds;
        final List<Identifier> subjects = new ArrayList<>();
        People people = new People();
        int suppressed;
        int unsuppressed;
        final Set<String> messageKeys = new HashSet<>();

        Work(Regulations.Claimed c) {
            this.regulation = c.regulation();
            this.subjectIds = c.subjectIds();
            for (String value : subjectIds) {
                subjects.add(normalized(regulation.identifierType(), value));
            }
        }

        ErasureReport report(Batch b, int batchSize, long millis) {
            if (regulation.type() == RegulationType.UNSUPPRESS) {
                return new ErasureReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, unsuppressed, millis, batchSize);
            }
            if (!regulation.type().deletes()) {
                return new ErasureReport(people.found, subjects.size() - people.found, 0, 0, 0, 0, 0, 0, 0, 0, 0, suppressed, millis, batchSize);
            }
            return new ErasureReport(people.found, subjects.size() - people.found, people.profileIds.size(), people.identifiers.size(),
                    people.sequences.size(), b.stubs.getOrDefault(regulation.id(), 0L), b.redaction.filesRewritten(), b.purged.quarantined(),
                    b.purged.values(), b.purged.memberships(), b.purged.configurationVersions(), suppressed, millis, batchSize);
        }
    }

    /** What the shared steps of a batch did. */
    private record Batch(java.util.Map<String, Long> stubs, EventLog.Redaction redaction, PersonalData.Purged purged) {
        static final Batch NONE = new Batch(java.util.Map.of(), new EventLog.Redaction(0, 0, 0), new PersonalData.Purged(0, 0, 0, 0, 0));
    }

    /**
     * Suppresses, unsuppresses and resolves the regulations' subjects (the first, cheap part), in order: the requests
     * between two {@code UNSUPPRESS}es together, so that a batch of 10,000 costs a few store transactions, not thousands.
     */
    private void prepare(List<Regulations.Claimed> claimed, List<Work> work) {
        SubjectKeys keys = suppressions.keys();
        List<Work> run = new ArrayList<>();
        for (Regulations.Claimed c : claimed) {
            Work w = new Work(c);
            work.add(w);
            if (w.regulation.type() == RegulationType.UNSUPPRESS) {
                prepareRun(run);
                run.clear();
                w.unsuppressed = ledger.unsuppress(w.subjects.stream().map(keys::of).toList());
            } else {
                run.add(w);
            }
        }
        prepareRun(run);
    }

    /** Suppresses the subject ids first, then resolves them and suppresses every identifier of the people they are. */
    private void prepareRun(List<Work> run) {
        suppressAll(run, w -> w.subjects);
        for (Work w : run) {
            w.people = resolve(w.subjects);
        }
        suppressAll(run, w -> w.people.identifiers);
    }

    /** Puts the keyed hashes of each suppressing request's identifiers on the list, in one transaction for all. */
    private void suppressAll(List<Work> ws, java.util.function.Function<Work, java.util.Collection<Identifier>> ids) {
        SubjectKeys keys = suppressions.keys();
        java.util.Map<String, List<String>> hashes = new java.util.LinkedHashMap<>();
        java.util.Map<String, Work> byId = new java.util.HashMap<>();
        for (Work w : ws) {
            if (w.regulation.type().suppresses()) {
                hashes.put(w.regulation.id(), ids.apply(w).stream().map(keys::of).toList());
                byId.put(w.regulation.id(), w);
            }
        }
        if (!hashes.isEmpty()) {
            ledger.suppressAll(hashes).forEach((id, added) -> byId.get(id).suppressed += added);
        }
    }

    /** The shared steps of the erasures of a batch. */
    private Batch erase(List<Work> erasing) {
        SubjectKeys keys = suppressions.keys();
        long t0 = System.nanoTime();
        pipeline.awaitProjected();
        long tProjected = System.nanoTime();
        People all = new People();
        Set<String> values = new LinkedHashSet<>();
        // What the log pass matches, held in memory for the pass only: their events by (source, messageId), and their
        // identifiers (the subjects' too) as resolution reads them; no keyed hash per record.
        java.util.Map<String, String> regulationOfMessage = new java.util.HashMap<>();
        Set<Identifier> theirs = new HashSet<>();
        it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap<Work> ownerOf = new it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap<>();
        for (Work w : erasing) {
            w.people = resolve(w.subjects); // now with every event the log held: new ones may have linked more
        }
        suppressAll(erasing, w -> w.people.identifiers);
        for (Work w : erasing) {
            all.profileIds.addAll(w.people.profileIds);
            all.identifiers.addAll(w.people.identifiers);
            all.sequences.addAll(w.people.sequences);
            for (Identifier id : w.people.identifiers) {
                values.add(id.value());
            }
            theirs.addAll(w.people.identifiers);
            theirs.addAll(w.subjects);
            values.addAll(w.subjectIds);
            w.people.sequences.forEach((long seq) -> ownerOf.putIfAbsent(seq, w));
        }
        // Their events, read in a few queries for the whole batch.
        long[] sequences = all.sequences.toLongArray();
        java.util.Arrays.sort(sequences);
        java.util.Map<String, java.util.Collection<String>> erasedKeys = new java.util.LinkedHashMap<>();
        for (int from = 0; from < sequences.length; from += READ_CHUNK) {
            for (StoredEvent e : events.bySequences(java.util.Arrays.copyOfRange(sequences, from, Math.min(sequences.length, from + READ_CHUNK)))) {
                Work w = ownerOf.get(e.sequence());
                String key = keys.ofMessage(e.event().sourceId(), e.event().messageId());
                w.messageKeys.add(key);
                if (e.event().messageId() != null) {
                    regulationOfMessage.putIfAbsent(e.event().sourceId() + '\0' + e.event().messageId(), w.regulation.id());
                }
                addIfPresent(values, e.event().userId());
                addIfPresent(values, e.event().anonymousId());
            }
        }
        for (Work w : erasing) {
            erasedKeys.put(w.regulation.id(), w.messageKeys);
        }
        ledger.eraseMessagesAll(erasedKeys);
        values.removeIf(v -> v.length() < 3); // a one- or two-letter value would match any payload
        suppressions.reload();

        java.util.Map<String, Long> stubs = new java.util.HashMap<>();
        String batchId = erasing.get(0).regulation.id();
        long tResolved = System.nanoTime();
        // Only the records that may be theirs are read: the summary of the log knows where their identifiers and messages
        // are (and every block holding a quarantined payload, matched as text); the rest of the log is not read.
        List<LogFilter.Message> messages = regulationOfMessage.keySet().stream().map(k -> {
            int cut = k.indexOf('\0');
            return new LogFilter.Message(k.substring(0, cut), k.substring(cut + 1));
        }).toList();
        LogFilter.Candidates candidates = logFilter.candidates(theirs.stream().map(Identifier::value).toList(), messages);
        EventLog.Redactor match = redactor(batchId, regulationOfMessage, theirs, values, stubs);
        EventLog.Redaction redaction = log.redact(log.endSequence(), (seq, payload) -> candidates.mayHold(seq) ? match.replacement(seq, payload) : null,
                candidates::mayHold);
        long tLog = System.nanoTime();
        PersonalData.Purged purged = store.purge(new PersonalData.Purge(all.sequences.toLongArray(), all.profileIds, values));
        long tPurged = System.nanoTime();
        // Their components out of the live graph, and the few others their identifiers touched resolved again: a full
        // rebuild only where that cannot be done (see ComponentErasure).
        io.kith.identity.ComponentErasure.Outcome targeted = identity.erase(all.profileIds, all.sequences, events::bySequences);
        if (targeted.applied()) {
            pipeline.awaitProfilesWritten();
        } else {
            LOG.info("erasure: identity rebuilt in full (" + targeted.reason() + ")");
            pipeline.rebuildIdentity();
        }
        pipeline.identityErased();
        long tIdentity = System.nanoTime();
        PersonalData.Purged again = DerivedPurge.of(store, pipeline, all.profileIds);
        store.reclaim();
        long tReclaimed = System.nanoTime();
        // Where the time of a batch goes (counts only: nothing of the people).
        LOG.info(String.format("erasure batch of %d requests: await projection %d ms, resolve and record keys %d ms, log %d ms (%d files; %d of %d blocks read),"
                        + " store purge %d ms, identity %d ms (%s, %d events resolved again), derived purge and reclaim %d ms", erasing.size(),
                (tProjected - t0) / 1_000_000, (tResolved - tProjected) / 1_000_000, (tLog - tResolved) / 1_000_000, redaction.filesRewritten(),
                candidates.blockCount(), candidates.blocksSummarised(),
                (tPurged - tLog) / 1_000_000, (tIdentity - tPurged) / 1_000_000, targeted.applied() ? "components removed" : "full rebuild",
                targeted.replayed(), (tReclaimed - tIdentity) / 1_000_000));
        return new Batch(stubs, redaction, new PersonalData.Purged(purged.events(), purged.quarantined(), purged.values() + again.values(),
                purged.memberships() + again.memberships(), purged.configurationVersions()));
    }

    /** Events read per store query. */
    private static final int READ_CHUNK = 20_000;

    private static void addIfPresent(Set<String> values, String v) {
        if (v != null && !v.isEmpty()) {
            values.add(v);
        }
    }

    /** The people the subjects resolve to now. */
    private static final class People {
        int found;
        final Set<String> profileIds = new LinkedHashSet<>();
        final Set<Identifier> identifiers = new LinkedHashSet<>();
        final LongOpenHashSet sequences = new LongOpenHashSet();
    }

    private People resolve(List<Identifier> subjects) {
        People p = new People();
        identity.read(g -> {
            Set<String> seen = new HashSet<>();
            for (Identifier s : subjects) {
                Optional<Profile> profile = g.lookup(s).flatMap(g::profile);
                if (profile.isEmpty()) {
                    continue;
                }
                p.found++;
                Profile pr = profile.get();
                if (!seen.add(pr.id())) {
                    continue;
                }
                p.profileIds.add(pr.id());
                p.profileIds.addAll(pr.mergedFrom());
                for (ProfileIdentifier id : pr.identifiers()) {
                    p.identifiers.add(new Identifier(id.type(), id.value()));
                }
                for (long seq : g.eventSequences(pr.id())) {
                    p.sequences.add(seq);
                }
            }
            return null;
        });
        return p;
    }

    /** A subject id as resolution stores it: normalised by its type's rule, a phone number read with each source region in turn. */
    private Identifier normalized(String type, String value) {
        Optional<Identifier> n = identity.normalize(type, value, null);
        for (int i = 0; n.isEmpty() && i < regions.size(); i++) {
            n = identity.normalize(type, value, regions.get(i));
        }
        return n.orElseGet(() -> new Identifier(type, value));
    }

    /**
     * Replaces their events (by the key of source and messageId: retries included) and quarantined payloads that hold one
     * of their values (without regard to case) with a stub naming the regulation; a record that cannot be read is
     * replaced when its bytes hold one. Counts the stubs per regulation into {@code stubs}.
     *
     * @param batchId the regulation a stub names when it is not one request's event (a payload, an unreadable record)
     */
    private EventLog.Redactor redactor(String batchId, java.util.Map<String, String> regulationOfMessage, Set<Identifier> theirs,
                                       Set<String> values, java.util.Map<String, Long> stubs) {
        java.util.Map<String, byte[]> stubOf = new java.util.HashMap<>();
        List<String> lower = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
        return RecordRedactor.of(codec, record -> stub(switch (record) {
            // Theirs by its source and messageId (a retry included), or one that carries one of their identifiers (refused
            // a link, or never stored).
            case LogRecord.Accepted a -> {
                String byKey = a.event().messageId() == null ? null : regulationOfMessage.get(a.event().sourceId() + '\0' + a.event().messageId());
                yield byKey != null ? byKey : carriesAny(a.event(), theirs) ? batchId : null;
            }
            case LogRecord.Quarantined q -> holdsAny(q.event().raw(), lower) || !suppressions.admitsRaw(q.event().raw()) ? batchId : null;
            case LogRecord.Erased x -> null;
        }, stubOf, stubs), unreadable -> stub(holdsAny(new String(unreadable, StandardCharsets.UTF_8), lower) ? batchId : null, stubOf, stubs));
    }

    /** The stub naming {@code regulation} (null: none), counted for it. */
    private byte[] stub(String regulation, java.util.Map<String, byte[]> stubOf, java.util.Map<String, Long> stubs) {
        if (regulation == null) {
            return null;
        }
        stubs.merge(regulation, 1L, Long::sum);
        return stubOf.computeIfAbsent(regulation, id -> codec.encode(new LogRecord.Erased(id)));
    }

    private boolean carriesAny(io.kith.event.Event e, Set<Identifier> theirs) {
        for (Identifier id : suppressions.identifiersOf(e)) {
            if (theirs.contains(id)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holdsAny(String text, List<String> lowerValues) {
        if (text == null || lowerValues.isEmpty()) {
            return false;
        }
        String t = text.toLowerCase(Locale.ROOT);
        for (String v : lowerValues) {
            if (t.contains(v)) {
                return true;
            }
        }
        return false;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
