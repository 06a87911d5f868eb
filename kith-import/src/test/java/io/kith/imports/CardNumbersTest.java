package io.kith.imports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CardNumbersTest {
    private static String scrub(String text) {
        return CardNumbers.scrub(text, card -> "[" + card.replaceAll("[^0-9]", "").length() + "]");
    }

    @Test
    void cardsWithOrWithoutSeparatorsAreReplaced() {
        assertThat(scrub("4111111111111111")).isEqualTo("[16]");
        assertThat(scrub("paid 4111 1111 1111 1111, thanks")).isEqualTo("paid [16], thanks");
        assertThat(scrub("5500-0000-0000-0004")).isEqualTo("[16]");
        assertThat(scrub("amex 378282246310005.")).isEqualTo("amex [15].");
        assertThat(scrub("{\"n\":\"4111111111111111\",\"m\":\"5500000000000004\"}")).isEqualTo("{\"n\":\"[16]\",\"m\":\"[16]\"}");
    }

    @Test
    void aCardAmongOtherDigitGroupsIsStillFound() {
        assertThat(scrub("4111 1111 1111 1111 2030")).isEqualTo("[16] 2030");
        assertThat(scrub("ref 12 4111 1111 1111 1111")).isEqualTo("ref 12 [16]");
    }

    @Test
    void numbersThatAreNotCardsStay() {
        assertThat(scrub("4111111111111112")).isEqualTo("4111111111111112"); // fails Luhn
        assertThat(scrub("07700 900123")).isEqualTo("07700 900123");
        assertThat(scrub("2025-11-02T10:00:00Z")).isEqualTo("2025-11-02T10:00:00Z");
        assertThat(scrub("41111111111111111111111")).isEqualTo("41111111111111111111111"); // 23 digits in one run
        assertThat(scrub("no digits")).isEqualTo("no digits");
    }
}
