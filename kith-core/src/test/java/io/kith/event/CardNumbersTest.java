package io.kith.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class CardNumbersTest {
    @Property(tries = 2_000)
    void anyTextIsScannedWithoutAFailure(@ForAll("runsOfNumberCharacters") String text) {
        // digits, separators, escapes and a number's notation in any order: whatever a client sends is answered, never a 500
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        boolean may = CardNumbers.mayHoldCard(bytes, 0, bytes.length);
        String masked = CardNumbers.mask(text);
        if (!masked.equals(text)) {
            assertThat(may).as("the pre-check found nothing in %s, which the masker changes", text).isTrue();
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> runsOfNumberCharacters() {
        // hex ids of digits and e ("39e8130912345678") read as numbers with vast exponents; and everything else
        return net.jqwik.api.Arbitraries.oneOf(
                net.jqwik.api.Arbitraries.strings().withChars("0123456789e").ofMinLength(13).ofMaxLength(30),
                net.jqwik.api.Arbitraries.strings().withChars("0123456789 -.+eE\\u\"x").ofMinLength(0).ofMaxLength(60));
    }

    @Test
    void thePreCheckReadsNumbersOnlyAsFarAsACardCouldBe() {
        // a hex id of digits and e reads as a number whose exponent overflows an int: it was a 500 for the whole batch
        byte[] id = "{\"anonymousId\":\"39e8130912345678\",\"n\":1e999999999,\"m\":4.111111111111111e15}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(CardNumbers.mayHoldCard(id, 0, id.length)).isTrue(); // 4.111111111111111e15 is 4111111111111111
        byte[] none = "{\"anonymousId\":\"39e8130912345678\",\"n\":1e999999999}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(CardNumbers.mayHoldCard(none, 0, none.length)).as("1e999999999 is not written out: a billion digits").isFalse();
    }

    @Test
    void masksLuhnValidRunsAtAnyPlaceKeepingTheLastFour() {
        assertThat(CardNumbers.mask("{\"note\":\"card 4111 1111 1111 1111 thanks\"}")).isEqualTo("{\"note\":\"card **** **** **** 1111 thanks\"}");
        assertThat(CardNumbers.mask("{\"x\":{\"y\":[5500-0000-0000-0004]}}")).isEqualTo("{\"x\":{\"y\":[****-****-****-0004]}}");
        assertThat(CardNumbers.mask("378282246310005")).isEqualTo("***********0005");
    }

    @Test
    void leavesOtherNumbersAlone() {
        String s = "{\"ts\":\"2026-12-06T02:16:56Z\",\"order\":4111111111111112,\"long\":41111111111111110000000,\"short\":411111111111}";
        assertThat(CardNumbers.mask(s)).isSameAs(s);
    }

    @Property(tries = 300)
    void runsThatNoCardIsWrittenAsAreLeftAlone(@ForAll @IntRange(min = 13, max = 15) int length, @ForAll @IntRange(min = 0, max = 999_999) int seed) {
        // Luhn-valid, but starting as no payment card does (1, 7, 8, 9: airlines, petroleum, telecoms, national), or an
        // international phone number: a tenth of 13-digit and longer phone numbers lost their digits and their person
        for (int first : new int[] {1, 7, 8, 9}) {
            String digits = luhnValid(length, seed, first);
            assertThat(CardNumbers.mask("id " + digits)).isEqualTo("id " + digits);
        }
        String phone = "+" + luhnValid(length, seed, 4);
        assertThat(CardNumbers.mask("{\"phone\":\"" + phone + "\"}")).contains(phone);
        assertThat(CardNumbers.mask("paid with " + phone.substring(1))).doesNotContain(phone.substring(1)); // the same digits without the +
    }

    @Property(tries = 300)
    void noCardNumberSurvivesInAQuarantineItem(@ForAll @IntRange(min = 13, max = 19) int length, @ForAll @IntRange(min = 0, max = 999_999) int seed,
                                               @ForAll @StringLength(max = 20) String before, @ForAll @StringLength(max = 20) String after) {
        String card = luhnValid(length, seed);
        String prefix = before.isEmpty() || !Character.isDigit(before.charAt(before.length() - 1)) ? before : before + "x";
        String suffix = after.isEmpty() || !Character.isDigit(after.charAt(0)) ? after : "x" + after;
        QuarantinedEvent q = new QuarantinedEvent("q", "s", Instant.EPOCH,
                new Rejection(ErrorCode.INVALID_EVENT, "$." + card, "got " + card), prefix + card + suffix);
        assertThat(q.raw()).doesNotContain(card).endsWith(card.substring(length - 4) + suffix);
        assertThat(q.rejection().message()).doesNotContain(card);
        assertThat(q.rejection().path()).doesNotContain(card);
    }

    @Test
    void aLongPayloadIsCutAfterItsCardsAreMasked() {
        String card = "4111111111111111";
        String raw = "x".repeat(QuarantinedEvent.MAX_RAW_CHARS - 72) + card + "y".repeat(100_000);
        QuarantinedEvent q = new QuarantinedEvent("q", null, Instant.EPOCH, new Rejection(ErrorCode.BATCH_TOO_LARGE, "$", "too large"), raw);
        assertThat(q.raw()).doesNotContain("41111111").contains("[cut: " + raw.length() + " characters in all]");
        assertThat(q.raw().length()).isLessThanOrEqualTo(QuarantinedEvent.MAX_RAW_CHARS);
        QuarantinedEvent again = new QuarantinedEvent(q.id(), q.sourceId(), q.receivedAt(), q.rejection(), q.raw());
        assertThat(again).isEqualTo(q); // read back from the log, the item is the same
    }

    @Test
    void masksCardNumbersSpeltWithJsonEscapes() {
        assertThat(CardNumbers.mask("{\"n\":\"\\u0034111111111111111\"}")).isEqualTo("{\"n\":\"************1111\"}");
        String escaped = "\\u0034\\u0031\\u0031\\u0031\\u0020\\u0031\\u0031\\u0031\\u0031\\u002d1111 1111";
        assertThat(CardNumbers.mask(escaped)).isEqualTo("****\\u0020****\\u002d**** 1111");
        String notADigit = "\\u0041111111111111111"; // \u0041 is "A": 15 digits follow, which fail the Luhn check
        assertThat(CardNumbers.mask(notADigit)).isSameAs(notADigit);
    }

    @Test
    void anEscapedCardNumberIsMaskedInAQuarantineItem() {
        String raw = "{\"userId\":\"c7\",\"event\":\"\",\"properties\":{\"n\":\"\\u0034111111111111111\"}}";
        QuarantinedEvent q = new QuarantinedEvent("q", "s", Instant.EPOCH, new Rejection(ErrorCode.INVALID_EVENT, "$.event", "empty"), raw);
        assertThat(q.raw()).isEqualTo("{\"userId\":\"c7\",\"event\":\"\",\"properties\":{\"n\":\"************1111\"}}");
    }

    @Test
    void masksStringsNumbersAndMemberNamesOfATreeInPlace() throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode tree = m.readTree("""
                {"note":"card 4111111111111111 used","cc":"4111 1111 1111 1111","n":4111111111111111,"d":4111111111111111.0,
                 "deep":[{"x":["5500-0000-0000-0004"]}],"4111111111111111":true,"order":4111111111111112,"ts":1700000000000,
                 "short":"411111111111","price":12.5}""");
        assertThat(CardNumbers.mask(tree)).isSameAs(tree);
        assertThat(tree.toString()).isEqualTo("{\"note\":\"card ************1111 used\",\"cc\":\"**** **** **** 1111\",\"n\":\"************1111\","
                + "\"d\":\"************1111\",\"deep\":[{\"x\":[\"****-****-****-0004\"]}],\"************1111\":true,"
                + "\"order\":4111111111111112,\"ts\":1700000000000,\"short\":\"411111111111\",\"price\":12.5}");
    }

    @Test
    void theBytePreCheckFindsEveryRunTheMaskerCouldMask() {
        assertThat(mayHold("{\"a\":\"x 4111 1111 1111 1111\"}")).isTrue();
        assertThat(mayHold("{\"a\":4.111111111111111e15}")).isTrue();
        assertThat(mayHold("\"\\u0034" + "\\u0031".repeat(15) + "\"")).isTrue();
        assertThat(mayHold("{\"a\":[1, 4111111111111111000e-3]}")).as("a number whose value is a card").isTrue();
        assertThat(mayHold("{\"messageId\":\"ajs-next-1709294410123-9f8e7d6c\",\"n\":4111111111111112}"))
                .as("runs that fail the Luhn check").isFalse();
        assertThat(mayHold("{\"userId\":\"u-1\",\"timestamp\":\"2026-03-01T12:00:00.123Z\",\"properties\":{\"total\":129.99,\"sku\":\"123456789012\"}}"))
                .isFalse();
        byte[] card = "xx4111111111111111".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(CardNumbers.mayHoldCard(card, 0, 14)).as("only the range is read").isFalse();
    }

    private static boolean mayHold(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return CardNumbers.mayHoldCard(b, 0, b.length);
    }

    /** A number of {@code length} digits (not starting with 0) whose last digit makes it pass the Luhn check. */
    /** A card number as payment cards are: starting with 2 to 6, passing the Luhn check. */
    static String luhnValid(int length, int seed) {
        return luhnValid(length, seed, 2 + new java.util.Random(seed ^ 0x5DEECE66DL).nextInt(5));
    }

    /** Digits starting with {@code first} that pass the Luhn check. */
    static String luhnValid(int length, int seed, int first) {
        java.util.Random r = new java.util.Random(seed);
        StringBuilder b = new StringBuilder().append(first);
        while (b.length() < length - 1) {
            b.append(r.nextInt(10));
        }
        for (int check = 0; check < 10; check++) {
            String candidate = b.toString() + check;
            if (CardNumbers.luhn(candidate, 0, candidate.length())) {
                return candidate;
            }
        }
        throw new AssertionError();
    }
}
