package io.kith.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.kith.text.Similarity;
import io.kith.text.TextValues;
import java.util.function.Function;

/**
 * The rule of evidence against a merge: whether what two records say of a person (a first name and a birth date)
 * <em>clearly disagrees</em>, so that they are two people whatever identifier joined them. One implementation for the
 * matching run (kith-match's shared values), identity resolution ({@link IdentityGraph}'s {@link RefusalRule#CONTESTED})
 * and the graph's reference oracle. It asks for the worst outcome on both values, as the matcher's {@code first_name}
 * and {@code birthday} comparisons grade them:
 * <ul>
 * <li>first names at the {@code else} level of the {@code first_name} comparison: Jaro-Winkler below 0.7 (Jon and John
 * are 0.93, Catherine and Katherine 0.93, Ann and Anna 0.94: spellings of one name never disagree; Adaeze and John 0.0),
 * and neither first name a spelling of the other record's last name (a form filled in with the names swapped);</li>
 * <li>birth dates neither equal, nor one typing error apart ({@code lev<=1}), nor day and month swapped
 * ({@code day-month-swapped}): the levels of the {@code birthday} comparison that a typo reaches.</li>
 * </ul>
 * A value missing on either side is no evidence: both must be said on both records. Stateless, thread-safe.
 *
 * <p>Measured on the labelled public data sets (kith-match's DisagreementTest; docs/identity-matching.md, "Evidence
 * against a merge"): of the pairs of records of one person, 0.64 % clearly disagree on FEBRL 3 (42 of 6,538: its
 * simulated errors replace whole names and dates), 0.84 % on Splink's fake_1000, none on RLdata10000; of 100,000 random
 * pairs of two people, 83 %, 64 % and 91 % do. Without the swapped-names guard one person's pairs disagreed 1.7 % and
 * 7.0 % of the time on FEBRL 3 and fake_1000.
 */
public final class Disagreement {
    /** The lowest Jaro-Winkler of the {@code first_name} comparison's levels above {@code else}. */
    private static final double SAME_NAME = 0.7;

    private Disagreement() {
    }

    /**
     * A first name, a last name and a birth date, prepared as the matcher compares them (lower case; the date as
     * yyyyMMdd; null when missing, or not a date). The last name only guards against names written the wrong way round;
     * it is never evidence by itself.
     */
    public record Claim(String firstName, String lastName, String birthday) {
        /** Nothing said. */
        public static final Claim NONE = new Claim(null, null, null);

        /** Reads raw values (a birth date as yyyy-MM-dd, yyyyMMdd, an ISO instant, dd/MM/yyyy ...). */
        public static Claim of(String firstName, String lastName, String birthday) {
            String date = birthday == null ? null : birthday.strip();
            if (date != null && date.length() > 10 && date.charAt(4) == '-') {
                date = date.substring(0, 10); // an ISO instant: its date
            }
            String d = date == null ? null : TextValues.text(date);
            return new Claim(firstName == null ? null : TextValues.text(firstName), lastName == null ? null : TextValues.text(lastName),
                    d == null ? null : TextValues.date(d));
        }

        /** Without a last name. */
        public static Claim of(String firstName, String birthday) {
            return of(firstName, null, birthday);
        }

        /**
         * What traits say, read by the names the matcher reads ({@link #firstName}, {@link #lastName}, {@link #birthday}).
         *
         * @param trait a trait's value by its name, or null when not said
         */
        public static Claim of(Function<String, JsonNode> trait) {
            String first = Disagreement.firstName(trait);
            String birthday = first == null ? null : Disagreement.birthday(trait);
            if (birthday == null) {
                return NONE; // incomplete: no evidence, whatever the last name
            }
            return of(first, Disagreement.lastName(trait), birthday);
        }

        /** Both a first name and a birth date were said: only such a claim can disagree. */
        public boolean complete() {
            return firstName != null && birthday != null;
        }
    }

    /** The first name traits say: {@code first_name}, {@code firstName}, ..., else the first word of {@code name}. */
    public static String firstName(Function<String, JsonNode> trait) {
        String first = text(trait, "first_name", "firstName", "given_name", "givenName", "firstname");
        if (first == null) {
            String name = text(trait, "name", "full_name", "fullName");
            if (name != null) {
                first = name.split("\\s+")[0];
            }
        }
        return first;
    }

    /** The last name traits say: {@code last_name}, {@code lastName}, ..., else the last word of a {@code name} of two or more. */
    public static String lastName(Function<String, JsonNode> trait) {
        String last = text(trait, "last_name", "lastName", "family_name", "familyName", "surname", "lastname");
        if (last == null) {
            String name = text(trait, "name", "full_name", "fullName");
            String[] parts = name == null ? new String[0] : name.split("\\s+");
            last = parts.length > 1 ? parts[parts.length - 1] : null;
        }
        return last;
    }

    /** The birth date traits say: {@code birthday}, {@code birth_date}, ..., {@code dob}. */
    public static String birthday(Function<String, JsonNode> trait) {
        return text(trait, "birthday", "birth_date", "birthdate", "date_of_birth", "dateOfBirth", "dob");
    }

    private static String text(Function<String, JsonNode> trait, String... names) {
        for (String n : names) {
            JsonNode v = trait.apply(n);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                return v.asText().strip();
            }
        }
        return null;
    }

    /** {@code a}'s first name is a spelling of {@code b}'s last name. */
    private static boolean swapped(Claim a, Claim b) {
        return b.lastName() != null && Similarity.jaroWinkler(a.firstName(), b.lastName()) >= SAME_NAME;
    }

    /** Whether the two claims clearly disagree: both complete, the first names at {@code else}, the birth dates beyond a typo. */
    public static boolean clearly(Claim a, Claim b) {
        if (!a.complete() || !b.complete() || Similarity.jaroWinkler(a.firstName(), b.firstName()) >= SAME_NAME || swapped(a, b)
                || swapped(b, a)) {
            return false;
        }
        String x = a.birthday();
        String y = b.birthday();
        return !x.equals(y) && Similarity.levenshtein(x, y, 1) > 1 && !dayMonthSwapped(x, y);
    }

    /** Same year, with day and month swapped (a date written dd/MM read as MM/dd): kith-match's {@code DayMonthSwapped}. */
    private static boolean dayMonthSwapped(String a, String b) {
        return a.length() == 8 && b.length() == 8 && a.regionMatches(0, b, 0, 4) && a.regionMatches(4, b, 6, 2) && a.regionMatches(6, b, 4, 2);
    }
}
