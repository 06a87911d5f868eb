package io.kith.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Masks payment card numbers: a run of 13 to 19 digits, single spaces or dashes allowed between them, that starts as
 * payment cards do (2 to 6, {@link #paymentIndustry}), is not written after a {@code +} (a phone number in international
 * form) and passes the Luhn check keeps its last four digits and has the others replaced by {@code *}. The one rule for every place a card
 * number could be kept: quarantined payloads and reasons (as text, whatever the field and depth, since a payload that
 * failed validation was never read field by field), and accepted events (every string, number and member name of the
 * tree, before the event reaches the log). Card <em>fields</em> of accepted events are tokenized by the card
 * tokenizer instead, from the number as it was sent.
 *
 * <p>A run is taken whole, between characters that are neither digits nor separators, so a longer number (an order id
 * of 22 digits) is not searched for a card inside it. A digit, space or dash may be written as a JSON escape
 * (backslash, u, then 0034 for the digit 4): raw text that a JSON parser would read as a card number is masked as the number is.
 */
public final class CardNumbers {
    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;
    /** What one unit of text is: the low two bits say its kind, the rest its length in characters (1, or 6 for an escape). */
    private static final int OTHER = 0;
    private static final int DIGIT = 1;
    private static final int SEPARATOR = 2;
    /** The bytes {@link #mayHoldCard} takes as part of a run: digits, space, dash, escapes (backslash, u, hex d, D), numbers (. + e E). */
    private static final boolean[] IN_RUN = new boolean[128];
    /** A JSON number with a fraction or an exponent. */
    private static final java.util.regex.Pattern FRACTION_OR_EXPONENT =
            java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+([eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)");

    static {
        for (char c : "0123456789 -\\udD.+eE".toCharArray()) {
            IN_RUN[c] = true;
        }
    }

    private CardNumbers() {
    }

    /** {@code text} with every card-like run masked; the same instance when there is none. */
    public static String mask(String text) {
        if (text == null || !scan(text, null)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        scan(text, out);
        return out.toString();
    }

    /**
     * Finds the card-like runs of {@code text}: with {@code out} null, answers whether there is one (at the first);
     * else writes {@code text} to {@code out} with every one masked. Each escaped digit masked becomes one {@code *}.
     */
    private static boolean scan(CharSequence text, StringBuilder out) {
        boolean found = false;
        int copied = 0;
        int n = text.length();
        int[] at = null;
        int[] digit = null;
        int i = 0;
        while (i < n) {
            int u = unit(text, i);
            if ((u & 3) != DIGIT) {
                i += u >>> 2;
                continue;
            }
            // A run: digits, with one separator between two digits. The places and values of its first 20 digits are kept.
            if (at == null) {
                at = new int[MAX_DIGITS + 1];
                digit = new int[MAX_DIGITS + 1];
            }
            int digits = 0;
            while (i < n) {
                u = unit(text, i);
                int len = u >>> 2;
                if ((u & 3) == DIGIT) {
                    if (digits <= MAX_DIGITS) {
                        at[digits] = i;
                        digit[digits] = text.charAt(len == 1 ? i : i + 5) - '0';
                    }
                    digits++;
                    i += len;
                } else if ((u & 3) == SEPARATOR && i + len < n && (unit(text, i + len) & 3) == DIGIT) {
                    i += len;
                } else {
                    break;
                }
            }
            if (digits >= MIN_DIGITS && digits <= MAX_DIGITS && luhn(digit, digits) && paymentIndustry(digit[0])
                    && !(at[0] > 0 && text.charAt(at[0] - 1) == '+')) {
                if (out == null) {
                    return true;
                }
                found = true;
                for (int k = 0; k < digits - 4; k++) {
                    out.append(text, copied, at[k]).append('*');
                    copied = at[k] + (unit(text, at[k]) >>> 2);
                }
            }
        }
        if (out != null) {
            out.append(text, copied, n);
        }
        return found;
    }

    /**
     * {@code value} with every card-like run masked in its strings, its numbers and its member names, at any depth. A
     * container is changed in place and returned; a string or number holding a card number comes back as a new text
     * node of the masked digits; any other value comes back as it is.
     */
    public static JsonNode mask(JsonNode value) {
        if (value instanceof ObjectNode o) {
            maskMembers(o, name -> false);
            return o;
        }
        if (value instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                JsonNode v = a.get(i);
                JsonNode m = mask(v);
                if (m != v) {
                    a.set(i, m);
                }
            }
            return a;
        }
        String text = value.isTextual() ? value.textValue() : value.isNumber() ? plainDigits(value) : null;
        if (text == null || text.length() < MIN_DIGITS) {
            return value;
        }
        String masked = mask(text);
        return masked == text ? value : TextNode.valueOf(masked);
    }

    /**
     * Masks {@code object}'s members in place as {@link #mask(JsonNode)} does, but for the values of those {@code keep}
     * names. A member whose masked name is another member's name replaces it, as a name given twice does in JSON.
     */
    public static void maskMembers(ObjectNode object, Predicate<String> keep) {
        boolean renamed = false;
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String name = e.getKey();
            renamed |= name.length() >= MIN_DIGITS && mask(name) != name;
            if (!keep.test(name)) {
                JsonNode v = e.getValue();
                JsonNode m = mask(v);
                if (m != v) {
                    e.setValue(m);
                }
            }
        }
        if (renamed) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(object.properties());
            object.removeAll();
            for (Map.Entry<String, JsonNode> e : members) {
                object.set(mask(e.getKey()), e.getValue());
            }
        }
    }

    /** A whole value that is a card number as {@link #mask} leaves it: 9 to 15 {@code *}, single separators, four digits. */
    private static final java.util.regex.Pattern MASKED = java.util.regex.Pattern.compile("\\*(?:[ -]?\\*){8,14}[ -]?[0-9]{4}");

    /** Whether {@code value} is, whole, a card number masked by {@link #mask} (it identifies nobody). */
    public static boolean isMasked(String value) {
        return value != null && MASKED.matcher(value.strip()).matches();
    }

    /**
     * Whether a number's first digit (its major industry identifier, ISO/IEC 7812) is one payment cards carry: 2 to 6
     * (Mastercard's 2-series, Amex, Diners and JCB's 3, Visa's 4, Mastercard's 5, Discover's and UnionPay's 6). Luhn alone
     * passes one run of digits in ten: without this, and without leaving runs written after a {@code +} alone (a phone
     * number in international form, such as +49 1511 2345678 or +86 138 0013 8000, which no card is written as), a
     * tenth of the 13-digit and longer phone numbers in traits lost their digits, and with them their link to a person.
     */
    static boolean paymentIndustry(int firstDigit) {
        return firstDigit >= 2 && firstDigit <= 6;
    }

    /**
     * Whether {@code bytes[from, to)} (JSON) may hold a card number that masking its tree would find: a run the rule
     * masks, in the text the bytes spell (digits written as escapes included), or a number whose value is one however
     * it is written ({@code 4.111111111111111e15}). Cheap, so that an event without one pays almost nothing.
     */
    public static boolean mayHoldCard(byte[] bytes, int from, int to) {
        // A run with 13 digits covers at least 13 bytes that can be in a run (digits, separators, the characters of an
        // escape or of a number's notation): so if bytes[i + 12] cannot be, no such run starts before it, and the search
        // moves past it. Most bytes of an event are looked at once every 13.
        int i = from;
        while (i + MIN_DIGITS <= to) {
            int p = i + MIN_DIGITS - 1;
            if (!inRun(bytes[p])) {
                i = p + 1;
                continue;
            }
            int start = p;
            while (start > i && inRun(bytes[start - 1])) {
                start--;
            }
            int end = p + 1;
            while (end < to && inRun(bytes[end])) {
                end++;
            }
            if (holdsCard(bytes, start, end)) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    /** Whether a byte can be part of a run: a digit, a separator, or a character of an escape or of a number. */
    private static boolean inRun(byte b) {
        return b >= 0 && IN_RUN[b];
    }

    /** Whether the bytes of one run hold a card number: as text, or as a JSON number's value. */
    private static boolean holdsCard(byte[] bytes, int start, int end) {
        int digits = 0;
        boolean notation = false;
        for (int k = start; k < end; k++) {
            byte c = bytes[k];
            if (isDigit((char) c)) {
                digits++;
            } else if (c == '.' || c == 'e' || c == 'E') {
                notation = true;
            }
        }
        if (digits < MIN_DIGITS) {
            return false;
        }
        if (scan(new Latin1(bytes, start, end), null)) {
            return true;
        }
        if (!notation) {
            return false;
        }
        // An integer's digits are a run of the text; a number with a fraction or an exponent is read for its value.
        String number = new String(bytes, start, end - start, java.nio.charset.StandardCharsets.US_ASCII).trim();
        if (!FRACTION_OR_EXPONENT.matcher(number).matches()) {
            return false;
        }
        // Read only as far as a card could be: a run inside an id ("…4e1234567890123…" of a UUID) is no number the
        // parser accepts (its exponent overflows an int: NumberFormatException, a 500 for the whole batch), and a number
        // such as 1e999999999 is a billion digits once written out. A card number has 13 to 19 integer digits.
        java.math.BigDecimal value;
        try {
            value = new java.math.BigDecimal(number).stripTrailingZeros();
        } catch (NumberFormatException | ArithmeticException notANumber) {
            return false;
        }
        long integerDigits = (long) value.precision() - value.scale();
        return value.scale() <= 0 && integerDigits >= MIN_DIGITS && integerDigits <= MAX_DIGITS && scan(value.toPlainString(), null);
    }

    /**
     * Bytes seen as characters, each byte one character: the digits, separators and escapes of UTF-8 JSON are ASCII, and
     * no byte of a multi-byte character is one of them, so runs are found where they are in the text.
     */
    private record Latin1(byte[] bytes, int from, int to) implements CharSequence {
        @Override
        public int length() {
            return to - from;
        }

        @Override
        public char charAt(int index) {
            return (char) (bytes[from + index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Latin1(bytes, from + start, from + end);
        }

        @Override
        public String toString() {
            return new String(bytes, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
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
            sum += luhnDigit(c - '0', twice);
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static boolean luhn(int[] digit, int count) {
        int sum = 0;
        boolean twice = false;
        for (int k = count - 1; k >= 0; k--) {
            sum += luhnDigit(digit[k], twice);
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static int luhnDigit(int d, boolean twice) {
        if (!twice) {
            return d;
        }
        return d * 2 > 9 ? d * 2 - 9 : d * 2;
    }

    /** The unit of text at {@code i}: its kind in the low two bits, its length above them. */
    private static int unit(CharSequence text, int i) {
        char c = text.charAt(i);
        if (isDigit(c)) {
            return 1 << 2 | DIGIT;
        }
        if (c == ' ' || c == '-') {
            return 1 << 2 | SEPARATOR;
        }
        if (c == '\\' && i + 6 <= text.length()) {
            int kind = escape(text.charAt(i + 1), text.charAt(i + 2), text.charAt(i + 3), text.charAt(i + 4), text.charAt(i + 5));
            if (kind != OTHER) {
                return 6 << 2 | kind;
            }
        }
        return 1 << 2 | OTHER;
    }

    /** The kind of the character that {@code \}{@code u} + four hex digits spells, when it is a digit, space or dash. */
    private static int escape(int u, int h1, int h2, int h3, int h4) {
        if (u != 'u' || h1 != '0' || h2 != '0') {
            return OTHER;
        }
        if (h3 == '3' && h4 >= '0' && h4 <= '9') {
            return DIGIT;
        }
        if (h3 == '2' && (h4 == '0' || h4 == 'd' || h4 == 'D')) {
            return SEPARATOR;
        }
        return OTHER;
    }

    /**
     * A number's digits as the text a client would have written, or null when it is too small to be a card number: an
     * integer as it is, any other number in plain notation without trailing zeros (4.111111111111111e15 as
     * 4111111111111111, the form Kith gives an id sent as a number).
     */
    private static String plainDigits(JsonNode number) {
        if (number.isIntegralNumber()) {
            if (number.canConvertToLong() && Math.abs(number.longValue()) < 1_000_000_000_000L && number.longValue() != Long.MIN_VALUE) {
                return null;
            }
            return number.bigIntegerValue().toString();
        }
        double d = number.doubleValue();
        if (!(Math.abs(d) >= 1e12) || Double.isInfinite(d)) {
            return null;
        }
        return number.decimalValue().stripTrailingZeros().toPlainString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
