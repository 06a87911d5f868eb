package io.kith.console;

import io.kith.identity.ProbableLinks;
import io.kith.profile.Attribute;
import io.kith.profile.AttributeHistory.Seen;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The customer view's "Also known as" panel: every name, birth date and address the person's events gave, with the
 * source and when, so staff see who the person was as well as who they are (and why a probable link matched an old
 * address); and the values a probable link matched on. Values are masked as the traits are ({@link Masking#shown}):
 * birth dates and addresses for every role but admin, contact points for roles without them. Stateless.
 */
final class HistoryPanel {
    /** What the panel lists: names, birth dates, addresses (e-mail addresses and phones are in the identifiers panel). */
    static final Set<Attribute> SHOWN = Set.of(Attribute.FIRST_NAME, Attribute.LAST_NAME, Attribute.BIRTHDAY, Attribute.STREET,
            Attribute.POSTCODE, Attribute.CITY);

    private HistoryPanel() {
    }

    /** The panel of a profile's history ({@link io.kith.profile.AttributeHistory#of}), {@code source} naming a source id. */
    static Html panel(Staff staff, List<Seen> history, Function<String, Html> source) {
        List<Seen> shown = history.stream().filter(s -> SHOWN.contains(s.attribute())).toList();
        Html rows = shown.isEmpty() ? Html.of("<tr><td colspan=\"6\" class=\"empty\">No name, birth date or address given yet.</td></tr>")
                : Html.each(shown, s -> Html.of("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", label(s.attribute()),
                        Masking.shown(staff, s.attribute().column(), s.value()), source.apply(s.sourceId()), CustomerScreens.time(s.first()),
                        CustomerScreens.time(s.last()), s.events()));
        return Html.of("""
                <section class="panel" aria-labelledby="history"><h2 id="history">Also known as</h2>
                <p class="muted">Every name, birth date and address this person's events gave, newest first: matching compares them all.</p>
                <table><thead><tr><th scope="col">Attribute</th><th scope="col">Value</th><th scope="col">Source</th><th scope="col">First given</th>
                <th scope="col">Last given</th><th scope="col">Events</th></tr></thead><tbody>{}</tbody></table></section>""", rows);
    }

    static String label(Attribute a) {
        return switch (a) {
            case FIRST_NAME -> "First name";
            case LAST_NAME -> "Last name";
            case BIRTHDAY -> "Birth date";
            case EMAIL -> "E-mail";
            case PHONE -> "Phone";
            case STREET -> "Street";
            case POSTCODE -> "Postcode";
            case CITY -> "City";
        };
    }

    /**
     * One comparison of a probable link as a person reads it: "street exact: 'Old Rd 5' (CRM, 2023) = 'Old Rd 5'", this
     * profile's value first; the level alone when the values are not known.
     *
     * @param mineIsA whether the profile viewed is the link's {@code profileA}
     */
    static String evidence(Staff staff, ProbableLinks.Evidence e, boolean mineIsA, Function<String, String> sourceName) {
        String head = e.comparison() + " " + e.level();
        if (e.a() == null || e.b() == null) {
            return head;
        }
        ProbableLinks.Value mine = mineIsA ? e.a() : e.b();
        ProbableLinks.Value theirs = mineIsA ? e.b() : e.a();
        return head + ": " + value(staff, e.comparison(), mine, sourceName) + (e.weight() >= 0 ? " = " : " ≠ ") + value(staff, e.comparison(), theirs, sourceName);
    }

    private static String value(Staff staff, String comparison, ProbableLinks.Value v, Function<String, String> sourceName) {
        String shown = "‘" + Masking.shown(staff, comparison, v.value()) + "’";
        if (v.sourceId() == null) {
            return shown;
        }
        return shown + " (" + sourceName.apply(v.sourceId()) + (v.at() == null ? "" : ", " + year(v.at())) + ")";
    }

    private static int year(String at) {
        return Instant.parse(at).atZone(ZoneOffset.UTC).getYear();
    }
}
