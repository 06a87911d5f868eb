package io.kith.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link StoredJson} steps over strings eight bytes at a time: whatever a string holds and wherever its quotes,
 * escapes and multi-byte characters fall against those words, the members after it are found and its text reads back.
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
}
