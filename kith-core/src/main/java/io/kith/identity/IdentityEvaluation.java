package io.kith.identity;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Measures identity resolution against a ground truth: pairwise precision and recall over the identifiers the
 * truth names (two identifiers form a true pair when the truth gives them one person, a predicted pair when
 * resolution put them in one profile), plus how many true persons were split over several profiles and how many
 * profiles mix several persons. Identifiers resolution never linked count as profiles of their own.
 */
public record IdentityEvaluation(long identifiers, long truePairs, long predictedPairs, long correctPairs, long persons,
                                 long personsSplit, long profiles, long profilesMerged) {

    public double precision() {
        return predictedPairs == 0 ? 1.0 : (double) correctPairs / predictedPairs;
    }

    public double recall() {
        return truePairs == 0 ? 1.0 : (double) correctPairs / truePairs;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /**
     * @param truth    identifier to true person, values normalised as resolution normalises them
     * @param profiles identifier to profile id, as {@link IdentityGraph#forEachIdentifier} gives it
     */
    public static IdentityEvaluation of(Map<Identifier, String> truth, Map<Identifier, String> profiles) {
        Map<String, Map<String, Long>> cells = new HashMap<>();
        Map<String, Long> personSizes = new HashMap<>();
        Map<String, Long> profileSizes = new HashMap<>();
        long unlinked = 0;
        for (Map.Entry<Identifier, String> t : truth.entrySet()) {
            String profile = profiles.get(t.getKey());
            if (profile == null) {
                profile = "unlinked:" + (unlinked++);
            }
            cells.computeIfAbsent(t.getValue(), k -> new HashMap<>()).merge(profile, 1L, Long::sum);
            personSizes.merge(t.getValue(), 1L, Long::sum);
            profileSizes.merge(profile, 1L, Long::sum);
        }
        long correct = 0;
        long split = 0;
        Map<String, Set<String>> personsOfProfile = new HashMap<>();
        for (Map.Entry<String, Map<String, Long>> person : cells.entrySet()) {
            if (person.getValue().size() > 1) {
                split++;
            }
            for (Map.Entry<String, Long> cell : person.getValue().entrySet()) {
                correct += pairs(cell.getValue());
                personsOfProfile.computeIfAbsent(cell.getKey(), k -> new HashSet<>()).add(person.getKey());
            }
        }
        long truePairs = personSizes.values().stream().mapToLong(IdentityEvaluation::pairs).sum();
        long predicted = profileSizes.values().stream().mapToLong(IdentityEvaluation::pairs).sum();
        long merged = personsOfProfile.values().stream().filter(s -> s.size() > 1).count();
        return new IdentityEvaluation(truth.size(), truePairs, predicted, correct, personSizes.size(), split, profileSizes.size(), merged);
    }

    private static long pairs(long n) {
        return n * (n - 1) / 2;
    }

    public String summary() {
        return String.format("identifiers %,d | persons %,d, profiles %,d | pairwise precision %.5f, recall %.5f, F1 %.5f "
                        + "| persons split over several profiles: %,d | profiles mixing several persons: %,d",
                identifiers, persons, profiles, precision(), recall(), f1(), personsSplit, profilesMerged);
    }
}
