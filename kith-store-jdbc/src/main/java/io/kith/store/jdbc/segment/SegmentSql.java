package io.kith.store.jdbc.segment;

import io.kith.segment.Aggregate;
import io.kith.segment.Comparison;
import io.kith.segment.Condition;
import io.kith.segment.EventFilter;
import io.kith.segment.Literal;
import io.kith.segment.Operator;
import io.kith.segment.ProfileValue;
import io.kith.segment.PropertyPredicate;
import io.kith.segment.Window;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compiles a segment {@link Condition} into one SQL query that answers the ids of the member profiles, ordered, for an
 * evaluation time and a store sequence, both explicit: the query never reads the engine's clock, and it reads only the
 * events below {@code asOf}. Written once for both engines; {@link JsonSql} supplies the few expressions they spell
 * differently. Its answers equal {@link io.kith.segment.SegmentEvaluator}'s (the oracle) for every person.
 *
 * <h2>Shape</h2>
 * Every leaf that reads a table becomes a common table expression with one row per profile it concerns (a trait's
 * value, an aggregate over the profile's events, a sequence found), left-joined to {@code profiles}; the condition
 * itself becomes the {@code WHERE} over those columns. Each leaf is made two-valued ({@code COALESCE(leaf, FALSE)}), so
 * {@code NOT} means what the IR says even where SQL would say {@code NULL}. Events reach people through
 * {@code event_people}, the event-to-profile projection, so an event counts for its person whichever identifier linked it.
 * The parts of a top-level {@code and} that test a stored value (a trait, a label, an RFM cell, consent, an identifier,
 * another segment) are filtered in their own CTE and inner-joined, and every event scan reads only the events of the
 * people who passed them: a segment of gold-plan buyers reads a tenth of the orders (on the segment bench, 1 M people
 * and 20 M events, that took Kith's query from 1.76× the hand-written one to parity; see docs/benchmarks.md).
 * Literals are written into the SQL (strings quoted, instants in UTC): the query is data, not a template with holes,
 * which is what the golden files pin.
 */
public final class SegmentSql {
    /** ISO-8601 date-time with an offset (seconds and fraction optional), or a date alone: what a date value may be. */
    static final String ISO_DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2}))?";
    private static final DateTimeFormatter SQL_INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);

    private final JsonSql json;

    public SegmentSql(JsonSql json) {
        this.json = json;
    }

    public JsonSql json() {
        return json;
    }

    /** The query answering {@code profile_id} of every member, ordered by it. */
    public String members(Condition condition, Instant now, long asOf) {
        Query q = new Query(now, asOf);
        List<Condition> conjuncts = conjuncts(condition);
        // Profile values that every member must have are written first, as filters of their own CTEs: the event scans
        // then read only the events of the people who passed them (see Query.restrictions).
        List<String> where = new ArrayList<>();
        for (Condition c : conjuncts) {
            if (restricts(c)) {
                where.add(q.restriction(c));
            }
        }
        for (Condition c : conjuncts) {
            if (!restricts(c)) {
                where.add(q.conjunct(c));
            }
        }
        q.render();
        StringBuilder sql = new StringBuilder();
        if (!q.ctes.isEmpty()) {
            sql.append("WITH ").append(String.join(",\n", q.ctes)).append('\n');
        }
        sql.append("SELECT p.id AS profile_id\nFROM profiles p");
        for (String alias : q.joins) {
            sql.append('\n').append(q.required.contains(alias) ? "JOIN " : "LEFT JOIN ").append(alias).append(" ON ").append(alias)
                    .append(".profile_id = p.id");
        }
        sql.append("\nWHERE ").append(where.size() == 1 ? where.get(0) : "(" + String.join(" AND ", where) + ")").append("\nORDER BY p.id");
        return sql.toString();
    }

    /** The parts of a top-level {@code and} (nested ones flattened): each must hold for every member. */
    private static List<Condition> conjuncts(Condition c) {
        if (!(c instanceof Condition.And and)) {
            return List.of(c);
        }
        List<Condition> out = new ArrayList<>();
        for (Condition part : and.conditions()) {
            out.addAll(conjuncts(part));
        }
        return out;
    }

    /**
     * Whether a top-level part is a test of one stored profile value that a missing value fails: such a part becomes
     * a CTE holding only the people who pass it, joined (not left-joined) to {@code profiles}, and the event scans
     * are restricted to its people. "Absent" holds for the people with no row, so it stays a left-joined leaf.
     */
    private static boolean restricts(Condition c) {
        return switch (c) {
            case Condition.ProfileValueCondition v -> v.value().namespace() != ProfileValue.Namespace.PROFILE
                    && v.comparison().op() != Operator.ABSENT;
            case Condition.IdentifierPresent i -> true;
            case Condition.InSegment in -> true;
            default -> false;
        };
    }

    /** The query answering the number of members. */
    public String count(Condition condition, Instant now, long asOf) {
        return "SELECT count(*) FROM (\n" + members(condition, now, asOf) + "\n) m";
    }

    /** The aggregates of one compilation over one event filter: the values they read (path → column) and the aggregates. */
    private static final class EventGroup {
        final int index;
        final String alias;
        final EventFilter filter;
        final java.util.Map<String, Integer> values = new java.util.LinkedHashMap<>();
        final List<String> aggregates = new ArrayList<>();

        EventGroup(int index, String alias, EventFilter filter) {
            this.index = index;
            this.alias = alias;
            this.filter = filter;
        }
    }

    /** One compilation: the CTEs and joins gathered while the condition is written. */
    private final class Query {
        final Instant now;
        final long asOf;
        final List<String> ctes = new ArrayList<>();
        /** The aliases joined to {@code profiles}, in order; those in {@link #required} by an inner join. */
        final List<String> joins = new ArrayList<>();
        final java.util.Set<String> required = new java.util.HashSet<>();
        /** CTEs that hold exactly the people allowed to be members: every event scan reads only their events. */
        final List<String> restrictions = new ArrayList<>();
        final java.util.Map<EventFilter, EventGroup> groups = new java.util.LinkedHashMap<>();
        /** The alias the last leaf written reads (null for a test of {@code profiles} itself). */
        String lastAlias;

        Query(Instant now, long asOf) {
            this.now = now;
            this.asOf = asOf;
        }

        /** Adds a CTE with one row per profile and joins it; answers its alias. */
        String leaf(String select) {
            String alias = "c" + (ctes.size() + 1);
            ctes.add(alias + " AS (\n  " + select.replace("\n", "\n  ") + "\n)");
            joins.add(alias);
            lastAlias = alias;
            return alias;
        }

        /**
         * A top-level part that {@link #restricts}: its CTE keeps only the people who pass, is inner-joined, and
         * restricts the event scans; answers the test for the {@code WHERE} (a row was found).
         */
        String restriction(Condition c) {
            String alias = switch (c) {
                case Condition.ProfileValueCondition v -> {
                    String test = twoValued(profileValue(v.value(), v.comparison(), "value"));
                    yield leaf(profileValueRows(v.value()) + " AND " + test);
                }
                case Condition.IdentifierPresent i -> leaf(identifierRows(i));
                case Condition.InSegment in -> leaf(segmentRows(in));
                default -> throw new IllegalArgumentException(c + " does not restrict");
            };
            required.add(alias);
            restrictions.add(alias);
            return alias + ".profile_id IS NOT NULL";
        }

        /**
         * A top-level part that does not restrict: written as anywhere else, and its CTE inner-joined when a person
         * without a row there fails it (a count that must reach one or more, a sum, a sequence found).
         */
        String conjunct(Condition c) {
            lastAlias = null;
            String test = condition(c);
            boolean missingFails = switch (c) {
                // a count a person without events fails: 0 does not satisfy it (>= 1, > 0, = 2); a sum, an average, a
                // minimum or a maximum needs one value at least
                case Condition.EventCondition e -> !(e.aggregate() instanceof Aggregate.Count)
                        || !e.comparison().op().orders(BigDecimal.ZERO.compareTo(((Literal.NumberLit) e.comparison().value()).value()));
                case Condition.SequenceCondition s -> true;
                default -> false;
            };
            if (missingFails && lastAlias != null) {
                required.add(lastAlias);
            }
            return test;
        }

        String condition(Condition c) {
            return switch (c) {
                case Condition.And and -> group(and.conditions(), " AND ");
                case Condition.Or or -> group(or.conditions(), " OR ");
                case Condition.Not not -> "NOT " + condition(not.condition());
                case Condition.ProfileValueCondition v -> {
                    if (v.value().namespace() == ProfileValue.Namespace.PROFILE) {
                        yield twoValued(profileValue(v.value(), v.comparison(), null));
                    }
                    String alias = leaf(profileValueRows(v.value()));
                    yield twoValued(profileValue(v.value(), v.comparison(), alias + ".value"));
                }
                case Condition.IdentifierPresent i -> leaf(identifierRows(i)) + ".profile_id IS NOT NULL";
                case Condition.InSegment in -> leaf(segmentRows(in)) + ".profile_id IS NOT NULL";
                case Condition.EventCondition e -> twoValued(event(e));
                case Condition.SequenceCondition s -> leaf(sequence(s)) + ".profile_id IS NOT NULL";
            };
        }

        private String group(List<Condition> parts, String op) {
            List<String> out = new ArrayList<>(parts.size());
            for (Condition part : parts) {
                out.add(condition(part));
            }
            return "(" + String.join(op, out) + ")";
        }

        private String twoValued(String test) {
            return "COALESCE(" + test + ", FALSE)";
        }

        // ---- profile values ---------------------------------------------------------------------------------------

        private String identifierRows(Condition.IdentifierPresent i) {
            return "SELECT DISTINCT profile_id FROM profile_identifiers WHERE type = " + quote(i.type());
        }

        private String segmentRows(Condition.InSegment in) {
            return "SELECT profile_id FROM segment_members WHERE segment_key = " + quote(in.segmentKey());
        }

        /** The rows holding a stored profile value (a trait by its top-level name), one per profile. */
        private String profileValueRows(ProfileValue v) {
            return switch (v.namespace()) {
                case TRAIT -> "SELECT profile_id, value FROM profile_traits WHERE name = " + quote(v.name().split("\\.")[0]);
                case COMPUTED, LABEL, RFM, MODEL, CONSENT -> "SELECT profile_id, value FROM profile_values WHERE namespace = "
                        + quote(v.namespace().word()) + " AND name = " + quote(v.name());
                case PROFILE -> throw new IllegalArgumentException("a profile's own column has no rows of its own");
            };
        }

        /** The test of a profile value; {@code column} is the JSON column its rows hold (unused for the profile's own). */
        private String profileValue(ProfileValue v, Comparison c, String column) {
            return switch (v.namespace()) {
                case TRAIT -> {
                    List<String> path = Arrays.asList(v.name().split("\\."));
                    String value = path.size() == 1 ? column : json.at(column, path.subList(1, path.size()));
                    yield jsonComparison(value, c);
                }
                case COMPUTED, LABEL, RFM, MODEL, CONSENT -> {
                    String j = column;
                    // a model value that is not a number (a household, a list of recommendations) is missing, as the
                    // evaluator reads it (PersonViews.withValues); the other operators compare numbers only already
                    yield v.namespace() != ProfileValue.Namespace.MODEL ? jsonComparison(j, c) : switch (c.op()) {
                        case ABSENT -> "(" + j + " IS NULL OR NOT " + json.isNumber(j) + ")";
                        case EXISTS -> "(" + j + " IS NOT NULL AND " + json.isNumber(j) + ")";
                        default -> jsonComparison(j, c);
                    };
                }
                case PROFILE -> switch (v.name()) {
                    case "brands", "sources" -> c.op() == Operator.CONTAINS
                            ? json.arrayContains("p." + v.name(), literal(c.value()))
                            : c.op() == Operator.EXISTS ? "TRUE" : "FALSE";
                    case "first_seen", "last_seen" -> timestampComparison("p." + v.name(), c);
                    case "event_count" -> numberComparison("p.event_count", c);
                    default -> throw new IllegalArgumentException("no profile value " + v.name());
                };
            };
        }

        /** A comparison of a JSON value (SQL NULL when missing) by the rules of {@link Comparison}. */
        private String jsonComparison(String j, Comparison c) {
            Literal lit = c.value();
            return switch (c.op()) {
                case ABSENT -> "(" + j + " IS NULL OR " + json.isNull(j) + ")";
                case EXISTS -> "(" + j + " IS NOT NULL AND NOT " + json.isNull(j) + ")";
                case EQ -> jsonEquals(j, lit);
                case NE -> "(" + jsonOfType(j, lit) + " AND NOT " + jsonEquals(j, lit) + ")";
                case LT, LE, GT, GE -> "(" + json.isNumber(j) + " AND " + number(j) + " " + sqlOp(c.op()) + " " + literal(lit) + ")";
                case IN -> {
                    List<String> any = new ArrayList<>();
                    for (Literal v : ((Literal.ListLit) lit).values()) {
                        any.add(jsonEquals(j, v));
                    }
                    yield "(" + String.join(" OR ", any) + ")";
                }
                case NOT_IN -> {
                    List<Literal> values = ((Literal.ListLit) lit).values();
                    List<String> none = new ArrayList<>();
                    for (Literal v : values) {
                        none.add("NOT " + jsonEquals(j, v));
                    }
                    yield "(" + jsonOfType(j, values.get(0)) + " AND " + String.join(" AND ", none) + ")";
                }
                case CONTAINS -> {
                    String inArray = "CASE WHEN " + json.isArray(j) + " THEN " + json.anyElement(j, x -> "COALESCE(" + jsonEquals(x, lit) + ", FALSE)")
                            + " ELSE FALSE END";
                    yield lit instanceof Literal.StringLit s
                            ? "(" + "(" + json.isString(j) + " AND strpos(" + text(j) + ", " + quote(s.value()) + ") > 0) OR " + inArray + ")"
                            : inArray;
                }
                case STARTS_WITH -> "(" + json.isString(j) + " AND starts_with(" + text(j) + ", " + literal(lit) + "))";
                case BEFORE, AFTER, WITHIN_LAST -> timestampComparison(date(j), c);
            };
        }

        /** Whether the JSON value has the literal's type (a date: a string that reads as one). */
        private String jsonOfType(String j, Literal lit) {
            return switch (lit) {
                case Literal.StringLit s -> json.isString(j);
                case Literal.NumberLit n -> json.isNumber(j);
                case Literal.BoolLit b -> json.isBoolean(j);
                case Literal.DateLit d -> date(j) + " IS NOT NULL";
                default -> throw new IllegalArgumentException("no JSON type for " + lit);
            };
        }

        private String jsonEquals(String j, Literal lit) {
            return switch (lit) {
                case Literal.StringLit s -> stringEquals(j, s.value());
                case Literal.NumberLit n -> "(" + json.isNumber(j) + " AND " + number(j) + " = " + literal(lit) + ")";
                case Literal.BoolLit b -> "(" + json.isBoolean(j) + " AND " + bool(j) + " = " + literal(lit) + ")";
                case Literal.DateLit d -> "(" + date(j) + " = " + literal(lit) + ")";
                default -> throw new IllegalArgumentException("cannot compare JSON with " + lit);
            };
        }

        /**
         * A JSON value equal to a string. A value whose text is exactly {@code "value"} is that string; one whose text is
         * not can still be it only when written with an escape or with white space around it, so only those are parsed
         * (on the segment bench, 1 M trait values of which a tenth are "gold": the test of the others is a byte
         * comparison instead of a JSON parse). A value that itself needs escaping is compared by parsing alone.
         */
        private String stringEquals(String j, String value) {
            String parsed = "(" + json.isString(j) + " AND " + text(j) + " = " + quote(value) + ")";
            if (value.chars().anyMatch(ch -> ch == '"' || ch == '\\' || ch < 0x20)) {
                return parsed;
            }
            String raw = json.raw(j);
            return "(" + raw + " = " + quote("\"" + value + "\"") + " OR ((strpos(" + raw + ", '\\') > 0 OR left(" + raw + ", 1) <> '\"' OR right("
                    + raw + ", 1) <> '\"') AND " + parsed + "))";
        }

        /** Conversions guarded by the value's type: PostgreSQL does not promise to test the guard of an AND first. */
        private String text(String j) {
            return "CASE WHEN " + json.isString(j) + " THEN " + json.text(j) + " END";
        }

        private String number(String j) {
            return "CASE WHEN " + json.isNumber(j) + " THEN " + json.number(j) + " END";
        }

        private String bool(String j) {
            return "CASE WHEN " + json.isBoolean(j) + " THEN " + json.bool(j) + " END";
        }

        /** The instant of a JSON string that is an ISO-8601 date, cut to microseconds; NULL for any other value. */
        private String date(String j) {
            String t = json.text(j);
            String micros = "regexp_replace(" + t + ", '(\\.[0-9]{6})[0-9]+', '\\1')";
            return "CASE WHEN " + json.isString(j) + " AND " + json.matches(t, ISO_DATE) + " THEN " + json.timestampOf(micros) + " END";
        }

        private String numberComparison(String n, Comparison c) {
            Literal lit = c.value();
            return switch (c.op()) {
                case EXISTS -> "TRUE";
                case ABSENT -> "FALSE";
                case EQ, NE, LT, LE, GT, GE -> n + " " + sqlOp(c.op()) + " " + literal(lit);
                case IN -> n + " IN (" + list(lit) + ")";
                case NOT_IN -> n + " NOT IN (" + list(lit) + ")";
                default -> throw new IllegalArgumentException(c + " on a number");
            };
        }

        /** A comparison of a timestamptz expression (NULL when missing). */
        private String timestampComparison(String t, Comparison c) {
            Literal lit = c.value();
            return switch (c.op()) {
                case EXISTS -> t + " IS NOT NULL";
                case ABSENT -> t + " IS NULL";
                case EQ -> t + " = " + literal(lit);
                case NE -> t + " <> " + literal(lit);
                case BEFORE -> t + " < " + literal(lit);
                case AFTER -> t + " > " + literal(lit);
                case WITHIN_LAST -> "(" + t + " >= " + instant(now.minus(((Literal.DurationLit) lit).value())) + " AND " + t + " <= "
                        + instant(now) + ")";
                default -> throw new IllegalArgumentException(c + " on a date");
            };
        }

        // ---- events -----------------------------------------------------------------------------------------------

        /** The events of people, below the evaluation's sequence, as {@code e} (the event) and {@code ep} (its person). */
        private String personEvents(String e, String ep) {
            return "events " + e + " JOIN event_people " + ep + " ON " + ep + ".seq = " + e + ".seq";
        }

        /**
         * An aggregate over the person's events. Aggregates over the same filter share one scan of the events (one CTE,
         * each leaf a set of {@code FILTER}ed aggregates over its window): a typical segment asks several questions of
         * the same orders, and reading them once halves its cost.
         */
        private String event(Condition.EventCondition c) {
            String path = switch (c.aggregate()) {
                case Aggregate.Count n -> null;
                case Aggregate.Sum s -> s.path();
                case Aggregate.Avg a -> a.path();
                case Aggregate.Min m -> m.path();
                case Aggregate.Max m -> m.path();
            };
            EventGroup g = groups.computeIfAbsent(c.filter(), f -> {
                int at = ctes.size();
                ctes.add(null); // written by render(), once every leaf of the group is known
                String alias = "c" + (at + 1);
                joins.add(alias);
                return new EventGroup(at, alias, f);
            });
            lastAlias = g.alias;
            int k = g.aggregates.size() + 1;
            String inWindow = String.join(" AND ", windowTests("m.ts", c.window()));
            String filter = c.window() instanceof Window.Ever ? "" : " FILTER (WHERE " + inWindow + ")";
            String a = g.alias;
            String target = literal(c.comparison().value());
            String op = sqlOp(c.comparison().op());
            if (path == null) {
                g.aggregates.add("count(*)" + filter + " AS n" + k);
                return "COALESCE(" + a + ".n" + k + ", 0) " + op + " " + target;
            }
            String v = "v" + g.values.computeIfAbsent(path, x -> g.values.size() + 1);
            g.aggregates.add("count(" + v + ")" + filter + " AS k" + k);
            return switch (c.aggregate()) {
                case Aggregate.Sum s -> {
                    g.aggregates.add("sum(" + v + ")" + filter + " AS s" + k);
                    yield "(" + a + ".k" + k + " > 0 AND " + a + ".s" + k + " " + op + " " + target + ")";
                }
                // avg op x  <=>  sum op x * n (n > 0): no quotient to round, as the oracle decides it
                case Aggregate.Avg avg -> {
                    g.aggregates.add("sum(" + v + ")" + filter + " AS s" + k);
                    yield "(" + a + ".k" + k + " > 0 AND " + a + ".s" + k + " " + op + " " + target + " * " + a + ".k" + k + ")";
                }
                case Aggregate.Min m -> {
                    g.aggregates.add("min(" + v + ")" + filter + " AS lo" + k);
                    yield "(" + a + ".k" + k + " > 0 AND " + a + ".lo" + k + " " + op + " " + target + ")";
                }
                case Aggregate.Max m -> {
                    g.aggregates.add("max(" + v + ")" + filter + " AS hi" + k);
                    yield "(" + a + ".k" + k + " > 0 AND " + a + ".hi" + k + " " + op + " " + target + ")";
                }
                case Aggregate.Count n -> throw new IllegalStateException("handled above");
            };
        }

        /** Writes the CTE of each event group: the matching events once (their time and the values read), then the aggregates. */
        void render() {
            for (EventGroup g : groups.values()) {
                List<String> tests = new ArrayList<>();
                tests.add("e.seq < " + asOf);
                tests.add("e.ts <= " + instant(now));
                tests.addAll(filterTests("e", g.filter));
                tests.addAll(restrictionTests("ep"));
                StringBuilder inner = new StringBuilder("SELECT ep.profile_id, e.ts");
                g.values.forEach((path, i) -> inner.append(", ").append(number(json.at("e.json", Arrays.asList(path.split("\\.")))))
                        .append(" AS v").append(i));
                inner.append("\nFROM ").append(personEvents("e", "ep")).append("\nWHERE ").append(String.join("\n  AND ", tests));
                String select = "SELECT profile_id, " + String.join(", ", g.aggregates) + "\nFROM (\n  " + inner.toString().replace("\n", "\n  ")
                        + "\n) m\nGROUP BY profile_id";
                ctes.set(g.index, g.alias + " AS (\n  " + select.replace("\n", "\n  ") + "\n)");
            }
        }

        private String sequence(Condition.SequenceCondition s) {
            List<String> first = eventTests("a", s.first(), s.window());
            first.addAll(restrictionTests("a_ep"));
            if (s.thenNot() && s.within() != null) {
                first.add("a.ts <= " + instant(now.minus(s.within())));
            }
            List<String> then = eventTests("b", s.then(), new Window.Ever());
            then.add("b_ep.profile_id = a_ep.profile_id");
            then.add("b.seq <> a.seq");
            then.add("b.ts >= a.ts");
            if (s.within() != null) {
                then.add("b.ts <= a.ts + INTERVAL '" + s.within().getSeconds() + " seconds'");
            }
            first.add((s.thenNot() ? "NOT " : "") + "EXISTS (\n  SELECT 1 FROM " + personEvents("b", "b_ep") + "\n  WHERE "
                    + String.join("\n    AND ", then) + ")");
            return "SELECT DISTINCT a_ep.profile_id\nFROM " + personEvents("a", "a_ep") + "\nWHERE " + String.join("\n  AND ", first);
        }

        /**
         * The people an event scan may read: those in every {@link #restrictions restricting} CTE. Only top-level parts
         * restrict, so a person outside one is no member whatever their events say; the scan skips their events (for a
         * segment of gold-plan buyers, nine in ten people's orders are never read).
         */
        private List<String> restrictionTests(String ep) {
            List<String> tests = new ArrayList<>();
            for (String alias : restrictions) {
                tests.add(ep + ".profile_id IN (SELECT profile_id FROM " + alias + ")");
            }
            return tests;
        }

        /** The tests an event {@code e} must pass: below the sequence, inside the window, through the filter. */
        private List<String> eventTests(String e, EventFilter f, Window w) {
            List<String> tests = new ArrayList<>();
            tests.add(e + ".seq < " + asOf);
            tests.addAll(windowTests(e + ".ts", w));
            tests.addAll(filterTests(e, f));
            return tests;
        }

        /** The tests of a window on an event time. */
        private List<String> windowTests(String ts, Window w) {
            List<String> tests = new ArrayList<>();
            switch (w) {
                case Window.Ever ever -> tests.add(ts + " <= " + instant(now));
                case Window.Within within -> {
                    tests.add(ts + " >= " + instant(now.minus(within.duration())));
                    tests.add(ts + " <= " + instant(now));
                }
                case Window.Between between -> {
                    tests.add(ts + " >= " + instant(now.minus(between.to())));
                    tests.add(ts + " < " + instant(now.minus(between.from())));
                }
                case Window.Since since -> {
                    tests.add(ts + " >= " + instant(since.start()));
                    tests.add(ts + " <= " + instant(now));
                }
            }
            return tests;
        }

        /** The tests of a filter (name, type, scope, properties) on an event {@code e}. */
        private List<String> filterTests(String e, EventFilter f) {
            List<String> tests = new ArrayList<>();
            if (f.eventName() != null) {
                tests.add(e + ".event = " + quote(f.eventName()));
            }
            if (f.type() != null) {
                tests.add(e + ".type = " + quote(f.type().wireName()));
            }
            if (!f.scope().brands().isEmpty()) {
                tests.add(e + ".brand IN (" + quotedList(f.scope().brands()) + ")");
            }
            if (!f.scope().sources().isEmpty()) {
                tests.add(e + ".source_id IN (" + quotedList(f.scope().sources()) + ")");
            }
            for (PropertyPredicate p : f.where()) {
                tests.add(twoValued(jsonComparison(json.at(e + ".json", Arrays.asList(p.path().split("\\."))), p.comparison())));
            }
            return tests;
        }

        // ---- literals ---------------------------------------------------------------------------------------------

        private String literal(Literal lit) {
            return switch (lit) {
                case Literal.StringLit s -> quote(s.value());
                case Literal.NumberLit n -> decimal(n.value());
                case Literal.BoolLit b -> b.value() ? "TRUE" : "FALSE";
                case Literal.DateLit d -> instant(d.value());
                case Literal.ListLit l -> list(lit);
                case Literal.DurationLit d -> throw new IllegalArgumentException("a duration is not a value");
                case Literal.NoLit n -> throw new IllegalArgumentException("no value");
            };
        }

        private String list(Literal lit) {
            List<String> out = new ArrayList<>();
            for (Literal v : ((Literal.ListLit) lit).values()) {
                out.add(literal(v));
            }
            return String.join(", ", out);
        }

        private String quotedList(java.util.Collection<String> values) {
            List<String> out = new ArrayList<>();
            for (String v : values) {
                out.add(quote(v));
            }
            return String.join(", ", out);
        }
    }

    private static String decimal(BigDecimal n) {
        return n.toPlainString();
    }

    /** An instant as a UTC timestamptz literal to the microsecond. */
    static String instant(Instant t) {
        return "TIMESTAMPTZ '" + SQL_INSTANT.format(t) + "'";
    }

    /** A string literal; the value is checked and escaped here, never trusted. */
    static String quote(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a segment literal cannot hold the character U+0000");
        }
        return "'" + s.replace("'", "''") + "'";
    }

    private static String sqlOp(Operator op) {
        return switch (op) {
            case EQ -> "=";
            case NE -> "<>";
            case LT -> "<";
            case LE -> "<=";
            case GT -> ">";
            case GE -> ">=";
            default -> throw new IllegalArgumentException(op + " is not an ordering");
        };
    }
}
