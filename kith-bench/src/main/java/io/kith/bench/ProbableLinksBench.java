package io.kith.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kith.match.link.LiveIndex;
import io.kith.match.link.ProfileLinker;
import io.kith.profile.Profile;
import io.kith.profile.Trait;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Incremental scoring of probable links: the live blocking index over N synthetic profiles (built as the job builds it
 * before its first run: prior model, every blocking rule, 200 profiles per key at most), then new profiles scored one at a
 * time against it (half a changed copy of an existing customer, half someone new), as the job does for each profile the
 * change feed names. The store write that follows is not in it (the end-to-end time is printed by ProbableLinksIT).
 */
@Command(name = "probable-links", mixinStandardHelpOptions = true, description = "Incremental probable-link scoring: index build and one-profile latency.")
final class ProbableLinksBench implements Callable<Integer> {
    @Option(names = "--profiles", defaultValue = "100000,1000000", split = ",", description = "Live profiles indexed (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--lookups", defaultValue = "10000", description = "New profiles scored one at a time, after 2,000 unmeasured.")
    int lookups;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    private static final String[] FIRST = {"olivia", "amelia", "isla", "ava", "mia", "ivy", "lily", "isabella", "rosie", "sophia", "grace", "freya",
            "noah", "oliver", "george", "arthur", "muhammad", "leo", "harry", "oscar", "archie", "henry", "jack", "charlie", "thomas", "james",
            "william", "lucas", "anna", "emma", "hannah", "sarah", "john", "david", "michael", "daniel", "jessica", "chloe", "zoe", "peter"};
    private static final String[] SYLLABLES = {"ka", "lo", "ven", "mar", "tin", "ber", "gal", "dor", "fen", "ris", "son", "ley", "wick", "ham",
            "ton", "ford", "mel", "nor", "pet", "quin", "ros", "sal", "tor", "ul", "vin", "wes"};
    private static final Instant T = Instant.parse("2026-12-06T00:00:00Z");

    @Override
    public Integer call() {
        System.out.printf(Locale.ROOT, "probable-links bench: %d processors, max heap %d MiB, load average %.2f%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (int size : sizes) {
            Random r = new Random(seed);
            List<String[]> people = new ArrayList<>(size);
            List<Profile> profiles = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                String[] person = person(r);
                people.add(person);
                profiles.add(profile("p_" + Long.toString(i, 36), person));
            }
            long t0 = System.nanoTime();
            LiveIndex index = ProfileLinker.priorIndex(profiles, ProfileLinker.Settings.DEFAULTS);
            double buildSeconds = (System.nanoTime() - t0) / 1e9;
            profiles = null;
            long[] nanos = new long[lookups];
            long candidates = 0;
            long linked = 0;
            for (int k = -2_000; k < lookups; k++) {
                String[] person = r.nextBoolean() ? typo(r, people.get(r.nextInt(size))) : person(r);
                Profile p = profile("p_new" + (k + 2_000), person);
                long s0 = System.nanoTime();
                LiveIndex.Scored scored = index.score(p.id(), ProfileLinker.record(p), T);
                long took = System.nanoTime() - s0;
                if (k >= 0) {
                    nanos[k] = took;
                    candidates += scored.candidates();
                    linked += scored.links().isEmpty() ? 0 : 1;
                }
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "profiles %,d: index built in %.1f s; one profile scored: p50 %.2f ms, p99 %.2f ms, max %.1f ms; "
                            + "%.0f candidates on average; %.1f %% of the lookups linked; load average %.2f%n", size, buildSeconds,
                    nanos[lookups / 2] / 1e6, nanos[(int) (lookups * 0.99)] / 1e6, nanos[lookups - 1] / 1e6, (double) candidates / lookups,
                    100.0 * linked / lookups, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        return 0;
    }

    private static String[] person(Random r) {
        String first = FIRST[(int) Math.min(FIRST.length - 1, Math.abs(r.nextGaussian()) * FIRST.length / 2.5)];
        StringBuilder last = new StringBuilder();
        for (int s = 0, n = 2 + r.nextInt(2); s < n; s++) {
            last.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
        }
        String dob = String.format(Locale.ROOT, "%04d-%02d-%02d", 1940 + r.nextInt(70), 1 + r.nextInt(12), 1 + r.nextInt(28));
        String city = "city" + (int) Math.min(1_999, Math.abs(r.nextGaussian()) * 600);
        String email = first + "." + last + (r.nextInt(3) == 0 ? String.valueOf(r.nextInt(100)) : "") + "@example" + r.nextInt(7) + ".com";
        return new String[] {first, last.toString(), dob, email, city};
    }

    /** A changed copy: one field with a letter swapped or dropped, another e-mail. */
    private static String[] typo(Random r, String[] p) {
        String[] q = p.clone();
        int f = r.nextInt(2);
        String v = q[f];
        int i = r.nextInt(Math.max(1, v.length() - 1));
        q[f] = v.length() < 3 ? v : v.substring(0, i) + v.charAt(i + 1) + v.charAt(i) + v.substring(i + 2);
        q[3] = "new" + r.nextInt(1_000_000) + "@example.org";
        return q;
    }

    private static Profile profile(String id, String[] p) {
        Map<String, Trait> traits = new LinkedHashMap<>();
        String[] names = {"first_name", "last_name", "birthday", "email", "city"};
        for (int i = 0; i < names.length; i++) {
            traits.put(names[i], new Trait(JsonNodeFactory.instance.textNode(p[i]), "crm", T, 0));
        }
        return new Profile(id, List.of(), traits, Set.of("crm"), Set.of(), T, T, 1, Map.of(), List.of());
    }
}
