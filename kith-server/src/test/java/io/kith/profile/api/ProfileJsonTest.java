package io.kith.profile.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kith.identity.Decision;
import io.kith.identity.Identifier;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.profile.Trait;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The profile API's bodies keep the field names and shapes its clients read. */
class ProfileJsonTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void aProfile() throws Exception {
        Map<String, Trait> traits = new LinkedHashMap<>();
        traits.put("first_name", new Trait(new TextNode("Grace"), "src_crm", T, 1));
        Profile p = new Profile("p_0", List.of(new ProfileIdentifier("email", "g@example.com", T, 3)), traits,
                new LinkedHashSet<>(List.of("src_crm")), new LinkedHashSet<>(List.of("northwind")), T, null, 2, Map.of("identify", 2L), List.of("p_1"));
        assertThat(M.writeValueAsString(ProfileJson.ProfileView.of(p))).isEqualTo("""
                {"id":"p_0","identifiers":[{"type":"email","value":"g@example.com","firstSeen":"2026-01-01T10:00:00Z","linkedBySequence":3}],\
                "traits":{"first_name":{"value":"Grace","source":"src_crm","at":"2026-01-01T10:00:00Z"}},"sources":["src_crm"],\
                "brands":["northwind"],"firstSeen":"2026-01-01T10:00:00Z","lastSeen":null,"eventCount":2,"eventsByType":{"identify":2},\
                "mergedFrom":["p_1"]}""");
    }

    @Test
    void decisionsNameTheirKindAndLeaveOutWhatTheyLack() throws Exception {
        Identifier email = new Identifier("email", "g@example.com");
        Identifier phone = new Identifier("phone", "+447700900111");
        assertThat(M.writeValueAsString(ProfileJson.DecisionView.of(new Decision.Linked(4, email, null), "m1")))
                .isEqualTo("{\"sequence\":4,\"kind\":\"linked\",\"identifier\":{\"type\":\"email\",\"value\":\"g@example.com\"},\"messageId\":\"m1\"}");
        assertThat(M.writeValueAsString(ProfileJson.DecisionView.of(new Decision.Merged(5, "p_1", phone, email), null)))
                .isEqualTo("{\"sequence\":5,\"kind\":\"merged\",\"absorbed\":\"p_1\",\"via\":{\"type\":\"phone\",\"value\":\"+447700900111\"},"
                        + "\"with\":{\"type\":\"email\",\"value\":\"g@example.com\"},\"messageId\":null}");
        assertThat(M.writeValueAsString(ProfileJson.DecisionView.of(new Decision.Refused(6, phone, io.kith.identity.RefusalRule.DISTINCT, "distinct"), "m6")))
                .isEqualTo("{\"sequence\":6,\"kind\":\"refused\",\"identifier\":{\"type\":\"phone\",\"value\":\"+447700900111\"},\"rule\":\"DISTINCT\",\"reason\":\"distinct\","
                        + "\"messageId\":\"m6\"}");
    }

    @Test
    void alertsOfABrandKeyHaveNoCounts() throws Exception {
        assertThat(M.writeValueAsString(new ProfileJson.Alerts(null, List.of()))).isEqualTo("{\"counts\":null,\"recent\":[]}");
    }
}
