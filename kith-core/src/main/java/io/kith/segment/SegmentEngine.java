package io.kith.segment;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.feed.ProfileChange;
import io.kith.projection.CatchUp;
import io.kith.segment.SegmentStore.MembershipChange;
import io.kith.segment.SegmentStore.SavedSegment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps every segment's members current and records each entry and exit: the one writer of segment membership.
 *
 * <ul>
 *   <li><b>Events and profile changes</b> (the identity {@link io.kith.feed.ChangeFeed}): the people a batch touched
 *       are evaluated again, in memory, with {@link SegmentEvaluator} over their whole history ({@link PersonViews}); a
 *       person merged away leaves every segment (cause {@code merged into p_x}), the survivor is evaluated again.</li>
 *   <li><b>Definitions</b>: a new or changed segment is evaluated whole by the store ({@link SegmentQueries}, one SQL
 *       query) and the difference with its members recorded (cause {@code definition vN}).</li>
 *   <li><b>Time</b>: segments whose value can change with time alone ({@link TemporalClass#TIME_DECAYING}: "within 3
 *       days", "no order in 90 days") are evaluated whole again at every minute (cause {@code time}).</li>
 * </ul>
 * Everything runs on one thread, in the order it was asked for, so memberships are never written by two hands. A whole
 * evaluation answers as of the store's profile rows, which trail the live graph by a moment; the people whose changes
 * this engine already applied beyond that point are evaluated again in memory straight after, so the older answer
 * never wins. Members are kept in memory (for the diff and for {@code in segment} conditions) and in the store.
 */
public final class SegmentEngine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SegmentEngine.class.getName());

    /**
     * How many people the backlog may name before it is taken while the projector catches up: a sixteenth of the heap at
     * ~256 bytes a person (the id in a linked set), at least 250,000. The backlog otherwise waits for the whole catch-up
     * ({@link CatchUp}).
     */
    private static final int CATCH_UP_PEOPLE = (int) Math.min(Integer.MAX_VALUE - 8,
            Math.max(250_000, Runtime.getRuntime().maxMemory() / 16 / 256));
    /** People evaluated together: read at once (their graph, events and values), their derived values written in one transaction. */
    private static final int PEOPLE_PER_PASS = 4_096;

    /** Something the engine thread does; the queue keeps them in order. */
    private sealed interface Task {
        /** The change feed's backlog has something: taken whole when this task's turn comes ({@link ChangeBacklog}). */
        record Changes() implements Task {
        }

        record Evaluate(String key, String cause) implements Task {
        }

        record Tick(Instant at) implements Task {
        }

        /** Computed traits, labels and RFM for everyone, then every segment whole (they may read those values). */
        record Derive(String cause) implements Task {
        }

        record Barrier(java.util.concurrent.CountDownLatch done) implements Task {
        }

        /** A whole evaluation's answer, from the SQL thread, to record on the engine thread. */
        record Answered(Live live, Instant now, String cause, SegmentQueries.Answer answer) implements Task {
        }

        /** A whole evaluation that failed on the SQL thread: it is asked again. */
        record Unanswered(Live live, Instant now, String cause, RuntimeException failure) implements Task {
        }
    }

    /** A live segment: its latest version and what it needs. */
    private record Live(SavedSegment saved, TemporalClass temporal, boolean readsEvents) {
    }

    private final SegmentStore store;
    private final SegmentQueries queries;
    private final PersonViews people;
    private final io.kith.derive.Derivations derivations;
    private final Duration deriveEvery;
    private Instant nextDerive;
    private final Clock clock;
    private final Duration tick;
    private final java.util.function.LongSupplier storedPosition;
    private long startAfterStored;
    private final LinkedBlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
    private final ChangeBacklog backlog = new ChangeBacklog();
    /** A whole pass gave way to the one a rebuild in the backlog sets off, which has not run yet (engine thread only). */
    private boolean passOwed;
    /** Whether the projector is far behind its log: the engine then lets the backlog grow (see {@link #takeChanges}). */
    private final CatchUp catchUp;
    /** The backlog taken and not yet wholly applied (engine thread only). */
    private ChangeBacklog.Taken inHand;
    private final List<Consumer<List<MembershipChange>>> listeners = new CopyOnWriteArrayList<>();
    /** Live segments in dependency order: a segment comes after those it refers to. */
    private volatile List<Live> order = List.of();
    private final Map<String, Set<String>> members = new HashMap<>();
    /** Profiles whose changes were applied in memory, with the sequence, until the store's rows have passed it. */
    private final ArrayDeque<long[]> recentSequences = new ArrayDeque<>();
    private final ArrayDeque<String> recentProfiles = new ArrayDeque<>();
    private final Map<String, String> status = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile String failure;
    private final Thread thread;
    private Instant nextTick;
    /**
     * Runs whole evaluations' queries, one at a time, so that the engine thread goes on with events meanwhile (a query
     * over a million profiles takes seconds); their answers come back as tasks.
     */
    private final java.util.concurrent.ExecutorService sql = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("kith-segments-sql").daemon().unstarted(r));
    /** Whole evaluations asked of the SQL thread and not yet recorded (engine thread only). */
    private int pendingWhole;
    /** Segments whose whole evaluation fails, by key: how many times in a row (the back-off, the status, the log). */
    private final Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
    /** Segments with a retry waiting on the timer: one at a time each, whatever else asked for an evaluation meanwhile. */
    private final Set<String> retryWaiting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Asks a failed evaluation again once its back-off has passed, without holding the engine thread meanwhile. */
    private final java.util.concurrent.ScheduledExecutorService retries = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("kith-segments-retry").daemon().unstarted(r));
    /** The first wait before a failed evaluation is asked again; it doubles with each failure in a row, up to {@link #RETRY_MAX}. */
    static final Duration RETRY_FIRST = Duration.ofMillis(500);
    static final Duration RETRY_MAX = Duration.ofMinutes(5);

    /**
     * @param tick           how often time-decaying segments are evaluated whole (a minute in production)
     * @param storedPosition the position of the store's profile rows ({@link io.kith.identity.IdentityStore#appliedSequence})
     * @param catchUp        whether the projector is far behind its log: the backlog then waits ({@link #takeChanges})
     */
    public SegmentEngine(SegmentStore store, SegmentQueries queries, PersonViews people, io.kith.derive.Derivations derivations,
                         Clock clock, Duration tick, Duration deriveEvery, java.util.function.LongSupplier storedPosition,
                         CatchUp catchUp) {
        this.catchUp = catchUp;
        this.derivations = derivations;
        this.deriveEvery = deriveEvery;
        this.storedPosition = storedPosition;
        this.store = store;
        this.queries = queries;
        this.people = people;
        this.clock = clock;
        this.tick = tick;
        for (SavedSegment s : store.all()) {
            Set<String> m = new HashSet<>();
            String after = null;
            while (true) {
                List<String> page = store.members(s.key(), after, 10_000);
                m.addAll(page);
                if (page.size() < 10_000) {
                    break;
                }
                after = page.get(page.size() - 1);
            }
            members.put(s.key(), m);
        }
        order = ordered(store.all());
        this.thread = Thread.ofPlatform().name("kith-segments").daemon().unstarted(this::run);
    }

    /**
     * Starts the engine thread; every segment is evaluated whole once first (cause {@code start}), as soon as the store's
     * profile rows reach {@code storedFrom}: the live graph's position when this engine subscribed to its changes, so
     * that what happened before is in the rows and what happens after comes through the feed.
     */
    public SegmentEngine start(long storedFrom) {
        this.startAfterStored = storedFrom;
        tasks.add(new Task.Derive(START));
        nextTick = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(tick);
        nextDerive = clock.instant().plus(deriveEvery);
        thread.start();
        return this;
    }

    /** The identity change feed's subscriber: adds the batch to the engine's backlog and returns at once. */
    public void onProfileChanges(List<ProfileChange> changes) {
        if (backlog.add(changes)) {
            tasks.add(new Task.Changes());
        }
    }

    /** Listens to every entry and exit, in the order they are recorded (activation, webhooks). */
    public AutoCloseable subscribe(Consumer<List<MembershipChange>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Saves a new version of a definition and has it evaluated in the background: refuses a reference to an unknown
     * segment or one that would close a cycle.
     */
    public SavedSegment save(SegmentDefinition definition) {
        synchronized (this) {
            Map<String, SegmentDefinition> all = new LinkedHashMap<>();
            for (SavedSegment s : store.all()) {
                all.put(s.key(), s.definition());
            }
            all.put(definition.key(), definition);
            for (String ref : definition.references()) {
                if (!all.containsKey(ref)) {
                    throw new KithException(ErrorCode.INVALID_ARGUMENT, "segment " + definition.key() + " refers to segment '" + ref
                            + "', which does not exist");
                }
            }
            cycle(all, definition.key()).ifPresent(path -> {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "segment references would form a cycle: " + path);
            });
            SavedSegment saved = store.save(definition, clock.instant());
            order = ordered(store.all());
            status.put(saved.key(), "computing");
            failures.remove(saved.key()); // a new version: its failures, if any, are its own
            tasks.add(new Task.Evaluate(saved.key(), "definition v" + saved.version()));
            return saved;
        }
    }

    /** Saves a computed trait (a new version when it changed) and has everyone's values computed again. */
    public io.kith.derive.Definitions.Saved saveTrait(io.kith.trait.ComputedTrait trait, io.kith.derive.Definitions definitions) {
        io.kith.derive.Definitions.Saved saved = definitions.save(io.kith.derive.Definitions.Kind.COMPUTED_TRAIT, trait.name(),
                io.kith.derive.DerivationJson.toJson(trait), clock.instant());
        derivations.reload();
        tasks.add(new Task.Derive("computed trait " + trait.name() + " v" + saved.version()));
        return saved;
    }

    /** Saves a label (a new version when it changed) and has everyone's labels computed again. */
    public io.kith.derive.Definitions.Saved saveLabel(io.kith.label.LabelDefinition label, io.kith.derive.Definitions definitions) {
        io.kith.derive.Definitions.Saved saved = definitions.save(io.kith.derive.Definitions.Kind.LABEL, label.name(),
                io.kith.derive.DerivationJson.toJson(label), clock.instant());
        derivations.reload();
        tasks.add(new Task.Derive("label " + label.name() + " v" + saved.version()));
        return saved;
    }

    /** Saves the RFM settings (a new version when they changed) and has everyone's RFM computed again. */
    public io.kith.derive.Definitions.Saved saveRfmSettings(io.kith.derive.Derivations.RfmSource settings, io.kith.derive.Definitions definitions) {
        io.kith.derive.Definitions.Saved saved = definitions.save(io.kith.derive.Definitions.Kind.RFM, "settings",
                io.kith.derive.DerivationJson.toJson(settings), clock.instant());
        derivations.reload();
        tasks.add(new Task.Derive("RFM settings v" + saved.version()));
        return saved;
    }

    /** The RFM settings in force. */
    public io.kith.derive.Derivations.RfmSource rfmSettings() {
        return derivations.rfmSettings();
    }

    /** The RFM of the last whole pass, group-wide and per brand (empty before the first). */
    public Optional<io.kith.derive.Derivations.RfmSnapshot> lastRfm() {
        return derivations.lastRfm();
    }

    /** Computes every derived value and every segment again now (an operator's request; also hourly). */
    public void recomputeNow() {
        tasks.add(new Task.Derive("requested"));
    }

    /** {@code computing} until the latest version's first evaluation is recorded, then {@code ready} (or {@code failed: ...}). */
    public String status(String key) {
        return status.getOrDefault(key, "ready");
    }

    /** Why the engine's last task failed, while it fails; null when it works. */
    public String failure() {
        return failure;
    }

    /** Waits until everything asked of the engine before this call is done (tests, and a CLI that waits for a result). */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        tasks.add(new Task.Barrier(done));
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Evaluates the time-decaying segments now, as the minute's tick would (tests and operators). */
    public void tickNow() {
        tasks.add(new Task.Tick(clock.instant()));
    }

    @Override
    public void close() {
        closed = true;
        tasks.add(new Task.Barrier(new java.util.concurrent.CountDownLatch(1)));
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sql.shutdownNow();
        retries.shutdownNow();
    }

    // ---- the engine thread -----------------------------------------------------------------------------------------

    private void run() {
        while (!closed && storedPosition.getAsLong() < startAfterStored) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
        // A start while the projector is far behind (a restart after downtime) holds its whole pass, as the backlog does:
        // measured on a restart 1 M events behind, the pass took 10.9 s of CPU beside the projector's 16 s, on people the
        // catch-up was changing. Anything asked of the engine meanwhile ends the hold.
        long heldSince = System.nanoTime();
        while (!closed && catchUp.holds(heldSince) && !askedBeyondStart(tasks)) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
        while (!closed) {
            Task task;
            try {
                long wait = Math.max(0, Duration.between(clock.instant(), nextTick).toMillis());
                task = tasks.poll(wait, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (task == null) {
                Instant at = nextTick;
                nextTick = nextTick.plus(tick);
                task = new Task.Tick(at);
                if (!at.isBefore(nextDerive)) {
                    nextDerive = at.plus(deriveEvery);
                    task = new Task.Derive("time");
                }
            }
            runWithRetry(task);
        }
    }

    /** The cause of the whole pass made at start. */
    private static final String START = "start";

    /** Whether anything but the start pass and the backlog waits in the engine's queue (a segment saved, a barrier). */
    private static boolean askedBeyondStart(java.util.Collection<Task> queued) {
        for (Task t : queued) {
            if (!(t instanceof Task.Changes) && !(t instanceof Task.Derive d && d.cause().equals(START))) {
                return true;
            }
        }
        return false;
    }

    private void runWithRetry(Task task) {
        for (int attempt = 1; !closed; attempt++) {
            try {
                perform(task);
                failure = null;
                return;
            } catch (RuntimeException e) {
                failure = e.getMessage();
                LOG.log(System.Logger.Level.WARNING, "segment engine: {0} failed (attempt {1}), retrying: {2}", task.getClass().getSimpleName(), attempt, e.toString());
                try {
                    Thread.sleep(Math.min(5_000, 100L * attempt));
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void perform(Task task) {
        switch (task) {
            case Task.Barrier b -> {
                if (pendingWhole > 0) {
                    // whole evaluations asked before the barrier are still on the SQL thread: wait for their answers
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                    tasks.add(b);
                } else if (passOwed) {
                    // a whole pass asked before the barrier gave way to a rebuild's: done when that one is
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                    tasks.add(b);
                } else if (tasks.stream().anyMatch(t -> t instanceof Task.Evaluate)) {
                    // whole evaluations that a task before the barrier set off (a whole pass's: the start pass, which now
                    // answers for the backlog it took) are queued behind it: they are done first
                    tasks.add(b);
                } else {
                    b.done().countDown();
                }
            }
            case Task.Changes c -> takeChanges();
            case Task.Evaluate e -> {
                if (backlog.rebuilt()) {
                    return; // the rebuild's take evaluates every segment whole again, from the rebuilt graph
                }
                for (Live l : order) {
                    if (l.saved().key().equals(e.key())) {
                        if (!l.saved().definition().references().isEmpty() && pendingWhole > 0) {
                            // it reads the members of the segments it refers to: after their answers are recorded
                            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                            tasks.add(e);
                        } else {
                            startWhole(l, clock.instant(), e.cause());
                        }
                    }
                }
            }
            case Task.Derive d -> {
                Instant now = clock.instant();
                if (d.cause().equals(START)) {
                    takeBacklogIntoStartPass(now);
                }
                try {
                    derivations.recomputeAll(steppingBack(people.people(1_000)), now);
                } catch (GivenWay givenWay) {
                    passOwed = true;
                    return; // the rebuild's take sets off the whole pass again, every segment after it
                }
                passOwed = false;
                for (Live l : order) {
                    tasks.add(new Task.Evaluate(l.saved().key(), d.cause()));
                }
            }
            case Task.Tick t -> {
                for (Live l : order) {
                    if (l.temporal() == TemporalClass.TIME_DECAYING) {
                        tasks.add(new Task.Evaluate(l.saved().key(), "time"));
                    }
                }
            }
            case Task.Answered a -> {
                pendingWhole--;
                // a newer version asked meanwhile is evaluated by its own task; this answer is of an old one
                boolean current = order.stream().anyMatch(l -> l.saved().key().equals(a.live().saved().key())
                        && l.saved().version() == a.live().saved().version());
                if (current) {
                    whole(a.live(), a.now(), a.cause(), a.answer());
                    status.remove(a.live().saved().key());
                    failures.remove(a.live().saved().key());
                }
            }
            case Task.Unanswered u -> {
                pendingWhole--;
                failure = u.failure().getMessage();
                boolean current = order.stream().anyMatch(l -> l.saved().key().equals(u.live().saved().key())
                        && l.saved().version() == u.live().saved().version());
                if (!current) {
                    return; // an old version's failure: the version saved since has its own evaluation asked, and its own count
                }
                // Asked again after a wait that doubles with each failure in a row (0.5 s up to 5 min), on a timer: an
                // evaluation the store cannot answer was asked every half second for ever, holding the engine thread each
                // time and writing a WARN line each time (548 in ten minutes for one segment).
                String key = u.live().saved().key();
                int attempts = failures.merge(key, 1, Integer::sum);
                Duration wait = retryWait(attempts);
                status.put(key, "failed: " + u.failure().getMessage() + " (failed " + attempts + (attempts == 1 ? " time" : " times")
                        + " in a row; asked again in " + wait.toSeconds() + " s)");
                if (Integer.bitCount(attempts) == 1) { // the 1st, 2nd, 4th, 8th... failure: said without a line every retry
                    LOG.log(System.Logger.Level.WARNING, "segment engine: evaluating {0} failed ({1} in a row), asking again in {2} s: {3}", key,
                            attempts, wait.toSeconds(), u.failure().toString());
                }
                String cause = u.cause();
                // One retry waiting per segment: the minute's tick and a whole pass also ask for evaluations, and each of
                // their failures scheduling its own retry made chains that never ended (one more a minute for a failing
                // time-decaying segment)
                if (retryWaiting.add(key)) {
                    retries.schedule(() -> {
                        retryWaiting.remove(key);
                        if (!closed) {
                            tasks.add(new Task.Evaluate(key, cause));
                        }
                    }, wait.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /** How long to wait before asking a segment that failed {@code attempts} times in a row again. */
    static Duration retryWait(int attempts) {
        int doublings = Math.min(attempts - 1, 20);
        Duration wait = RETRY_FIRST.multipliedBy(1L << doublings);
        return wait.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : wait;
    }

    /**
     * A whole pass given up for the one a rebuild waiting in the backlog sets off, or because the engine closes
     * ({@link #steppingBack}).
     */
    private static final class GivenWay extends RuntimeException {
        GivenWay() {
            super("a rebuild waits in the backlog, or the engine closes", null, false, false);
        }
    }

    /**
     * The pages of a whole pass, which between two pages waits while the followers hold (an identity rebuild under way, a
     * catch-up; at most {@link CatchUp#maxHold()} from the pass's start, so that a load the projector never catches up
     * with cannot stop it) and gives way ({@link GivenWay}) when a rebuild waits in the backlog: that rebuild's take sets
     * off the whole pass again, and what this one computed after the swap is computed again anyway. It also gives way when
     * the engine closes: {@link #close} waits for the engine's thread, and a pass over a million people (minutes) would
     * have outlasted that wait and gone on against a store being closed. Pages already done are written; RFM, computed
     * over everyone at the pass's end, is left as it was.
     *
     * <p>Why: the pass reads and evaluates every person (327 s of CPU at 10 M events, 1 M people), and one under way did
     * not stop for a rebuild. {@code bench rebuild --again} at 10 M events started a second rebuild as the first one's
     * passes began: it took 64.5 s against 51.0 s when those passes had started earlier.
     */
    private <T> Iterable<T> steppingBack(Iterable<T> pages) {
        long since = System.nanoTime();
        return () -> {
            java.util.Iterator<T> it = pages.iterator();
            return new java.util.Iterator<T>() {
                private boolean first = true;

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public T next() {
                    if (!first) {
                        while (!closed && catchUp.holds(since) && !backlog.rebuilt()) {
                            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                        }
                        if (backlog.rebuilt() || closed) {
                            throw new GivenWay();
                        }
                    }
                    first = false;
                    return it.next();
                }
            };
        };
    }

    /** Asks the SQL thread for a whole evaluation; its answer comes back as a task. */
    private void startWhole(Live live, Instant now, String cause) {
        pendingWhole++;
        sql.execute(() -> {
            try {
                tasks.add(new Task.Answered(live, now, cause, queries.members(live.saved().definition().condition(), now)));
            } catch (RuntimeException e) {
                tasks.add(new Task.Unanswered(live, now, cause, e));
            }
        });
    }

    /** Evaluates one segment over everyone in the store and records the difference, then re-applies newer changes. */
    private void whole(Live live, Instant now, String cause, SegmentQueries.Answer answer) {
        // People this engine already moved past the store's rows: the rows' answer for them is older than what the
        // engine knows, so it is not recorded (it would enter them and take them out again, two false entries in their
        // history); they are evaluated in memory below, over everything they did.
        Set<String> newer = new LinkedHashSet<>();
        java.util.Iterator<long[]> seqs = recentSequences.iterator();
        java.util.Iterator<String> ids = recentProfiles.iterator();
        while (seqs.hasNext()) {
            long seq = seqs.next()[0];
            String id = ids.next();
            if (seq >= answer.asOfSequence()) {
                newer.add(id);
            }
        }
        while (!recentSequences.isEmpty() && recentSequences.peekFirst()[0] < answer.asOfSequence()) {
            recentSequences.pollFirst();
            recentProfiles.pollFirst();
        }
        Set<String> now2 = new HashSet<>(answer.profileIds());
        Set<String> current = members.computeIfAbsent(live.saved().key(), k -> new HashSet<>());
        List<MembershipChange> changes = new ArrayList<>();
        for (String id : current) {
            if (!now2.contains(id) && !newer.contains(id)) {
                changes.add(change(live, id, false, now, answer.asOfSequence(), cause));
            }
        }
        for (String id : answer.profileIds()) {
            if (!current.contains(id) && !newer.contains(id)) {
                changes.add(change(live, id, true, now, answer.asOfSequence(), cause));
            }
        }
        record(changes);
        if (!newer.isEmpty()) {
            evaluatePeople(newer, now, "event", answer.asOfSequence());
        }
    }

    /**
     * Takes the backlog and evaluates the people it names. While the projector catches up (a restart after downtime, a
     * burst), the backlog first waits for the catch-up to end: at most {@link CatchUp#maxHold()}, until it names
     * {@link #CATCH_UP_PEOPLE} people, or until something else is asked of the engine. Each person's whole history is
     * read and evaluated once per take, so a person touched by many batches of the backlog costs one evaluation instead
     * of one per batch, and the cores go to the projector. Memberships then trail the log by up to that long, as the
     * profile rows do meanwhile; at normal load the backlog is taken at once.
     */
    private void takeChanges() {
        if (inHand == null) {
            // Anything else asked of the engine meanwhile (a segment saved, a whole evaluation's answer, awaitIdle) ends
            // the hold: it is not kept waiting behind the catch-up, and what was asked before it is done before it.
            while (!closed && tasks.isEmpty() && catchUp.holds(backlog.since()) && backlog.people() < CATCH_UP_PEOPLE) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            }
            inHand = backlog.take();
        }
        ChangeBacklog.Taken taken = inHand; // kept until done: a failed attempt is retried with the same changes
        Instant now = clock.instant();
        recordMergeExits(taken, now);
        long last = taken.lastSequence();
        for (String id : taken.touched()) {
            recentSequences.addLast(new long[] {last});
            recentProfiles.addLast(id);
        }
        // bounded: whole evaluations trim it; without any, keep the last 100,000
        while (recentSequences.size() > 100_000) {
            recentSequences.pollFirst();
            recentProfiles.pollFirst();
        }
        evaluatePeople(taken.touched(), now, "event", last + 1);
        inHand = null;
        if (taken.rebuilt()) {
            // profiles split and merged: computed values, labels, RFM and every segment again, from the rebuilt graph
            tasks.add(new Task.Derive("rebuild"));
        }
    }

    /** The absorbed profiles of these merges leave the segments they were in, with the merge as the cause. */
    private void recordMergeExits(ChangeBacklog.Taken taken, Instant now) {
        List<MembershipChange> exits = new ArrayList<>();
        for (ProfileChange.Merged m : taken.merges()) {
            for (Live l : order) {
                if (members.getOrDefault(l.saved().key(), Set.of()).contains(m.absorbedId())) {
                    exits.add(change(l, m.absorbedId(), false, now, m.sequence() + 1, "merged into " + m.intoId()));
                }
            }
        }
        record(exits);
    }

    /**
     * The start pass evaluates everyone: the derived values of every person, then every segment whole over the store's
     * profile rows. When those rows hold every change of the backlog (a start that caught up with its log: the profile
     * rows catch up before the engine's hold ends), the people the backlog names are evaluated by the pass, and the
     * backlog is taken into it — its merges still leave their segments with their own cause — instead of evaluating
     * each of them again straight after. Otherwise (changes newer than the rows) the next take evaluates it as usual.
     *
     * <p>Why: after a catch-up the backlog names nearly everyone, and the engine read and evaluated every person twice
     * ({@code bench rebuild} at 1 M events: the segment engine's 42 s of CPU were its largest share after identity).
     */
    private void takeBacklogIntoStartPass(Instant now) {
        if (inHand != null) {
            return; // a take under way (a failed attempt to retry): it goes on as it began
        }
        ChangeBacklog.Taken taken = backlog.take();
        if (taken.touched().isEmpty() && taken.merges().isEmpty() && !taken.rebuilt()) {
            return; // nothing waited: no take is queued for it either
        }
        // Held until its merges are recorded: a failure leaves it whole to the next take, which the backlog queued when it
        // stopped being empty (after this pass, the first task of the engine).
        inHand = taken;
        if (taken.lastSequence() < storedPosition.getAsLong()) {
            recordMergeExits(taken, now);
            inHand = null;
        }
    }

    /** Evaluates every live segment for these people, in dependency order, and records the differences. */
    private void evaluatePeople(java.util.Collection<String> ids, Instant now, String cause, long asOf) {
        if (order.isEmpty() && !derivations.any()) {
            return;
        }
        // A slice of people at a time, read in rounds of many slices (one graph read, one events read, one values read
        // each) and each slice's derived values written in one transaction: per-person queries would cost the store a
        // scan each, and a catch-up's 160,000 people read a slice at a time scanned the events table 40 times.
        for (PersonViews.Page page : people.people(ids, readsEvents(), PEOPLE_PER_PASS)) {
            evaluateRead(page.asked(), page.people(), page.values(), now, cause, asOf);
        }
    }

    /** Whether anything evaluated for a person reads their events: a segment's condition, or a derivation. */
    private boolean readsEvents() {
        return derivations.any() || order.stream().anyMatch(Live::readsEvents);
    }

    /** Evaluates every live segment for these people as read (an id not among them is gone), and records the differences. */
    private void evaluateRead(java.util.Collection<String> ids, Map<String, PersonView> read,
                              Map<String, List<io.kith.profile.ProfileValueStore.Computed>> stored, Instant now, String cause, long asOf) {
        List<MembershipChange> changes = new ArrayList<>();
        boolean derive = derivations.any();
        Map<String, PersonView> found = derive ? derivations.refreshAll(read, stored, now) : read;
        for (String id : ids) {
            Optional<PersonView> person = Optional.ofNullable(found.get(id));
            Set<String> memberOf = new HashSet<>();
            for (Live l : order) {
                Set<String> current = members.computeIfAbsent(l.saved().key(), k -> new HashSet<>());
                boolean is = person.isPresent()
                        && SegmentEvaluator.matches(l.saved().definition().condition(), person.get().withMemberOf(memberOf), now);
                if (is) {
                    memberOf.add(l.saved().key());
                }
                if (is != current.contains(id)) {
                    changes.add(change(l, id, is, now, asOf, person.isPresent() ? cause : "profile gone"));
                    // the next segments of this person see the new state
                    if (is) {
                        current.add(id);
                    } else {
                        current.remove(id);
                    }
                }
            }
        }
        // members were updated as we went (later segments read them); record them now
        store.apply(changes);
        publish(changes);
    }

    private MembershipChange change(Live l, String id, boolean entered, Instant at, long asOf, String cause) {
        return new MembershipChange(l.saved().key(), l.saved().version(), id, entered, at, asOf, cause);
    }

    private void record(List<MembershipChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        store.apply(changes);
        for (MembershipChange c : changes) {
            Set<String> m = members.computeIfAbsent(c.segmentKey(), k -> new HashSet<>());
            if (c.entered()) {
                m.add(c.profileId());
            } else {
                m.remove(c.profileId());
            }
        }
        publish(changes);
    }

    private void publish(List<MembershipChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<MembershipChange> batch = List.copyOf(changes);
        for (Consumer<List<MembershipChange>> l : listeners) {
            try {
                l.accept(batch);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "segment membership listener failed: {0}", e.toString());
            }
        }
    }

    // ---- definitions -----------------------------------------------------------------------------------------------

    /** The live segments with a segment after those it refers to. */
    private static List<Live> ordered(List<SavedSegment> all) {
        Map<String, SavedSegment> byKey = new LinkedHashMap<>();
        for (SavedSegment s : all) {
            byKey.put(s.key(), s);
        }
        List<Live> out = new ArrayList<>();
        Map<String, TemporalClass> classes = new HashMap<>();
        Set<String> done = new HashSet<>();
        for (String key : byKey.keySet()) {
            visit(key, byKey, done, new HashSet<>(), classes, out);
        }
        return List.copyOf(out);
    }

    private static void visit(String key, Map<String, SavedSegment> byKey, Set<String> done, Set<String> path,
                              Map<String, TemporalClass> classes, List<Live> out) {
        SavedSegment s = byKey.get(key);
        if (s == null || done.contains(key) || !path.add(key)) {
            return;
        }
        for (String ref : s.definition().references()) {
            visit(ref, byKey, done, path, classes, out);
        }
        TemporalClass t = s.definition().temporalClass(k -> classes.getOrDefault(k, TemporalClass.STATIC));
        classes.put(key, t);
        done.add(key);
        out.add(new Live(s, t, readsEvents(s.definition().condition())));
    }

    private static boolean readsEvents(Condition c) {
        return switch (c) {
            case Condition.And and -> and.conditions().stream().anyMatch(SegmentEngine::readsEvents);
            case Condition.Or or -> or.conditions().stream().anyMatch(SegmentEngine::readsEvents);
            case Condition.Not not -> readsEvents(not.condition());
            case Condition.EventCondition e -> true;
            case Condition.SequenceCondition s -> true;
            default -> false;
        };
    }

    /** A cycle through {@code start} in the reference graph, written {@code a -> b -> a}. */
    private static Optional<String> cycle(Map<String, SegmentDefinition> all, String start) {
        ArrayDeque<List<String>> paths = new ArrayDeque<>();
        paths.add(List.of(start));
        Set<String> seen = new HashSet<>();
        while (!paths.isEmpty()) {
            List<String> path = paths.poll();
            SegmentDefinition d = all.get(path.get(path.size() - 1));
            if (d == null) {
                continue;
            }
            for (String ref : d.references()) {
                List<String> next = new ArrayList<>(path);
                next.add(ref);
                if (ref.equals(start)) {
                    return Optional.of(String.join(" -> ", next));
                }
                if (seen.add(ref)) {
                    paths.add(next);
                }
            }
        }
        return Optional.empty();
    }
}
