package io.kith.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Probable links: pairs of <em>different</em> live profiles that a probabilistic matcher (kith-match, Fellegi-Sunter)
 * found probably one person, with the probability and the evidence. They are a separate kind of edge: they never merge
 * profiles, identity resolution never reads them, and they are shown as probable, not certain. Each run of the matcher
 * replaces every link with its own (a projection of the profiles' traits, the model and the thresholds), and records what
 * it did.
 */
public interface ProbableLinks {
    /**
     * What one comparison added to the pair's match weight: the comparison (first_name, birthday, ...), the level the
     * pair reached ({@code exact}, {@code jw>=0.92}, {@code null} when a value is missing), its weight in bits, and the
     * two values that reached the level, so that a person sees why: a profile is compared on every value its history
     * holds ({@link io.kith.profile.AttributeHistory}), and the pair that agrees best counts ("street: 'Old Rd 5' (CRM,
     * 2023) = 'Old Rd 5'"). The values are personal data: the link goes when either person is erased, and the console
     * masks them as it masks traits.
     *
     * @param a the value of {@link Link#profileA} that reached the level; null when missing or not known (links scored
     *          before values were kept)
     * @param b the value of {@link Link#profileB}
     */
    record Evidence(String comparison, String level, double weight, Value a, Value b) {
        public Evidence(String comparison, String level, double weight) {
            this(comparison, level, weight, null, null);
        }

        /** This evidence seen from {@link Link#profileB}: its value first. */
        public Evidence swapped() {
            return new Evidence(comparison, level, weight, b, a);
        }
    }

    /**
     * One side's value in {@link Evidence}: as its source last gave it, the source, and when (event time) it was last
     * given, as ISO-8601 text (the evidence is stored and served as JSON); {@code sourceId} and {@code at} are null for a
     * value the history does not hold (one known from the profile's identifiers).
     */
    record Value(String value, String sourceId, String at) {
        /** A value last given by {@code sourceId} at {@code at} (null when unknown). */
        public static Value of(String value, String sourceId, Instant at) {
            return new Value(value, sourceId, at == null ? null : at.toString());
        }
    }

    /**
     * A probable link: {@code profileA < profileB}.
     *
     * @param weight       the match weight, log2 of the posterior odds; {@code prior + Σ evidence weights}
     * @param prior        the weight before any comparison (log2 of the prior odds)
     * @param modelVersion the model that scored the pair
     */
    record Link(String profileA, String profileB, double probability, double weight, double prior, List<Evidence> evidence,
                String modelVersion, Instant computedAt) {
        public Link {
            evidence = List.copyOf(evidence);
            if (profileA.compareTo(profileB) >= 0) {
                throw new IllegalArgumentException("a probable link joins two different profiles, the smaller id first");
            }
        }

        /** The other profile of the link, seen from {@code profileId}. */
        public String other(String profileId) {
            return profileA.equals(profileId) ? profileB : profileA;
        }
    }

    /**
     * One run of the matcher.
     *
     * @param run            the run's number, from 1
     * @param profiles       live profiles compared
     * @param candidatePairs pairs compared after blocking
     * @param links          probable links kept (between the thresholds)
     * @param promoted       links of the previous run whose two profiles have since become one (a deterministic merge)
     * @param rejected       pairs in the band left out because their profiles hold different user ids (a contradiction)
     * @param aboveBand      pairs at or above the upper threshold (the auto-merge band, which is off: none by default)
     */
    record Run(long run, Instant at, String modelVersion, double minProbability, double maxProbability, int profiles, long candidatePairs,
               int links, int promoted, int rejected, int aboveBand, long millis) {
    }

    /**
     * Evidence against a merge: an identifier value that behaves like a shared one, many distinct first names or birth
     * dates having come with it in the events (a family e-mail, a shop's loyalty card, a placeholder phone). Reported by
     * the matcher's run for an operator to act on (block the value: an {@code unlink} override); one behind enough
     * {@code people} who clearly disagree the run stops itself, with a learned rule
     * ({@link IdentityOverrides.LearnedUnlink}).
     *
     * @param firstNames distinct first names seen with it (spellings within Jaro-Winkler 0.85 of one another count once)
     * @param birthdays  distinct birth dates seen with it
     * @param people     people behind it whose first names and birth dates clearly disagree with one another (both said,
     *                   the names no spelling of one another, the dates no typo of one another): the strong evidence on
     *                   which Kith stops the value linking by itself
     * @param events     events that carried it with a first name or a birth date
     */
    record SharedIdentifier(String type, String value, int firstNames, int birthdays, int people, long events) {
    }

    /**
     * Evidence against a merge, held up: two profiles that one identifier value joined until a rule stopped it linking (an
     * {@code unlink} override of a shared value), now apart and shown as <em>contested</em> with what their traits say
     * (the comparisons' levels and weights; a low probability is the evidence that they are two people).
     */
    record ContestedLink(String profileA, String profileB, String identifierType, String identifierValue, double probability, double weight,
                         List<Evidence> evidence) {
    }

    /** Replaces every link with these, and records the run; one transaction. */
    void replace(Run run, List<Link> links);

    /**
     * Removes these links (their two profiles became one since the run: promoted); the run's record stays as it was.
     */
    void remove(List<Link> links);

    /**
     * Replaces the links of these profiles with these (they were scored again because their traits changed: incremental
     * scoring), each of which must join one of them; stored under the last run's number, whose record stays as it was.
     * One transaction.
     */
    void replaceOf(java.util.Set<String> profileIds, List<Link> links);

    /** The links of one profile, strongest first. */
    List<Link> of(String profileId);

    /**
     * The links of each of these profiles, strongest first, in one read for them all (a link joining two of them is listed
     * under both); a profile without links is not a key. For a job that handles thousands of profiles at once: a read per
     * profile cost a query each (the merges of a 7.7 M-event import, one by one, took minutes).
     */
    java.util.Map<String, List<Link>> of(java.util.Collection<String> profileIds);

    /** Every link, strongest first (the next run's promotions read them). */
    List<Link> all();

    /** The last run, if any. */
    Optional<Run> lastRun();
}
