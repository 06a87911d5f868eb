package io.kith.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.access.ApiKey;
import io.kith.access.Scope;
import io.kith.error.ErrorCode;
import io.kith.event.QuarantinedEvent;
import io.kith.event.Rejection;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import io.kith.source.WriteKey;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The admin API's bodies keep the field names and shapes its clients read. */
class AdminJsonTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void aServerSideSourceShowsItsWriteKeyOnlyWhenIssued() throws Exception {
        Source pos = new Source("src_pos", "Tills", "northwind", SourceKind.POS, "GB", "wk_secret");
        assertThat(M.writeValueAsString(AdminJson.SourceView.listed(pos.withWriteKey(WriteKey.digest("wk_secret"))))).isEqualTo(
                "{\"id\":\"src_pos\",\"name\":\"Tills\",\"brand\":\"northwind\",\"kind\":\"pos\",\"defaultRegion\":\"GB\",\"writeKeySecret\":true}");
        assertThat(M.writeValueAsString(AdminJson.SourceView.issued(pos).rotated(T))).isEqualTo(
                "{\"id\":\"src_pos\",\"name\":\"Tills\",\"brand\":\"northwind\",\"kind\":\"pos\",\"defaultRegion\":\"GB\",\"writeKey\":\"wk_secret\","
                        + "\"writeKeySecret\":true,\"note\":\"the write key is shown once; Kith keeps only its hash\",\"previousKeyValidUntil\":\"2026-01-01T10:00:00Z\"}");
    }

    @Test
    void anApiKeyShowsItsSecretOnceAndNullWhileNotRevoked() throws Exception {
        ApiKey k = new ApiKey("key_1", "desk", Set.of(Scope.PROFILES_READ, Scope.ADMIN_READ), Set.of("freshmart"), T, null);
        assertThat(M.writeValueAsString(AdminJson.ApiKeyView.of(k))).isEqualTo("{\"id\":\"key_1\",\"name\":\"desk\",\"scopes\":[\"admin:read\","
                + "\"profiles:read\"],\"brands\":[\"freshmart\"],\"createdAt\":\"2026-01-01T10:00:00Z\",\"revokedAt\":null}");
        assertThat(M.readTree(M.writeValueAsString(AdminJson.ApiKeyView.created(k, "kk_s"))).path("secret").asText()).isEqualTo("kk_s");
    }

    @Test
    void aQuarantinePageOfABrandKeyHasNoTotal() throws Exception {
        QuarantinedEvent q = new QuarantinedEvent("q_1", "src_pos", T, new Rejection(ErrorCode.INVALID_ARGUMENT, "$.userId", "bad"), "{}");
        assertThat(M.writeValueAsString(new AdminJson.QuarantinePage(List.of(AdminJson.QuarantinedView.of(q)), null, null))).isEqualTo(
                "{\"events\":[{\"id\":\"q_1\",\"sourceId\":\"src_pos\",\"receivedAt\":\"2026-01-01T10:00:00Z\",\"code\":\"INVALID_ARGUMENT\","
                        + "\"path\":\"$.userId\",\"reason\":\"bad\",\"raw\":\"{}\"}],\"next\":null,\"total\":null}");
    }
}
