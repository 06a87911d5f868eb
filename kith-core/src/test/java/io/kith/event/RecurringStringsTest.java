package io.kith.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecurringStringsTest {
    private final RecurringStrings strings = new RecurringStrings();

    private static StoredJson.Slice slice(String json) {
        byte[] b = ("  " + json + " ").getBytes(StandardCharsets.UTF_8);
        return new StoredJson.Slice(b, 2, b.length - 1);
    }

    @Test
    void aRecurringValueIsOneStringReadAsStoredJsonReadsIt() {
        String first = strings.text(slice("\"src_web\""));
        assertThat(first).isEqualTo("src_web");
        assertThat(strings.text(slice("\"src_web\""))).isSameAs(first);
        assertThat(strings.text(slice("\"src_we\""))).isEqualTo("src_we");
        assertThat(strings.text(slice("\"caf\u00e9\""))).isEqualTo("caf\u00e9");
        assertThat(strings.text(slice("\"\""))).isEmpty();
    }

    @Test
    void escapedValuesAndMoreValuesThanItKeepsAreStillReadRight() {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 20; i++) {
                assertThat(strings.text(slice("\"source-" + i + "\""))).isEqualTo("source-" + i);
                assertThat(strings.text(slice("\"tab\\there " + i + "\""))).isEqualTo("tab\there " + i);
            }
        }
    }
}
