package io.kith.event;

/**
 * Masks payment card numbers in any text: a run of 13 to 19 digits, single spaces or dashes allowed between them,
 * that passes the Luhn check keeps its last four digits and has the others replaced by {@code *}. Used on every
 * quarantined payload and reason, whatever the field and depth, since a payload that failed validation was never read
 * field by field (accepted events have their card fields tokenized by the card tokenizer instead).
 *
 * <p>A run is taken whole, between characters that are neither digits nor separators, so a longer number (an order id
 * of 22 digits) is not searched for a card inside it.
 */
public final class CardNumbers {
    private CardNumbers() {
    }

    /** {@code text} with every card-like run masked; the same instance when there is none. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        char[] out = null;
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            // A run: digits, with one space or dash between two digits.
            int start = i;
            int digits = 0;
            int end = i;
            while (i < n) {
                char c = text.charAt(i);
                if (isDigit(c)) {
                    digits++;
                    i++;
                    end = i;
                } else if ((c == ' ' || c == '-') && i + 1 < n && isDigit(text.charAt(i + 1))) {
                    i++;
                } else {
                    break;
                }
            }
            if (digits >= 13 && digits <= 19 && luhn(text, start, end)) {
                if (out == null) {
                    out = text.toCharArray();
                }
                int keep = 4;
                for (int k = end - 1; k >= start; k--) {
                    if (isDigit(out[k])) {
                        if (keep > 0) {
                            keep--;
                        } else {
                            out[k] = '*';
                        }
                    }
                }
            }
        }
        return out == null ? text : new String(out);
    }

    /** Whether the digits of {@code text[from, to)} (separators skipped) pass the Luhn check. */
    public static boolean luhn(CharSequence text, int from, int to) {
        int sum = 0;
        boolean twice = false;
        for (int k = to - 1; k >= from; k--) {
            char c = text.charAt(k);
            if (!isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
