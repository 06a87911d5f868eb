package io.kith.imports;

/** Sizes of text in UTF-8, without encoding it. */
final class Utf8 {
    private Utf8() {
    }

    /** Bytes of one UTF-16 char in UTF-8; a surrogate counts 2, so a pair counts the 4 of its code point. */
    static int bytes(int c) {
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800 || Character.isSurrogate((char) c)) {
            return 2;
        }
        return 3;
    }

    static long bytes(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += bytes(s.charAt(i));
        }
        return n;
    }
}
