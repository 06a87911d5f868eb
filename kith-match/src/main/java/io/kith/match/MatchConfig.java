package io.kith.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.match.block.BlockingRule;
import io.kith.match.block.Transform;
import io.kith.match.compare.Comparison;
import io.kith.match.compare.Level;
import io.kith.match.compare.Prepare;
import io.kith.match.propose.Proposal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A match configuration read from JSON; what it leaves out is proposed ({@link io.kith.match.propose.Proposer}) or
 * defaulted ({@link MatchSettings}). The format is documented in docs/identity-matching.md:
 * <pre>{@code
 * {"comparisons": [{"column": "surname", "prepare": "text", "levels": ["exact", "jw>=0.92", "jw>=0.85"], "tf": true}],
 *  "blocking": [["soundex(surname)", "initial(given_name)"], ["date_of_birth"]],
 *  "threshold": 0.5, "maxBlock": 1000, "maxPairsPerRecord": 20, "uSamples": 1000000, "seed": 1, "emIterations": 100, "tfMinimum": 0.0001,
 *  "minClusterDensity": 0.3}
 * }</pre>
 */
public record MatchConfig(List<Comparison> comparisons, List<BlockingRule> blocking, Double threshold, Integer maxBlock, Integer maxPairsPerRecord, Long uSamples,
                          Long seed, Integer emIterations, Double tfMinimum, Double minClusterDensity) {
    private static final Set<String> KEYS = Set.of("comparisons", "blocking", "threshold", "maxBlock", "maxPairsPerRecord", "uSamples", "seed", "emIterations",
            "tfMinimum", "minClusterDensity");
    private static final Pattern JW = Pattern.compile("jw>=([0-9.]+)");
    private static final Pattern LEV = Pattern.compile("lev<=(\\d+)");
    private static final Pattern DAYS = Pattern.compile("days<=(\\d+)");
    private static final Pattern WITHIN = Pattern.compile("within ?([0-9.]+)%");
    private static final Pattern PART = Pattern.compile("(\\w+)\\((.+)\\)");

    /** No configuration: everything proposed or defaulted. */
    public static final MatchConfig NONE = new MatchConfig(null, null, null, null, null, null, null, null, null, null);

    /**
     * @param source names the configuration in error messages (a file name)
     * @throws KithException {@link ErrorCode#INVALID_ARGUMENT} naming the key at fault
     */
    public static MatchConfig parse(String json, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw bad(source, "not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad(source, "expected a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw bad(source, "unknown key \"" + key + "\"; known: " + new java.util.TreeSet<>(KEYS));
            }
        }
        try {
            List<Comparison> comparisons = root.has("comparisons") ? comparisons(root.get("comparisons")) : null;
            List<BlockingRule> blocking = root.has("blocking") ? blocking(root.get("blocking")) : null;
            return new MatchConfig(comparisons, blocking, number(root, "threshold"), integer(root, "maxBlock"), integer(root, "maxPairsPerRecord"),
                    root.has("uSamples") ? root.get("uSamples").asLong() : null, root.has("seed") ? root.get("seed").asLong() : null,
                    integer(root, "emIterations"), number(root, "tfMinimum"), number(root, "minClusterDensity"));
        } catch (IllegalArgumentException e) {
            throw bad(source, e.getMessage());
        }
    }

    /** The settings: this configuration over the proposal and the defaults. */
    public MatchSettings settings(Proposal proposal, int threads) {
        MatchSettings defaults = MatchSettings.of(comparisons != null ? comparisons : proposal.comparisons(),
                blocking != null ? blocking : proposal.blocking());
        return new MatchSettings(defaults.comparisons(), defaults.blocking(), threshold != null ? threshold : defaults.threshold(),
                maxBlock != null ? maxBlock : defaults.maxBlock(),
                maxPairsPerRecord != null ? maxPairsPerRecord : defaults.maxPairsPerRecord(), uSamples != null ? uSamples : defaults.uSamples(),
                seed != null ? seed : defaults.seed(), emIterations != null ? emIterations : defaults.emIterations(),
                tfMinimum != null ? tfMinimum : defaults.tfMinimum(), threads,
                minClusterDensity != null ? minClusterDensity : defaults.minClusterDensity());
    }

    private static List<Comparison> comparisons(JsonNode node) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("\"comparisons\" is a list of objects");
        }
        List<Comparison> out = new ArrayList<>();
        for (JsonNode c : node) {
            String column = text(c, "column");
            String name = c.has("name") ? c.get("name").asText() : column;
            Prepare prepare = c.has("prepare") ? Prepare.valueOf(c.get("prepare").asText().toUpperCase(Locale.ROOT)) : Prepare.TEXT;
            List<Level> levels = new ArrayList<>();
            if (!c.has("levels") || !c.get("levels").isArray()) {
                throw new IllegalArgumentException("comparison " + name + ": \"levels\" is a list such as [\"exact\", \"jw>=0.9\"]");
            }
            for (JsonNode l : c.get("levels")) {
                levels.add(level(l.asText()));
            }
            out.add(new Comparison(name, column, prepare, levels, c.path("tf").asBoolean(false), c.hasNonNull("swapWith") ? c.get("swapWith").asText() : null));
        }
        return out;
    }

    /** A level from its label, as {@link Level#label()} writes it. */
    public static Level level(String label) {
        String s = label.strip().toLowerCase(Locale.ROOT);
        Matcher m;
        if (s.equals("exact")) {
            return new Level.Exact();
        } else if (s.equals("else")) {
            return new Level.Else();
        } else if (s.equals("day-month-swapped")) {
            return new Level.DayMonthSwapped();
        } else if (s.equals("same-local-part")) {
            return new Level.EmailLocalPart();
        } else if ((m = JW.matcher(s)).matches()) {
            return new Level.JaroWinkler(Double.parseDouble(m.group(1)));
        } else if ((m = LEV.matcher(s)).matches()) {
            return new Level.Levenshtein(Integer.parseInt(m.group(1)));
        } else if ((m = DAYS.matcher(s)).matches()) {
            return new Level.DaysWithin(Integer.parseInt(m.group(1)));
        } else if ((m = WITHIN.matcher(s)).matches()) {
            return new Level.NumberWithin(Double.parseDouble(m.group(1)) / 100);
        }
        throw new IllegalArgumentException("unknown level \"" + label + "\"; known: exact, jw>=X, lev<=N, days<=N, day-month-swapped, "
                + "same-local-part, within X%, else");
    }

    private static List<BlockingRule> blocking(JsonNode node) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("\"blocking\" is a list of rules, each a list of key parts");
        }
        List<BlockingRule> out = new ArrayList<>();
        for (JsonNode rule : node) {
            boolean anyOrder = rule.isObject() && rule.has("anyOrder");
            if (rule.isObject() && !anyOrder) {
                throw new IllegalArgumentException("a blocking rule is a list of key parts, or {\"anyOrder\": [parts]}");
            }
            JsonNode list = anyOrder ? rule.get("anyOrder") : rule;
            List<BlockingRule.Part> parts = new ArrayList<>();
            for (JsonNode p : list.isArray() ? list : List.of(list)) {
                parts.add(part(p.asText()));
            }
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("a blocking rule needs at least one key part");
            }
            out.add(new BlockingRule(parts, anyOrder));
        }
        return out;
    }

    /** A key part: a column name, or transform(column) with transform one of {@link Transform}. */
    public static BlockingRule.Part part(String text) {
        Matcher m = PART.matcher(text.strip());
        if (m.matches()) {
            String t = m.group(1).toUpperCase(Locale.ROOT);
            try {
                return new BlockingRule.Part(m.group(2).strip(), Transform.valueOf(t.equals("MONTHDAY") ? "MONTH_DAY" : t));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown blocking transform \"" + m.group(1) + "\"; known: "
                        + java.util.Arrays.stream(Transform.values()).map(x -> x.name().toLowerCase(Locale.ROOT)).toList());
            }
        }
        return new BlockingRule.Part(text.strip(), Transform.EXACT);
    }

    private static String text(JsonNode node, String key) {
        if (!node.hasNonNull(key)) {
            throw new IllegalArgumentException("a comparison needs \"" + key + "\"");
        }
        return node.get(key).asText();
    }

    private static Double number(JsonNode root, String key) {
        return root.has(key) ? root.get(key).asDouble() : null;
    }

    private static Integer integer(JsonNode root, String key) {
        return root.has(key) ? root.get(key).asInt() : null;
    }

    private static KithException bad(String source, String why) {
        return new KithException(ErrorCode.INVALID_ARGUMENT, source + ": " + why);
    }
}
