package io.kith.identity;

import static io.kith.identity.TestEvents.CRM;
import static io.kith.identity.TestEvents.T0;
import static io.kith.identity.TestEvents.WEB;
import static io.kith.identity.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules' {@code trust}: which classes of identifiers each source may link. */
class IdentityTrustTest {
    private static IdentityRules rules(String json) {
        return IdentityRules.withOverrides(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "identity.json");
    }

    private static final IdentityRules WEB_NOT_PERMANENT = rules("{\"trust\": {\"web\": [\"anonymous\", \"associated\"]}}");

    @Test
    void aSourceKindBarredFromPermanentIdentifiersLinksTheOthersAndRefusesThoseWithTheReason() {
        IdentifierExtractor extractor = new IdentifierExtractor(WEB_NOT_PERMANENT, id -> "GB", id -> TestEvents.info(id).kind());
        Extraction web = extractor.extract(event(WEB, "{\"type\":\"identify\",\"userId\":\"u1\",\"anonymousId\":\"a1\","
                + "\"traits\":{\"email\":\"eve@example.com\",\"phone\":\"07700 900123\"}}", T0));
        assertThat(web.identifiers()).extracting(c -> c.identifier().type()).containsExactly("user_id", "anonymous_id");
        assertThat(web.refused()).extracting(Extraction.Refused::type).containsExactly("email", "phone");
        assertThat(web.refused().get(0).reason()).isEqualTo("source src_web (web) is not trusted to link permanent identifiers");
        Extraction crm = extractor.extract(event(CRM, "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"email\":\"eve@example.com\"}}", T0));
        assertThat(crm.identifiers()).extracting(c -> c.identifier().type()).containsExactly("user_id", "email");
    }

    @Test
    void aPublicWebKeyCannotAttachAnEmailToSomebodyElsesUserId() {
        List<IdentityAlert> alerts = new ArrayList<>();
        IdentityGraph graph = new IdentityGraph(WEB_NOT_PERMANENT, IdentityOverrides.NONE, TestEvents::info, alerts::add);
        graph.apply(0, event(CRM, "{\"type\":\"identify\",\"userId\":\"victim\",\"traits\":{\"email\":\"victim@example.com\"}}", T0));
        graph.apply(1, event(WEB, "{\"type\":\"identify\",\"userId\":\"victim\",\"traits\":{\"email\":\"attacker@example.com\"}}", T0));
        String victim = graph.lookup(new Identifier("user_id", "victim")).orElseThrow();
        assertThat(graph.lookup(new Identifier("email", "victim@example.com"))).contains(victim);
        assertThat(graph.lookup(new Identifier("email", "attacker@example.com"))).isEmpty();
        assertThat(graph.profile(victim).orElseThrow().eventCount()).as("the event still counts for the user id").isEqualTo(2);
    }

    @Test
    void aRuleForASourceIdWinsOverTheRuleForItsKindAndUnnamedSourcesLinkEverything() {
        IdentityRules r = rules("{\"trust\": {\"web\": [\"anonymous\"], \"src_web\": [\"anonymous\", \"associated\", \"permanent\"], \"pos\": []}}");
        assertThat(r.trusts("src_web", "web", IdentifierClass.PERMANENT)).isTrue();
        assertThat(r.trusts("src_other_web", "web", IdentifierClass.ASSOCIATED)).isFalse();
        assertThat(r.trusts("src_pos", "pos", IdentifierClass.ANONYMOUS)).isFalse();
        assertThat(r.trusts("src_crm", "crm", IdentifierClass.PERMANENT)).isTrue();
        assertThat(IdentityRules.defaults().trusts("src_web", "web", IdentifierClass.PERMANENT)).as("no trust rules by default").isTrue();
    }

    @Test
    void anUnknownClassIsAConfigurationError() {
        assertThatThrownBy(() -> rules("{\"trust\": {\"web\": [\"secret\"]}}"))
                .isInstanceOf(KithException.class)
                .hasMessageContaining("trust.web").hasMessageContaining("secret")
                .satisfies(e -> assertThat(((KithException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIG));
    }
}
