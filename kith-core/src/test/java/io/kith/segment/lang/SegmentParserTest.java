package io.kith.segment.lang;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.EventType;
import io.kith.segment.Aggregate;
import io.kith.segment.Comparison;
import io.kith.segment.Condition;
import io.kith.segment.Condition.And;
import io.kith.segment.Condition.EventCondition;
import io.kith.segment.Condition.IdentifierPresent;
import io.kith.segment.Condition.InSegment;
import io.kith.segment.Condition.Not;
import io.kith.segment.Condition.Or;
import io.kith.segment.Condition.ProfileValueCondition;
import io.kith.segment.Condition.SequenceCondition;
import io.kith.segment.EventFilter;
import io.kith.segment.Literal.BoolLit;
import io.kith.segment.Literal.DateLit;
import io.kith.segment.Literal.DurationLit;
import io.kith.segment.Literal.ListLit;
import io.kith.segment.Literal.NoLit;
import io.kith.segment.Literal.NumberLit;
import io.kith.segment.Literal.StringLit;
import io.kith.segment.Operator;
import io.kith.segment.ProfileValue;
import io.kith.segment.ProfileValue.Namespace;
import io.kith.segment.PropertyPredicate;
import io.kith.segment.Window;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SegmentParserTest {
    private static final EventFilter ORDER = EventFilter.named("Order Completed");

    static Condition parsed(String text) {
        ParseResult r = SegmentParser.parse(text);
        assertThat(r).as("%s", r).isInstanceOf(ParseResult.Parsed.class);
        Condition c = ((ParseResult.Parsed) r).condition();
        assertThat(SegmentParser.parse(SegmentPrinter.print(c))).as("reprinted: %s", SegmentPrinter.print(c))
                .isEqualTo(new ParseResult.Parsed(c));
        return c;
    }

    static List<Diagnostic> failed(String text) {
        return failed(text, Vocabulary.NONE);
    }

    static List<Diagnostic> failed(String text, Vocabulary v) {
        ParseResult r = SegmentParser.parse(text, v);
        assertThat(r).as("%s", r).isInstanceOf(ParseResult.Failed.class);
        return ((ParseResult.Failed) r).diagnostics();
    }

    private static ProfileValueCondition value(Namespace ns, String name, Operator op, io.kith.segment.Literal lit) {
        return new ProfileValueCondition(new ProfileValue(ns, name), new Comparison(op, lit));
    }

    @Test
    void traitComparisons() {
        assertThat(parsed("trait plan = \"gold\"")).isEqualTo(value(Namespace.TRAIT, "plan", Operator.EQ, new StringLit("gold")));
        assertThat(parsed("trait address.city != \"Paris\"")).isEqualTo(
                value(Namespace.TRAIT, "address.city", Operator.NE, new StringLit("Paris")));
        assertThat(parsed("trait age >= 18")).isEqualTo(value(Namespace.TRAIT, "age", Operator.GE, NumberLit.of(18)));
        assertThat(parsed("trait score < -2.50")).isEqualTo(
                value(Namespace.TRAIT, "score", Operator.LT, new NumberLit(new BigDecimal("-2.5"))));
        assertThat(parsed("trait vip = true")).isEqualTo(value(Namespace.TRAIT, "vip", Operator.EQ, new BoolLit(true)));
        assertThat(parsed("trait tier in [\"gold\", \"silver\"]")).isEqualTo(value(Namespace.TRAIT, "tier", Operator.IN,
                new ListLit(List.of(new StringLit("gold"), new StringLit("silver")))));
        assertThat(parsed("trait tier not in [1, 2]")).isEqualTo(value(Namespace.TRAIT, "tier", Operator.NOT_IN,
                new ListLit(List.of(NumberLit.of(1), NumberLit.of(2)))));
        assertThat(parsed("trait tags contains \"vip\"")).isEqualTo(
                value(Namespace.TRAIT, "tags", Operator.CONTAINS, new StringLit("vip")));
        assertThat(parsed("trait email starts with \"info@\"")).isEqualTo(
                value(Namespace.TRAIT, "email", Operator.STARTS_WITH, new StringLit("info@")));
        assertThat(parsed("trait phone exists")).isEqualTo(value(Namespace.TRAIT, "phone", Operator.EXISTS, new NoLit()));
        assertThat(parsed("trait phone is absent")).isEqualTo(value(Namespace.TRAIT, "phone", Operator.ABSENT, new NoLit()));
        assertThat(parsed("trait phone is missing")).isEqualTo(value(Namespace.TRAIT, "phone", Operator.ABSENT, new NoLit()));
        assertThat(parsed("trait birthday before 2000-01-01")).isEqualTo(value(Namespace.TRAIT, "birthday", Operator.BEFORE,
                new DateLit(Instant.parse("2000-01-01T00:00:00Z"))));
        assertThat(parsed("trait renewal after 2024-05-01T12:30:00+02:00")).isEqualTo(value(Namespace.TRAIT, "renewal",
                Operator.AFTER, new DateLit(Instant.parse("2024-05-01T10:30:00Z"))));
        assertThat(parsed("trait last_login within last 30 days")).isEqualTo(value(Namespace.TRAIT, "last_login",
                Operator.WITHIN_LAST, new DurationLit(Duration.ofDays(30))));
        assertThat(parsed("trait signup = 2024-01-01")).isEqualTo(value(Namespace.TRAIT, "signup", Operator.EQ,
                new DateLit(Instant.parse("2024-01-01T00:00:00Z"))));
    }

    @Test
    void otherNamespaces() {
        assertThat(parsed("computed orders_90d >= 2")).isEqualTo(value(Namespace.COMPUTED, "orders_90d", Operator.GE, NumberLit.of(2)));
        assertThat(parsed("label lifecycle = \"at_risk\"")).isEqualTo(
                value(Namespace.LABEL, "lifecycle", Operator.EQ, new StringLit("at_risk")));
        assertThat(parsed("rfm.segment in [\"Champions\", \"Loyal\"]")).isEqualTo(value(Namespace.RFM, "segment", Operator.IN,
                new ListLit(List.of(new StringLit("Champions"), new StringLit("Loyal")))));
        assertThat(parsed("rfm.r >= 4")).isEqualTo(value(Namespace.RFM, "r", Operator.GE, NumberLit.of(4)));
        assertThat(parsed("rfm monetary > 100")).isEqualTo(value(Namespace.RFM, "monetary", Operator.GT, NumberLit.of(100)));
        // a person's RFM among one brand's customers
        assertThat(parsed("rfm[\"northwind\"].segment = \"Champions\"")).isEqualTo(
                new io.kith.segment.Condition.ProfileValueCondition(io.kith.segment.ProfileValue.rfmOfBrand("segment", "northwind"),
                        io.kith.segment.Comparison.of(Operator.EQ, new StringLit("Champions"))));
        assertThat(io.kith.segment.lang.SegmentPrinter.print(parsed("rfm[\"O'Brien \\\"& Co\\\"\"].r >= 4")))
                .isEqualTo("rfm[\"O'Brien \\\"& Co\\\"\"].r >= 4");
        assertThat(parsed("model churn >= 0.7")).isEqualTo(
                value(Namespace.MODEL, "churn", Operator.GE, new NumberLit(new BigDecimal("0.7"))));
        assertThat(parsed("consent email = \"granted\"")).isEqualTo(
                value(Namespace.CONSENT, "email", Operator.EQ, new StringLit("granted")));
        assertThat(parsed("profile.first_seen within last 7 days")).isEqualTo(value(Namespace.PROFILE, "first_seen",
                Operator.WITHIN_LAST, new DurationLit(Duration.ofDays(7))));
        assertThat(parsed("profile.event_count > 10")).isEqualTo(value(Namespace.PROFILE, "event_count", Operator.GT, NumberLit.of(10)));
        assertThat(parsed("brand \"acme\"")).isEqualTo(value(Namespace.PROFILE, "brands", Operator.CONTAINS, new StringLit("acme")));
        assertThat(parsed("source \"web-shop\"")).isEqualTo(
                value(Namespace.PROFILE, "sources", Operator.CONTAINS, new StringLit("web-shop")));
        assertThat(parsed("has identifier email")).isEqualTo(new IdentifierPresent("email"));
        assertThat(parsed("in segment \"vip-customers\"")).isEqualTo(new InSegment("vip-customers"));
        assertThat(parsed("in segment vip-customers")).isEqualTo(new InSegment("vip-customers"));
    }

    @Test
    void performedAndAggregates() {
        assertThat(parsed("performed \"Order Completed\"")).isEqualTo(EventCondition.performed(ORDER, new Window.Ever()));
        assertThat(parsed("performed \"Order Completed\" within 30 days")).isEqualTo(
                EventCondition.performed(ORDER, new Window.Within(Duration.ofDays(30))));
        assertThat(parsed("not performed \"Order Completed\" within 30 days")).isEqualTo(
                new Not(EventCondition.performed(ORDER, new Window.Within(Duration.ofDays(30)))));
        assertThat(parsed("count(\"Order Completed\" where properties.total >= 50, within 90 days) >= 3")).isEqualTo(
                new EventCondition(ORDER.where(new PropertyPredicate("properties.total", Comparison.atLeast(50))),
                        new Window.Within(Duration.ofDays(90)), new Aggregate.Count(), Comparison.atLeast(3)));
        assertThat(parsed("sum(properties.total of \"Order Completed\", between 30 and 90 days ago) > 100")).isEqualTo(
                new EventCondition(ORDER, new Window.Between(Duration.ofDays(30), Duration.ofDays(90)),
                        new Aggregate.Sum("properties.total"), new Comparison(Operator.GT, NumberLit.of(100))));
        assertThat(parsed("avg(properties.total of any track, since 2024-01-01) <= 20")).isEqualTo(
                new EventCondition(new EventFilter(null, EventType.TRACK, List.of(), EventFilter.Scope.ALL),
                        new Window.Since(Instant.parse("2024-01-01T00:00:00Z")), new Aggregate.Avg("properties.total"),
                        new Comparison(Operator.LE, NumberLit.of(20))));
        assertThat(parsed("min(properties.price of any event) = 1")).isInstanceOf(EventCondition.class);
        assertThat(parsed("max(properties.price of page \"Pricing\", ever) != 1")).isInstanceOf(EventCondition.class);
        assertThat(parsed("count(\"Order Completed\") = 0")).isEqualTo(new EventCondition(ORDER, new Window.Ever(),
                new Aggregate.Count(), new Comparison(Operator.EQ, NumberLit.of(0))));
        assertThat(parsed("count(\"Order Completed\") >= 1")).isEqualTo(EventCondition.performed(ORDER, new Window.Ever()));
    }

    @Test
    void filtersWithTypesPropertiesBrandsAndSources() {
        Condition c = parsed("performed page \"Pricing\" where (context.page.path starts with \"/pricing\" and properties.plan "
                + "exists) from brand [\"beta\", \"acme\"] from source \"web\" within 12 hours");
        EventFilter f = new EventFilter("Pricing", EventType.PAGE, List.of(
                new PropertyPredicate("context.page.path", new Comparison(Operator.STARTS_WITH, new StringLit("/pricing"))),
                new PropertyPredicate("properties.plan", new Comparison(Operator.EXISTS, new NoLit()))),
                new EventFilter.Scope(Set.of("acme", "beta"), Set.of("web")));
        assertThat(c).isEqualTo(EventCondition.performed(f, new Window.Within(Duration.ofHours(12))));
        assertThat(SegmentPrinter.print(c)).isEqualTo("performed page \"Pricing\" where (context.page.path starts with "
                + "\"/pricing\" and properties.plan exists) from brand [\"acme\", \"beta\"] from source \"web\" within 12 hours");
    }

    @Test
    void sequences() {
        EventFilter viewed = EventFilter.named("Product Viewed");
        EventFilter added = EventFilter.named("Product Added");
        assertThat(parsed("performed \"Product Viewed\" then \"Order Completed\" within 7 days")).isEqualTo(
                new SequenceCondition(viewed, new Window.Ever(), ORDER, Duration.ofDays(7), false));
        assertThat(parsed("performed \"Product Added\" within 3 days then not \"Order Completed\"")).isEqualTo(
                new SequenceCondition(added, new Window.Within(Duration.ofDays(3)), ORDER, null, true));
        assertThat(parsed("performed \"Product Added\" then not \"Order Completed\" within 1 day")).isEqualTo(
                new SequenceCondition(added, new Window.Ever(), ORDER, Duration.ofDays(1), true));
    }

    @Test
    void precedenceParenthesesAndCase() {
        Condition a = new IdentifierPresent("a");
        Condition b = new IdentifierPresent("b");
        Condition c = new IdentifierPresent("c");
        assertThat(parsed("has identifier a or has identifier b and has identifier c"))
                .isEqualTo(new Or(List.of(a, new And(List.of(b, c)))));
        assertThat(parsed("(has identifier a or has identifier b) and has identifier c"))
                .isEqualTo(new And(List.of(new Or(List.of(a, b)), c)));
        assertThat(parsed("not has identifier a and has identifier b")).isEqualTo(new And(List.of(new Not(a), b)));
        assertThat(parsed("not (has identifier a and has identifier b)")).isEqualTo(new Not(new And(List.of(a, b))));
        assertThat(parsed("HAS Identifier a AND NOT not has identifier b")).isEqualTo(new And(List.of(a, new Not(new Not(b)))));
        assertThat(parsed("# a comment\nhas identifier a # another\n  and has identifier b")).isEqualTo(new And(List.of(a, b)));
    }

    @Test
    void theIssueExampleParsesAndPrintsBack() {
        Condition c = parsed("""
                trait plan = "gold"
                and count("Order Completed" where properties.total >= 50, within 90 days) >= 3
                and not performed "Order Completed" within 30 days
                and performed "Product Viewed" then "Order Completed" within 7 days
                and performed "Product Added" within 3 days then not "Order Completed"
                and sum(properties.total of "Order Completed", between 30 and 90 days ago) > 100
                and has identifier email
                and in segment "vip-customers"
                and label lifecycle = "at_risk" and rfm.segment in ["Champions", "Loyal"] and rfm.r >= 4
                and computed orders_90d >= 2 and model churn >= 0.7 and consent email = "granted"
                and brand "acme" and source "web-shop"
                and trait birthday before 2000-01-01 and trait last_login within last 30 days
                """);
        assertThat(((And) c).conditions()).hasSize(18);
        assertThat(SegmentPrinter.print(c)).startsWith("trait plan = \"gold\"\nand count(\"Order Completed\" where properties.total >= 50, within 90 days) >= 3\n");
    }

    @Test
    void printsDurationsAndDatesInTheirLargestWholeUnit() {
        assertThat(SegmentPrinter.print(parsed("performed any event within 2 weeks"))).isEqualTo("performed any event within 14 days");
        assertThat(SegmentPrinter.print(parsed("performed any event within 90 minutes"))).isEqualTo("performed any event within 90 minutes");
        assertThat(SegmentPrinter.print(parsed("performed any event within 1 day"))).isEqualTo("performed any event within 1 day");
        assertThat(SegmentPrinter.print(parsed("performed any event between 12 hours and 2 days ago")))
                .isEqualTo("performed any event between 12 and 48 hours ago");
        assertThat(SegmentPrinter.print(parsed("performed any event since 2024-03-01T08:00:00.5+01:00")))
                .isEqualTo("performed any event since 2024-03-01T07:00:00.500Z");
    }

    // ---- errors ---------------------------------------------------------------------------------------------------

    @Test
    void misspeltFunctionIsReportedWithPositionAndSuggestion() {
        List<Diagnostic> d = failed("trait plan = \"gold\"\nand cont(\"Order Completed\") > 2");
        assertThat(d).hasSize(1);
        assertThat(d.get(0).line()).isEqualTo(2);
        assertThat(d.get(0).column()).isEqualTo(5);
        assertThat(d.get(0).message()).startsWith("unknown function 'cont'");
        assertThat(d.get(0).suggestion()).isEqualTo("count");
        assertThat(d.get(0).toString()).startsWith("2:5: unknown function 'cont'").endsWith("did you mean 'count'?");
    }

    @Test
    void misspeltKeywordsNamespacesOperatorsAndUnits() {
        assertThat(failed("trat plan = 1").get(0).suggestion()).isEqualTo("trait");
        assertThat(failed("perfomed \"X\"").get(0).suggestion()).isEqualTo("performed");
        assertThat(failed("rfn.segment = \"Loyal\"").get(0)).satisfies(d -> {
            assertThat(d.message()).startsWith("unknown namespace 'rfn'");
            assertThat(d.suggestion()).isEqualTo("rfm");
        });
        assertThat(failed("rfm.segmnt = \"Loyal\"").get(0)).satisfies(d -> {
            assertThat(d.message()).startsWith("unknown RFM value 'segmnt'");
            assertThat(d.suggestion()).isEqualTo("segment");
            assertThat(d.column()).isEqualTo(5);
        });
        assertThat(failed("trait tags containz \"a\"").get(0).suggestion()).isEqualTo("contains");
        assertThat(failed("performed \"X\" within 3 dys").get(0)).satisfies(d -> {
            assertThat(d.suggestion()).isEqualTo("days");
            assertThat(d.column()).isEqualTo(24);
        });
        assertThat(failed("has identifier a adn has identifier b").get(0).suggestion()).isEqualTo("and");
        assertThat(failed("performed trak \"X\"").get(0).suggestion()).isEqualTo("track");
        assertThat(failed("performed \"X\" within 3 months").get(0).message()).contains("write days");
    }

    @Test
    void unknownNamesAreCheckedAgainstTheVocabulary() {
        Vocabulary v = Vocabulary.NONE.withEventNames(Set.of("Order Completed", "Product Added"))
                .withTraitNames(Set.of("plan", "address")).withSegmentKeys(Set.of("vip-customers"))
                .withIdentifierTypes(Set.of("email", "phone")).withLabels(Set.of("lifecycle"));
        List<Diagnostic> d = failed("""
                performed "Order Complete"
                and trait plna = "gold" and trait address.city = "Paris"
                and in segment "vip-customer" and has identifier emial and label lifecycl = "x"
                """, v);
        assertThat(d).extracting(Diagnostic::toString).containsExactly(
                "1:11: unknown event 'Order Complete' — did you mean 'Order Completed'?",
                "2:11: unknown trait 'plna' — did you mean 'plan'?",
                "3:16: unknown segment 'vip-customer' — did you mean 'vip-customers'?",
                "3:50: unknown identifier type 'emial' — did you mean 'email'?",
                "3:66: unknown label 'lifecycl' — did you mean 'lifecycle'?");
        assertThat(SegmentParser.parse("performed \"Order Completed\" and trait address.zip exists", v))
                .isInstanceOf(ParseResult.Parsed.class);
    }

    @Test
    void typeErrorsPointAtTheComparison() {
        assertThat(failed("sum(properties.total of \"Order Completed\") = \"abc\"").get(0)).satisfies(d -> {
            assertThat(d.column()).isEqualTo(44);
            assertThat(d.message()).contains("sum(...) is a number");
        });
        assertThat(failed("trait birthday before 12").get(0)).satisfies(d -> {
            assertThat(d.column()).isEqualTo(23);
            assertThat(d.message()).contains("'before' cannot take the number 12; it takes a date");
        });
        assertThat(failed("trait last_login within last \"30 days\"").get(0).message()).startsWith("expected a number and a unit");
        assertThat(failed("trait last_login within 30 days").get(0).message()).contains("'last'");
        assertThat(failed("rfm.segment > 3").get(0)).satisfies(d -> {
            assertThat(d.column()).isEqualTo(13);
            assertThat(d.message()).isEqualTo("rfm.segment: a string value cannot be compared with '>' and the number 3; "
                    + "use =, !=, in, not in, contains or starts with and a string");
        });
        assertThat(failed("trait plan > \"gold\"").get(0).message()).contains("'>' cannot take the string \"gold\"");
        assertThat(failed("model churn = \"high\"").get(0).message()).contains("a number value");
        assertThat(failed("profile.brands = \"acme\"").get(0).message()).contains("use contains with a string");
        assertThat(failed("trait tier in [\"a\", 1]").get(0).message()).contains("one kind");
        assertThat(failed("performed any event between 90 and 30 days ago").get(0).message()).contains("further back");
        assertThat(failed("performed any event within 0 days").get(0).message()).contains("positive whole number");
        assertThat(failed("performed any event within 1.5 days").get(0).message()).contains("positive whole number");
        assertThat(failed("trait t after 2024-01-01T10:00:00").get(0).message()).contains("no zone");
    }

    @Test
    void severalTypeErrorsAreReportedTogether() {
        assertThat(failed("rfm.segment > 3 and model churn = \"x\" and trait a before 1")).hasSize(3);
    }

    @Test
    void syntaxErrorsSayWhatWasExpected() {
        assertThat(failed("").get(0).message()).startsWith("the definition is empty");
        assertThat(failed("trait plan = \"gold").get(0).message()).contains("no closing");
        assertThat(failed("(has identifier a").get(0).message()).contains("')' to close the '(' at 1:1");
        assertThat(failed("has identifier a)").get(0).message()).contains("no matching '('");
        assertThat(failed("trait plan == \"gold\"").get(0).message()).contains("'==' is written '='");
        assertThat(failed("trait plan = gold").get(0).message()).contains("double quotes");
        assertThat(failed("trait plan = 'gold'").get(0).message()).contains("straight double quotes");
        assertThat(failed("performed \"X\" where (properties.a = 1 or properties.b = 2)").get(0).message())
                .contains("joined with 'and' only");
        assertThat(failed("performed \"X\" then \"Y\" within last 3 days").get(0).message()).contains("within 7 days");
        assertThat(failed("count(\"X\" within 3 days) > 1").get(0).message()).contains("')' to close count(");
    }

    @Test
    void neverThrowsOnArbitraryInput() {
        for (String s : List.of("(", ")", "[", "\"", "\\", "not", "not not", "trait", "trait a", "trait a =", "count(",
                "sum(x of", "performed", "performed \"a\" then", "in segment", "has", "rfm.", "-", "1", "2024-13-45",
                "trait a = 2024-02-30", "trait a = 0001-01-01T00:00:00+01:00")) {
            assertThat(SegmentParser.parse(s)).as(s).isInstanceOf(ParseResult.Failed.class);
        }
    }
}
