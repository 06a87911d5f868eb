package io.kith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBodyTest {
    record Key(String name, List<String> scopes) {
        Key {
            if ("bad".equals(name)) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "'name' may not be bad");
            }
        }
    }

    private final JsonBody json = new JsonBody(new ObjectMapper());

    private Key parse(String body) {
        return json.parse(body.getBytes(StandardCharsets.UTF_8), "an API key definition", Key.class);
    }

    private static ErrorCode code(Throwable t) {
        return ((KithException) t).code();
    }

    @Test
    void bindsARecordIgnoringUnknownFieldsAndReadsAnEmptyBodyAsAnEmptyObject() {
        assertThat(parse("{\"name\":\"desk\",\"scopes\":[\"profiles:read\"],\"colour\":\"red\"}")).isEqualTo(new Key("desk", List.of("profiles:read")));
        assertThat(parse("")).isEqualTo(new Key(null, null));
    }

    @Test
    void refusesWhatIsNotAnObjectOfTheRightTypesNamingTheField() {
        assertThatThrownBy(() -> parse("{\"name\":")).satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.INVALID_JSON));
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("expected an API key definition as a JSON object, got an array")
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> parse("{\"name\":5}")).hasMessageContaining("'name'");
        assertThatThrownBy(() -> parse("{\"name\":true}")).hasMessageContaining("'name'");
        assertThatThrownBy(() -> parse("{\"scopes\":\"profiles:read\"}")).hasMessageContaining("'scopes'");
        assertThatThrownBy(() -> parse("{\"scopes\":[\"a\", 7]}")).hasMessageContaining("'scopes[1]'");
        assertThatThrownBy(() -> parse("{\"name\":\"bad\"}")).hasMessage("'name' may not be bad");
    }

    @Test
    void refusesWhatNoStoreCouldKeepAsSentAsEventsAre() {
        // half a surrogate pair was saved as "?" in an override; a non-finite number and deep nesting are refused too
        assertThatThrownBy(() -> parse("{\"name\":\"\\ud800\"}")).satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("$.name").hasMessageContaining("surrogate");
        assertThatThrownBy(() -> parse("{\"scopes\":[\"a\\udc00\"]}")).hasMessageContaining("$.scopes[0]");
        assertThatThrownBy(() -> parse("{\"n\":1e400}")).satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> parse("{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}")).hasMessageContaining("nesting deeper than");
        assertThat(parse("{\"name\":\"\\ud83d\\ude00\"}").name()).isEqualTo("\ud83d\ude00"); // a whole pair is a character
    }

    @Test
    void repliesWithTheRecordAsJson() {
        HttpReply r = json.reply(201, new Key("desk", List.of()));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.contentType()).isEqualTo(HttpReply.JSON);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"desk\",\"scopes\":[]}");
    }
}
