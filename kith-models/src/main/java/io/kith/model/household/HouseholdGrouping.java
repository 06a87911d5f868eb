package io.kith.model.household;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.model.ModelVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups profiles into households: profiles that share a normalised address with the same surname, a landline, a
 * payment token or a device are linked, and the connected profiles form a household. A value shared by more than
 * {@code maxMembers} profiles is no evidence (it is an office, a shop's device, a company card) and is reported as
 * ignored. Deterministic: the same profiles give the same households and ids.
 */
public final class HouseholdGrouping {
    /** The model's name in a {@link ModelVersion}. */
    public static final String NAME = "households";
    static final int REVISION = 1;

    private final int maxMembers;
    private final String region;
    private final ModelVersion version;

    /**
     * @param maxMembers the most profiles a household may have; a value shared by more is ignored
     * @param region     the region (ISO 3166 code, such as GB) landlines without a country code are read in; "ZZ": none
     */
    public HouseholdGrouping(int maxMembers, String region) {
        if (maxMembers < 2) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "a household needs room for at least 2 members; got " + maxMembers);
        }
        this.maxMembers = maxMembers;
        this.region = region;
        this.version = ModelVersion.of(NAME, REVISION, maxMembers);
    }

    /** Households of at most 10 profiles; landlines only read with their country code. */
    public static HouseholdGrouping defaults() {
        return new HouseholdGrouping(10, "ZZ");
    }

    public ModelVersion version() {
        return version;
    }

    /** The most profiles a household may have. */
    public int maxMembers() {
        return maxMembers;
    }

    /** The region landlines without a country code are read in. */
    public String region() {
        return region;
    }

    /** Groups the profiles; profiles in no household are not listed. */
    public Households group(List<HouseholdProfile> profiles) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < profiles.size(); i++) {
            if (index.put(profiles.get(i).profileId(), i) != null) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "profile " + profiles.get(i).profileId() + " is given twice");
            }
        }
        // (kind, normalised value) -> profiles, in a stable order.
        Map<Evidence.Kind, Map<String, List<Integer>>> shared = new LinkedHashMap<>();
        for (Evidence.Kind k : Evidence.Kind.values()) {
            shared.put(k, new TreeMap<>());
        }
        for (int i = 0; i < profiles.size(); i++) {
            HouseholdProfile p = profiles.get(i);
            int at = i;
            var address = Normalise.address(p.address());
            var surname = Normalise.surname(p.surname());
            if (address.isPresent() && surname.isPresent()) {
                shared.get(Evidence.Kind.ADDRESS_AND_SURNAME).computeIfAbsent(address.get() + " / " + surname.get(), k -> new ArrayList<>()).add(at);
            }
            Normalise.phone(p.landline(), region).ifPresent(n -> shared.get(Evidence.Kind.LANDLINE).computeIfAbsent(n, k -> new ArrayList<>()).add(at));
            p.paymentTokens().stream().sorted().forEach(t -> Normalise.token(t).ifPresent(
                    n -> shared.get(Evidence.Kind.PAYMENT_TOKEN).computeIfAbsent(n, k -> new ArrayList<>()).add(at)));
            p.devices().stream().sorted().forEach(t -> Normalise.token(t).ifPresent(
                    n -> shared.get(Evidence.Kind.DEVICE).computeIfAbsent(n, k -> new ArrayList<>()).add(at)));
        }
        int[] parent = new int[profiles.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        List<int[]> links = new ArrayList<>(); // evidence index per link, kept for the explanation
        List<Evidence> evidence = new ArrayList<>();
        List<List<Integer>> evidenceMembers = new ArrayList<>();
        List<Evidence> ignored = new ArrayList<>();
        for (Map.Entry<Evidence.Kind, Map<String, List<Integer>>> kind : shared.entrySet()) {
            for (Map.Entry<String, List<Integer>> e : kind.getValue().entrySet()) {
                List<Integer> members = e.getValue().stream().distinct().toList();
                if (members.size() < 2) {
                    continue;
                }
                String shown = kind.getKey() == Evidence.Kind.PAYMENT_TOKEN || kind.getKey() == Evidence.Kind.DEVICE ? Normalise.masked(e.getKey()) : e.getKey();
                Evidence ev = new Evidence(kind.getKey(), shown, members.stream().map(m -> profiles.get(m).profileId()).sorted().toList());
                if (members.size() > maxMembers) {
                    ignored.add(ev);
                    continue;
                }
                evidence.add(ev);
                evidenceMembers.add(members);
                for (int m = 1; m < members.size(); m++) {
                    union(parent, members.getFirst(), members.get(m));
                }
            }
        }
        Map<Integer, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < parent.length; i++) {
            groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
        }
        Map<Integer, List<Integer>> evidenceOf = new HashMap<>();
        for (int e = 0; e < evidence.size(); e++) {
            evidenceOf.computeIfAbsent(find(parent, evidenceMembers.get(e).getFirst()), k -> new ArrayList<>()).add(e);
        }
        List<Household> households = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> g : groups.entrySet()) {
            if (g.getValue().size() < 2) {
                continue;
            }
            List<Integer> evs = evidenceOf.getOrDefault(g.getKey(), List.of());
            double weakest = 1;
            Map<String, Double> ties = new TreeMap<>();
            for (int member : g.getValue()) {
                double apart = 1;
                for (int e : evs) {
                    if (evidenceMembers.get(e).contains(member)) {
                        apart *= 1 - evidence.get(e).kind().weight();
                    }
                }
                weakest = Math.min(weakest, 1 - apart);
                ties.put(profiles.get(member).profileId(), 1 - apart);
            }
            List<String> ids = g.getValue().stream().map(i -> profiles.get(i).profileId()).sorted().toList();
            List<Evidence> list = evs.stream().map(evidence::get).sorted(Comparator.comparingDouble((Evidence e) -> -e.kind().weight())).toList();
            households.add(new Household(id(ids), ids, weakest, ties, list, version, explain(ids, weakest, list)));
        }
        households.sort(Comparator.comparing(Household::householdId));
        return new Households(List.copyOf(households), List.copyOf(ignored));
    }

    private static String explain(List<String> ids, double confidence, List<Evidence> evidence) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d profiles, confidence %.2f:", ids.size(), confidence));
        for (Evidence e : evidence) {
            sb.append(' ').append(e.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" \"").append(e.key()).append("\" (")
                    .append(String.join(", ", e.profileIds())).append(");");
        }
        return sb.substring(0, sb.length() - 1);
    }

    /**
     * A number of at most 15 digits from a 64-bit mix of the lowest member id: it stays the same while that member stays
     * in the household (others joining or leaving do not change it), it is text in a label and a number in a segment
     * ({@code model household_id = 123}), and two of a million households share one with a chance of about 1 in 2,000.
     */
    static String id(List<String> sortedIds) {
        String lowest = sortedIds.getFirst();
        long h = 1125899906842597L;
        for (int i = 0; i < lowest.length(); i++) {
            h = 31 * h + lowest.charAt(i);
        }
        h *= 0x9E3779B97F4A7C15L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return Long.toString(100_000_000_000_000L + Long.remainderUnsigned(h, 900_000_000_000_000L));
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
