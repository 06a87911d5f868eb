package io.kith.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.error.ErrorKind;
import io.kith.error.KithException;
import io.kith.segment.lang.Diagnostic;
import io.kith.segment.lang.ParseResult;
import io.kith.segment.lang.SegmentParser;
import io.kith.segment.lang.SegmentPrinter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Definitions drawn on both sides of every bound of {@link Limits} (nesting to 45 levels, numbers with exponents up to
 * ±45, windows up to twice the longest): each is either read, and then round-trips through the text and JSON forms,
 * or refused as the user's error naming the bound it broke; nothing else (no {@link StackOverflowError}, no other
 * exception) ever comes out.
 */
class LimitsProperties {
    private static final List<String> LIMIT_MESSAGES = List.of("conditions nest at most " + Limits.MAX_DEPTH + " levels deep",
            "a number has at most " + Limits.MAX_INTEGER_DIGITS + " digits", "at most " + Limits.MAX_DAYS + " days");

    @Provide
    Arbitrary<String> jsonDefinition() {
        return Arbitraries.integers().between(0, 45).flatMap(levels -> tree(levels, true));
    }

    @Provide
    Arbitrary<String> textDefinition() {
        return Arbitraries.integers().between(0, 45).flatMap(levels -> tree(levels, false));
    }

    @Property(tries = 400)
    void aJsonDefinitionIsReadAndRoundTripsOrIsRefusedAsTheUsersError(@ForAll("jsonDefinition") String json) {
        Condition c;
        try {
            c = SegmentJson.read(json);
        } catch (KithException e) {
            assertThat(e.kind()).isEqualTo(ErrorKind.USER_ERROR);
            assertThat(LIMIT_MESSAGES).anySatisfy(m -> assertThat(e.getMessage()).contains(m));
            return;
        }
        roundTrips(c);
    }

    @Property(tries = 400)
    void aTextDefinitionIsParsedAndRoundTripsOrHasDiagnostics(@ForAll("textDefinition") String text) {
        switch (SegmentParser.parse(text)) {
            case ParseResult.Parsed p -> roundTrips(p.condition());
            case ParseResult.Failed f -> {
                for (Diagnostic d : f.diagnostics()) {
                    assertThat(d.line()).isEqualTo(1);
                    assertThat(d.column()).isBetween(1, text.length());
                    assertThat(LIMIT_MESSAGES).anySatisfy(m -> assertThat(d.message()).contains(m));
                }
            }
        }
    }

    private static void roundTrips(Condition c) {
        assertThat(c.depth()).isLessThanOrEqualTo(Limits.MAX_DEPTH);
        assertThat(SegmentJson.read(SegmentJson.canonical(c))).isEqualTo(c);
        assertThat(SegmentParser.parse(SegmentPrinter.print(c))).isEqualTo(new ParseResult.Parsed(c));
    }

    // ---- definitions ----------------------------------------------------------------------------------------------

    /** A condition with {@code levels} of and, or and not above a leaf, in JSON or in text. */
    private Arbitrary<String> tree(int levels, boolean json) {
        if (levels == 0) {
            return leaf(json);
        }
        Arbitrary<String> below = Arbitraries.lazy(() -> tree(levels - 1, json));
        return Arbitraries.oneOf(
                below.map(c -> json ? "{\"type\":\"not\",\"condition\":" + c + "}" : "not " + c),
                Combinators.combine(below, leaf(json)).as((a, b) -> json
                        ? "{\"type\":\"and\",\"conditions\":[" + a + "," + b + "]}" : "(" + a + ") and " + b),
                Combinators.combine(leaf(json), below).as((a, b) -> json
                        ? "{\"type\":\"or\",\"conditions\":[" + a + "," + b + "]}" : a + " or (" + b + ")"));
    }

    private Arbitrary<String> leaf(boolean json) {
        Arbitrary<String> value = number().map(n -> json
                ? "{\"type\":\"value\",\"namespace\":\"computed\",\"name\":\"revenue_lifetime\",\"op\":\"gt\",\"value\":" + n + "}"
                : "computed revenue_lifetime > " + n);
        Arbitrary<String> event = Combinators.combine(Arbitraries.longs().between(1, 2L * Limits.MAX_DAYS), number())
                .as((days, n) -> json
                        ? "{\"type\":\"event\",\"filter\":{\"event\":\"x\"},\"window\":{\"type\":\"within\",\"duration\":\"P" + days
                                + "D\"},\"op\":\"ge\",\"value\":" + n + "}"
                        : "count(\"x\", within " + days + " days) >= " + n);
        Arbitrary<String> identifier = Arbitraries.just(json ? "{\"type\":\"identifier\",\"identifierType\":\"email\"}"
                : "has identifier email");
        return Arbitraries.oneOf(value, event, identifier);
    }

    /** A number written as BigDecimal writes it ({@code 12.5}, {@code 1.25E+40}): valid in the text and JSON forms alike. */
    private static Arbitrary<String> number() {
        return Combinators.combine(Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L),
                Arbitraries.integers().between(-45, 45)).as((unscaled, scale) -> new BigDecimal(BigInteger.valueOf(unscaled), scale).toString());
    }
}
