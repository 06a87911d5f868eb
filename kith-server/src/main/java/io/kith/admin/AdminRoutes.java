package io.kith.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.QuarantineStore;
import io.kith.event.QuarantinedEvent;
import io.kith.server.HttpCall;
import io.kith.server.HttpReply;
import io.kith.server.Router;
import io.kith.source.NewSource;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import io.kith.source.SourceRegistry;
import java.util.List;
import java.util.function.Consumer;

/** The admin API: sources and their write keys, and the quarantine; guarded by the admin key. */
public final class AdminRoutes implements Consumer<Router> {
    private final SourceRegistry sources;
    private final QuarantineStore quarantine;
    private final Access access;
    private final io.kith.access.ApiKeyRegistry apiKeys;
    private final ObjectMapper mapper;

    public AdminRoutes(SourceRegistry sources, QuarantineStore quarantine, Access access, io.kith.access.ApiKeyRegistry apiKeys, ObjectMapper mapper) {
        this.sources = sources;
        this.quarantine = quarantine;
        this.access = access;
        this.apiKeys = apiKeys;
        this.mapper = mapper;
    }

    @Override
    public void accept(Router router) {
        router.add("POST", "/api/v1/sources", this::createSource);
        router.add("GET", "/api/v1/sources", this::listSources);
        router.add("GET", "/api/v1/sources/{id}", this::getSource);
        router.add("GET", "/api/v1/quarantine", this::listQuarantine);
        router.add("POST", "/api/v1/api-keys", this::createApiKey);
        router.add("GET", "/api/v1/api-keys", this::listApiKeys);
    }

    private HttpReply createSource(HttpCall call) throws Exception {
        access.requireAdmin(call);
        JsonNode body;
        try {
            body = mapper.readTree(call.body(64 * 1024, "a source definition"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new KithException(ErrorCode.INVALID_JSON, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "expected a JSON object {\"name\", \"brand\", \"kind\", \"defaultRegion\"}");
        }
        NewSource request = new NewSource(text(body, "name"), text(body, "brand"), SourceKind.parse(text(body, "kind")),
                text(body, "defaultRegion"));
        Source created = sources.create(request);
        return HttpReply.json(201, mapper.writeValueAsBytes(sourceJson(created)))
                .withHeader("Location", "/api/v1/sources/" + created.id());
    }

    private HttpReply listSources(HttpCall call) throws Exception {
        access.require(call, io.kith.access.Scope.ADMIN_READ);
        ObjectNode out = mapper.createObjectNode();
        ArrayNode arr = out.putArray("sources");
        sources.all().forEach(s -> arr.add(sourceJson(s)));
        return HttpReply.json(200, mapper.writeValueAsBytes(out));
    }

    private HttpReply getSource(HttpCall call) throws Exception {
        access.require(call, io.kith.access.Scope.ADMIN_READ);
        String id = call.pathParam("id");
        Source s = sources.byId(id).orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no source with id \"" + id + "\""));
        return HttpReply.json(200, mapper.writeValueAsBytes(sourceJson(s)));
    }

    private HttpReply listQuarantine(HttpCall call) throws Exception {
        access.require(call, io.kith.access.Scope.ADMIN_READ);
        int limit = call.queryInt("limit", 50, 1000);
        List<QuarantinedEvent> page = quarantine.list(call.query("source"), call.query("before"), limit + 1);
        ObjectNode out = mapper.createObjectNode();
        ArrayNode arr = out.putArray("events");
        page.stream().limit(limit).forEach(q -> {
            ObjectNode o = arr.addObject();
            o.put("id", q.id());
            o.put("sourceId", q.sourceId());
            o.put("receivedAt", q.receivedAt().toString());
            o.put("code", q.rejection().code().name());
            o.put("path", q.rejection().path());
            o.put("reason", q.rejection().message());
            o.put("raw", q.raw());
        });
        if (page.size() > limit) {
            out.put("next", page.get(limit - 1).id());
        } else {
            out.putNull("next");
        }
        out.put("total", quarantine.count());
        return HttpReply.json(200, mapper.writeValueAsBytes(out));
    }

    private HttpReply createApiKey(HttpCall call) throws Exception {
        access.requireAdmin(call);
        JsonNode body;
        try {
            body = mapper.readTree(call.body(16 * 1024, "an API key definition"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new KithException(ErrorCode.INVALID_JSON, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        String name = body == null ? null : text(body, "name");
        if (name == null || name.isBlank()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "API key 'name' is required, got " + (body == null ? "no body" : body.get("name")));
        }
        JsonNode scopesNode = body.get("scopes");
        if (scopesNode == null || !scopesNode.isArray() || scopesNode.isEmpty()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "API key 'scopes' must be a non-empty array such as [\"profiles:read\"], got " + scopesNode);
        }
        java.util.Set<io.kith.access.Scope> scopes = new java.util.HashSet<>();
        scopesNode.forEach(n -> scopes.add(io.kith.access.Scope.parse(n.asText())));
        io.kith.access.ApiKeyRegistry.Created created = apiKeys.create(name.trim(), scopes);
        ObjectNode out = apiKeyJson(created.key());
        out.put("secret", created.secret());
        out.put("note", "the secret is shown once; Kith keeps only its hash");
        return HttpReply.json(201, mapper.writeValueAsBytes(out));
    }

    private HttpReply listApiKeys(HttpCall call) throws Exception {
        access.requireAdmin(call);
        ObjectNode out = mapper.createObjectNode();
        ArrayNode arr = out.putArray("apiKeys");
        apiKeys.all().forEach(k -> arr.add(apiKeyJson(k)));
        return HttpReply.json(200, mapper.writeValueAsBytes(out));
    }

    private ObjectNode apiKeyJson(io.kith.access.ApiKey k) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", k.id());
        o.put("name", k.name());
        ArrayNode scopes = o.putArray("scopes");
        k.scopes().stream().map(io.kith.access.Scope::wire).sorted().forEach(scopes::add);
        o.put("createdAt", k.createdAt().toString());
        return o;
    }

    private ObjectNode sourceJson(Source s) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", s.id());
        o.put("name", s.name());
        o.put("brand", s.brand());
        o.put("kind", s.kind().wireName());
        o.put("defaultRegion", s.defaultRegion());
        o.put("writeKey", s.writeKey());
        return o;
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "source '" + field + "' must be a string, got " + io.kith.event.EventParser.describe(n));
        }
        return n.asText();
    }
}
