package io.kith.admin;

import static io.kith.server.Router.GET;
import static io.kith.server.Router.POST;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.kith.server.JsonBody;
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
    private final JsonBody json;

    public AdminRoutes(SourceRegistry sources, QuarantineStore quarantine, ApiKeyRegistry apiKeys, ObjectMapper mapper) {
        this.sources = sources;
        this.quarantine = quarantine;
        this.apiKeys = apiKeys;
        this.json = new JsonBody(mapper);
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

    private HttpReply createSource(HttpCall call, Caller caller) {
        AdminJson.NewSourceBody body = json.read(call, 64 * 1024, "a source definition", AdminJson.NewSourceBody.class);
        Source created = sources.create(new NewSource(body.name(), body.brand(), SourceKind.parse(body.kind()), body.defaultRegion()));
        return json.reply(201, AdminJson.SourceView.issued(created)).withHeader("Location", "/api/v1/sources/" + created.id());
    }

    private HttpReply listSources(HttpCall call, Caller caller) {
        BrandScope scope = caller.brands();
        return json.reply(200, new AdminJson.SourceList(sources.all().stream().filter(s -> scope.sees(s.brand())).map(AdminJson.SourceView::listed).toList()));
    }

    private HttpReply getSource(HttpCall call, Caller caller) {
        return json.reply(200, AdminJson.SourceView.listed(source(call.pathParam("id"), caller.brands())));
    }

    private Source source(String id, BrandScope scope) {
        return sources.byId(id).filter(s -> scope.sees(s.brand()))
                .orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no source with id \"" + id + "\""));
    }

    private HttpReply rotateKey(HttpCall call, Caller caller) {
        String id = call.pathParam("id");
        source(id, BrandScope.ALL);
        AdminJson.RotationBody body = json.read(call, 4 * 1024, "a rotation {\"previousKeyValidFor\": \"PT24H\"}", AdminJson.RotationBody.class);
        SourceRegistry.Rotation rotation = sources.rotate(id, overlap(body.previousKeyValidFor()));
        return json.reply(200, AdminJson.SourceView.issued(rotation.source()).rotated(rotation.previousValidUntil()));
    }

    private static Duration overlap(String text) {
        if (text == null) {
            return SourceRegistry.DEFAULT_ROTATION_OVERLAP;
        }
        Duration d;
        try {
            d = Duration.parse(text);
        } catch (DateTimeParseException e) {
            d = null;
        }
        if (d == null || d.isNegative() || d.compareTo(MAX_ROTATION_OVERLAP) > 0) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "'previousKeyValidFor' must be an ISO-8601 duration from \"PT0S\" (refuse the old key at once) to \""
                    + MAX_ROTATION_OVERLAP + "\", such as \"PT24H\"; got \"" + text + "\"");
        }
        return d;
    }

    private HttpReply listQuarantine(HttpCall call, Caller caller) {
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
        // a count over every brand would tell a brand's key about the others
        Long total = scope.allBrands() ? quarantine.count() : null;
        return json.reply(200, new AdminJson.QuarantinePage(page.stream().limit(fit).map(AdminJson.QuarantinedView::of).toList(), next, total));
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

    private HttpReply createApiKey(HttpCall call, Caller caller) {
        AdminJson.NewApiKeyBody body = json.read(call, 16 * 1024, "an API key definition", AdminJson.NewApiKeyBody.class);
        if (body.name() == null || body.name().isBlank()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "API key 'name' is required, got " + (body.name() == null ? null : "\"" + body.name() + "\""));
        }
        if (body.scopes() == null || body.scopes().isEmpty()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "API key 'scopes' must be a non-empty array such as [\"profiles:read\"], got " + body.scopes());
        }
        Set<Scope> scopes = new HashSet<>();
        body.scopes().forEach(s -> scopes.add(Scope.parse(s)));
        Set<String> brands = new HashSet<>();
        if (body.brands() != null) {
            for (String b : body.brands()) {
                if (b == null || b.isBlank()) {
                    throw new KithException(ErrorCode.INVALID_ARGUMENT, "API key 'brands' must hold brand names, got " + (b == null ? null : "\"" + b + "\""));
                }
                brands.add(b.trim());
            }
        }
        ApiKeyRegistry.Created created = apiKeys.create(body.name().trim(), scopes, brands);
        return json.reply(201, AdminJson.ApiKeyView.created(created.key(), created.secret()));
    }

    private HttpReply listApiKeys(HttpCall call, Caller caller) {
        return json.reply(200, new AdminJson.ApiKeyList(apiKeys.all().stream().map(AdminJson.ApiKeyView::of).toList()));
    }

    private HttpReply revokeApiKey(HttpCall call, Caller caller) {
        String id = call.pathParam("id");
        ApiKey revoked = apiKeys.revoke(id).orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no API key with id \"" + id + "\""));
        return json.reply(200, AdminJson.ApiKeyView.of(revoked));
    }
}
