package io.kith.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.KithException;
import io.kith.event.Event;
import io.kith.event.StoredEventReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

/**
 * Events read back from their stored JSON as tokens ({@link StoredEventReader}, {@link IdentifierExtractor#input} on a
 * stored event) are exactly what parsing the JSON into a tree and reading that gives: every typed field, and every
 * identifier, refusal and trait identity resolution sees. Over random events with members in any order, given twice,
 * of unexpected types, nested, null, numbers in every form, escapes and non-ASCII text, and with configured fields
 * nested a level deep.
 */
class StoredReadingProperties {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final StoredEventReader READER = new StoredEventReader(MAPPER);
    private static final IdentityRules RULES = IdentityRules.withOverrides(new ByteArrayInputStream("""
            {"fields": {"traits.address.zip": "crm_id", "properties.member.number": "loyalty_card", "context.device.id": "device_id",
                        "context.app.build": "payment_token"}}
            """.getBytes(StandardCharsets.UTF_8)), "nested");
    private static final IdentifierExtractor EXTRACTOR = new IdentifierExtractor(RULES, source -> "GB");

    @Provide
    Arbitrary<String> events() {
        Arbitrary<String> type = Arbitraries.of("identify", "track", "page", "screen", "group", "alias");
        Arbitrary<List<String>> members = Arbitraries.<String>oneOf(
                header("messageId"), header("sourceId"), header("brand"), header("userId"), header("anonymousId"), header("event"),
                header("name"), Arbitraries.of("\"timestamp\":\"2026-02-03T04:05:06.789Z\"", "\"timestamp\":\"2026-02-03T04:05:06Z\""),
                object("traits", traitMembers()), object("properties", propertyMembers()), object("context", contextMembers()),
                value(2).map(v -> "\"integrations\":" + v)).list().ofMaxSize(14);
        return Combinators.combine(type, members, Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 3)).as(
                (t, ms, shuffle, spacing) -> {
                    List<String> all = new ArrayList<>(ms);
                    all.add("\"type\":\"" + t + "\"");
                    all.add("\"receivedAt\":\"2026-02-03T04:05:07.000001Z\"");
                    all.add("\"timestamp\":\"2026-02-03T04:05:06.5+01:00\"");
                    Collections.shuffle(all, new java.util.Random(shuffle));
                    return respell("{" + String.join(",", all) + "}", new java.util.Random(shuffle * 31L + spacing), spacing);
                });
    }

    /**
     * The same JSON spelt otherwise: whitespace after some structural characters, and some member names with their first
     * letter written as a unicode escape ({@code "\\u0074ype"} is {@code "type"}). Strings are left as they are.
     */
    private static String respell(String json, java.util.Random r, int spacing) {
        if (spacing == 0) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() * 2);
        String[] spaces = {" ", "\n", "\t ", "\r\n  "};
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                int end = i + 1;
                while (json.charAt(end) != '"') {
                    end += json.charAt(end) == '\\' ? 2 : 1;
                }
                boolean key = end + 1 < json.length() && json.charAt(end + 1) == ':';
                if (key && end > i + 1 && json.charAt(i + 1) != '\\' && r.nextInt(3) == 0) {
                    out.append('"').append(String.format("\\u%04x", (int) json.charAt(i + 1))).append(json, i + 2, end + 1);
                } else {
                    out.append(json, i, end + 1);
                }
                i = end;
            } else {
                out.append(c);
                if ((c == ',' || c == ':' || c == '{' || c == '[') && r.nextInt(4 - Math.min(3, spacing)) == 0) {
                    out.append(spaces[r.nextInt(spaces.length)]);
                }
            }
        }
        return out.toString();
    }

    /** A header member: usually a string, sometimes null, a number, a boolean or an object. */
    private static Arbitrary<String> header(String name) {
        return Arbitraries.oneOf(string(), Arbitraries.of("null", "12", "-0.5e3", "true", "{\"a\":1}", "[1]"))
                .map(v -> "\"" + name + "\":" + v);
    }

    private static Arbitrary<String> object(String name, Arbitrary<List<String>> members) {
        return Arbitraries.oneOf(members.map(ms -> "\"" + name + "\":{" + String.join(",", ms) + "}"),
                value(1).map(v -> "\"" + name + "\":" + v));
    }

    private static Arbitrary<List<String>> traitMembers() {
        return Arbitraries.oneOf(
                value(2).map(v -> "\"email\":" + v), Arbitraries.of("\"email\":\" Ann@Example.COM \"", "\"email\":\"test@test.com\""),
                value(2).map(v -> "\"phone\":" + v), Arbitraries.of("\"phone\":\"07700 900123\"", "\"phone\":\"12\""),
                value(2).map(v -> "\"first_name\":" + v), value(2).map(v -> "\"address\":" + v),
                string().map(v -> "\"address\":{\"zip\":" + v + "}"), value(2).map(v -> "\"crm_id\":" + v)).list().ofMaxSize(6);
    }

    private static Arbitrary<List<String>> propertyMembers() {
        return Arbitraries.oneOf(value(2).map(v -> "\"loyalty_card\":" + v), string().map(v -> "\"member\":{\"number\":" + v + "}"),
                value(2).map(v -> "\"member\":" + v), value(3).map(v -> "\"products\":" + v), value(1).map(v -> "\"payment_token\":" + v))
                .list().ofMaxSize(5);
    }

    private static Arbitrary<List<String>> contextMembers() {
        Arbitrary<String> externalId = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.oneOf(string(), Arbitraries.of("\"loyalty_card\"", "\"Member-No\"", "\"email\"", "null", "3")),
                        value(1)).as((t, id) -> "{\"type\":" + t + ",\"id\":" + id + "}"),
                value(1));
        return Arbitraries.oneOf(
                object("traits", traitMembers()),
                externalId.list().ofMaxSize(4).map(ids -> "\"externalIds\":[" + String.join(",", ids) + "]"),
                value(1).map(v -> "\"externalIds\":" + v),
                string().map(v -> "\"device\":{\"id\":" + v + ",\"model\":\"x\"}"), value(2).map(v -> "\"device\":" + v),
                value(2).map(v -> "\"app\":" + v), value(2).map(v -> "\"page\":" + v), string().map(v -> "\"userAgent\":" + v)).list().ofMaxSize(6);
    }

    /** A random JSON value, nested up to {@code depth}. */
    private static Arbitrary<String> value(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(string(), Arbitraries.of("null", "true", "false", "0", "-7", "12345678901234567890",
                "1.50", "2e3", "-0.0", "1E-7", "3.0"));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> array = value(depth - 1).list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> object = Combinators.combine(Arbitraries.of("a", "b", "zip", "id", "number", "email"), value(depth - 1)).as(
                (k, v) -> "\"" + k + "\":" + v).list().ofMaxSize(3).map(l -> "{" + String.join(",", l) + "}");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, scalar), net.jqwik.api.Tuple.of(1, array), net.jqwik.api.Tuple.of(1, object));
    }

    private static Arbitrary<String> string() {
        return Arbitraries.oneOf(Arbitraries.of("\"\"", "\"  \"", "\"a-1\"", "\"u1\"", "\"person@example.com\"", "\"\\u00e9t\\u00e9\"",
                        "\"caf\u00e9\"", "\"tab\\there\"", "\"quote\\\"d\"", "\"null\"", "\"0000\"", "\"LC-7\""),
                Arbitraries.strings().withCharRange('a', 'e').ofMaxLength(3).map(s -> "\"" + s + "\""));
    }

    @Property(tries = 1500)
    void readingStoredJsonAsTokensEqualsReadingItsTree(@ForAll("events") String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Event fromTree = StoredEventReader.fromTree((ObjectNode) MAPPER.readTree(bytes));
        Event stored = READER.read(bytes.clone());
        assertThat(EXTRACTOR.input(stored)).as(json).isEqualTo(EXTRACTOR.input(fromTree));
        assertThat(stored).as(json).isEqualTo(fromTree);
        assertThat(stored.messageId()).isEqualTo(fromTree.messageId());
        assertThat(stored.name()).isEqualTo(fromTree.name());
        assertThat(stored.userId()).isEqualTo(fromTree.userId());
        assertThat(stored.anonymousId()).isEqualTo(fromTree.anonymousId());
        assertThat(stored.jsonText()).isEqualTo(json);
    }

    @Example
    void aStoredEventWithoutAValidTypeOrTimeIsAStorageFailure() {
        for (String json : List.of("{\"type\":\"nope\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"receivedAt\":\"2026-01-01T00:00:00Z\"}",
                "{\"type\":\"track\",\"timestamp\":\"yesterday\",\"receivedAt\":\"2026-01-01T00:00:00Z\"}", "[1]", "{\"type\":")) {
            assertThatThrownBy(() -> READER.read(json.getBytes(StandardCharsets.UTF_8))).as(json).isInstanceOf(KithException.class)
                    .hasMessageContaining("stored event");
        }
    }
}
