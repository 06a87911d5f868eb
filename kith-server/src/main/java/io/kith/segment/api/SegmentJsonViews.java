package io.kith.segment.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kith.segment.SegmentJson;
import io.kith.segment.SegmentStore;
import io.kith.segment.lang.Diagnostic;
import io.kith.segment.lang.SegmentPrinter;
import java.util.List;

/** The bodies the segment API reads and writes, as records. */
final class SegmentJsonViews {
    private SegmentJsonViews() {
    }

    /**
     * A definition as a client sends it: the condition in the text language ({@code condition}) or in the JSON form
     * ({@code conditionJson}), not both.
     */
    record SegmentBody(String key, String name, String description, String condition, JsonNode conditionJson) {
    }

    /** A condition to check or preview, in either form; {@code now} for a preview (default: the server's clock). */
    record ConditionBody(String condition, JsonNode conditionJson, String now, Integer sample) {
    }

    record SegmentView(String key, String name, String description, int version, String savedAt, String condition,
                       JsonNode conditionJson, String temporalClass, String status, long size) {
        static SegmentView of(SegmentStore.SavedSegment s, String temporalClass, String status, long size) {
            return new SegmentView(s.key(), s.definition().name(), s.definition().description(), s.version(), s.savedAt().toString(),
                    SegmentPrinter.print(s.definition().condition()), SegmentJson.toJson(s.definition().condition()), temporalClass,
                    status, size);
        }
    }

    record SegmentDetail(SegmentView segment, List<VersionView> versions) {
    }

    record VersionView(int version, String savedAt, String name, String condition) {
    }

    record SegmentList(List<SegmentView> segments) {
    }

    record DiagnosticView(int line, int column, int length, String message, String suggestion) {
        static DiagnosticView of(Diagnostic d) {
            return new DiagnosticView(d.line(), d.column(), d.length(), d.message(), d.suggestion());
        }
    }

    record Validation(boolean valid, List<DiagnosticView> diagnostics, String condition, JsonNode conditionJson, String temporalClass) {
    }

    record Preview(long count, List<String> sample, long asOfSequence, String now) {
    }

    record MembersPage(String key, List<String> members, String next, long size) {
    }

    record ChangeView(String segment, int version, boolean entered, String at, long asOfSequence, String cause) {
        static ChangeView of(SegmentStore.MembershipChange c) {
            return new ChangeView(c.segmentKey(), c.version(), c.entered(), c.at().toString(), c.asOfSequence(), c.cause());
        }
    }

    record Memberships(String profileId, List<String> segments, List<ChangeView> history) {
    }

    record SizeHistory(String key, List<SizePointView> points) {
    }

    record SizePointView(String at, long members) {
    }
}
