package io.kith.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.segment.lang.ParseResult;
import io.kith.segment.lang.SegmentParser;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SegmentJsonTest {
    private static Condition parse(String text) {
        return ((ParseResult.Parsed) SegmentParser.parse(text)).condition();
    }

    @Test
    void theJsonFormOfAFunnelAndAnAggregate() {
        Condition c = parse("""
                performed "Product Added" within 3 days then not "Order Completed"
                and sum(properties.total of track "Order Completed" where properties.currency = "EUR" from brand "acme",
                        between 30 and 90 days ago) > 100.50
                and trait birthday before 2000-01-01""");
        assertThat(SegmentJson.canonical(c)).isEqualTo("""
                {"conditions":[\
                {"first":{"event":"Product Added"},"then":{"event":"Order Completed"},"thenNot":true,"type":"sequence",\
                "window":{"duration":"P3D","type":"within"}},\
                {"aggregate":{"path":"properties.total","type":"sum"},"filter":{"brands":["acme"],"event":"Order Completed",\
                "eventType":"track","where":[{"op":"eq","path":"properties.currency","value":"EUR"}]},"op":"gt",\
                "type":"event","value":100.5,"window":{"from":"P30D","to":"P90D","type":"between"}},\
                {"name":"birthday","namespace":"trait","op":"before","type":"value","value":{"date":"2000-01-01T00:00:00Z"}}\
                ],"type":"and"}""");
        assertThat(SegmentJson.read(SegmentJson.canonical(c))).isEqualTo(c);
    }

    @Test
    void readingFillsDefaultsAndKeepsEveryDigit() {
        Condition c = SegmentJson.read("""
                {"type": "event", "filter": {"event": "Order Completed"}, "op": "ge", "value": 1234567890123456789012345678.0000000001}""");
        assertThat(c).isEqualTo(new Condition.EventCondition(EventFilter.named("Order Completed"), new Window.Ever(),
                new Aggregate.Count(), new Comparison(Operator.GE, new Literal.NumberLit(new java.math.BigDecimal(
                        "1234567890123456789012345678.0000000001")))));
        assertThat(SegmentJson.read("{\"type\":\"sequence\",\"first\":{},\"then\":{\"eventType\":\"page\"},\"within\":\"PT12H\"}"))
                .isEqualTo(parse("performed any event then any page within 12 hours"));
    }

    @Test
    void errorsNameTheJsonPath() {
        assertError("{\"type\":\"and\",\"conditions\":[{\"type\":\"segment\",\"key\":\"a\"},{\"type\":\"value\",\"namespace\":\"rfn\"}]}",
                "$.conditions[1].namespace: unknown namespace 'rfn' (did you mean 'rfm'?)");
        assertError("{\"type\":\"event\",\"filter\":{},\"windw\":{}}", "$.windw: unknown field (did you mean 'window'?)");
        assertError("{\"type\":\"value\",\"namespace\":\"rfm\",\"name\":\"segment\",\"op\":\"gt\",\"value\":3}",
                "$: rfm segment: a string value cannot be compared with '>' and the number 3; use =, !=, in, not in, contains or "
                        + "starts with and a string");
        assertError("{\"type\":\"value\",\"namespace\":\"trait\",\"name\":\"a\",\"op\":\"gte\",\"value\":3}",
                "$.op: unknown operator 'gte' (did you mean 'ge'?)");
        assertError("{\"type\":\"event\",\"filter\":{},\"window\":{\"type\":\"within\",\"duration\":\"3 days\"},\"op\":\"ge\",\"value\":1}",
                "$.window.duration: '3 days' is not an ISO-8601 duration such as P3D or PT12H");
        assertError("{\"type\":\"nott\"}", "$.type: unknown type 'nott' (did you mean 'not'?); one of and, or, not, value, "
                + "identifier, event, sequence, segment");
        assertError("{\"type\":\"and\",\"conditions\":[{\"type\":\"segment\",\"key\":\"a\"}]}",
                "$: 'and' needs at least two conditions, got 1");
        assertThatThrownBy(() -> SegmentJson.read("{")).isInstanceOf(KithException.class)
                .extracting(e -> ((KithException) e).code()).isEqualTo(ErrorCode.INVALID_JSON);
    }

    private static void assertError(String json, String message) {
        assertThatThrownBy(() -> SegmentJson.read(json)).isInstanceOf(KithException.class).hasMessage(message)
                .extracting(e -> ((KithException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void equalNodesHashAlikeWhereverTheyAreAndDifferentWindowsDoNot() {
        Condition a = parse("performed \"X\" within 3 days");
        Condition inside = parse("trait a = 1 or performed \"X\" within 72 hours");
        assertThat(SegmentJson.hash(((Condition.Or) inside).conditions().get(1))).isEqualTo(SegmentJson.hash(a));
        assertThat(SegmentJson.hash(parse("performed \"X\" between 1 and 3 days ago")))
                .isNotEqualTo(SegmentJson.hash(parse("performed \"X\" between 2 and 3 days ago")));
    }

    @Test
    void definitionsKnowTheirReferencesAndTemporalClass() {
        SegmentDefinition d = new SegmentDefinition("lapsed-vips", "Lapsed VIPs", "",
                parse("in segment \"vip\" and not in segment \"active\" and trait plan = \"gold\""));
        assertThat(d.references()).containsExactly("active", "vip");
        assertThat(d.temporalClass(k -> k.equals("active") ? TemporalClass.TIME_DECAYING : TemporalClass.STATIC))
                .isEqualTo(TemporalClass.TIME_DECAYING);
        assertThat(TemporalClass.of(parse("trait a = 1 and has identifier email"), k -> null)).isEqualTo(TemporalClass.STATIC);
        assertThat(TemporalClass.of(parse("performed \"X\" since 2024-01-01"), k -> null)).isEqualTo(TemporalClass.EVENT_MONOTONE);
        assertThat(TemporalClass.of(parse("performed \"X\" then not \"Y\""), k -> null)).isEqualTo(TemporalClass.EVENT_MONOTONE);
        assertThat(TemporalClass.of(parse("performed \"X\" then not \"Y\" within 1 day"), k -> null))
                .isEqualTo(TemporalClass.TIME_DECAYING);
        assertThat(TemporalClass.of(parse("trait t within last 3 days"), k -> null)).isEqualTo(TemporalClass.TIME_DECAYING);
        assertThat(Set.of(TemporalClass.values())).hasSize(3);
    }
}
