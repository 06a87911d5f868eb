package io.kith.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kith.access.ApiKey;
import io.kith.access.Scope;
import io.kith.event.QuarantinedEvent;
import io.kith.source.Source;
import java.util.List;

/** The JSON bodies of the admin API, as Jackson binds them. */
final class AdminJson {
    private AdminJson() {
    }

    /** {@code POST /api/v1/sources}: a source to create; {@code kind} and {@code defaultRegion} are optional. */
    record NewSourceBody(String name, String brand, String kind, String defaultRegion) {
    }

    /** {@code POST /api/v1/sources/{id}/rotate-key}: how long the replaced key keeps working, an ISO-8601 duration (optional). */
    record RotationBody(String previousKeyValidFor) {
    }

    /** {@code POST /api/v1/api-keys}: a key to create; {@code brands} is optional (every brand). */
    record NewApiKeyBody(String name, List<String> scopes, List<String> brands) {
    }

    /**
     * A source as answered. A server-side source's write key is a secret: shown only when issued (with a {@code note}),
     * a client-side one always.
     *
     * @param previousKeyValidUntil after a rotation: until when the replaced key still works
     */
    record SourceView(String id, String name, String brand, String kind, String defaultRegion,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String writeKey, boolean writeKeySecret,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String note,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String previousKeyValidUntil) {
        static SourceView listed(Source s) {
            return new SourceView(s.id(), s.name(), s.brand(), s.kind().wireName(), s.defaultRegion(), s.writeKeyShown() ? s.writeKey() : null,
                    !s.kind().clientSide(), null, null);
        }

        /** A source with the write key just issued to it, in plain text. */
        static SourceView issued(Source s) {
            return new SourceView(s.id(), s.name(), s.brand(), s.kind().wireName(), s.defaultRegion(), s.writeKey(), !s.kind().clientSide(),
                    s.kind().clientSide() ? null : "the write key is shown once; Kith keeps only its hash", null);
        }

        SourceView rotated(java.time.Instant previousValidUntil) {
            return new SourceView(id, name, brand, kind, defaultRegion, writeKey, writeKeySecret, note, previousValidUntil.toString());
        }
    }

    record SourceList(List<SourceView> sources) {
    }

    /**
     * An API key as answered: never its secret, except once, when created (with a {@code note}).
     *
     * @param revokedAt null while the key works
     */
    record ApiKeyView(String id, String name, List<String> scopes, List<String> brands, String createdAt, String revokedAt,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String secret,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String note) {
        static ApiKeyView of(ApiKey k) {
            return new ApiKeyView(k.id(), k.name(), k.scopes().stream().map(Scope::wire).sorted().toList(), k.brands().stream().sorted().toList(),
                    k.createdAt().toString(), k.revoked() ? k.revokedAt().toString() : null, null, null);
        }

        static ApiKeyView created(ApiKey k, String secret) {
            ApiKeyView v = of(k);
            return new ApiKeyView(v.id, v.name, v.scopes, v.brands, v.createdAt, v.revokedAt, secret, "the secret is shown once; Kith keeps only its hash");
        }
    }

    record ApiKeyList(List<ApiKeyView> apiKeys) {
    }

    /** A quarantined event: its source, when it came, why it was refused ({@code code}, {@code path}, {@code reason}) and its payload. */
    record QuarantinedView(String id, String sourceId, String receivedAt, String code, String path, String reason, String raw) {
        static QuarantinedView of(QuarantinedEvent q) {
            return new QuarantinedView(q.id(), q.sourceId(), q.receivedAt().toString(), q.rejection().code().name(), q.rejection().path(),
                    q.rejection().message(), q.raw());
        }
    }

    /**
     * A page of the quarantine, newest first.
     *
     * @param next  the cursor of the next page ({@code before}), or null at the end
     * @param total every quarantined event; null for a key limited to brands (a count over every brand would tell it about the others)
     */
    record QuarantinePage(List<QuarantinedView> events, String next, Long total) {
    }
}
