package io.kith.privacy.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.privacy.SubjectAccess;
import java.time.Instant;

/**
 * A subject access export as one CSV (RFC 4180) a person can open in a spreadsheet: one row per thing held,
 * {@code section,name,value,source,at}; JSON values (traits, events) written as JSON text in the value column.
 */
final class AccessCsv {
    private AccessCsv() {
    }

    static String write(SubjectAccess.Export e, ObjectMapper mapper) {
        StringBuilder sb = new StringBuilder("section,name,value,source,at\r\n");
        row(sb, "profile", "id", e.profileId(), null, e.exportedAt());
        row(sb, "profile", "first_seen", String.valueOf(e.firstSeen()), null, null);
        row(sb, "profile", "last_seen", String.valueOf(e.lastSeen()), null, null);
        e.mergedFrom().forEach(m -> row(sb, "profile", "merged_from", m, null, null));
        e.brands().forEach(b -> row(sb, "profile", "brand", b, null, null));
        for (SubjectAccess.IdentifierHeld i : e.identifiers()) {
            row(sb, "identifier", i.type(), i.value(), i.sourceId(), i.firstSeen());
        }
        for (SubjectAccess.TraitHeld t : e.traits()) {
            row(sb, "trait", t.name(), text(t.value(), mapper), t.sourceId(), t.at());
        }
        for (SubjectAccess.ValueHeld v : e.values()) {
            row(sb, v.namespace(), v.name(), text(v.value(), mapper), "kith (version " + v.version() + ")", v.computedAt());
        }
        e.segments().forEach(s -> row(sb, "segment", s, "member", null, null));
        for (SubjectAccess.MembershipHeld m : e.segmentHistory()) {
            row(sb, "segment_history", m.segment(), m.entered() ? "entered" : "exited", m.cause(), m.at());
        }
        for (SubjectAccess.MergeStep s : e.mergeHistory()) {
            row(sb, "identity", s.kind(), s.detail(), "event " + s.sequence(), null);
        }
        for (SubjectAccess.EventHeld ev : e.events()) {
            row(sb, "event", ev.type() + (ev.name() == null ? "" : " " + ev.name()), text(ev.json(), mapper), ev.sourceId(), ev.timestamp());
        }
        return sb.toString();
    }

    private static String text(JsonNode n, ObjectMapper mapper) {
        if (n == null) {
            return "";
        }
        if (n.isTextual()) {
            return n.asText();
        }
        try {
            return mapper.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            return n.toString();
        }
    }

    private static void row(StringBuilder sb, String section, String name, String value, String source, Instant at) {
        sb.append(cell(section)).append(',').append(cell(name)).append(',').append(cell(value)).append(',').append(cell(source)).append(',')
                .append(at == null ? "" : at.toString()).append("\r\n");
    }

    /** A CSV cell: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is prefixed so spreadsheets do not run it. */
    private static String cell(String v) {
        if (v == null) {
            return "";
        }
        String s = v;
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
