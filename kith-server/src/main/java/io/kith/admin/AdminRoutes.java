package io.kith.admin;

import static io.kith.server.Router.GET;
import static io.kith.server.Router.POST;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.access.ApiKey;
import io.kith.access.ApiKeyRegistry;
import io.kith.access.BrandScope;
import io.kith.access.Scope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.QuarantineStore;
import io.kith.event.QuarantinedEvent;
import io.kith.server.Caller;
import io.kith.server.Guard;
import io.kith.server.HttpCall;
import io.kith.server.HttpReply;
import io.kith.server.Router;
import io.kith.source.NewSource;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import io.kith.source.SourceRegistry;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The admin API: sources, their write keys and rotation, API keys and their revocation (admin key), and the quarantine
 * (admin key or {@code admin:read}; a key limited to brands sees those brands' sources and quarantined events only).
 */
public final class AdminRoutes implements Consumer<Router> {
    /** The longest overlap a rotation may give the replaced write key. */
    static final Duration MAX_ROTATION_OVERLAP = Duration.ofDays(30);
    /** Quarantined events a brand-scoped listing reads at most per page before it answers what it found. */
    private static final int SCOPED_SCAN = 10_000;
    /** Items read at a time while filtering by brand (up to 64 KiB each). */
    private static final int SCOPED_CHUNK = 100;
    /** Items a quarantine page may ask for: each keeps up to 64 KiB of payload, read from the store before the page is cut. */
    static final int MAX_QUARANTINE_PAGE = 200;
    /** Characters of payload and reason in one quarantine page, past which it ends early (with a cursor to the rest). */
    static final int QUARANTINE_PAGE_CHARS = 4 << 20;

    private final SourceRegistry sources;
    private final QuarantineStore quarantine;
    private final ApiKeyRegistry apiKeys;
    private final ObjectMapper mapper;

    public AdminRoutes(SourceRegistry sources, QuarantineStore quarantine, ApiKeyRegistry apiKeys, ObjectMapper mapper) {
        this.sources = sources;
        this.quarantine = quarantine;
        this.apiKeys = apiKeys;
        this.mapper = mapper;
    }

    @Override
    public void accept(Router router) {
        router.add(POST, "/api/v1/sources", Guard.ADMIN_KEY, this::createSource);
        router.add(GET, "/api/v1/sources", Scope.ADMIN_READ, this::listSources);
        router.add(GET, "/api/v1/sources/{id}", Scope.ADMIN_READ, this::getSource);
        router.add(POST, "/api/v1/sources/{id}/rotate-key", Guard.ADMIN_KEY, this::rotateKey);
        router.add(GET, "/api/v1/quarantine", Scope.ADMIN_READ, this::listQuarantine);
        router.add(POST, "/api/v1/api-keys", Guard.ADMIN_KEY, this::createApiKey);
        router.add(GET, "/api/v1/api-keys", Guard.ADMIN_KEY, this::listApiKeys);
        router.add(POST, "/api/v1/api-keys/{id}/revoke", Guard.ADMIN_KEY, this::revokeApiKey);
    }

    private HttpReply createSource(HttpCall call, Caller caller) throws Exception {
        JsonNode body = object(call, 64 * 1024, "a source definition");
        NewSource request = new NewSource(text(body, "name"), text(body, "brand"), SourceKind.parse(text(body, "kind")),
                text(body, "defaultRegion"));
        Source created = sources.create(request);
        return HttpReply.json(201, mapper.writeValueAsBytes(issued(created)))
                .withHeader("Location", "/api/v1/sources/" + created.id());
    }

    private HttpReply listSources(HttpCall call, Caller caller) throws Exception {
        BrandScope scope = caller.brands();
        ObjectNode out = mapper.createObjectNode();
        ArrayNode arr = out.putArray("sources");
        sources.all().stream().filter(s -> scope.sees(s.brand())).forEach(s -> arr.add(sourceJson(s)));
        return HttpReply.json(200, mapper.writeValueAsBytes(out));
    }

    private HttpReply getSource(HttpCall call, Caller caller) throws Exception {
        BrandScope scope = caller.brands();
        return HttpReply.json(200, mapper.writeValueAsBytes(sourceJson(source(call.pathParam("id"), scope))));
    }

    private Source source(String id, BrandScope scope) {
        return sources.byId(id).filter(s -> scope.sees(s.brand()))
                .orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no source with id \"" + id + "\""));
    }

    private HttpReply rotateKey(HttpCall call, Caller caller) throws Exception {
        String id = call.pathParam("id");
        source(id, BrandScope.ALL);
        JsonNode body = object(call, 4 * 1024, "a rotation {\"previousKeyValidFor\": \"PT24H\"}");
        Duration overlap = overlap(body.get("previousKeyValidFor"));
        SourceRegistry.Rotation rotation = sources.rotate(id, overlap);
        ObjectNode out = issued(rotation.source());
        out.put("previousKeyValidUntil", rotation.previousValidUntil().toString());
        return HttpReply.json(200, mapper.writeValueAsBytes(out));
    }

    private static Duration overlap(JsonNode n) {
        if (n == null || n.isNull()) {
            return SourceRegistry.DEFAULT_ROTATION_OVERLAP;
        }
        Duration d;
        try {
            d = n.isTextual() ? Duration.parse(n.asText()) : null;
        } catch (DateTimeParseException e) {
            d = null;
        }
        if (d == null || d.isNegative() || d.compareTo(MAX_ROTATION_OVERLAP) > 0) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "'previousKeyValidFor' must be an ISO-8601 duration from \"PT0S\" (refuse the old key at once) to \""
                    + MAX_ROTATION_OVERLAP + "\", such as \"PT24H\"; got " + n);
        }
        return d;
    }

    private HttpReply listQuarantine(HttpCall call, Caller caller) throws Exception {
        BrandScope scope = caller.brands();
        int limit = call.queryInt("limit", 50, MAX_QUARANTINE_PAGE);
        String source = call.query("source");
        String before = call.query("before");
        List<QuarantinedEvent> page;
        String next;
        if (scope.allBrands()) {
            page = quarantine.list(source, before, limit + 1);
            next = page.size() > limit ? page.get(limit - 1).id() : null;
        } else {
            Set<String> seen = new HashSet<>();
            sources.all().stream().filter(s -> scope.sees(s.brand())).forEach(s -> seen.add(s.id()));
            page = new ArrayList<>();
            next = null;
            if (source == null || seen.contains(source)) {
                next = scopedPage(source, before, limit, seen, page);
            }
        }
        int fit = fitting(page, limit);
        if (fit < Math.min(limit, page.size())) {
            next = page.get(fit - 1).id(); // the page is full by size: the next one starts after the last item shown
        }
        ObjectNode out = mapper.createObjectNode();
        ArrayNode arr = out.putArray("events");
        page.stream().limit(fit).forEach(q -> {
            ObjectNode o = arr.addObject();
            o.put("id", q.id());
            o.put("sourceId", q.sourceId());
            o.put("receivedAt", q.receivedAt().toString());
            o.put("code", q.rejection().code().name());
            o.put("path", q.rejection().path());
            o.put("reason", q.rejection().message());
            o.put("raw", q.raw());
        });
        out.put("next", next);
        if (scope.allBrands()) {
            out.put("total", quarantine.count());
        } else {
            out.putNull("total"); // a count over every brand would tell a brand's key about the others
        }
        return HttpReply.json(200, mapper.writeValueAsBytes(out));
    }

    /**
     * How many of the first {@code limit} items fit in one page of {@value #QUARANTINE_PAGE_CHARS} characters of payload and
     * reason (at least one): an item keeps up to 64 KiB of payload, so a page of many is bounded by size as well as count.
     */
    private static int fitting(List<QuarantinedEvent> page, int limit) {
        long chars = 0;
        int n = Math.min(limit, page.size());
        for (int i = 0; i < n; i++) {
            QuarantinedEvent q = page.get(i);
            chars += (q.raw() == null ? 0 : q.raw().length()) + q.rejection().message().length();
            if (chars > QUARANTINE_PAGE_CHARS && i > 0) {
                return i;
            }
        }
        return n;
    }

    /**
     * Fills {@code page} with up to {@code limit} quarantined events of the sources {@code seen}, newest first, reading at
     * most {@value #SCOPED_SCAN} events; returns the cursor of the next page, or null at the end.
     */
    private String scopedPage(String source, String before, int limit, Set<String> seen, List<QuarantinedEvent> page) {
        String cursor = before;
        int scanned = 0;
        while (scanned < SCOPED_SCAN) {
            List<QuarantinedEvent> chunk = quarantine.list(source, cursor, Math.min(SCOPED_CHUNK, SCOPED_SCAN - scanned));
            for (QuarantinedEvent q : chunk) {
                if (q.sourceId() != null && seen.contains(q.sourceId())) {
                    if (page.size() == limit) {
                        return page.get(limit - 1).id();
                    }
                    page.add(q);
                }
            }
            if (chunk.isEmpty() || chunk.size() < Math.min(SCOPED_CHUNK, SCOPED_SCAN - scanned)) {
                return null;
            }
            scanned += chunk.size();
            cursor = chunk.get(chunk.size() - 1).id();
        }
        return cursor; // scanned enough for one request: the next page goes on from here
    }

    private HttpReply createApiKey(HttpCall call, Caller caller) throws Exception {
        JsonNode body = object(call, 16 * 1024, "an API key definition");
        String name = text(body, "name");
        if (name == null || name.isBlank()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "API key 'name' is required, got " + body.get("name"));
        }
        JsonNode scopesNode = body.get("scopes");
        if (scopesNode == null || !scopesNode.isArray() || scopesNode.isEmpty()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "API key 'scopes' must be a non-empty array such as [\"profiles:read\"], got " + scopesNode);
        }
        Set<Scope> scopes = new HashSet<>();
        scopesNode.forEach(n -> scopes.add(Scope.parse(n.asText())));
        JsonNode brandsNode = body.get("brands");
        Set<String> brands = new HashSet<>();
        if (brandsNode != null && !brandsNode.isNull()) {
            if (!brandsNode.isArray()) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "API key 'brands' must be an array of brand names such as [\"freshmart\"], got " + brandsNode);
            }
            brandsNode.forEach(n -> {
                if (!n.isTextual() || n.asText().isBlank()) {
                    throw new KithException(ErrorCode.INVALID_ARGUMENT, "API key 'brands' must hold brand names, got " + n);
                }
                brands.add(n.asText().trim());
            });
        }
        ApiKeyRegistry.Created created = apiKeys.create(name.trim(), scopes, brands);
        ObjectNode out = apiKeyJson(created.key());
        out.put("secret", created.secret());
        out.put("note", "the secret is shown once; Kith keeps only its hash");
        return HttpReply.json(201, mapper.writeValueAsBytes(out));
    }

    private HttpReply listApiKeys(HttpCall call, Caller caller) throws Exception {
        ObjectNode out = mapper.createObjectNode();
        ArrayNode arr = out.putArray("apiKeys");
        apiKeys.all().forEach(k -> arr.add(apiKeyJson(k)));
        return HttpReply.json(200, mapper.writeValueAsBytes(out));
    }

    private HttpReply revokeApiKey(HttpCall call, Caller caller) throws Exception {
        String id = call.pathParam("id");
        ApiKey revoked = apiKeys.revoke(id).orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no API key with id \"" + id + "\""));
        return HttpReply.json(200, mapper.writeValueAsBytes(apiKeyJson(revoked)));
    }

    private ObjectNode apiKeyJson(ApiKey k) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", k.id());
        o.put("name", k.name());
        ArrayNode scopes = o.putArray("scopes");
        k.scopes().stream().map(Scope::wire).sorted().forEach(scopes::add);
        ArrayNode brands = o.putArray("brands");
        k.brands().stream().sorted().forEach(brands::add);
        o.put("createdAt", k.createdAt().toString());
        o.put("revokedAt", k.revoked() ? k.revokedAt().toString() : null);
        return o;
    }

    /** A source as listed: a server-side source's write key is a secret, shown only when issued. */
    private ObjectNode sourceJson(Source s) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", s.id());
        o.put("name", s.name());
        o.put("brand", s.brand());
        o.put("kind", s.kind().wireName());
        o.put("defaultRegion", s.defaultRegion());
        if (s.writeKeyShown()) {
            o.put("writeKey", s.writeKey());
        }
        o.put("writeKeySecret", !s.kind().clientSide());
        return o;
    }

    /** A source with the write key just issued to it, in plain text. */
    private ObjectNode issued(Source s) {
        ObjectNode o = sourceJson(s);
        o.put("writeKey", s.writeKey());
        if (!s.kind().clientSide()) {
            o.put("note", "the write key is shown once; Kith keeps only its hash");
        }
        return o;
    }

    /** The body as a JSON object; an empty body is an empty object. */
    private JsonNode object(HttpCall call, int maxBytes, String what) throws Exception {
        JsonNode body;
        try {
            body = mapper.readTree(call.body(maxBytes, what));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new KithException(ErrorCode.INVALID_JSON, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || body.isMissingNode()) {
            return mapper.createObjectNode();
        }
        if (!body.isObject()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "expected " + what + " as a JSON object, got " + io.kith.event.EventParser.describe(body));
        }
        return body;
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "'" + field + "' must be a string, got " + io.kith.event.EventParser.describe(n));
        }
        return n.asText();
    }
}
