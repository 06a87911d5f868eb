package io.kith.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Event#at(String)} answers from an event's stored bytes exactly what the path finds in its parsed tree: for any
 * JSON (nested objects, arrays, numbers of every kind, escapes, whitespace as a client sent it, a member given twice)
 * and any dotted path, well formed or not — and it leaves the tree unparsed unless the path names the whole event.
 */
class EventAtProperties {
    private static final ObjectMapper M = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] KEYS = {"a", "b", "properties", "context", "revenue", "", "é\"x", "a.b"};

    @Property(tries = 3000)
    void theStoredBytesAnswerAsTheTreeDoes(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int layout) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        ObjectNode tree = object(r, 0);
        String json = switch (layout) {
            case 0 -> M.writeValueAsString(tree);
            case 1 -> M.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
            default -> withRepeatedMember(M.writeValueAsString(tree), r);
        };
        ObjectNode parsed = (ObjectNode) M.readTree(json);
        for (int i = 0; i < 20; i++) {
            String path = path(r);
            Event stored = stored(json);
            JsonNode fromBytes = stored.at(path);
            assertThat(fromBytes).as("%s in %s", path, json).isEqualTo(Event.at(parsed, path));
            if (path.split("\\.").length > 0) { // "." names the whole event: its tree
                assertThat(stored.storedJson()).as("no tree was parsed for %s", path).isNotNull();
            }
            assertThat(stored.at(path)).as("the same again from the bytes").isEqualTo(fromBytes);
            stored.json();
            assertThat(stored.at(path)).as("and from the tree once parsed").isEqualTo(fromBytes);
        }
    }

    private static Event stored(String json) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return Event.stored("m", EventType.TRACK, "s", "b", "u", null, "A", at, at, new StoredJson(json.getBytes(StandardCharsets.UTF_8)), M);
    }

    /** The JSON with one top-level member given again at the end with another value: the last one counts, as in a tree. */
    private static String withRepeatedMember(String json, SplittableRandom r) throws Exception {
        String key = KEYS[r.nextInt(KEYS.length)];
        String again = M.writeValueAsString(key) + ":" + M.writeValueAsString(object(r, 1));
        return json.equals("{}") ? "{" + again + "}" : json.substring(0, json.length() - 1) + "," + again + "}";
    }

    private static String path(SplittableRandom r) {
        return switch (r.nextInt(12)) {
            case 0 -> "";
            case 1 -> KEYS[r.nextInt(KEYS.length)] + ".";
            case 2 -> KEYS[r.nextInt(KEYS.length)] + ".." + KEYS[r.nextInt(KEYS.length)];
            default -> {
                List<String> parts = new ArrayList<>();
                int n = 1 + r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    parts.add(KEYS[r.nextInt(KEYS.length)]);
                }
                yield String.join(".", parts);
            }
        };
    }

    private static ObjectNode object(SplittableRandom r, int depth) {
        ObjectNode o = NODES.objectNode();
        int n = r.nextInt(depth == 0 ? 7 : 4);
        for (int i = 0; i < n; i++) {
            o.set(KEYS[r.nextInt(KEYS.length)], value(r, depth + 1));
        }
        return o;
    }

    private static JsonNode value(SplittableRandom r, int depth) {
        int kind = r.nextInt(depth > 3 ? 8 : 10);
        return switch (kind) {
            case 0 -> NODES.textNode("t\\\"\n€" + r.nextInt(100));
            case 1 -> NODES.numberNode(r.nextInt());
            case 2 -> NODES.numberNode(new BigDecimal(BigInteger.valueOf(r.nextLong()), r.nextInt(6)));
            case 3 -> NODES.numberNode(new BigInteger("123456789012345678901234567890"));
            case 4 -> NODES.numberNode(r.nextDouble() * 1e6);
            case 5 -> NODES.booleanNode(r.nextBoolean());
            case 6 -> NODES.nullNode();
            case 7 -> NODES.textNode("");
            case 8 -> object(r, depth);
            default -> {
                var a = NODES.arrayNode();
                int n = r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    a.add(value(r, depth + 1));
                }
                yield a;
            }
        };
    }
}
