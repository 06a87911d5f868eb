package io.kith.model.household;

import io.kith.identity.IdentifierType;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The normal forms in which household evidence is compared. */
final class Normalise {
    private static final io.kith.identity.Normalizer PHONES = new io.kith.identity.Normalizer();
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9]+");
    private static final Map<String, String> WORDS = Map.ofEntries(Map.entry("st", "street"), Map.entry("str", "street"),
            Map.entry("rd", "road"), Map.entry("ave", "avenue"), Map.entry("av", "avenue"), Map.entry("ln", "lane"),
            Map.entry("dr", "drive"), Map.entry("ct", "court"), Map.entry("pl", "place"), Map.entry("sq", "square"),
            Map.entry("apt", "flat"), Map.entry("apartment", "flat"), Map.entry("unit", "flat"), Map.entry("no", ""),
            Map.entry("number", ""));

    private Normalise() {
    }

    /** Lower case, accents and punctuation dropped, usual abbreviations written out: "12, High St." is "12 high street". */
    static Optional<String> address(Optional<String> address) {
        return address.map(a -> {
            String[] words = NOT_WORD.split(fold(a));
            StringBuilder sb = new StringBuilder();
            for (String w : words) {
                String x = WORDS.getOrDefault(w, w);
                if (!x.isEmpty()) {
                    sb.append(sb.isEmpty() ? "" : " ").append(x);
                }
            }
            return sb.toString();
        }).filter(a -> a.chars().anyMatch(Character::isDigit) && a.length() >= 6);
    }

    /** Letters only, lower case, without accents: "O'Brien-Müller" is "obrienmuller". */
    static Optional<String> surname(Optional<String> surname) {
        return surname.map(s -> fold(s).replaceAll("[^a-z]", "")).filter(s -> s.length() >= 2);
    }

    /**
     * In E.164 as identity resolution writes phones ({@link io.kith.identity.Normalizer}), read with the default region
     * when written without a country code; a number it cannot read is compared as its digits, at least 6 of them.
     */
    static Optional<String> phone(Optional<String> phone, String region) {
        return phone.flatMap(p -> switch (PHONES.normalize(IdentifierType.Normalization.PHONE, p, region)) {
            case io.kith.identity.Normalizer.Result.Value v -> Optional.of(v.value());
            case io.kith.identity.Normalizer.Result.Invalid i -> Optional.of(p.replaceAll("\\D", "")).filter(d -> d.length() >= 6);
        });
    }

    /** A token or device id trimmed; empty ones dropped. */
    static Optional<String> token(String t) {
        return Optional.of(t.strip()).filter(s -> !s.isEmpty());
    }

    /** "…a1b2": only the last four characters, so that evidence can be shown without the secret. */
    static String masked(String token) {
        return token.length() <= 4 ? "…" : "…" + token.substring(token.length() - 4);
    }

    private static String fold(String s) {
        return MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFKD)).replaceAll("").toLowerCase(Locale.ROOT);
    }
}
