package io.kith.segment;

import static io.kith.segment.People.NOW;
import static io.kith.segment.People.daysAgo;
import static io.kith.segment.People.events;
import static io.kith.segment.People.withTraits;
import static org.assertj.core.api.Assertions.assertThat;

import io.kith.event.EventType;
import io.kith.segment.lang.ParseResult;
import io.kith.segment.lang.SegmentParser;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SegmentEvaluatorTest {

    private static Condition c(String text) {
        ParseResult r = SegmentParser.parse(text);
        assertThat(r).as("%s", r).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) r).condition();
    }

    private static boolean eval(String text, PersonView p) {
        return SegmentEvaluator.matches(c(text), p, NOW);
    }

    @Test
    void traitStringsNumbersAndBooleans() {
        PersonView p = withTraits("""
                {"plan": "gold", "age": 42, "ratio": 0.1, "big": 12345678901234567890.5, "vip": true, "zip": "12",
                 "address": {"city": "Paris"}, "tags": ["a", "b", 3], "nothing": null}""");
        assertThat(eval("trait plan = \"gold\"", p)).isTrue();
        assertThat(eval("trait plan = \"Gold\"", p)).as("case-sensitive").isFalse();
        assertThat(eval("trait plan != \"silver\"", p)).isTrue();
        assertThat(eval("trait age = 42.0", p)).as("exact decimal").isTrue();
        assertThat(eval("trait ratio = 0.1", p)).isTrue();
        assertThat(eval("trait age > 41 and trait age <= 42 and trait age >= 42 and trait age < 43", p)).isTrue();
        assertThat(eval("trait vip = true", p)).isTrue();
        assertThat(eval("trait zip = 12", p)).as("a numeric string is not a number").isFalse();
        assertThat(eval("trait zip > 1", p)).isFalse();
        assertThat(eval("trait zip != 12", p)).as("wrong type: != is false too").isFalse();
        assertThat(eval("trait address.city = \"Paris\"", p)).isTrue();
        assertThat(eval("trait address.city.name exists", p)).isFalse();
        assertThat(eval("trait tags contains \"b\" and trait tags contains 3", p)).isTrue();
        assertThat(eval("trait plan contains \"ol\" and trait plan starts with \"go\"", p)).isTrue();
        assertThat(eval("trait plan in [\"silver\", \"gold\"] and trait plan not in [\"silver\"]", p)).isTrue();
        assertThat(eval("trait tags in [\"a\"]", p)).as("in compares single values, not arrays").isFalse();
        assertThat(eval("trait age in [1, 42]", p)).isTrue();
        assertThat(eval("trait age not in [\"42\"]", p)).as("wrong type").isFalse();
    }

    @Test
    void missingValuesMakeEveryComparisonFalseExceptAbsent() {
        PersonView p = withTraits("{\"nothing\": null}");
        for (String name : new String[] {"nothing", "unknown"}) {
            assertThat(eval("trait " + name + " is absent", p)).isTrue();
            assertThat(eval("trait " + name + " exists", p)).isFalse();
            assertThat(eval("trait " + name + " = 1", p)).isFalse();
            assertThat(eval("trait " + name + " != 1", p)).isFalse();
            assertThat(eval("trait " + name + " not in [1]", p)).isFalse();
            assertThat(eval("not (trait " + name + " = 1)", p)).as("not is two-valued").isTrue();
            assertThat(eval("trait " + name + " before 2030-01-01", p)).isFalse();
        }
    }

    @Test
    void dates() {
        PersonView p = withTraits("""
                {"birthday": "1990-05-01", "login": "2025-05-20T10:00:00+02:00", "local": "2025-05-20T10:00:00",
                 "epoch": 1700000000}""");
        assertThat(eval("trait birthday before 2000-01-01", p)).isTrue();
        assertThat(eval("trait birthday after 1990-05-01", p)).as("strict").isFalse();
        assertThat(eval("trait birthday = 1990-05-01T00:00:00Z", p)).isTrue();
        assertThat(eval("trait login = 2025-05-20T08:00:00Z", p)).isTrue();
        assertThat(eval("trait login within last 13 days", p)).isTrue();
        assertThat(eval("trait login within last 12 days", p)).isFalse();
        assertThat(eval("trait local exists and not (trait local before 2030-01-01)", p)).as("no zone: not a date").isTrue();
        assertThat(eval("trait epoch before 2030-01-01", p)).as("epoch numbers are not dates").isFalse();
        PersonView edge = withTraits("{\"t\": \"" + daysAgo(30) + "\", \"future\": \"" + NOW.plusSeconds(1) + "\"}");
        assertThat(eval("trait t within last 30 days", edge)).as("the edge counts").isTrue();
        assertThat(eval("trait future within last 30 days", edge)).as("after now").isFalse();
    }

    @Test
    void labelsRfmModelsConsentAndProfileValues() {
        PersonView p = PersonView.empty()
                .withLabels(Map.of("lifecycle", "at_risk"))
                .withRfm(new PersonView.Rfm("Champions", 5, 4, 3, new BigDecimal("12"), null, new BigDecimal("99.5")))
                .withModels(Map.of("churn", new BigDecimal("0.72")))
                .withConsent(Map.of("email", "granted"))
                .withComputed(Map.of("orders_90d", People.json("3")))
                .withBrandsAndSources(Set.of("acme"), Set.of("web-shop"))
                .withSeen(daysAgo(400), daysAgo(2), 57);
        assertThat(eval("label lifecycle = \"at_risk\" and label other is absent", p)).isTrue();
        assertThat(eval("rfm.segment in [\"Champions\", \"Loyal\"] and rfm.r >= 4 and rfm.f = 4 and rfm.m < 4", p)).isTrue();
        assertThat(eval("rfm.recency_days = 12 and rfm.monetary > 99 and rfm.frequency is absent", p)).isTrue();
        assertThat(eval("model churn >= 0.7 and model other is absent", p)).isTrue();
        assertThat(eval("consent email = \"granted\" and not (consent sms = \"granted\")", p)).isTrue();
        assertThat(eval("computed orders_90d >= 2", p)).isTrue();
        assertThat(eval("brand \"acme\" and source \"web-shop\" and not brand \"other\"", p)).isTrue();
        assertThat(eval("profile.first_seen before 2025-01-01 and profile.last_seen within last 3 days", p)).isTrue();
        assertThat(eval("profile.event_count = 57", p)).isTrue();
        assertThat(eval("rfm.r exists", PersonView.empty())).as("no RFM computed").isFalse();
        assertThat(eval("profile.first_seen exists", PersonView.empty())).isFalse();
    }

    @Test
    void identifiersAndSegments() {
        PersonView p = PersonView.empty().withIdentifierTypes(Set.of("email")).withMemberOf(Set.of("vip"));
        assertThat(eval("has identifier email and not has identifier phone", p)).isTrue();
        assertThat(eval("in segment \"vip\" and not in segment \"other\"", p)).isTrue();
    }

    @Test
    void windowsIncludeAndExcludeTheirEdgesAsDocumented() {
        PersonView p = events().track("A", daysAgo(3)).track("B", daysAgo(30)).track("C", daysAgo(90))
                .track("D", NOW.plusMillis(1)).track("E", NOW).person();
        assertThat(eval("performed \"A\" within 3 days", p)).as("exactly now - d counts").isTrue();
        assertThat(eval("performed \"A\" within 71 hours", p)).isFalse();
        assertThat(eval("performed \"B\" between 30 and 90 days ago", p)).as("exactly now - a does not count").isFalse();
        assertThat(eval("performed \"C\" between 30 and 90 days ago", p)).as("exactly now - b counts").isTrue();
        assertThat(eval("performed \"D\" or performed \"D\" within 1 day or performed \"D\" since 2020-01-01", p))
                .as("after now never counts").isFalse();
        assertThat(eval("performed \"E\" within 1 second and performed \"E\" since " + NOW, p)).isTrue();
        assertThat(eval("performed \"A\" since " + daysAgo(3) + " and not performed \"B\" since " + daysAgo(3), p)).isTrue();
    }

    @Test
    void aggregatesIgnoreMissingAndNonNumericValues() {
        PersonView p = events()
                .track("Order Completed", daysAgo(1), "{\"total\": 10}")
                .track("Order Completed", daysAgo(2), "{\"total\": 25.5}")
                .track("Order Completed", daysAgo(3), "{\"total\": \"1000\"}")
                .track("Order Completed", daysAgo(4), "{}")
                .track("Order Completed", daysAgo(100), "{\"total\": 500}")
                .person();
        assertThat(eval("count(\"Order Completed\", within 7 days) = 4", p)).isTrue();
        assertThat(eval("sum(properties.total of \"Order Completed\", within 7 days) = 35.5", p)).isTrue();
        assertThat(eval("avg(properties.total of \"Order Completed\", within 7 days) = 17.75", p)).isTrue();
        assertThat(eval("min(properties.total of \"Order Completed\", within 7 days) = 10", p)).isTrue();
        assertThat(eval("max(properties.total of \"Order Completed\") = 500", p)).isTrue();
        assertThat(eval("count(\"Order Completed\" where properties.total >= 20) = 2", p)).isTrue();
        assertThat(eval("count(\"Nothing\") = 0", p)).isTrue();
        assertThat(eval("sum(properties.total of \"Nothing\") = 0", p)).as("no values: missing, not 0").isFalse();
        assertThat(eval("sum(properties.total of \"Nothing\") != 0", p)).isFalse();
        assertThat(eval("sum(properties.missing of \"Order Completed\") >= 0", p)).isFalse();
    }

    @Test
    void averagesCompareExactlyWithoutRounding() {
        PersonView p = events().track("X", daysAgo(1), "{\"v\": 1}").track("X", daysAgo(2), "{\"v\": 1}")
                .track("X", daysAgo(3), "{\"v\": 2}").person();
        assertThat(eval("avg(properties.v of \"X\") > 1.3333333333", p)).isTrue();
        assertThat(eval("avg(properties.v of \"X\") < 1.3333333334", p)).isTrue();
    }

    @Test
    void filtersMatchTypeBrandSourceAndProperties() {
        PersonView p = events()
                .add("Pricing", EventType.PAGE, daysAgo(1), "acme", "web", "{\"plan\": \"pro\"}")
                .add("Pricing", EventType.TRACK, daysAgo(1), "beta", "app", "{}")
                .person();
        assertThat(eval("count(\"Pricing\") = 2", p)).isTrue();
        assertThat(eval("count(page \"Pricing\") = 1 and count(any page) = 1 and count(any event) = 2", p)).isTrue();
        assertThat(eval("count(\"Pricing\" from brand \"beta\") = 1 and count(\"Pricing\" from source [\"app\", \"web\"]) = 2", p))
                .isTrue();
        assertThat(eval("count(\"Pricing\" from brand \"acme\" from source \"app\") = 0", p)).isTrue();
        assertThat(eval("performed \"Pricing\" where (properties.plan = \"pro\" and type = \"page\")", p)).isTrue();
    }

    @Test
    void cartAbandonedWithinThreeDaysWithNoOrderSince() {
        String abandoned = "performed \"Product Added\" within 3 days then not \"Order Completed\"";
        assertThat(eval(abandoned, events().track("Product Added", daysAgo(1)).person())).isTrue();
        assertThat(eval(abandoned, events().track("Product Added", daysAgo(4)).person())).as("outside the window").isFalse();
        assertThat(eval(abandoned, events().track("Product Added", daysAgo(2)).track("Order Completed", daysAgo(1)).person()))
                .isFalse();
        assertThat(eval(abandoned, events().track("Order Completed", daysAgo(2)).track("Product Added", daysAgo(1)).person()))
                .as("an order before the add does not count").isTrue();
        assertThat(eval(abandoned, events().track("Product Added", daysAgo(2)).track("Order Completed", daysAgo(1))
                .track("Product Added", Instant.from(NOW.minusSeconds(60))).person())).as("added again after ordering").isTrue();
    }

    @Test
    void thenNotWithinWaitsUntilTheTimeIsOver() {
        String noOrderWithinADay = "performed \"Product Added\" then not \"Order Completed\" within 1 day";
        assertThat(eval(noOrderWithinADay, events().track("Product Added", NOW.minus(Duration.ofHours(23))).person()))
                .as("still waiting").isFalse();
        assertThat(eval(noOrderWithinADay, events().track("Product Added", daysAgo(1)).person())).as("exactly over").isTrue();
        assertThat(eval(noOrderWithinADay, events().track("Product Added", daysAgo(3)).track("Order Completed", daysAgo(1))
                .person())).as("ordered, but too late").isTrue();
        assertThat(eval(noOrderWithinADay, events().track("Product Added", daysAgo(3))
                .track("Order Completed", daysAgo(2)).person())).as("ordered exactly at the deadline").isFalse();
    }

    @Test
    void viewedThenBoughtWithinSevenDays() {
        String funnel = "performed \"Product Viewed\" then \"Order Completed\" within 7 days";
        assertThat(eval(funnel, events().track("Product Viewed", daysAgo(10)).track("Order Completed", daysAgo(4)).person()))
                .isTrue();
        assertThat(eval(funnel, events().track("Product Viewed", daysAgo(10)).track("Order Completed", daysAgo(2)).person()))
                .as("8 days later").isFalse();
        assertThat(eval(funnel, events().track("Order Completed", daysAgo(10)).track("Product Viewed", daysAgo(9)).person()))
                .as("wrong order").isFalse();
        assertThat(eval(funnel, events().track("Product Viewed", daysAgo(1)).track("Order Completed", NOW.plusSeconds(1))
                .person())).as("after now").isFalse();
        assertThat(eval("performed any event then any event", events().track("X", daysAgo(1)).person()))
                .as("an event does not follow itself").isFalse();
        assertThat(eval("performed any event then any event", events().track("X", daysAgo(1)).track("Y", daysAgo(1)).person()))
                .as("same instant counts as after").isTrue();
    }

    @Test
    void purchasesBetweenThirtyAndNinetyDaysAgoButNotSince() {
        String lapsed = "performed \"Order Completed\" between 30 and 90 days ago and not performed \"Order Completed\" within 30 days";
        assertThat(eval(lapsed, events().track("Order Completed", daysAgo(45)).person())).isTrue();
        assertThat(eval(lapsed, events().track("Order Completed", daysAgo(45)).track("Order Completed", daysAgo(5)).person()))
                .isFalse();
        assertThat(eval(lapsed, events().track("Order Completed", daysAgo(91)).person())).isFalse();
        assertThat(eval(lapsed, events().track("Order Completed", daysAgo(30)).person()))
                .as("exactly 30 days ago belongs to 'within 30 days'").isFalse();
    }
}
