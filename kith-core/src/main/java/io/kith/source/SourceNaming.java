package io.kith.source;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/** How sources get their ids and write keys, the same for every store. */
public final class SourceNaming {
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private SourceNaming() {
    }

    /** {@code src_} + a slug of the brand and name ("Web shop" of "northwind" → {@code src_northwind_web_shop}), made unique. */
    public static String newId(NewSource request, Set<String> taken) {
        String base = "src_" + slug(request.brand() + " " + request.name());
        String id = base;
        for (int n = 2; taken.contains(id); n++) {
            id = base + "_" + n;
        }
        return id;
    }

    /** A fresh write key: {@code wk_} + 32 base62 characters from a secure random source (190 bits). */
    public static String newWriteKey() {
        char[] out = new char[32];
        for (int i = 0; i < out.length; i++) {
            out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return "wk_" + new String(out);
    }

    static String slug(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String s = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (s.length() > 48) {
            s = s.substring(0, 48);
        }
        return s.isEmpty() ? "source" : s;
    }
}
