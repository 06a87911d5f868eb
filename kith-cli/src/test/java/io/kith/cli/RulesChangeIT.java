package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.identity.Identifier;
import io.kith.testkit.Sources;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The identity rules live in the store, versioned: a server started with changed rules saves them as the next version
 * and writes every stored profile again under them (before, the profile rows made under the old rules stayed as they
 * were), and a server started without a rules file resolves with the store's.
 */
class RulesChangeIT {
    @Test
    void aStartWithChangedRulesSavesThemAndRewritesTheStoredProfiles() throws Exception {
        RunningKith kith = new RunningKith();
        try {
            assertThat(kith.send(kith.post("/v1/identify", "{\"messageId\":\"r-1\",\"userId\":\"u-rules\",\"traits\":{\"member_no\":\"M-1\"}}")
                    .header("Authorization", RunningKith.basic(Sources.CRM.writeKey()))).statusCode()).isEqualTo(200);
            kith.storedEvents();
            assertThat(kith.app.awaitProfilesWritten(Duration.ofSeconds(20))).isTrue();
            String id = kith.app.store().identity().lookup(new Identifier("user_id", "u-rules")).orElseThrow();
            assertThat(kith.app.store().identity().profile(id).orElseThrow().profile().identifiers())
                    .noneMatch(i -> i.type().equals("member_no"));
            assertThat(kith.app.store().rules().current().version()).isEqualTo(1);

            KithApp.Settings settings = kith.app.settings();
            kith.app.close();
            Files.writeString(settings.dataDir().resolve("identity.json"), """
                    {"types": {"member_no": {"class": "associated", "priority": 75, "maxPerProfile": 1}},
                     "fields": {"traits.member_no": "member_no"}}""");
            RunningKith again = new RunningKith(KithApp.start(settings));
            kith = again;
            assertThat(again.app.store().rules().current().version()).isEqualTo(2);
            assertThat(again.app.awaitProfilesWritten(Duration.ofSeconds(20))).isTrue();
            assertThat(again.app.store().identity().profile(id).orElseThrow().profile().identifiers())
                    .anyMatch(i -> i.type().equals("member_no") && i.value().equals("M-1"));

            // Without the file, a start resolves with the store's latest rules (as a server sharing the store would).
            again.app.close();
            Files.delete(settings.dataDir().resolve("identity.json"));
            kith = new RunningKith(KithApp.start(settings));
            assertThat(kith.app.store().rules().current().version()).isEqualTo(2);
            java.util.Optional<String> found = kith.app.identity().read(g -> g.lookup(new Identifier("member_no", "M-1")));
            assertThat(found).contains(id);
        } finally {
            kith.close();
        }
    }
}
