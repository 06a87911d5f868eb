package io.kith.match.link;

import io.kith.identity.Disagreement;
import com.fasterxml.jackson.databind.JsonNode;
import io.kith.identity.Identifier;
import io.kith.identity.ProbableLinks.SharedIdentifier;
import io.kith.match.compare.Similarity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evidence against a merge: learns, from the first names and birth dates that came with each identifier value in the
 * events, which values behave like shared ones (one e-mail behind three first names and three birthdays is a family's or
 * a shop's, not a person's). Feed it every event with {@link #observe}, then read {@link #report}. Pure computation; it
 * changes nothing.
 */
public final class SharedIdentifiers {
    /** The identifier types watched: those that link people, and a shared value of which merges people wrongly. */
    public static final Set<String> TYPES = Set.of("email", "phone", "loyalty_card", "crm_id", "payment_token");
    /** Distinct values kept per identifier: enough to tell "many". */
    private static final int CAP = 16;
    /** Two spellings of a first name this close count as one name (Catherine, Katherine). */
    private static final double SAME_NAME = 0.85;

    private static final class Seen {
        final List<String> names = new ArrayList<>(1);
        final List<String> birthdays = new ArrayList<>(1);
        /**
         * People who clearly disagree with one another ({@link Disagreement#clearly}), kept greedily in the order seen: a
         * claim joins when it disagrees with every one kept. Greedy can undercount (never overcount) the largest such set,
         * which errs towards linking, as before.
         */
        final List<Disagreement.Claim> people = new ArrayList<>(1);
        long events;
    }

    private final Map<Identifier, Seen> seen = new HashMap<>();
    private final Set<String> types;

    /** Watching {@link #TYPES}. */
    public SharedIdentifiers() {
        this(TYPES);
    }

    /** Watching these identifier types. */
    public SharedIdentifiers(Set<String> types) {
        this.types = Set.copyOf(types);
    }

    /** One event: its identifiers (those of other types are ignored) with the first name and birth date it said (null when none). */
    public void observe(Collection<Identifier> identifiers, String firstName, String birthday) {
        observe(identifiers, firstName, null, birthday);
    }

    /** One event, with the last name it said too (null when none): it tells names written the wrong way round. */
    public void observe(Collection<Identifier> identifiers, String firstName, String lastName, String birthday) {
        String name = firstName == null || firstName.isBlank() ? null : firstName.strip().toLowerCase(Locale.ROOT);
        String date = birthday == null || birthday.isBlank() ? null : birthday.strip().substring(0, Math.min(10, birthday.strip().length()));
        if (name == null && date == null) {
            return;
        }
        Disagreement.Claim claim = Disagreement.Claim.of(name, lastName, date);
        for (Identifier id : identifiers) {
            if (!types.contains(id.type())) {
                continue;
            }
            Seen s = seen.computeIfAbsent(id, k -> new Seen());
            s.events++;
            if (name != null && s.names.size() < CAP && s.names.stream().noneMatch(n -> Similarity.jaroWinkler(n, name) >= SAME_NAME)) {
                s.names.add(name);
            }
            if (date != null && s.birthdays.size() < CAP && !s.birthdays.contains(date)) {
                s.birthdays.add(date);
            }
            if (claim.complete() && s.people.size() < CAP && s.people.stream().allMatch(p -> Disagreement.clearly(p, claim))) {
                s.people.add(claim);
            }
        }
    }

    /**
     * The values seen with at least {@code minFirstNames} distinct first names or {@code minBirthdays} distinct birth dates,
     * or with at least {@code minPeople} people who clearly disagree ({@link SharedIdentifier#people}), the most names first.
     */
    public List<SharedIdentifier> report(int minFirstNames, int minBirthdays, int minPeople, int limit) {
        List<SharedIdentifier> out = new ArrayList<>();
        seen.forEach((id, s) -> {
            if (s.names.size() >= minFirstNames || s.birthdays.size() >= minBirthdays || s.people.size() >= minPeople) {
                out.add(new SharedIdentifier(id.type(), id.value(), s.names.size(), s.birthdays.size(), s.people.size(), s.events));
            }
        });
        out.sort(Comparator.comparingInt(SharedIdentifier::firstNames).reversed().thenComparing(Comparator.comparingInt(SharedIdentifier::birthdays)
                .reversed()).thenComparing(SharedIdentifier::type).thenComparing(SharedIdentifier::value));
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }

    /** The first name an event's traits say, by the names {@link ProfileLinker#record} reads ({@link Disagreement#firstName}). */
    public static String firstName(JsonNode traits) {
        return Disagreement.firstName(traits::get);
    }

    /** The last name an event's traits say. */
    public static String lastName(JsonNode traits) {
        return Disagreement.lastName(traits::get);
    }

    /** The birth date an event's traits say. */
    public static String birthday(JsonNode traits) {
        return Disagreement.birthday(traits::get);
    }
}
