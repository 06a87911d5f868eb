package io.kith.model.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.label.LabelDefinition;
import io.kith.label.LabelFamily;
import io.kith.label.LabelRule;
import io.kith.model.household.Evidence;
import io.kith.model.household.Household;
import io.kith.model.household.HouseholdGrouping;
import io.kith.model.household.Households;
import io.kith.prediction.ModelJobs.HouseholdView;
import io.kith.prediction.ModelJobs.Member;
import io.kith.prediction.ModelJobs.Reason;
import io.kith.profile.ProfileValueStore.Computed;
import io.kith.segment.ProfileValue;
import io.kith.segment.ProfileValue.Namespace;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code households} model in the server: groups the live profiles by shared address and surname, landline,
 * payment token or device ({@link HouseholdGrouping}) and writes on each member {@code household_id} (a number),
 * {@code household_size}, {@code household_confidence} and {@code household} (the household as the API shows it: the
 * members with their ties and the evidence, never a shared value beyond its last four characters). The label
 * {@code household_id} copies the id as text, so that a segment can read {@code label household_id = "..."}.
 */
final class HouseholdsRun {
    static final List<String> VALUES = List.of("household_id", "household_size", "household_confidence", "household");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is stored per member in the {@code household} value. */
    record Stored(String householdId, double confidence, List<Member> members, List<Reason> evidence, String explanation, String modelVersion) {
    }

    private HouseholdsRun() {
    }

    static void run(RunData data, HouseholdGrouping grouping, RunOutput out, ObjectNode record) {
        Households found = grouping.group(data.households);
        Map<String, List<Computed>> values = new TreeMap<>();
        VALUES.forEach(v -> values.put(v, new ArrayList<>()));
        Map<Evidence.Kind, Integer> byKind = new EnumMap<>(Evidence.Kind.class);
        int[] sizes = new int[11];
        long members = 0;
        for (Household h : found.households()) {
            List<Reason> reasons = h.evidence().stream().map(HouseholdsRun::reason).toList();
            h.evidence().forEach(e -> byKind.merge(e.kind(), 1, Integer::sum));
            List<Member> ms = h.profileIds().stream().map(id -> new Member(id, round(h.ties().get(id)))).toList();
            Stored stored = new Stored(h.householdId(), round(h.confidence()), ms, reasons, explain(h, reasons), h.version().toString());
            JsonNode body = JSON.valueToTree(stored);
            sizes[Math.min(10, h.profileIds().size())]++;
            members += h.profileIds().size();
            for (String id : h.profileIds()) {
                values.get("household_id").add(out.value(id, "household_id", JSON.getNodeFactory().numberNode(Long.parseLong(h.householdId()))));
                values.get("household_size").add(out.value(id, "household_size", JSON.getNodeFactory().numberNode(h.profileIds().size())));
                values.get("household_confidence").add(out.value(id, "household_confidence", JSON.getNodeFactory().numberNode(round(h.confidence()))));
                values.get("household").add(out.value(id, "household", body));
            }
        }
        values.forEach(out::replaceAll);
        ObjectNode params = record.putObject("parameters");
        params.put("modelVersion", grouping.version().toString());
        params.put("maxMembers", grouping.maxMembers());
        params.put("region", grouping.region());
        ObjectNode weights = params.putObject("weights");
        for (Evidence.Kind k : Evidence.Kind.values()) {
            weights.put(kind(k), k.weight());
        }
        ObjectNode metrics = record.putObject("metrics");
        metrics.put("profilesWithEvidence", data.households.size());
        metrics.put("households", found.households().size());
        metrics.put("profilesInHouseholds", members);
        metrics.put("meanConfidence", round(found.households().stream().mapToDouble(Household::confidence).average().orElse(0)));
        ObjectNode evidence = metrics.putObject("householdsByEvidence");
        byKind.forEach((k, n) -> evidence.put(kind(k), n));
        ObjectNode bySize = metrics.putObject("householdsBySize");
        for (int s = 2; s < sizes.length; s++) {
            if (sizes[s] > 0) {
                bySize.put(s == 10 ? "10+" : String.valueOf(s), sizes[s]);
            }
        }
        // counts only: an ignored value is an office address, a shop's tablet, a company card
        ObjectNode ignored = metrics.putObject("ignoredSharedValues");
        found.ignored().forEach(e -> ignored.put(kind(e.kind()), ignored.path(kind(e.kind())).asInt(0) + 1));
        out.labels().accept(new LabelDefinition("household_id", LabelFamily.MODEL,
                "The household the households model put the person in (shared address and surname, landline, payment token or device)",
                new LabelRule.Copy(new ProfileValue(Namespace.MODEL, "household_id"))));
    }

    /** The person's household from their stored values; empty when the last run put them in none. */
    static Optional<HouseholdView> read(List<Computed> stored) {
        for (Computed c : stored) {
            if (c.namespace() == Namespace.MODEL && c.name().equals("household") && c.value().isObject()) {
                try {
                    Stored s = JSON.treeToValue(c.value(), Stored.class);
                    return Optional.of(new HouseholdView(s.householdId(), s.confidence(), s.members(), s.evidence(), s.explanation(),
                            c.version(), c.computedAt(), s.modelVersion()));
                } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The evidence as shown: a payment token, device or landline by its last four characters; an address and surname not
     * at all (the members' own traits show it to whoever may see them).
     */
    private static Reason reason(Evidence e) {
        String shown = switch (e.kind()) {
            case PAYMENT_TOKEN, DEVICE -> e.key();
            case LANDLINE -> e.key().length() <= 4 ? "…" : "…" + e.key().substring(e.key().length() - 4);
            case ADDRESS_AND_SURNAME -> null;
        };
        return new Reason(kind(e.kind()), e.kind().weight(), shown, e.profileIds());
    }

    private static String explain(Household h, List<Reason> reasons) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d profiles, confidence %.2f:", h.profileIds().size(), h.confidence()));
        for (Reason r : reasons) {
            sb.append(" same ").append(r.kind().replace('_', ' ')).append(r.shown() == null ? "" : " " + r.shown())
                    .append(" (").append(r.profileIds().size()).append(" profiles);");
        }
        return sb.substring(0, sb.length() - 1);
    }

    static String kind(Evidence.Kind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
