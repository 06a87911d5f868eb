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
 *       of their identifiers becomes a stub naming the regulation;</li>
 *   <li>delete them from the store ({@link PersonalData}), resolve identity again without their events (their profiles,
 *       identifiers and the decisions naming them go), delete what the derived values wrote meanwhile, and reclaim the
 *       space the deleted rows held.</li>
 * </ol>
 * A subject id that resolves to no one is still suppressed (for the {@code SUPPRESS_*} types): a request may come before
 * the data. Not thread-safe: one worker runs it.
 */
public final class Erasure {
    /** What the erasure needs of the running system beside the stores. */
    public interface Pipeline {
        /** Blocks until the store holds every event the log holds now. */
        void awaitProjected();

        /** Resolves identity again from the stored events, blocking until the new graph is in force and its profiles written. */
        void rebuildIdentity();

        /** Deletes this process's identity snapshot, which holds identifiers in clear: once identity no longer holds the erased ones. */
        void forgetIdentitySnapshot();

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
            for (Regulations.Claimed c : claimed) {
                work.add(prepare(c));
            }
            suppressions.reload(); // once for the batch: reading the list per request would cost the batch's square
            List<Work> erasing = work.stream().filter(w -> w.regulation.type().deletes()).toList();
            Batch batch = erasing.isEmpty() ? Batch.NONE : erase(erasing);
            List<ErasureReport> reports = new ArrayList<>();
            for (Work w : work) {
                ErasureReport r = w.report(batch, claimed.size(), millisSince(t0));
                ledger.finish(w.regulation.id(), r, clock.instant());
                reports.add(r);
            }
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
        pipeline.forgetIdentitySnapshot();
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

    /** Suppresses, unsuppresses and resolves one regulation's subjects (the first, cheap part). */
    private Work prepare(Regulations.Claimed c) {
        Work w = new Work(c);
        SubjectKeys keys = suppressions.keys();
        Regulation r = w.regulation;
        if (r.type() == RegulationType.UNSUPPRESS) {
            w.unsuppressed = ledger.unsuppress(w.subjects.stream().map(keys::of).toList());
            return w;
        }
        if (r.type().suppresses()) {
            w.suppressed += ledger.suppress(r.id(), w.subjects.stream().map(keys::of).toList());
        }
        w.people = resolve(w.subjects);
        if (r.type().suppresses()) {
            w.suppressed += ledger.suppress(r.id(), w.people.identifiers.stream().map(keys::of).toList());
        }
        return w;
    }

    /** The shared steps of the erasures of a batch. */
    private Batch erase(List<Work> erasing) {
        SubjectKeys keys = suppressions.keys();
        pipeline.awaitProjected();
        People all = new People();
        Set<String> values = new LinkedHashSet<>();
        java.util.Map<String, String> regulationOfKey = new java.util.HashMap<>();
        for (Work w : erasing) {
            w.people = resolve(w.subjects); // now with every event the log held: new ones may have linked more
            if (w.regulation.type().suppresses()) {
                w.suppressed += ledger.suppress(w.regulation.id(), w.people.identifiers.stream().map(keys::of).toList());
            }
            all.profileIds.addAll(w.people.profileIds);
            all.identifiers.addAll(w.people.identifiers);
            all.sequences.addAll(w.people.sequences);
            for (Identifier id : w.people.identifiers) {
                values.add(id.value());
            }
            values.addAll(w.subjectIds);
            for (StoredEvent e : events.bySequences(w.people.sequences.toLongArray())) {
                String key = keys.ofMessage(e.event().sourceId(), e.event().messageId());
                w.messageKeys.add(key);
                regulationOfKey.putIfAbsent(key, w.regulation.id());
                addIfPresent(values, e.event().userId());
                addIfPresent(values, e.event().anonymousId());
            }
            ledger.eraseMessages(w.regulation.id(), w.messageKeys);
        }
        values.removeIf(v -> v.length() < 3); // a one- or two-letter value would match any payload
        suppressions.reload();

        java.util.Map<String, Long> stubs = new java.util.HashMap<>();
        String batchId = erasing.get(0).regulation.id();
        EventLog.Redaction redaction = log.redact(log.endSequence(), redactor(batchId, regulationOfKey, values, stubs));
        PersonalData.Purged purged = store.purge(new PersonalData.Purge(all.sequences.toLongArray(), all.profileIds, values));
        pipeline.rebuildIdentity();
        pipeline.forgetIdentitySnapshot();
        PersonalData.Purged again = store.purge(new PersonalData.Purge(new long[0], all.profileIds, Set.of()));
        store.reclaim();
        java.util.Set<String> erasedIds = java.util.Set.copyOf(all.profileIds);
        pipeline.afterDerived(() -> {
            PersonalData.Purged late = store.purge(new PersonalData.Purge(new long[0], erasedIds, Set.of()));
            if (late.values() > 0 || late.memberships() > 0) {
                store.reclaim();
            }
        });
        return new Batch(stubs, redaction, new PersonalData.Purged(purged.events(), purged.quarantined(), purged.values() + again.values(),
                purged.memberships() + again.memberships(), purged.configurationVersions()));
    }

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
    private EventLog.Redactor redactor(String batchId, java.util.Map<String, String> regulationOfKey, Set<String> values,
                                       java.util.Map<String, Long> stubs) {
        java.util.Map<String, byte[]> stubOf = new java.util.HashMap<>();
        List<String> lower = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
        SubjectKeys keys = suppressions.keys();
        return RecordRedactor.of(codec, record -> stub(switch (record) {
            // Theirs by its key (a retry included), or one that carries a suppressed identifier and so was never stored.
            case LogRecord.Accepted a -> {
                String byKey = a.event().messageId() == null ? null : regulationOfKey.get(keys.ofMessage(a.event().sourceId(), a.event().messageId()));
                yield byKey != null ? byKey : suppressions.check(a.event()).isPresent() ? batchId : null;
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
