package io.kith.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.segment.lang.Diagnostic;
import io.kith.segment.lang.ParseResult;
import io.kith.segment.lang.SegmentParser;
import io.kith.segment.lang.SegmentPrinter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every bound of {@link Limits}, through each way a definition comes in: the text form, the JSON form and the nodes
 * themselves. A definition over a bound is refused as the user's error (a diagnostic, or {@link ErrorCode#INVALID_ARGUMENT}),
 * never a {@link StackOverflowError} or another exception; one at the bound is accepted and round-trips.
 */
class LimitsTest {
    private static final Condition LEAF = new Condition.IdentifierPresent("email");

    private static Condition nots(int depth) {
        Condition c = LEAF;
        for (int i = 1; i < depth; i++) {
            c = new Condition.Not(c);
        }
        return c;
    }

    private static String jsonNots(int depth) {
        return "{\"type\":\"not\",\"condition\":".repeat(depth - 1) + "{\"type\":\"identifier\",\"identifierType\":\"email\"}"
                + "}".repeat(depth - 1);
    }

    private static List<Diagnostic> failed(String text) {
        ParseResult r = SegmentParser.parse(text);
        assertThat(r).as(text.length() > 200 ? text.substring(0, 200) : text).isInstanceOf(ParseResult.Failed.class);
        return ((ParseResult.Failed) r).diagnostics();
    }

    private static Condition parsed(String text) {
        ParseResult r = SegmentParser.parse(text);
        assertThat(r).as("%s", r).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) r).condition();
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> SegmentJson.read(json)).isInstanceOf(KithException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((KithException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    // ---- depth ----------------------------------------------------------------------------------------------------

    @Test
    void aConditionAtTheDepthLimitIsBuiltPrintedAndReadBack() {
        Condition deepest = nots(Limits.MAX_DEPTH);
        assertThat(deepest.depth()).isEqualTo(Limits.MAX_DEPTH);
        assertThat(SegmentJson.read(SegmentJson.canonical(deepest))).isEqualTo(deepest);
        assertThat(SegmentJson.read(jsonNots(Limits.MAX_DEPTH))).isEqualTo(deepest);
        assertThat(SegmentParser.parse(SegmentPrinter.print(deepest))).isEqualTo(new ParseResult.Parsed(deepest));
        Condition alternating = LEAF;
        for (int i = 1; i < Limits.MAX_DEPTH; i++) {
            alternating = i % 2 == 0 ? new Condition.And(List.of(alternating, LEAF)) : new Condition.Or(List.of(alternating, LEAF));
        }
        assertThat(alternating.depth()).isEqualTo(Limits.MAX_DEPTH);
        assertThat(SegmentParser.parse(SegmentPrinter.print(alternating))).isEqualTo(new ParseResult.Parsed(alternating));
        assertThat(SegmentJson.read(SegmentJson.canonical(alternating))).isEqualTo(alternating);
    }

    @Test
    void aNodeOneLevelTooDeepIsRefused() {
        Condition deepest = nots(Limits.MAX_DEPTH);
        assertThatThrownBy(() -> new Condition.Not(deepest)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conditions nest at most 32 levels deep (each 'and', 'or', 'not' and '(' is a level); this one is 33 deep");
        assertThatThrownBy(() -> new Condition.And(List.of(LEAF, deepest))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Condition.Or(List.of(deepest, LEAF))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deeplyNestedJsonIsRefusedNamingTheLimitNotOverflowingTheStack() {
        assertRefused(jsonNots(Limits.MAX_DEPTH + 1), "conditions nest at most 32 levels deep");
        // the request of the security review: 900 nested "not"s
        assertRefused(jsonNots(900), "conditions nest at most 32 levels deep");
        String ands = "{\"type\":\"and\",\"conditions\":[{\"type\":\"identifier\",\"identifierType\":\"email\"},".repeat(400)
                + "{\"type\":\"identifier\",\"identifierType\":\"email\"}" + "]}".repeat(400);
        assertRefused(ands, "conditions nest at most 32 levels deep");
    }

    @Test
    void deeplyNestedTextIsADiagnosticWithItsPosition() {
        List<Diagnostic> parens = failed("(".repeat(3000) + "computed revenue_lifetime > 1" + ")".repeat(3000));
        assertThat(parens).hasSize(1);
        assertThat(parens.get(0).line()).isEqualTo(1);
        assertThat(parens.get(0).column()).isEqualTo(Limits.MAX_DEPTH);
        assertThat(parens.get(0).message()).startsWith("conditions nest at most 32 levels deep");

        List<Diagnostic> nots = failed("not ".repeat(3000) + "computed revenue_lifetime > 1");
        assertThat(nots).hasSize(1);
        assertThat(nots.get(0).column()).isEqualTo(4 * (Limits.MAX_DEPTH - 1) + 1);
        assertThat(nots.get(0).message()).startsWith("conditions nest at most 32 levels deep");

        assertThat(parsed("not ".repeat(Limits.MAX_DEPTH - 1) + "has identifier email")).isEqualTo(nots(Limits.MAX_DEPTH));
        assertThat(parsed("(".repeat(Limits.MAX_DEPTH - 1) + "has identifier email" + ")".repeat(Limits.MAX_DEPTH - 1)))
                .isEqualTo(LEAF);
    }

    @Test
    void textWhoseAndsAndOrsNestTooDeepIsADiagnostic() {
        // each "(" is one level of text, but an "or" of "and"s inside it is two levels of condition
        StringBuilder text = new StringBuilder("has identifier email");
        for (int i = 0; i < 20; i++) {
            text = new StringBuilder("has identifier a or has identifier b and (" + text + ")");
        }
        List<Diagnostic> d = failed(text.toString());
        assertThat(d).hasSize(1);
        assertThat(d.get(0).message()).startsWith("conditions nest at most 32 levels deep");
    }

    // ---- numbers --------------------------------------------------------------------------------------------------

    @Test
    void numbersAtTheEdgesOfTheRangeAreAccepted() {
        for (String n : List.of("9999999999999999999999999999.9999999999", "-9999999999999999999999999999.9999999999",
                "0.0000000001", "1e27", "1.5E-9")) {
            Condition c = parsed("computed revenue_lifetime > " + n);
            assertThat(SegmentJson.read(SegmentJson.canonical(c))).isEqualTo(c);
            assertThat(((Condition.ProfileValueCondition) c).comparison().value())
                    .isEqualTo(new Literal.NumberLit(new BigDecimal(n)));
        }
    }

    @Test
    void numbersOutOfRangeAreRefusedInEveryForm() {
        for (String n : List.of("1e999", "1e28", "10000000000000000000000000000", "0.00000000001", "-1e29", "1e2000000",
                "1.5e9999999999")) {
            List<Diagnostic> d = failed("computed revenue_lifetime > " + n);
            assertThat(d).as(n).hasSize(1);
            assertThat(d.get(0).column()).as(n).isEqualTo(29);
            assertThat(d.get(0).message()).as(n).startsWith("a number has at most 28 digits before the decimal point and 10 after");
            assertThat(failed("count(\"x\") > " + n).get(0).message()).startsWith("a number has at most 28 digits");
            assertThat(failed("trait plan in [1, " + n + "]").get(0).message()).startsWith("a number has at most 28 digits");
        }
        assertRefused("{\"type\":\"value\",\"namespace\":\"computed\",\"name\":\"revenue_lifetime\",\"op\":\"gt\",\"value\":1e999}",
                "$.value: a number has at most 28 digits before the decimal point and 10 after, got 1E+999");
        assertRefused("{\"type\":\"value\",\"namespace\":\"trait\",\"name\":\"a\",\"op\":\"in\",\"value\":[1,0.00000000001]}",
                "$.value[1]: a number has at most 28 digits");
        assertRefused("{\"type\":\"value\",\"namespace\":\"trait\",\"name\":\"a\",\"op\":\"in\",\"value\":[[1]]}",
                "$.value[0]: must be a string, number or boolean");
        assertThatThrownBy(() -> new Literal.NumberLit(new BigDecimal("1e28"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHugeExponentIsRefusedAtOnce() {
        long start = System.nanoTime();
        List<Diagnostic> d = failed("computed revenue_lifetime > 1e2000000");
        assertThat(d.get(0).message()).isEqualTo("a number has at most 28 digits before the decimal point and 10 after, got 1E+2000000");
        assertRefused("{\"type\":\"value\",\"namespace\":\"computed\",\"name\":\"x\",\"op\":\"gt\",\"value\":1e2000000}",
                "got 1E+2000000");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    // ---- durations ------------------------------------------------------------------------------------------------

    @Test
    void windowsAndDurationsUpToTheLimitAreAccepted() {
        Condition c = parsed("performed \"x\" within " + Limits.MAX_DAYS + " days and performed \"x\" between 1 and "
                + Limits.MAX_DAYS + " days ago and trait birthday within last " + Limits.MAX_DAYS
                + " days and performed \"a\" then \"b\" within " + Limits.MAX_DAYS + " days");
        assertThat(SegmentJson.read(SegmentJson.canonical(c))).isEqualTo(c);
        assertThat(SegmentJson.canonical(c)).contains("\"P36500D\"");
    }

    @Test
    void windowsAndDurationsOverTheLimitAreRefusedInEveryForm() {
        for (String text : List.of("performed \"x\" within 99999999999 days", "performed \"x\" within 36501 days",
                "performed \"x\" within 5215 weeks", "count(\"x\", between 1 and 99999999999 days ago) > 1",
                "trait birthday within last 36501 days", "performed \"a\" then \"b\" within 876025 hours")) {
            List<Diagnostic> d = failed(text);
            assertThat(d).as(text).hasSize(1);
            assertThat(d.get(0).message()).as(text).contains("must be at most 36500 days (about 100 years), got ");
        }
        assertThat(failed("performed \"x\" within 99999999999 days").get(0)).satisfies(d -> {
            assertThat(d.column()).isEqualTo(22);
            assertThat(d.message()).isEqualTo("a window must be at most 36500 days (about 100 years), got 99999999999 days");
        });
        assertRefused("{\"type\":\"event\",\"filter\":{\"event\":\"x\"},\"window\":{\"type\":\"within\",\"duration\":\"P99999999999D\"},"
                + "\"op\":\"ge\",\"value\":1}", "$.window: a window must be at most 36500 days (about 100 years), got 99999999999 days");
        assertRefused("{\"type\":\"event\",\"filter\":{},\"window\":{\"type\":\"between\",\"from\":\"P1D\",\"to\":\"PT876001H\"},"
                + "\"op\":\"ge\",\"value\":1}", "must be at most 36500 days (about 100 years), got PT876001H");
        assertRefused("{\"type\":\"value\",\"namespace\":\"trait\",\"name\":\"b\",\"op\":\"within_last\",\"value\":{\"duration\":\"P36501D\"}}",
                "a duration must be at most 36500 days");
        assertRefused("{\"type\":\"sequence\",\"first\":{},\"then\":{},\"within\":\"P36501D\"}", "must be at most 36500 days");
        assertThatThrownBy(() -> new Window.Within(Duration.ofDays(36_501))).isInstanceOf(IllegalArgumentException.class);
    }
}
