package io.kith.match.compare;

/**
 * One level of a comparison: a test on two prepared, non-null values. A comparison tries its levels in order and
 * the first that holds is the pair's level; the last level of every comparison is {@link Else}.
 */
public sealed interface Level {
    /** A short name shown in explanations, such as "exact" or "jw>=0.92". */
    String label();

    boolean test(String a, String b);

    /** The values are equal. */
    record Exact() implements Level {
        @Override
        public String label() {
            return "exact";
        }

        @Override
        public boolean test(String a, String b) {
            return a.equals(b);
        }
    }

    /** Jaro-Winkler similarity at least {@code atLeast}. */
    record JaroWinkler(double atLeast) implements Level {
        public JaroWinkler {
            if (!(atLeast > 0 && atLeast <= 1)) {
                throw new IllegalArgumentException("a Jaro-Winkler threshold is in (0, 1], not " + atLeast);
            }
        }

        @Override
        public String label() {
            return "jw>=" + atLeast;
        }

        @Override
        public boolean test(String a, String b) {
            return Similarity.jaroWinkler(a, b) >= atLeast;
        }
    }

    /** Levenshtein distance at most {@code atMost}. */
    record Levenshtein(int atMost) implements Level {
        public Levenshtein {
            if (atMost < 0) {
                throw new IllegalArgumentException("a Levenshtein distance is at least 0, not " + atMost);
            }
        }

        @Override
        public String label() {
            return "lev<=" + atMost;
        }

        @Override
        public boolean test(String a, String b) {
            return Similarity.levenshtein(a, b, atMost) <= atMost;
        }
    }

    /** Two calendar dates (prepared as yyyyMMdd) at most {@code days} apart. */
    record DaysWithin(int days) implements Level {
        @Override
        public String label() {
            return "days<=" + days;
        }

        @Override
        public boolean test(String a, String b) {
            int x = Prepare.epochDay(a);
            int y = Prepare.epochDay(b);
            return x != Integer.MIN_VALUE && y != Integer.MIN_VALUE && Math.abs(x - y) <= days;
        }
    }

    /** Same year, with day and month swapped (a date written dd/MM read as MM/dd). */
    record DayMonthSwapped() implements Level {
        @Override
        public String label() {
            return "day-month-swapped";
        }

        @Override
        public boolean test(String a, String b) {
            return a.length() == 8 && b.length() == 8 && a.regionMatches(0, b, 0, 4) && a.regionMatches(4, b, 6, 2)
                    && a.regionMatches(6, b, 4, 2);
        }
    }

    /** Two numbers whose difference is at most {@code relative} times the larger magnitude. */
    record NumberWithin(double relative) implements Level {
        @Override
        public String label() {
            return "within " + relative * 100 + "%";
        }

        @Override
        public boolean test(String a, String b) {
            try {
                double x = Double.parseDouble(a);
                double y = Double.parseDouble(b);
                return Math.abs(x - y) <= relative * Math.max(Math.abs(x), Math.abs(y));
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    /** The part of two e-mail addresses before '@' is equal. */
    record EmailLocalPart() implements Level {
        @Override
        public String label() {
            return "same-local-part";
        }

        @Override
        public boolean test(String a, String b) {
            int i = a.indexOf('@');
            int j = b.indexOf('@');
            return i > 0 && i == j && a.regionMatches(0, b, 0, i);
        }
    }

    /** Always holds: the last level. */
    record Else() implements Level {
        @Override
        public String label() {
            return "else";
        }

        @Override
        public boolean test(String a, String b) {
            return true;
        }
    }
}
