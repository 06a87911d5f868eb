package io.kith.segment.lang;

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
import io.kith.segment.Literal;
import io.kith.segment.Literal.BoolLit;
import io.kith.segment.Literal.DateLit;
import io.kith.segment.Literal.DurationLit;
import io.kith.segment.Literal.ListLit;
import io.kith.segment.Literal.NoLit;
import io.kith.segment.Literal.NumberLit;
import io.kith.segment.Literal.StringLit;
import io.kith.segment.Limits;
import io.kith.segment.Names;
import io.kith.segment.Operator;
import io.kith.segment.ProfileValue;
import io.kith.segment.ProfileValue.Namespace;
import io.kith.segment.PropertyPredicate;
import io.kith.segment.Suggestions;
import io.kith.segment.Window;
import io.kith.segment.lang.Token.Kind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the text form of a segment condition (grammar in {@code docs/segments.md}) into the IR: a hand-written
 * recursive-descent parser, one method per grammar rule.
 *
 * <p>It never throws for user input: a syntax error stops parsing and is reported with its position; type errors and
 * unknown names (checked against a {@link Vocabulary}) are collected while parsing goes on, so one run reports them
 * all. Not thread-safe per instance; {@link #parse} makes a fresh one per call.
 */
public final class SegmentParser {
    static final List<String> CONDITION_WORDS = List.of("trait", "computed", "label", "rfm", "model", "consent", "profile",
            "has", "in", "brand", "source", "performed", "count", "sum", "avg", "min", "max", "not");
    static final List<String> AGGREGATES = List.of("count", "sum", "avg", "min", "max");
    static final List<String> OPERATOR_WORDS = List.of("in", "not", "contains", "starts", "exists", "is", "before", "after",
            "within");
    static final List<String> UNITS = List.of("second", "seconds", "minute", "minutes", "hour", "hours", "day", "days",
            "week", "weeks");
    static final List<String> EVENT_TYPES = List.of("track", "page", "screen", "identify", "group", "alias");
    private static final String CONDITION_HINT = "a condition (trait, performed, count(...), has identifier, in segment, "
            + "label, rfm, model, consent, brand, source, not, '(')";

    /** A syntax error: parsing stops. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private final List<Token> tokens;
    private final Vocabulary vocabulary;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private int pos;
    /** How many 'not's and '('s enclose the condition being read: bounded, so that the recursion is. */
    private int nesting;

    private SegmentParser(List<Token> tokens, Vocabulary vocabulary) {
        this.tokens = tokens;
        this.vocabulary = vocabulary;
    }

    /** Reads a condition, checking names against nothing. */
    public static ParseResult parse(String text) {
        return parse(text, Vocabulary.NONE);
    }

    /** Reads a condition, checking event, trait and other names against {@code vocabulary}. */
    public static ParseResult parse(String text, Vocabulary vocabulary) {
        List<Token> tokens;
        try {
            tokens = Lexer.tokens(text == null ? "" : text);
        } catch (Lexer.LexError e) {
            return new ParseResult.Failed(List.of(new Diagnostic(e.line, e.column, 1, e.getMessage(), null)));
        }
        SegmentParser p = new SegmentParser(tokens, vocabulary);
        Condition c = null;
        try {
            c = p.top();
        } catch (Stop stop) {
            // the diagnostic is recorded
        }
        if (!p.diagnostics.isEmpty()) {
            List<Diagnostic> sorted = new ArrayList<>(p.diagnostics);
            sorted.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
            return new ParseResult.Failed(sorted);
        }
        return new ParseResult.Parsed(c);
    }

    // ---- conditions -----------------------------------------------------------------------------------------------

    private Condition top() {
        if (peek().kind() == Kind.EOF) {
            throw stop(peek(), "the definition is empty; expected " + CONDITION_HINT, null);
        }
        Condition c = or();
        Token t = peek();
        if (t.kind() != Kind.EOF) {
            if (t.kind() == Kind.RPAREN) {
                throw stop(t, "this ')' has no matching '('", null);
            }
            throw stop(t, "expected 'and', 'or' or the end, found " + t.describe(), suggest(t, List.of("and", "or")));
        }
        return c;
    }

    private Condition or() {
        Token first = peek();
        List<Condition> parts = new ArrayList<>();
        parts.add(and());
        while (peek().is("or")) {
            next();
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : nested(first, () -> new Or(parts));
    }

    private Condition and() {
        Token first = peek();
        List<Condition> parts = new ArrayList<>();
        parts.add(unary());
        while (peek().is("and")) {
            next();
            parts.add(unary());
        }
        return parts.size() == 1 ? parts.get(0) : nested(first, () -> new And(parts));
    }

    private Condition unary() {
        if (peek().is("not")) {
            Token not = next();
            enter(not);
            Condition inner = unary();
            nesting--;
            return nested(not, () -> new Not(inner));
        }
        return primary();
    }

    private Condition primary() {
        Token t = next();
        if (t.kind() == Kind.LPAREN) {
            enter(t);
            Condition c = or();
            nesting--;
            expect(Kind.RPAREN, "')' to close the '(' at " + t.line() + ":" + t.column());
            return c;
        }
        if (t.kind() != Kind.WORD) {
            throw stop(t, "expected " + CONDITION_HINT + ", found " + t.describe(), null);
        }
        String w = t.text().toLowerCase(Locale.ROOT);
        switch (w) {
            case "trait" -> {
                Token nameToken = peek();
                String path = path("a trait name");
                checkName(nameToken, root(path), vocabulary.traitNames(), "trait");
                return value(nameToken, Namespace.TRAIT, path);
            }
            case "computed", "label", "model", "consent" -> {
                Namespace ns = Namespace.fromWord(w).orElseThrow();
                Token nameToken = peek();
                String name = name("a " + w + " name");
                checkName(nameToken, name, switch (ns) {
                    case COMPUTED -> vocabulary.computedTraits();
                    case LABEL -> vocabulary.labels();
                    case MODEL -> vocabulary.models();
                    default -> vocabulary.consentPurposes();
                }, ns == Namespace.COMPUTED ? "computed trait" : ns == Namespace.CONSENT ? "consent purpose" : w);
                return value(nameToken, ns, name);
            }
            case "rfm", "profile" -> {
                Namespace ns = Namespace.fromWord(w).orElseThrow();
                String brand = null;
                if (ns == Namespace.RFM && peek().kind() == Kind.LBRACKET) {
                    // rfm["northwind"].segment: the person's RFM among one brand's customers
                    next();
                    Token brandToken = peek();
                    if (brandToken.kind() != Kind.STRING || brandToken.text().isEmpty()) {
                        throw stop(brandToken, "a brand in quotes after 'rfm[' (rfm[\"northwind\"].segment)", null);
                    }
                    next();
                    brand = brandToken.text();
                    if (peek().kind() != Kind.RBRACKET) {
                        throw stop(peek(), "']' after the brand (rfm[\"northwind\"].segment)", null);
                    }
                    next();
                }
                if (peek().kind() == Kind.DOT) {
                    next();
                }
                Token nameToken = peek();
                String name = name("a " + w + " value name");
                List<String> fixed = ns.fixedNames().orElseThrow();
                if (!fixed.contains(name)) {
                    throw stop(nameToken, "unknown " + (ns == Namespace.RFM ? "RFM" : "profile") + " value '" + name
                            + "'; one of " + String.join(", ", fixed), Suggestions.closest(name, fixed).orElse(null));
                }
                return value(nameToken, ns, brand == null ? name : name + "@" + brand);
            }
            case "has" -> {
                expectWord("identifier", "'identifier' after 'has' (has identifier email)");
                Token nameToken = peek();
                String type = name("an identifier type (email, user_id, ...)");
                checkName(nameToken, type, vocabulary.identifierTypes(), "identifier type");
                return build(nameToken, () -> new IdentifierPresent(type));
            }
            case "in" -> {
                expectWord("segment", "'segment' after 'in' (in segment \"vip-customers\")");
                Token keyToken = next();
                if (keyToken.kind() != Kind.STRING && keyToken.kind() != Kind.WORD) {
                    throw stop(keyToken, "expected a segment key such as \"vip-customers\", found " + keyToken.describe(), null);
                }
                String key = keyToken.text();
                if (!Names.isKey(key)) {
                    error(keyToken, "a segment key is lower-case letters, digits, '-' and '_', got \"" + key + "\"",
                            Names.isKey(key.toLowerCase(Locale.ROOT)) ? key.toLowerCase(Locale.ROOT) : null);
                    return placeholder();
                }
                checkName(keyToken, key, vocabulary.segmentKeys(), "segment");
                return new InSegment(key);
            }
            case "brand", "source" -> {
                Token s = next();
                if (s.kind() != Kind.STRING) {
                    throw stop(s, "expected a " + w + " in quotes after '" + w + "', e.g. " + w + " \"acme\", found "
                            + s.describe(), null);
                }
                if (s.text().isEmpty()) {
                    error(s, "a " + w + " must not be empty", null);
                    return placeholder();
                }
                return new ProfileValueCondition(new ProfileValue(Namespace.PROFILE, w.equals("brand") ? "brands" : "sources"),
                        new Comparison(Operator.CONTAINS, new StringLit(s.text())));
            }
            case "performed" -> {
                return performed();
            }
            case "count", "sum", "avg", "min", "max" -> {
                return aggregate(t, w);
            }
            default -> {
                if (peek().kind() == Kind.LPAREN) {
                    throw stop(t, "unknown function '" + t.text() + "'; one of " + String.join(", ", AGGREGATES),
                            Suggestions.closest(t.text(), AGGREGATES).orElse(null));
                }
                if (peek().kind() == Kind.DOT) {
                    List<String> namespaces = List.of("rfm", "profile");
                    throw stop(t, "unknown namespace '" + t.text() + "'; 'rfm.' and 'profile.' take a dot, other values are "
                                    + "written 'trait name', 'label name', ...",
                            Suggestions.closest(t.text(), namespaces).orElse(null));
                }
                throw stop(t, "expected " + CONDITION_HINT + ", found " + t.describe(),
                        Suggestions.closest(t.text(), CONDITION_WORDS).orElse(null));
            }
        }
    }

    private Condition value(Token at, Namespace ns, String name) {
        ProfileValue v = build(at, () -> new ProfileValue(ns, name));
        Token opToken = peek();
        Comparison c = comparison(v.toString());
        if (v == null || c == null) {
            return placeholder();
        }
        String problem = c.problemWith(v.type());
        if (problem != null) {
            error(opToken, ns.word() + (ns == Namespace.RFM || ns == Namespace.PROFILE ? "." : " ") + name + ": " + problem,
                    null);
            return placeholder();
        }
        return new ProfileValueCondition(v, c);
    }

    /**
     * Goes one level deeper, at a 'not' or a '('; stops at the depth limit. A condition inside {@code n} of them is at
     * least {@code n + 1} levels deep, so this refuses nothing the nodes would accept, and keeps the recursion short
     * whatever the text.
     */
    private void enter(Token at) {
        if (++nesting >= Limits.MAX_DEPTH) {
            throw stop(at, Limits.depthProblem(), null);
        }
    }

    /**
     * Builds an and, an or or a not; one over the depth limit stops parsing. ('a or b and (...)' nests two levels for
     * one '(', so the nodes' own check can be the one that refuses.)
     */
    private Condition nested(Token at, Supplier<Condition> node) {
        try {
            return node.get();
        } catch (IllegalArgumentException e) {
            throw stop(at, e.getMessage(), null);
        }
    }

    // ---- events ---------------------------------------------------------------------------------------------------

    private Condition performed() {
        EventFilter first = filter();
        Window window = optionalWindow();
        if (!peek().is("then")) {
            return first == null || window == null ? placeholder() : EventCondition.performed(first, window);
        }
        next();
        boolean thenNot = false;
        if (peek().is("not")) {
            next();
            thenNot = true;
        }
        EventFilter then = filter();
        Duration within = null;
        if (peek().is("within")) {
            Token w = next();
            if (peek().is("last")) {
                throw stop(peek(), "'within last' compares a date value; after 'then ...' write 'within 7 days'", null);
            }
            within = duration(w, "a sequence delay");
        }
        if (first == null || then == null || window == null) {
            return placeholder();
        }
        Duration delay = within;
        boolean negated = thenNot;
        return build(peek(), () -> new SequenceCondition(first, window, then, delay, negated));
    }

    private Condition aggregate(Token fn, String w) {
        expect(Kind.LPAREN, "'(' after " + w);
        String path = null;
        Token pathToken = peek();
        if (!w.equals("count")) {
            path = path("the number to " + (w.equals("avg") ? "average" : w.equals("sum") ? "add up" : "compare")
                    + " (e.g. properties.total)");
            expectWord("of", "'of' after the path (" + w + "(properties.total of \"Order Completed\"))");
        }
        EventFilter f = filter();
        Window window = new Window.Ever();
        if (peek().kind() == Kind.COMMA) {
            next();
            window = window();
        }
        expect(Kind.RPAREN, "')' to close " + w + "(");
        Token opToken = peek();
        Comparison c = comparison(w + "(...)");
        if (c == null || f == null || window == null) {
            return placeholder();
        }
        if (!c.isNumericOrdering()) {
            error(opToken, w + "(...) is a number: compare it with =, !=, <, <=, > or >= and a number, not '" + c.op().symbol()
                    + "' and " + Comparison.describe(c.value()), null);
            return placeholder();
        }
        String p = path;
        Aggregate a = build(pathToken, () -> switch (w) {
            case "count" -> new Aggregate.Count();
            case "sum" -> new Aggregate.Sum(p);
            case "avg" -> new Aggregate.Avg(p);
            case "min" -> new Aggregate.Min(p);
            default -> new Aggregate.Max(p);
        });
        Window win = window;
        return a == null ? placeholder() : new EventCondition(f, win, a, c);
    }

    /** An event filter, or null after a reported (non-fatal) error. */
    private EventFilter filter() {
        Token t = next();
        String name = null;
        EventType type = null;
        if (t.kind() == Kind.STRING) {
            name = t.text();
            checkName(t, name, vocabulary.eventNames(), "event");
        } else if (t.is("any")) {
            Token what = next();
            if (what.is("event")) {
                type = null;
            } else if (what.kind() == Kind.WORD && EVENT_TYPES.contains(what.text().toLowerCase(Locale.ROOT))) {
                type = EventType.fromWire(what.text().toLowerCase(Locale.ROOT)).orElseThrow();
            } else {
                List<String> words = new ArrayList<>(EVENT_TYPES);
                words.add("event");
                throw stop(what, "expected 'event' or an event type (track, page, screen, identify, group, alias) after "
                        + "'any', found " + what.describe(), suggest(what, words));
            }
        } else if (t.kind() == Kind.WORD && EVENT_TYPES.contains(t.text().toLowerCase(Locale.ROOT))) {
            type = EventType.fromWire(t.text().toLowerCase(Locale.ROOT)).orElseThrow();
            Token n = next();
            if (n.kind() != Kind.STRING) {
                throw stop(n, "expected the " + t.text() + "'s name in quotes (" + t.text() + " \"Name\"), or write 'any "
                        + t.text() + "', found " + n.describe(), null);
            }
            name = n.text();
            checkName(n, name, vocabulary.eventNames(), "event");
        } else {
            List<String> words = new ArrayList<>(EVENT_TYPES);
            words.add("any");
            throw stop(t, "expected an event: a name in quotes (\"Order Completed\"), a type and a name (page \"Pricing\") "
                    + "or 'any event', found " + t.describe(), suggest(t, words));
        }
        if (name != null && name.isEmpty()) {
            error(t, "an event name must not be empty; write 'any event' for any event", null);
        }
        List<PropertyPredicate> where = new ArrayList<>();
        Set<String> brands = new LinkedHashSet<>();
        Set<String> sources = new LinkedHashSet<>();
        boolean ok = name == null || !name.isEmpty();
        boolean seenWhere = false;
        boolean seenBrand = false;
        boolean seenSource = false;
        while (true) {
            Token m = peek();
            if (m.is("where")) {
                next();
                if (seenWhere) {
                    error(m, "a second 'where'; join the filters with 'and' inside parentheses: where (a = 1 and b = 2)", null);
                }
                seenWhere = true;
                if (peek().kind() == Kind.LPAREN) {
                    Token open = next();
                    ok &= predicate(where);
                    while (peek().is("and")) {
                        next();
                        ok &= predicate(where);
                    }
                    if (peek().is("or")) {
                        throw stop(peek(), "property filters are joined with 'and' only; for 'or', write two conditions "
                                + "joined by 'or'", null);
                    }
                    expect(Kind.RPAREN, "')' to close the '(' at " + open.line() + ":" + open.column());
                } else {
                    ok &= predicate(where);
                }
            } else if (m.is("from")) {
                next();
                Token which = next();
                if (which.is("brand") || which.is("brands")) {
                    if (seenBrand) {
                        error(which, "a second 'from brand'; list the brands: from brand [\"a\", \"b\"]", null);
                    }
                    seenBrand = true;
                    brands.addAll(stringOrList("brand"));
                } else if (which.is("source") || which.is("sources")) {
                    if (seenSource) {
                        error(which, "a second 'from source'; list the sources: from source [\"a\", \"b\"]", null);
                    }
                    seenSource = true;
                    sources.addAll(stringOrList("source"));
                } else {
                    throw stop(which, "expected 'brand' or 'source' after 'from', found " + which.describe(),
                            suggest(which, List.of("brand", "source")));
                }
            } else {
                break;
            }
        }
        if (!ok) {
            return null;
        }
        String n = name;
        EventType ty = type;
        return build(t, () -> new EventFilter(n, ty, where, new EventFilter.Scope(brands, sources)));
    }

    private boolean predicate(List<PropertyPredicate> out) {
        Token at = peek();
        String path = path("an event property path (e.g. properties.total)");
        Comparison c = comparison(path);
        if (c == null) {
            return false;
        }
        PropertyPredicate p = build(at, () -> new PropertyPredicate(path, c));
        if (p == null) {
            return false;
        }
        out.add(p);
        return true;
    }

    private List<String> stringOrList(String what) {
        Token t = next();
        List<String> out = new ArrayList<>();
        if (t.kind() == Kind.STRING) {
            out.add(nonEmpty(t, what));
            return out;
        }
        if (t.kind() != Kind.LBRACKET) {
            throw stop(t, "expected a " + what + " in quotes or a list [\"a\", \"b\"], found " + t.describe(), null);
        }
        do {
            Token s = next();
            if (s.kind() != Kind.STRING) {
                throw stop(s, "expected a " + what + " in quotes, found " + s.describe(), null);
            }
            out.add(nonEmpty(s, what));
        } while (accept(Kind.COMMA));
        expect(Kind.RBRACKET, "']' to close the list");
        return out;
    }

    private String nonEmpty(Token t, String what) {
        if (t.text().isEmpty()) {
            throw stop(t, "a " + what + " must not be empty", null);
        }
        return t.text();
    }

    /** A window if one follows ({@code ever}, {@code within}, {@code between}, {@code since}), else {@code ever}. */
    private Window optionalWindow() {
        Token t = peek();
        if (t.is("ever") || t.is("within") || t.is("between") || t.is("since")) {
            return window();
        }
        return new Window.Ever();
    }

    /** A window, or null after a reported error. */
    private Window window() {
        Token t = next();
        if (t.is("ever")) {
            return new Window.Ever();
        }
        if (t.is("within")) {
            if (peek().is("last")) {
                throw stop(peek(), "an event window is written 'within 30 days' ('within last' compares a date value)", null);
            }
            Duration d = duration(t, "a window");
            return d == null ? null : new Window.Within(d);
        }
        if (t.is("between")) {
            Token a = expectNumber("a number (between 30 and 90 days ago)");
            Token unitTokenA = null;
            Long unitA = null;
            if (peek().kind() == Kind.WORD && !peek().is("and")) {
                unitTokenA = next();
                unitA = unit(unitTokenA);
            }
            expectWord("and", "'and' (between 30 and 90 days ago)");
            Token b = expectNumber("a number (between 30 and 90 days ago)");
            Token unitTokenB = next();
            long unitB = unit(unitTokenB);
            expectWord("ago", "'ago' to end the window (between 30 and 90 days ago)");
            Duration from = amount(a, unitA == null ? unitTokenB : unitTokenA, unitA == null ? unitB : unitA, true,
                    "the nearer end of a window");
            Duration to = amount(b, unitTokenB, unitB, false, "the farther end of a window");
            if (from == null || to == null) {
                return null;
            }
            if (to.compareTo(from) <= 0) {
                error(b, "'between ... ago' needs the second time to be further back than the first "
                        + "(between 30 and 90 days ago)", null);
                return null;
            }
            return new Window.Between(from, to);
        }
        if (t.is("since")) {
            Token d = next();
            if (d.kind() != Kind.DATE) {
                throw stop(d, "expected a date after 'since' (since 2024-01-01 or since 2024-01-01T08:00:00Z), found "
                        + d.describe(), null);
            }
            Instant at = dateValue(d);
            return at == null ? null : new Window.Since(at);
        }
        throw stop(t, "expected a window: ever, within 30 days, between 30 and 90 days ago or since 2024-01-01; found "
                + t.describe(), suggest(t, List.of("ever", "within", "between", "since")));
    }

    /** A duration after {@code within}: a positive whole number and a unit; null after a reported error. */
    private Duration duration(Token after, String what) {
        Token n = expectNumber("a number and a unit after '" + after.text() + "' (e.g. 30 days)");
        Token u = next();
        return amount(n, u, unit(u), false, what);
    }

    /** A number of units, zero or more when {@code zeroAllowed}, at most {@link Limits#MAX_DURATION}; null after a reported error. */
    private Duration amount(Token n, Token unit, long unitSeconds, boolean zeroAllowed, String what) {
        BigDecimal v = (BigDecimal) n.value();
        if (v.signum() < 0 || v.signum() == 0 && !zeroAllowed || v.stripTrailingZeros().scale() > 0) {
            error(n, "a duration is a positive whole number of units, got " + n.text(), null);
            return null;
        }
        // compared as decimals: 1e2000000 days is refused without writing out its two million digits
        if (v.multiply(BigDecimal.valueOf(unitSeconds)).compareTo(BigDecimal.valueOf(Limits.MAX_DURATION.getSeconds())) > 0) {
            error(n, Limits.durationProblem(what, n.text() + " " + unit.text()), null);
            return null;
        }
        return Duration.ofSeconds(v.longValueExact() * unitSeconds);
    }

    private long unit(Token u) {
        String w = u.kind() == Kind.WORD ? u.text().toLowerCase(Locale.ROOT) : "";
        return switch (w) {
            case "second", "seconds" -> 1;
            case "minute", "minutes" -> 60;
            case "hour", "hours" -> 3_600;
            case "day", "days" -> 86_400;
            case "week", "weeks" -> 7 * 86_400;
            case "month", "months", "year", "years" -> throw stop(u, "months and years have no fixed length; write days "
                    + "(30 days, 365 days)", null);
            default -> throw stop(u, "expected a unit (seconds, minutes, hours, days, weeks), found " + u.describe(),
                    suggest(u, UNITS));
        };
    }

    // ---- comparisons ----------------------------------------------------------------------------------------------

    /** An operator and its literal after {@code subject}; null after a reported type error. */
    private Comparison comparison(String subject) {
        Token t = next();
        Operator op;
        switch (t.kind()) {
            case EQ -> op = Operator.EQ;
            case NE -> op = Operator.NE;
            case LT -> op = Operator.LT;
            case LE -> op = Operator.LE;
            case GT -> op = Operator.GT;
            case GE -> op = Operator.GE;
            case WORD -> {
                String w = t.text().toLowerCase(Locale.ROOT);
                switch (w) {
                    case "in" -> op = Operator.IN;
                    case "not" -> {
                        expectWord("in", "'in' after 'not' (not in [\"a\", \"b\"])");
                        op = Operator.NOT_IN;
                    }
                    case "contains" -> op = Operator.CONTAINS;
                    case "starts" -> {
                        expectWord("with", "'with' after 'starts' (starts with \"abc\")");
                        op = Operator.STARTS_WITH;
                    }
                    case "exists" -> {
                        return new Comparison(Operator.EXISTS, new NoLit());
                    }
                    case "is" -> {
                        Token a = next();
                        if (!a.is("absent") && !a.is("missing")) {
                            throw stop(a, "expected 'absent' after 'is' (is absent)", suggest(a, List.of("absent", "missing")));
                        }
                        return new Comparison(Operator.ABSENT, new NoLit());
                    }
                    case "before" -> op = Operator.BEFORE;
                    case "after" -> op = Operator.AFTER;
                    case "within" -> {
                        expectWord("last", "'last' after 'within' (within last 30 days)");
                        op = Operator.WITHIN_LAST;
                    }
                    default -> throw stop(t, "expected a comparison after " + subject + " (=, !=, <, <=, >, >=, in, not in, "
                            + "contains, starts with, exists, is absent, before, after, within last), found " + t.describe(),
                            suggest(t, OPERATOR_WORDS));
                }
            }
            default -> throw stop(t, "expected a comparison after " + subject + " (=, !=, <, <=, >, >=, in, not in, contains, "
                    + "starts with, exists, is absent, before, after, within last), found " + t.describe(), null);
        }
        Token at = peek();
        Literal value = switch (op) {
            case IN, NOT_IN -> list();
            case WITHIN_LAST -> {
                Duration d = duration(t, "a duration");
                yield d == null ? null : new DurationLit(d);
            }
            default -> scalar();
        };
        if (value == null) {
            return null;
        }
        Literal v = value;
        return build(at, () -> new Comparison(op, v));
    }

    private Literal list() {
        Token open = next();
        if (open.kind() != Kind.LBRACKET) {
            throw stop(open, "expected a list in brackets: [\"a\", \"b\"], found " + open.describe(), null);
        }
        List<Literal> values = new ArrayList<>();
        do {
            Literal v = scalar();
            if (v == null) {
                return null;
            }
            values.add(v);
        } while (accept(Kind.COMMA));
        expect(Kind.RBRACKET, "']' to close the list opened at " + open.line() + ":" + open.column());
        return build(open, () -> new ListLit(values));
    }

    /** A string, number, boolean or date; null after a reported error. */
    private Literal scalar() {
        Token t = next();
        return switch (t.kind()) {
            case STRING -> new StringLit(t.text());
            case NUMBER -> build(t, () -> new NumberLit((BigDecimal) t.value()));
            case DATE -> {
                Instant at = dateValue(t);
                yield at == null ? null : new DateLit(at);
            }
            case WORD -> {
                if (t.is("true") || t.is("false")) {
                    yield new BoolLit(t.is("true"));
                }
                throw stop(t, "expected a value (\"text\", 42, true, 2024-01-01), found " + t.describe()
                        + "; strings are written in double quotes", null);
            }
            default -> throw stop(t, "expected a value (\"text\", 42, true, 2024-01-01), found " + t.describe(), null);
        };
    }

    private Instant dateValue(Token t) {
        Instant at = (Instant) t.value();
        try {
            return new DateLit(at).value();
        } catch (IllegalArgumentException e) {
            error(t, e.getMessage(), null);
            return null;
        }
    }

    // ---- names ----------------------------------------------------------------------------------------------------

    private String name(String what) {
        Token t = next();
        if (t.kind() != Kind.WORD) {
            throw stop(t, "expected " + what + ", found " + t.describe(), null);
        }
        return t.text();
    }

    private String path(String what) {
        StringBuilder sb = new StringBuilder(name(what));
        while (peek().kind() == Kind.DOT) {
            next();
            sb.append('.').append(name("a name after '.'"));
        }
        return sb.toString();
    }

    private static String root(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }

    private void checkName(Token at, String name, Set<String> known, String what) {
        if (!known.isEmpty() && !known.contains(name)) {
            error(at, "unknown " + what + " '" + name + "'", Suggestions.closest(name, known).orElse(null));
        }
    }

    // ---- plumbing -------------------------------------------------------------------------------------------------

    /** Builds a node; a validation failure becomes a diagnostic at {@code at} and the result null. */
    private <T> T build(Token at, Supplier<T> node) {
        try {
            return node.get();
        } catch (IllegalArgumentException e) {
            error(at, e.getMessage(), null);
            return null;
        }
    }

    /** Stands in for a condition that had a reported error, so that parsing goes on and finds the next one. */
    private static Condition placeholder() {
        return new IdentifierPresent("error");
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            next();
            return true;
        }
        return false;
    }

    private void expect(Kind kind, String what) {
        Token t = next();
        if (t.kind() != kind) {
            throw stop(t, "expected " + what + ", found " + t.describe(), null);
        }
    }

    private void expectWord(String word, String what) {
        Token t = next();
        if (!t.is(word)) {
            throw stop(t, "expected " + what + ", found " + t.describe(), suggest(t, List.of(word)));
        }
    }

    private Token expectNumber(String what) {
        Token t = next();
        if (t.kind() != Kind.NUMBER) {
            throw stop(t, "expected " + what + ", found " + t.describe(), null);
        }
        return t;
    }

    private static String suggest(Token t, List<String> words) {
        return t.kind() == Kind.WORD ? Suggestions.closest(t.text(), words).orElse(null) : null;
    }

    private void error(Token at, String message, String suggestion) {
        diagnostics.add(new Diagnostic(at.line(), at.column(), Math.max(1, at.length()), message, suggestion));
    }

    private Stop stop(Token at, String message, String suggestion) {
        error(at, message, suggestion);
        return new Stop();
    }
}
