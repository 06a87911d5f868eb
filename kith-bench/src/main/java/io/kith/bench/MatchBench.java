package io.kith.bench;

import io.kith.match.IncrementalMatcher;
import io.kith.match.MatchConfig;
import io.kith.match.MatchResult;
import io.kith.match.MatchSettings;
import io.kith.match.Matcher;
import io.kith.match.Records;
import io.kith.match.block.Blocking;
import io.kith.match.evaluate.Evaluation;
import io.kith.match.propose.Proposal;
import io.kith.match.propose.Proposer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Probabilistic record matching ({@link Matcher}) on synthetic people with realistic duplicates: per size, the
 * candidate pairs compared, the time and peak heap of a whole unconfigured deduplication (propose, block, train, score,
 * cluster) and its F1 against the generated truth; then the latency of matching one new record against the largest
 * table ({@link IncrementalMatcher}). About 30% of the records are duplicates of another (1 to 3 per person) with typos,
 * missing values, swapped day and month, moved house; names follow a skewed distribution (common names are common).
 */
@Command(name = "match", mixinStandardHelpOptions = true, description = "Record matching: deduplication time and memory, one-record lookup latency.")
final class MatchBench implements Callable<Integer> {
    @Option(names = "--records", defaultValue = "10000,100000,1000000", split = ",", description = "Table sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--lookups", defaultValue = "10000", description = "New records matched one at a time against the largest table.")
    int lookups;

    @Option(names = "--cap", defaultValue = "200", description = "Records kept per blocking key in the lookup index.")
    int cap;

    @Option(names = "--threads", defaultValue = "2")
    int threads;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Option(names = "--min-cluster-density", description = "Override the clustering guard (0: plain connected components).")
    Double minClusterDensity;

    private static final String[] FIRST = {"olivia", "amelia", "isla", "ava", "mia", "ivy", "lily", "isabella", "rosie", "sophia", "grace",
            "freya", "noah", "oliver", "george", "arthur", "muhammad", "leo", "harry", "oscar", "archie", "henry", "theodore", "jack",
            "charlie", "thomas", "james", "william", "lucas", "alfie", "anna", "emma", "hannah", "sarah", "john", "david", "michael",
            "daniel", "jessica", "chloe", "zoe", "soren", "mette", "lars", "ingrid", "bjorn", "chiara", "luca", "giulia", "matteo", "peter",
            "paul", "mary", "susan", "karen", "linda", "robert", "richard", "joseph", "charles", "elizabeth", "barbara", "patricia",
            "jennifer", "nancy", "margaret", "sandra", "ashley", "emily", "donna", "michelle", "kimberly", "laura", "amy", "helen",
            "steven", "kevin", "brian", "edward", "ronald", "timothy", "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric",
            "jonathan", "stephen", "larry", "justin", "scott", "brandon", "benjamin", "samuel", "gregory", "frank", "alexander", "raymond"};
    private static final String[] SYLLABLES = {"ka", "lo", "ven", "mar", "tin", "ber", "gal", "dor", "fen", "ris", "son", "ley", "wick",
            "ham", "ton", "ford", "mel", "nor", "pet", "quin", "ros", "sal", "tor", "ul", "vin", "wes", "yar", "zel", "bro", "cal", "den",
            "har", "jen", "kin", "mor", "pal", "rad", "sten", "wal", "bur"};
    private static final String[] DOMAINS = {"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "proton.me", "web.de"};
    private static final String[] STREETS = {"street", "road", "avenue", "lane", "close", "drive", "place", "way"};

    /** A generated person (the truth) with its address. */
    private record Person(String first, String last, String dob, String street, String city, String postcode, String email, String phone) {
    }

    @Override
    public Integer call() {
        System.out.printf(Locale.ROOT, "match bench: %d processors, max heap %d MiB, threads %d, seed %d%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, threads, seed);
        MatchResult largest = null;
        int[] largestEntities = null;
        for (int size : sizes) {
            largest = null;
            System.gc();
            int[] entity = new int[size];
            Records records = generate(size, new SplittableRandom(seed), entity);
            resetPeaks();
            long t0 = System.nanoTime();
            Proposal proposal = Proposer.propose(records, Set.of("id"));
            MatchSettings settings = MatchConfig.NONE.settings(proposal, threads);
            if (minClusterDensity != null) {
                settings = new MatchSettings(settings.comparisons(), settings.blocking(), settings.threshold(), settings.maxBlock(),
                        settings.maxPairsPerRecord(), settings.uSamples(), settings.seed(), settings.emIterations(), settings.tfMinimum(),
                        settings.threads(), minClusterDensity);
            }
            MatchResult result = Matcher.deduplicate(records, settings);
            long elapsed = System.nanoTime() - t0;
            long peak = peakHeap();
            String[] truth = new String[size];
            for (int i = 0; i < size; i++) {
                truth[i] = Integer.toString(entity[i]);
            }
            Evaluation e = Evaluation.of(truth, result.links(), settings.thresholdWeight(), result.clustering(), result.blocking());
            System.out.printf(Locale.ROOT, "dedupe %,d records: %,d candidate pairs (%.1f per record), %.1f s, peak heap %,d MiB%n", size,
                    result.candidatePairs(), (double) result.candidatePairs() / size, elapsed / 1e9, peak >> 20);
            var t = result.timings();
            System.out.printf(Locale.ROOT, "  steps (ms): encode %d, block %d, u %d, EM %d, score %d, cluster %d%n", t.encode(), t.block(),
                    t.estimateU(), t.estimateM(), t.score(), t.cluster());
            for (Blocking.RuleStats s : result.blocking().stats()) {
                System.out.printf(Locale.ROOT, "  rule %s: %,d pairs, largest block %,d%s%s%n", s.rule(), s.pairs(), s.largestBlock(),
                        s.skippedBlocks() > 0 ? String.format(Locale.ROOT, ", %,d blocks over %d skipped", s.skippedBlocks(), settings.maxBlock()) : "",
                        s.dropped() ? " (dropped: too loose)" : "");
            }
            System.out.println("  pairs (links):           " + e.links());
            System.out.println("  pairs (within clusters): " + e.clusterPairs());
            System.out.println("  blocking recall:         " + e.blocking());
            System.out.printf(Locale.ROOT, "  clusters: %,d of 2 or more, largest %,d; %,d links refused by the density guard (%s)%n",
                    result.clustering().clusters().size(), result.clustering().clusters().stream().mapToInt(c -> c.size()).max().orElse(0),
                    result.clustering().refusedLinks(), settings.minClusterDensity());
            largest = result;
            largestEntities = entity;
        }
        if (largest != null && lookups > 0) {
            lookup(largest);
        }
        return 0;
    }

    private void lookup(MatchResult table) {
        long t0 = System.nanoTime();
        IncrementalMatcher matcher = IncrementalMatcher.of(table, cap);
        System.out.printf(Locale.ROOT, "lookup index over %,d records: built in %.1f s, cap %d records per key, %,d keys cut to the cap%n",
                table.records().size(), (System.nanoTime() - t0) / 1e9, cap, matcher.index().truncatedKeys());
        // new records: half a typo'd copy of an existing record, half someone new
        SplittableRandom random = new SplittableRandom(seed + 1);
        List<String[]> queries = new ArrayList<>();
        for (int q = 0; q < lookups + 2_000; q++) {
            if (random.nextBoolean()) {
                String[] existing = table.records().rows().get(random.nextInt(table.records().size()));
                String[] copy = existing.clone();
                copy[0] = "new-" + q;
                copy[1] = typo(copy[1], random);
                queries.add(copy);
            } else {
                queries.add(row("new-" + q, person(random), random, 0));
            }
        }
        Histogram histogram = new Histogram(60_000_000_000L, 3);
        long candidates = 0;
        long found = 0;
        for (int q = 0; q < queries.size(); q++) {
            long s = System.nanoTime();
            IncrementalMatcher.Result r = matcher.match(queries.get(q), 0.5);
            long took = System.nanoTime() - s;
            if (q >= 2_000) { // the first 2,000 warm the JIT
                histogram.recordValue(took);
                candidates += r.candidates();
                found += r.matches().isEmpty() ? 0 : 1;
            }
        }
        System.out.printf(Locale.ROOT, "one new record vs %,d: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %,d lookups; %.1f candidates scored on average, "
                        + "%,d with a match at p >= 0.5%n", table.records().size(), histogram.getValueAtPercentile(50) / 1e6,
                histogram.getValueAtPercentile(99) / 1e6, histogram.getMaxValue() / 1e6, lookups, (double) candidates / lookups, found);
    }

    static Records generate(int size, SplittableRandom random, int[] entity) {
        List<String[]> rows = new ArrayList<>(size);
        List<Person> people = new ArrayList<>();
        int id = 0;
        while (rows.size() < size) {
            Person p = person(random);
            int person = people.size();
            people.add(p);
            entity[rows.size()] = person;
            rows.add(row("r" + id++, p, random, 0));
            // about 30% of records are duplicates: 1 to 3 more records of 1 person in 6
            if (random.nextInt(6) == 0) {
                int dups = 1 + random.nextInt(3);
                for (int d = 0; d < dups && rows.size() < size; d++) {
                    entity[rows.size()] = person;
                    rows.add(row("r" + id++, p, random, 1));
                }
            }
        }
        // shuffle so duplicates are not neighbours
        for (int i = rows.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String[] t = rows.get(i);
            rows.set(i, rows.get(j));
            rows.set(j, t);
            int e = entity[i];
            entity[i] = entity[j];
            entity[j] = e;
        }
        return new Records(List.of("id", "first_name", "surname", "dob", "street", "city", "postcode", "email", "phone"), rows);
    }

    private static Person person(SplittableRandom random) {
        String first = FIRST[skewed(random, FIRST.length)];
        String last = surname(random);
        String dob = String.format(Locale.ROOT, "%04d-%02d-%02d", 1935 + random.nextInt(70), 1 + random.nextInt(12), 1 + random.nextInt(28));
        int city = skewed(random, 2_000);
        String street = (1 + random.nextInt(200)) + " " + SYLLABLES[random.nextInt(SYLLABLES.length)] + SYLLABLES[random.nextInt(SYLLABLES.length)]
                + " " + STREETS[random.nextInt(STREETS.length)];
        String postcode = String.format(Locale.ROOT, "%05d", city * 20 + random.nextInt(20));
        String email = first + "." + last + (random.nextInt(3) == 0 ? "" : Integer.toString(random.nextInt(100))) + "@"
                + DOMAINS[random.nextInt(DOMAINS.length)];
        String phone = String.format(Locale.ROOT, "07%09d", random.nextLong(1_000_000_000L));
        return new Person(first, last, dob, street, "city" + city, postcode, email, phone);
    }

    /** A surname: a common one a third of the time (skewed), otherwise two or three syllables (~64,000 kinds). */
    private static String surname(SplittableRandom random) {
        if (random.nextInt(3) == 0) {
            return SYLLABLES[skewed(random, SYLLABLES.length)] + "son";
        }
        StringBuilder sb = new StringBuilder();
        int n = 2 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            sb.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return sb.toString();
    }

    /** An index in [0, n) with small ones far more likely (roughly Zipf). */
    private static int skewed(SplittableRandom random, int n) {
        return (int) Math.min(n - 1, Math.floor(Math.pow(n + 1, random.nextDouble())) - 1);
    }

    /** A record of a person; a duplicate ({@code noise} 1) has typos, missing fields and sometimes a new address. */
    private static String[] row(String id, Person p, SplittableRandom random, int noise) {
        String[] r = {id, p.first(), p.last(), p.dob(), p.street(), p.city(), p.postcode(), p.email(), p.phone()};
        if (noise == 0) {
            return r;
        }
        for (int f = 1; f < r.length; f++) {
            int roll = random.nextInt(100);
            if (roll < 8) {
                r[f] = "";
            } else if (roll < 25) {
                r[f] = f == 3 ? dateError(r[f], random) : typo(r[f], random);
            }
        }
        if (random.nextInt(5) == 0) { // moved house
            Person other = person(random);
            r[4] = other.street();
            r[5] = other.city();
            r[6] = other.postcode();
            r[8] = random.nextBoolean() ? r[8] : other.phone();
        }
        return r;
    }

    private static String dateError(String dob, SplittableRandom random) {
        if (random.nextBoolean()) { // day and month swapped when the day can be a month
            int day = Integer.parseInt(dob.substring(8));
            return day <= 12 ? dob.substring(0, 5) + dob.substring(8) + "-" + dob.substring(5, 7) : typo(dob, random);
        }
        return typo(dob, random);
    }

    static String typo(String s, SplittableRandom random) {
        if (s.length() < 2) {
            return s;
        }
        int i = random.nextInt(s.length() - 1);
        char[] c = s.toCharArray();
        return switch (random.nextInt(4)) {
            case 0 -> s.substring(0, i) + s.substring(i + 1); // deletion
            case 1 -> { // transposition
                char t = c[i];
                c[i] = c[i + 1];
                c[i + 1] = t;
                yield new String(c);
            }
            case 2 -> { // substitution
                c[i] = Character.isDigit(c[i]) ? (char) ('0' + random.nextInt(10)) : (char) ('a' + random.nextInt(26));
                yield new String(c);
            }
            default -> s.substring(0, i) + (char) ('a' + random.nextInt(26)) + s.substring(i); // insertion
        };
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** The sum of the heap pools' peaks since the last reset: an upper bound of the live heap at any moment. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
