package io.kith.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CardTokenizerTest {
    private static final ObjectMapper M = new ObjectMapper();
    private final CardTokenizer cards = new CardTokenizer("0123456789abcdef".getBytes(StandardCharsets.UTF_8),
            Set.of("card_number", "payment_card", "credit_card", "cc_number", "pan"));

    @Test
    void everyConfiguredCardFieldIsReplaced() throws Exception {
        ObjectNode e = (ObjectNode) M.readTree("""
                {"traits":{"card_number":"4111 1111 1111 1111","pan":"4111-1111-1111-1111","email":"a@b.c"},
                 "properties":{"credit_card":"12","cc_number":null,"total":3},
                 "context":{"traits":{"payment_card":"5500005555555559"},"externalIds":[{"type":"pan","id":"4111111111111111"},{"type":"email","id":"x"}]}}""");
        assertThat(cards.scrub(e)).isEqualTo(5);
        String json = e.toString();
        assertThat(json).doesNotContain("4111").doesNotContain("5500").doesNotContain("card_number").doesNotContain("credit_card")
                .doesNotContain("payment_card");
        assertThat(e.path("traits").path("payment_token").asText()).isEqualTo(cards.token("4111111111111111"));
        assertThat(e.path("properties").has("payment_token")).isFalse(); // "12" is too short to be a card: removed, no token
        assertThat(e.path("properties").has("cc_number")).isTrue(); // null is no card number
        assertThat(e.path("context").path("externalIds").get(0).path("type").asText()).isEqualTo("payment_token");
        assertThat(e.path("context").path("externalIds").get(1).path("id").asText()).isEqualTo("x");
    }

    @Test
    void objectsWithoutCardFieldsAreLeftAlone() throws Exception {
        String in = "{\"traits\":{},\"properties\":{\"a\":1},\"context\":{\"traits\":{\"b\":2}}}";
        ObjectNode e = (ObjectNode) M.readTree(in);
        assertThat(cards.scrub(e)).isZero();
        assertThat(e).isEqualTo(M.readTree(in));
    }
}
