package io.kith.store.jdbc.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.event.EventType;
import io.kith.segment.Aggregate;
import io.kith.segment.Comparison;
import io.kith.segment.Condition;
import io.kith.segment.EventFilter;
import io.kith.segment.Literal;
import io.kith.segment.Operator;
import io.kith.segment.ProfileValue;
import io.kith.segment.PropertyPredicate;
import io.kith.segment.Window;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The SQL each engine runs for typical segments, pinned in golden files ({@code src/test/resources/segment-sql/<engine>/}).
 * A change to the compiler shows up as a diff of these files in review; run with {@code -Dkith.golden.update=true} to
 * write them again after a deliberate change. Whether the SQL is right is {@code SegmentQueriesContract}'s business (it
 * runs it on both engines against the oracle); these pin what it is.
 */
class SegmentSqlGoldenTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final long AS_OF = 1_000_000;
    private static final Path GOLDEN = Path.of("src/test/resources/segment-sql");

    static Map<String, Condition> examples() {
        EventFilter orders = EventFilter.named("Order Completed");
        Map<String, Condition> m = new LinkedHashMap<>();
        m.put("champions-who-buy-often", new Condition.And(List.of(
                new Condition.ProfileValueCondition(new ProfileValue(ProfileValue.Namespace.RFM, "segment"),
                        Comparison.of(Operator.IN, new Literal.ListLit(List.of(new Literal.StringLit("Champions"), new Literal.StringLit("Loyal"))))),
                new Condition.EventCondition(orders, new Window.Within(Duration.ofDays(90)), new Aggregate.Count(), Comparison.atLeast(3)))));
        m.put("a-brands-champions", new Condition.ProfileValueCondition(ProfileValue.rfmOfBrand("segment", "O'Brien & Co"),
                Comparison.of(Operator.EQ, new Literal.StringLit("Champions"))));
        m.put("cart-abandoned-3d", new Condition.SequenceCondition(EventFilter.named("Product Added"), new Window.Within(Duration.ofDays(3)),
                orders, null, true));
        m.put("viewed-then-bought-7d", new Condition.SequenceCondition(EventFilter.named("Product Viewed"), new Window.Ever(), orders,
                Duration.ofDays(7), false));
        m.put("lapsed-big-spenders", new Condition.And(List.of(
                new Condition.EventCondition(orders.where(new PropertyPredicate("properties.currency", Comparison.of(Operator.EQ, new Literal.StringLit("GBP")))),
                        new Window.Between(Duration.ofDays(30), Duration.ofDays(90)), new Aggregate.Sum("properties.total"),
                        Comparison.of(Operator.GT, new Literal.NumberLit(new BigDecimal("100.50")))),
                new Condition.Not(new Condition.EventCondition(orders, new Window.Within(Duration.ofDays(30)), new Aggregate.Count(), Comparison.atLeast(1)))))); 
        m.put("gold-in-leeds-with-email", new Condition.And(List.of(
                new Condition.ProfileValueCondition(new ProfileValue(ProfileValue.Namespace.TRAIT, "plan"), Comparison.of(Operator.EQ, new Literal.StringLit("gold"))),
                new Condition.ProfileValueCondition(new ProfileValue(ProfileValue.Namespace.TRAIT, "address.city"), Comparison.of(Operator.STARTS_WITH, new Literal.StringLit("Lee"))),
                new Condition.IdentifierPresent("email"))));
        m.put("birthday-or-recent-login", new Condition.Or(List.of(
                new Condition.ProfileValueCondition(new ProfileValue(ProfileValue.Namespace.TRAIT, "birthday"), Comparison.of(Operator.BEFORE,
                        new Literal.DateLit(Instant.parse("2000-01-01T00:00:00Z")))),
                new Condition.ProfileValueCondition(new ProfileValue(ProfileValue.Namespace.TRAIT, "last_login"), Comparison.of(Operator.WITHIN_LAST,
                        new Literal.DurationLit(Duration.ofDays(30)))))));
        m.put("tagged-mobile-pages-avg", new Condition.And(List.of(
                new Condition.ProfileValueCondition(new ProfileValue(ProfileValue.Namespace.TRAIT, "tags"), Comparison.of(Operator.CONTAINS, new Literal.StringLit("vip"))),
                new Condition.EventCondition(new EventFilter(null, EventType.PAGE, List.of(), new EventFilter.Scope(Set.of("northwind-mobile"), Set.of("src_web"))),
                        new Window.Since(Instant.parse("2026-01-01T00:00:00Z")), new Aggregate.Avg("properties.duration"),
                        Comparison.of(Operator.GE, Literal.NumberLit.of(30))))));
        m.put("consented-churn-risk-in-segment", new Condition.And(List.of(
                new Condition.ProfileValueCondition(new ProfileValue(ProfileValue.Namespace.CONSENT, "email"), Comparison.of(Operator.EQ, new Literal.StringLit("granted"))),
                new Condition.ProfileValueCondition(new ProfileValue(ProfileValue.Namespace.MODEL, "churn"), Comparison.of(Operator.GE, new Literal.NumberLit(new BigDecimal("0.7")))),
                new Condition.ProfileValueCondition(new ProfileValue(ProfileValue.Namespace.PROFILE, "brands"), Comparison.of(Operator.CONTAINS, new Literal.StringLit("northwind"))),
                new Condition.InSegment("newsletter-readers"))));
        return m;
    }

    static List<Object[]> cases() {
        List<Object[]> out = new java.util.ArrayList<>();
        for (JsonSql json : List.of(new JsonSql.DuckDb(), new JsonSql.Postgres())) {
            examples().forEach((name, c) -> out.add(new Object[] {json.name(), name, json, c}));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void compiledSqlIsTheGoldenFile(String engine, String name, JsonSql json, Condition condition) throws IOException {
        String sql = new SegmentSql(json).members(condition, NOW, AS_OF) + "\n";
        Path file = GOLDEN.resolve(engine).resolve(name + ".sql");
        if (Boolean.getBoolean("kith.golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, sql, StandardCharsets.UTF_8);
        }
        assertThat(file).as("golden file; write it with -Dkith.golden.update=true").exists();
        assertThat(sql).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void quotesAreDoubledAndNulIsRefused() {
        Condition c = new Condition.ProfileValueCondition(new ProfileValue(ProfileValue.Namespace.TRAIT, "plan"),
                Comparison.of(Operator.EQ, new Literal.StringLit("o'clock'); DROP TABLE profiles; --")));
        assertThat(new SegmentSql(new JsonSql.Postgres()).members(c, NOW, AS_OF)).contains("'o''clock''); DROP TABLE profiles; --'");
        Condition nul = new Condition.ProfileValueCondition(new ProfileValue(ProfileValue.Namespace.TRAIT, "plan"),
                Comparison.of(Operator.EQ, new Literal.StringLit("a\0b")));
        assertThatThrownBy(() -> new SegmentSql(new JsonSql.DuckDb()).members(nul, NOW, AS_OF)).hasMessageContaining("U+0000");
    }
}
