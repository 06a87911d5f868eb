package io.kith.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link StoredJson} steps over strings eight bytes at a time: whatever a string holds and wherever its quotes,
 * escapes and multi-byte characters fall against those words, the members after it are found and its text reads back.
 * Its member indexes start with room for a usual event and grow: any number of members, given twice or not, is found.
 */
class StoredJsonProperties {
    private static final ObjectMapper M = new ObjectMapper();

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("ab\"\\/\n\té€中ß {}[],:").ofMinLength(0).ofMaxLength(40).map(s -> s.replace("ß", "😀"));
    }

    @Property(tries = 2000)
    void stringsOfAnyContentAreSteppedOverExactly(@ForAll("texts") String text, @ForAll("texts") String name) throws Exception {
        String json = "{" + M.writeValueAsString(name) + ":" + M.writeValueAsString(text) + ",\"after\":{\"x\":" + M.writeValueAsString(text)
                + ",\"y\":7},\"last\":1}";
        StoredJson stored = new StoredJson(json.getBytes(StandardCharsets.UTF_8));
        assertThat(StoredJson.string(stored.member(name))).as(json).isEqualTo(text);
        assertThat(StoredJson.string(stored.member("after", "x"))).as(json).isEqualTo(text);
        assertThat(stored.member("after", "y").toString()).as(json).isEqualTo("7");
        assertThat(stored.member("last").toString()).as(json).isEqualTo("1");
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<String, Integer>>> members() {
        return Arbitraries.strings().withChars("abc").ofMinLength(1).ofMaxLength(3)
                .flatMap(n -> Arbitraries.integers().between(0, 999).map(v -> Tuple.of(n, v))).list().ofMaxSize(60);
    }

    @Property(tries = 500)
    void everyMemberOfAnObjectOfAnySizeIsFoundAtItsLastValue(@ForAll("members") List<Tuple.Tuple2<String, Integer>> top,
                                                            @ForAll("members") List<Tuple.Tuple2<String, Integer>> context) {
        StringBuilder json = new StringBuilder("{\"context\":{");
        Map<String, Integer> inContext = new LinkedHashMap<>();
        for (int i = 0; i < context.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(context.get(i).get1()).append("\":").append(context.get(i).get2());
            inContext.put(context.get(i).get1(), context.get(i).get2());
        }
        json.append('}');
        Map<String, Integer> atTop = new LinkedHashMap<>();
        for (Tuple.Tuple2<String, Integer> m : top) {
            json.append(",\"").append(m.get1()).append("\":").append(m.get2());
            atTop.put(m.get1(), m.get2());
        }
        json.append('}');
        StoredJson stored = new StoredJson(json.toString().getBytes(StandardCharsets.UTF_8));
        atTop.forEach((name, value) -> assertThat(stored.member(name).toString()).as(json.toString()).isEqualTo(value.toString()));
        inContext.forEach((name, value) -> assertThat(stored.member("context", name).toString()).as(json.toString()).isEqualTo(value.toString()));
        assertThat(stored.member("zz")).isNull();
        assertThat(stored.member("context", "zz")).isNull();
    }
}
