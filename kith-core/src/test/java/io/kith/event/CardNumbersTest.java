package io.kith.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.error.ErrorCode;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class CardNumbersTest {
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

    /** A number of {@code length} digits (not starting with 0) whose last digit makes it pass the Luhn check. */
    static String luhnValid(int length, int seed) {
        java.util.Random r = new java.util.Random(seed);
        StringBuilder b = new StringBuilder().append(1 + r.nextInt(9));
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
