package io.kith.match.link;

import io.kith.identity.ProbableLinks;
import io.kith.identity.ProbableLinks.Evidence;
import io.kith.identity.ProbableLinks.Link;
import io.kith.match.MatchConfig;
import io.kith.match.MatchResult;
import io.kith.match.MatchSettings;
import io.kith.match.Matcher;
import io.kith.match.Records;
import io.kith.match.block.Blocking;
import io.kith.match.block.BlockingRule;
import io.kith.match.compare.Comparison;
import io.kith.match.compare.Level;
import io.kith.match.compare.Prepare;
import io.kith.match.score.Contribution;
import io.kith.match.score.Model;
import io.kith.match.score.PairScore;
import io.kith.match.score.Scorer;
import io.kith.profile.Attribute;
import io.kith.profile.AttributeHistory.Seen;
import io.kith.profile.Attributes;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds probable links between live profiles: one record per profile from its merged traits (first and last name,
 * birthday, e-mail, phone, street, postcode, city) and, when given, its attribute history ({@link ProfileRecord}: every
 * value of each column, compared at the best level of any pair), candidate pairs by blocking (on current and historical
 * values, {@link HistoryKeys}), each scored with a Fellegi-Sunter model, and the pairs of different profiles between the
 * two thresholds kept with their evidence (the values that matched). Pure computation.
 *
 * <p>The model: with at least {@link Settings#minProfilesToTrain} profiles it is trained on them without labels
 * ({@link Matcher#deduplicate}: u from random pairs, m by EM, λ, term-frequency adjustment); with fewer, EM has too little
 * to learn from and a fixed prior model is used ({@link #PRIOR}, version {@value #PRIOR_VERSION}): m and u set by hand
 * for a retail customer base, prior odds of a match {@value #PRIOR_LAMBDA}.
 *
 * <p>A pair in the band whose two profiles hold different {@code user_id}s is <em>rejected</em>: two logins are two
 * accounts, which identity keeps apart, so the pair contradicts a deterministic fact; it is counted, not linked. So is a
 * pair an operator keeps apart ({@link KeptApart}: a rejected probable link, a {@code distinct} override).
 */
public final class ProfileLinker {
    /** The version of the fixed prior model. */
    public static final String PRIOR_VERSION = "fs-prior-v1";
    /** The version of the model trained on the profiles (its parameters are those of the run). */
    public static final String TRAINED_VERSION = "fs-em-v1";
    /** The prior match probability of the fixed model. */
    public static final double PRIOR_LAMBDA = 1e-4;

    /** The columns of a profile's record, in order. */
    public static final List<String> COLUMNS = List.of("first_name", "last_name", "birthday", "email", "phone", "street", "postcode", "city");

    /**
     * @param minProbability     pairs at or above are probable links (default 0.5)
     * @param maxProbability     pairs at or above are not probable links but auto-merged (the job saves each as an accepted
     *                           match); by default (1.0) there is no such band: auto-merge is off
     * @param minProfilesToTrain fewer profiles than this are scored with the fixed prior model (default 1,000)
     */
    public record Settings(double minProbability, double maxProbability, int minProfilesToTrain, int threads) {
        public static final Settings DEFAULTS = new Settings(0.5, 1.0, 1_000, Math.max(1, Runtime.getRuntime().availableProcessors() / 2));

        public Settings {
            if (!(minProbability > 0 && minProbability < 1) || !(maxProbability > minProbability && maxProbability <= 1)) {
                throw new IllegalArgumentException("probable links need 0 < minProbability < maxProbability <= 1, not " + minProbability + " and "
                        + maxProbability);
            }
            if (minProfilesToTrain < 2 || threads < 1) {
                throw new IllegalArgumentException("minProfilesToTrain >= 2 and threads >= 1");
            }
        }
    }

    /**
     * What a run found.
     *
     * @param links     the probable links, strongest first
     * @param rejected  pairs in the band whose profiles hold different user ids, or that an operator keeps apart
     * @param aboveBand pairs at or above {@link Settings#maxProbability} (none while it is 1)
     * @param index     the run's blocking index of the profiles, with its model, to score new and changed profiles against
     *                  until the next run (empty for fewer than two profiles)
     * @param above     the pairs at or above {@link Settings#maxProbability}, strongest first: what an auto-merge would join
     *                  (neither two user ids nor kept apart by an operator)
     */
    public record Outcome(List<Link> links, String modelVersion, int profiles, long candidatePairs, int rejected, int aboveBand,
                          java.util.Optional<LiveIndex> index, List<Link> above) {
    }

    /** Keys held by more profiles than this keep only the first ones in the live index (as in the bench of one new record). */
    public static final int INDEX_CAP = 200;

    /** The comparisons, with their term-frequency flag for a trained model (the prior model leaves TF out). */
    static List<Comparison> comparisons(boolean tf) {
        return List.of(
                comparison("first_name", Prepare.TEXT, tf, "exact", "jw>=0.92", "jw>=0.85", "jw>=0.7"),
                comparison("last_name", Prepare.TEXT, tf, "exact", "jw>=0.92", "jw>=0.85", "jw>=0.7"),
                comparison("birthday", Prepare.DATE, false, "exact", "lev<=1", "day-month-swapped", "days<=366"),
                comparison("email", Prepare.EMAIL, tf, "exact", "same-local-part", "jw>=0.88"),
                comparison("phone", Prepare.DIGITS, tf, "exact", "lev<=1"),
                comparison("street", Prepare.TEXT, tf, "exact", "jw>=0.9", "jw>=0.75"),
                comparison("postcode", Prepare.TEXT, tf, "exact", "lev<=1"),
                comparison("city", Prepare.TEXT, tf, "exact", "jw>=0.88"));
    }

    /** Candidate pairs: a profile pair sharing at least one of these keys is compared. */
    static final List<BlockingRule> BLOCKING = List.of(rule("email"), rule("phone"), rule("birthday"),
            rule("soundex(last_name)", "soundex(first_name)"), rule("first_name", "initial(last_name)", "postcode"),
            rule("last_name", "postcode"), rule("prefix3(last_name)", "initial(first_name)", "city"), rule("street", "postcode"));

    /**
     * The fixed prior model: per comparison, m (share of true pairs at each level) and u (share of different people), in
     * the order of the levels with else last. Agreeing on a birthday is worth ~11.5 bits, on a surname ~7.3, on an e-mail
     * ~8, on a street ~8 (postcode and city, which mostly repeat the street, little more); disagreeing outright on a birthday
     * or a first name costs ~6.5 each.
     */
    static final Model PRIOR = new Model(comparisons(false), new double[][] {
            {0.82, 0.10, 0.05, 0.02, 0.01},
            {0.80, 0.10, 0.05, 0.02, 0.03},
            {0.87, 0.05, 0.03, 0.04, 0.01},
            {0.50, 0.10, 0.05, 0.35},
            {0.60, 0.05, 0.35},
            {0.60, 0.15, 0.05, 0.20},
            {0.70, 0.05, 0.25},
            {0.75, 0.05, 0.20}
    }, new double[][] {
            {0.01, 0.005, 0.01, 0.05, 0.925},
            {0.005, 0.003, 0.007, 0.03, 0.955},
            {0.0003, 0.002, 0.0001, 0.02, 0.9776},
            {0.002, 0.0005, 0.001, 0.9965},
            {0.0001, 0.0005, 0.9994},
            {0.002, 0.002, 0.01, 0.986},
            {0.05, 0.02, 0.93},
            {0.2, 0.02, 0.78}
    }, PRIOR_LAMBDA, MatchSettings.TF_MINIMUM);

    private ProfileLinker() {
    }

    /** Links these live profiles (each a different person as far as identity knows). */
    public static Outcome link(List<Profile> profiles, Settings settings, Instant now) {
        return link(profiles, settings, now, KeptApart.NONE);
    }

    /** As {@link #link(List, Settings, Instant)}, leaving out the pairs an operator keeps apart (counted as rejected). */
    public static Outcome link(List<Profile> profiles, Settings settings, Instant now, KeptApart apart) {
        return link(profiles, Map.of(), settings, now, apart);
    }

    /**
     * As {@link #link(List, Settings, Instant, KeptApart)}, comparing each profile on its history too
     * ({@link ProfileRecord}): {@code histories} by profile id ({@link io.kith.profile.AttributeHistory#of}), a profile
     * without one compared on its current values alone. Candidate pairs come from the current values' blocking keys and
     * from the histories' ({@link HistoryKeys}); the model is trained on the records with their histories.
     */
    public static Outcome link(List<Profile> profiles, Map<String, List<Seen>> histories, Settings settings, Instant now, KeptApart apart) {
        List<ProfileRecord> recs = new ArrayList<>(profiles.size());
        List<String[]> rows = new ArrayList<>(profiles.size());
        for (Profile p : profiles) {
            ProfileRecord r = ProfileRecord.of(p, histories.getOrDefault(p.id(), List.of()));
            recs.add(r);
            rows.add(r.row());
        }
        // without histories the records are those of current values alone, as they always were
        boolean anyHistory = !histories.isEmpty();
        Records records = anyHistory ? new Records(COLUMNS, rows, recs.stream().map(ProfileRecord::others).toList()) : new Records(COLUMNS, rows);
        int n = records.size();
        if (n < 2) {
            return new Outcome(List.of(), PRIOR_VERSION, n, 0, 0, 0, java.util.Optional.empty(), List.of());
        }
        Scorer scorer;
        Blocking blocking;
        String version;
        long maxPairs = MatchSettings.MAX_PAIRS_PER_RECORD * (long) n;
        if (n >= settings.minProfilesToTrain()) {
            MatchSettings match = MatchSettings.of(comparisons(true), BLOCKING).withThreshold(settings.minProbability()).withThreads(settings.threads());
            MatchResult result = Matcher.deduplicate(records, match);
            scorer = result.scorer();
            blocking = result.blocking();
            version = TRAINED_VERSION;
        } else {
            scorer = new Scorer(PRIOR, Matcher.encode(records, PRIOR.comparisons()));
            blocking = Matcher.block(records, BLOCKING, MatchSettings.MAX_BLOCK, Math.max(maxPairs, 1_000));
            version = PRIOR_VERSION;
        }
        double minWeight = weight(settings.minProbability());
        List<Band> bands = blocking.visit(() -> new Band(scorer, minWeight), settings.threads());
        long candidates = 0;
        List<int[]> pairs = new ArrayList<>();
        for (Band b : bands) {
            candidates += b.pairs;
            pairs.addAll(b.found);
        }
        if (anyHistory) {
            it.unimi.dsi.fastutil.longs.LongOpenHashSet extra = HistoryKeys.extraPairs(recs, blocking, MatchSettings.MAX_BLOCK);
            candidates += extra.size();
            long[] sorted = extra.toLongArray();
            Arrays.sort(sorted);
            for (long ab : sorted) {
                int a = (int) (ab >>> 32);
                int b = (int) ab;
                if (scorer.weight(a, b) >= minWeight) {
                    pairs.add(new int[] {a, b});
                }
            }
        }
        List<Link> links = new ArrayList<>();
        List<Link> aboveLinks = new ArrayList<>();
        int rejected = 0;
        for (int[] pair : pairs) {
            PairScore score = scorer.explain(pair[0], pair[1]);
            Profile a = profiles.get(pair[0]);
            Profile b = profiles.get(pair[1]);
            if (contradicted(a, b) || apart.test(a, b)) {
                rejected++;
                continue;
            }
            boolean inOrder = a.id().compareTo(b.id()) < 0;
            List<Evidence> evidence = new ArrayList<>();
            List<Contribution> contributions = score.contributions();
            for (int c = 0; c < contributions.size(); c++) {
                Contribution x = contributions.get(c);
                if (x.level() < 0) {
                    evidence.add(new Evidence(x.comparison(), x.label(), round(x.weight())));
                    continue;
                }
                ProbableLinks.Value va = recs.get(pair[0]).origin(c, x.left());
                ProbableLinks.Value vb = recs.get(pair[1]).origin(c, x.right());
                evidence.add(new Evidence(x.comparison(), x.label(), round(x.weight()), inOrder ? va : vb, inOrder ? vb : va));
            }
            Link link = new Link(inOrder ? a.id() : b.id(), inOrder ? b.id() : a.id(), score.probability(), score.weight(), score.prior(), evidence,
                    version, now);
            if (settings.maxProbability() < 1 && score.probability() >= settings.maxProbability()) {
                aboveLinks.add(link);
            } else {
                links.add(link);
            }
        }
        int above = aboveLinks.size();
        aboveLinks.sort(Comparator.comparingDouble(Link::probability).reversed().thenComparing(Link::profileA).thenComparing(Link::profileB));
        links.sort(Comparator.comparingDouble(Link::probability).reversed().thenComparing(Link::profileA).thenComparing(Link::profileB));
        LiveIndex index = new LiveIndex(scorer, blocking.stats().stream().filter(st -> !st.dropped()).map(st -> st.rule()).toList(), settings,
                version, INDEX_CAP);
        for (int i = 0; i < n; i++) {
            index.put(profiles.get(i).id(), recs.get(i));
        }
        return new Outcome(List.copyOf(links), version, n, candidates, rejected, above, java.util.Optional.of(index), List.copyOf(aboveLinks));
    }

    /**
     * An index of these live profiles with the fixed prior model ({@value #PRIOR_VERSION}) and every blocking rule (keys
     * held by more than {@link #INDEX_CAP} profiles keep the first ones), to score new and changed profiles against before
     * any run: building it compares no pair and trains nothing.
     */
    public static LiveIndex priorIndex(List<Profile> profiles, Settings settings) {
        return priorIndex(profiles, Map.of(), settings);
    }

    /** {@link #priorIndex(List, Settings)} with the profiles' histories, by profile id (none for a profile left out). */
    public static LiveIndex priorIndex(List<Profile> profiles, Map<String, List<Seen>> histories, Settings settings) {
        LiveIndex index = new LiveIndex(new Scorer(PRIOR, Matcher.encode(new Records(COLUMNS, List.of()), PRIOR.comparisons())), BLOCKING, settings,
                PRIOR_VERSION, INDEX_CAP);
        for (Profile p : profiles) {
            index.put(p.id(), ProfileRecord.of(p, histories.getOrDefault(p.id(), List.of())));
        }
        return index;
    }

    /**
     * Incremental scoring: puts a new or changed live profile into the index of the last run and scores it against the
     * profiles sharing a blocking key with it, leaving out pairs with a profile no longer live ({@code live} answers
     * empty, or another id for one merged away), two user ids, or kept apart by an operator. What a whole run would find
     * for it, give or take the other profiles' changes not yet put in and the term frequencies of the last run.
     */
    public static LiveIndex.Scored linkOne(LiveIndex index, Profile p, java.util.function.Function<String, java.util.Optional<Profile>> live,
                                           KeptApart apart, Instant now) {
        return linkOne(index, p, List.of(), live, apart, now);
    }

    /** {@link #linkOne(LiveIndex, Profile, java.util.function.Function, KeptApart, Instant)} comparing the profile's history too. */
    public static LiveIndex.Scored linkOne(LiveIndex index, Profile p, List<Seen> history,
                                           java.util.function.Function<String, java.util.Optional<Profile>> live, KeptApart apart, Instant now) {
        ProfileRecord record = ProfileRecord.of(p, history);
        index.put(p.id(), record);
        LiveIndex.Scored scored = index.score(p.id(), record, now);
        List<Link> kept = new ArrayList<>(scored.links().size());
        for (Link l : scored.links()) {
            String other = l.other(p.id());
            java.util.Optional<Profile> o = live.apply(other).filter(x -> x.id().equals(other));
            if (o.isEmpty()) {
                index.remove(other);
            } else if (!contradicted(p, o.get()) && !apart.test(p, o.get())) {
                kept.add(l);
            }
        }
        return new LiveIndex.Scored(scored.candidates(), List.copyOf(kept));
    }

    /** Whether two profiles hold user ids and none in common: two accounts. */
    static boolean contradicted(Profile a, Profile b) {
        Set<String> ua = userIds(a);
        Set<String> ub = userIds(b);
        if (ua.isEmpty() || ub.isEmpty()) {
            return false;
        }
        for (String u : ua) {
            if (ub.contains(u)) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> userIds(Profile p) {
        Set<String> out = new TreeSet<>();
        for (ProfileIdentifier id : p.identifiers()) {
            if (id.type().equals("user_id")) {
                out.add(id.value());
            }
        }
        return out;
    }

    /**
     * The record of a profile, one value per {@link #COLUMNS} (null when missing): its merged traits read as
     * {@link Attributes} (as its history is), and its e-mail address and phone number from its identifiers when no
     * trait gives them.
     */
    public static String[] record(Profile p) {
        Map<Attribute, String> a = Attributes.ofTraits(p.traits());
        String[] row = new String[COLUMNS.size()];
        for (int c = 0; c < row.length; c++) {
            row[c] = a.get(Attribute.valueOf(COLUMNS.get(c).toUpperCase(java.util.Locale.ROOT)));
        }
        int email = COLUMNS.indexOf("email");
        int phone = COLUMNS.indexOf("phone");
        if (row[email] == null) {
            row[email] = identifier(p, "email");
        }
        if (row[phone] == null) {
            row[phone] = identifier(p, "phone");
        }
        return row;
    }

    private static String identifier(Profile p, String type) {
        return p.identifiers().stream().filter(i -> i.type().equals(type)).map(ProfileIdentifier::value).sorted().findFirst().orElse(null);
    }

    private static Comparison comparison(String column, Prepare prepare, boolean tf, String... levels) {
        List<Level> parsed = Arrays.stream(levels).map(MatchConfig::level).toList();
        return new Comparison(column, column, prepare, parsed, tf);
    }

    private static BlockingRule rule(String... parts) {
        return new BlockingRule(Arrays.stream(parts).map(MatchConfig::part).toList());
    }

    private static double weight(double p) {
        return Math.log(p / (1 - p)) / Math.log(2);
    }

    private static double round(double w) {
        return Math.round(w * 1000) / 1000.0;
    }

    /** Collects the candidate pairs at or above the lower threshold. */
    private static final class Band implements Blocking.PairVisitor {
        final List<int[]> found = new ArrayList<>();
        long pairs;
        private final Scorer scorer;
        private final double minWeight;

        Band(Scorer scorer, double minWeight) {
            this.scorer = scorer;
            this.minWeight = minWeight;
        }

        @Override
        public void pair(int a, int b, int rule) {
            pairs++;
            if (scorer.weight(a, b) >= minWeight) {
                found.add(new int[] {a, b});
            }
        }
    }
}
