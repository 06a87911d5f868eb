package io.kith.match.block;

import io.kith.match.compare.Prepare;
import io.kith.match.compare.Similarity;

/** What part of a value a blocking key takes. */
public enum Transform {
    /** The whole value (lower case, trimmed). */
    EXACT,
    /** The first character. */
    INITIAL,
    /** The first three characters. */
    PREFIX3,
    /** The Soundex code of the value. */
    SOUNDEX,
    /** The year of a date. */
    YEAR,
    /** Month and day of a date (the year left out). */
    MONTH_DAY,
    /** Only the digits. */
    DIGITS,
    /** The part of an e-mail address before '@'. */
    LOCAL_PART,
    /** The first character of an e-mail address's domain. */
    DOMAIN_INITIAL;

    /** The key part of a raw value, or null when there is none. */
    public String apply(String raw) {
        return switch (this) {
            case EXACT -> Prepare.TEXT.apply(raw);
            case INITIAL -> {
                String t = Prepare.TEXT.apply(raw);
                yield t == null ? null : t.substring(0, 1);
            }
            case PREFIX3 -> {
                String t = Prepare.TEXT.apply(raw);
                yield t == null ? null : t.substring(0, Math.min(3, t.length()));
            }
            case SOUNDEX -> {
                String t = Prepare.TEXT.apply(raw);
                String s = t == null ? "" : Similarity.soundex(t);
                yield s.isEmpty() ? null : s;
            }
            case YEAR -> {
                String d = Prepare.DATE.apply(raw);
                yield d == null ? null : d.substring(0, 4);
            }
            case MONTH_DAY -> {
                String d = Prepare.DATE.apply(raw);
                yield d == null ? null : d.substring(4);
            }
            case DIGITS -> Prepare.DIGITS.apply(raw);
            case LOCAL_PART -> {
                String e = Prepare.EMAIL.apply(raw);
                yield e == null ? null : e.substring(0, e.indexOf('@'));
            }
            case DOMAIN_INITIAL -> {
                String e = Prepare.EMAIL.apply(raw);
                int at = e == null ? -1 : e.indexOf('@');
                yield at < 0 || at == e.length() - 1 ? null : e.substring(at + 1, at + 2);
            }
        };
    }
}
