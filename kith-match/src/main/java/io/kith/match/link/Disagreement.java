package io.kith.match.link;

import io.kith.match.compare.Level;
import io.kith.match.compare.Prepare;

/**
 * The rule of evidence against a merge: whether what two records say of a person (a first name and a birth date)
 * <em>clearly disagrees</em>, so that they are two people whatever identifier joined them. It reads the two values with
 * the matcher's own comparisons ({@link ProfileLinker#comparisons}) and asks for the worst outcome on both:
 * <ul>
 * <li>first names at the {@code else} level of the {@code first_name} comparison: Jaro-Winkler below 0.7 (Jon and John
 * are 0.93, Catherine and Katherine 0.93, Ann and Anna 0.94: spellings of one name never disagree; Adaeze and John 0.0),
 * and neither first name a spelling of the other record's last name (a form filled in with the names swapped);</li>
 * <li>birth dates neither equal, nor one typing error apart ({@code lev<=1}), nor day and month swapped
 * ({@code day-month-swapped}): the levels of the {@code birthday} comparison that a typo reaches.</li>
 * </ul>
 * A value missing on either side is no evidence: both must be said on both records. Stateless, thread-safe.
 *
 * <p>Measured on the labelled public data sets (DisagreementTest; docs/identity-matching.md, "Evidence against a merge"):
 * of the pairs of records of one person, 0.64 % clearly disagree on FEBRL 3 (42 of 6,538: its simulated errors replace
 * whole names and dates), 0.84 % on Splink's fake_1000, none on RLdata10000; of 100,000 random pairs of two people,
 * 83 %, 64 % and 91 % do. Without the swapped-names guard one person's pairs disagreed 1.7 % and 7.0 % of the time on
 * FEBRL 3 and fake_1000.
 */
public final class Disagreement {
    /** The lowest level of the {@code first_name} comparison above {@code else}. */
    private static final Level SAME_NAME = new Level.JaroWinkler(0.7);
    /** The birthday levels a typing error reaches. */
    private static final Level[] SAME_DATE = {new Level.Exact(), new Level.Levenshtein(1), new Level.DayMonthSwapped()};

    private Disagreement() {
    }

    /**
     * A first name, a last name and a birth date, prepared as the matcher compares them (null when missing, or not a date).
     * The last name only guards against names written the wrong way round; it is never evidence by itself.
     */
    public record Claim(String firstName, String lastName, String birthday) {
        /** Reads raw values (a birth date as yyyy-MM-dd, yyyyMMdd, an ISO instant, dd/MM/yyyy ...). */
        public static Claim of(String firstName, String lastName, String birthday) {
            String date = birthday == null ? null : birthday.strip();
            if (date != null && date.length() > 10 && date.charAt(4) == '-') {
                date = date.substring(0, 10); // an ISO instant: its date
            }
            return new Claim(Prepare.TEXT.apply(firstName), Prepare.TEXT.apply(lastName), Prepare.DATE.apply(date));
        }

        /** Without a last name. */
        public static Claim of(String firstName, String birthday) {
            return of(firstName, null, birthday);
        }

        /** Both a first name and a birth date were said: only such a claim can disagree. */
        public boolean complete() {
            return firstName != null && birthday != null;
        }
    }

    /** {@code a}'s first name is a spelling of {@code b}'s last name. */
    private static boolean swapped(Claim a, Claim b) {
        return b.lastName() != null && SAME_NAME.test(a.firstName(), b.lastName());
    }

    /** Whether the two claims clearly disagree: both complete, the first names at {@code else}, the birth dates beyond a typo. */
    public static boolean clearly(Claim a, Claim b) {
        if (!a.complete() || !b.complete() || SAME_NAME.test(a.firstName(), b.firstName()) || swapped(a, b) || swapped(b, a)) {
            return false;
        }
        for (Level l : SAME_DATE) {
            if (l.test(a.birthday(), b.birthday())) {
                return false;
            }
        }
        return true;
    }
}
