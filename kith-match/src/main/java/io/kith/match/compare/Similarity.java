package io.kith.match.compare;

/** String similarity and phonetic functions used by comparison levels and blocking keys. Stateless, thread-safe. */
public final class Similarity {
    private Similarity() {
    }

    /** Jaro similarity in [0, 1]; 1 for equal strings (two empty strings included). */
    public static double jaro(String a, String b) {
        return io.kith.text.Similarity.jaro(a, b);
    }

    /** Jaro-Winkler similarity (see {@link io.kith.text.Similarity#jaroWinkler}). */
    public static double jaroWinkler(String a, String b) {
        return io.kith.text.Similarity.jaroWinkler(a, b);
    }

    /** Levenshtein (edit) distance; returns {@code max + 1} as soon as the distance is known to exceed {@code max}. */
    public static int levenshtein(String a, String b, int max) {
        return io.kith.text.Similarity.levenshtein(a, b, max);
    }

    /** Levenshtein distance without a bound. */
    public static int levenshtein(String a, String b) {
        return io.kith.text.Similarity.levenshtein(a, b);
    }

    /** American Soundex of the letters of {@code s} (such as R163 for robert), or "" when it has no letter. */
    public static String soundex(String s) {
        final String codes = "01230120022455012623010202"; // a..z
        StringBuilder out = new StringBuilder(4);
        char last = 0;
        for (int i = 0; i < s.length() && out.length() < 4; i++) {
            char c = Character.toLowerCase(s.charAt(i));
            if (c < 'a' || c > 'z') {
                continue;
            }
            char code = codes.charAt(c - 'a');
            if (out.isEmpty()) {
                out.append(Character.toUpperCase(c));
                last = code;
                continue;
            }
            if (code != '0' && code != last) {
                out.append(code);
            }
            if (c != 'h' && c != 'w') {
                last = code;
            }
        }
        if (out.isEmpty()) {
            return "";
        }
        while (out.length() < 4) {
            out.append('0');
        }
        return out.toString();
    }
}
