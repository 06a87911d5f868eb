package io.kith.segment.api;

import static io.kith.server.Router.GET;
import static io.kith.server.Router.POST;
import static io.kith.server.Router.PUT;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.access.BrandScope;
import io.kith.access.Scope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.IdentityProjection;
import io.kith.profile.Profile;
import io.kith.profile.ProfileIdentifier;
import io.kith.segment.Condition;
import io.kith.segment.SegmentDefinition;
import io.kith.segment.SegmentEngine;
import io.kith.segment.SegmentJson;
import io.kith.segment.SegmentQueries;
import io.kith.segment.SegmentStore;
import io.kith.segment.TemporalClass;
import io.kith.segment.lang.ParseResult;
import io.kith.segment.lang.SegmentParser;
import io.kith.segment.lang.SegmentPrinter;
import io.kith.segment.lang.Vocabulary;
import io.kith.server.Caller;
import io.kith.server.HttpCall;
import io.kith.server.HttpReply;
import io.kith.server.JsonBody;
import io.kith.server.Router;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Segments over HTTP: create and change definitions (each change a new version, evaluated in the background), validate
 * and preview a condition before saving, list segments with their size, page through or export members, and read a
 * profile's memberships with their history. A key limited to brands sees only the members an event of its brands
 * touched, and may not change definitions (they span every brand).
 */
public final class SegmentRoutes implements Consumer<Router> {
    private static final int BODY_LIMIT = 64 * 1024;
    private static final long VOCABULARY_MILLIS = 30_000;

    private final SegmentEngine engine;
    private final SegmentStore store;
    private final SegmentQueries queries;
    private final IdentityProjection identity;
    private final Set<String> identifierTypes;
    private final JsonBody json;
    private final Clock clock;
    private volatile Vocabulary vocabulary;
    private volatile long vocabularyAt;

    public SegmentRoutes(SegmentEngine engine, SegmentStore store, SegmentQueries queries, IdentityProjection identity,
                         Set<String> identifierTypes, ObjectMapper mapper, Clock clock) {
        this.engine = engine;
        this.store = store;
        this.queries = queries;
        this.identity = identity;
        this.identifierTypes = Set.copyOf(identifierTypes);
        this.json = new JsonBody(mapper);
        this.clock = clock;
    }

    @Override
    public void accept(Router router) {
        router.add(GET, "/api/v1/segments", Scope.SEGMENTS_READ, this::list);
        router.add(POST, "/api/v1/segments", Scope.SEGMENTS_WRITE, this::create);
        router.add(POST, "/api/v1/segments/validate", Scope.SEGMENTS_WRITE, this::validate);
        router.add(POST, "/api/v1/segments/preview", Scope.SEGMENTS_WRITE, this::preview);
        router.add(GET, "/api/v1/segments/{key}", Scope.SEGMENTS_READ, this::get);
        router.add(PUT, "/api/v1/segments/{key}", Scope.SEGMENTS_WRITE, this::update);
        router.add(GET, "/api/v1/segments/{key}/members", Scope.SEGMENTS_READ, this::members);
        router.add(GET, "/api/v1/segments/{key}/history", Scope.SEGMENTS_READ, this::history);
        router.add(GET, "/api/v1/profiles/{id}/segments", Scope.SEGMENTS_READ, this::memberships);
    }

    private HttpReply list(HttpCall call, Caller caller) {
        List<SegmentJsonViews.SegmentView> out = new ArrayList<>();
        for (SegmentStore.SavedSegment s : store.all()) {
            out.add(view(s));
        }
        return json.reply(200, new SegmentJsonViews.SegmentList(out));
    }

    private HttpReply get(HttpCall call, Caller caller) {
        String key = call.pathParam("key");
        SegmentStore.SavedSegment s = store.latest(key).orElseThrow(() -> notFound(key));
        List<SegmentJsonViews.VersionView> versions = new ArrayList<>();
        for (SegmentStore.SavedSegment v : store.versions(key)) {
            versions.add(new SegmentJsonViews.VersionView(v.version(), v.savedAt().toString(), v.definition().name(),
                    SegmentPrinter.print(v.definition().condition())));
        }
        return json.reply(200, new SegmentJsonViews.SegmentDetail(view(s), versions));
    }

    private HttpReply create(HttpCall call, Caller caller) {
        allBrands(caller);
        SegmentJsonViews.SegmentBody body = json.read(call, BODY_LIMIT, "a segment definition", SegmentJsonViews.SegmentBody.class);
        if (body.key() != null && store.latest(body.key()).isPresent()) {
            throw new KithException(ErrorCode.CONFLICT, "segment " + body.key() + " exists; change it with PUT /api/v1/segments/" + body.key());
        }
        SegmentStore.SavedSegment saved = engine.save(definition(body, body.key()));
        return json.reply(201, view(saved)).withHeader("Location", "/api/v1/segments/" + saved.key());
    }

    private HttpReply update(HttpCall call, Caller caller) {
        allBrands(caller);
        String key = call.pathParam("key");
        SegmentJsonViews.SegmentBody body = json.read(call, BODY_LIMIT, "a segment definition", SegmentJsonViews.SegmentBody.class);
        if (body.key() != null && !body.key().equals(key)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "the body's key \"" + body.key() + "\" is not the path's " + key);
        }
        store.latest(key).orElseThrow(() -> notFound(key));
        return json.reply(200, view(engine.save(definition(body, key))));
    }

    private HttpReply validate(HttpCall call, Caller caller) {
        SegmentJsonViews.ConditionBody body = json.read(call, BODY_LIMIT, "a segment condition", SegmentJsonViews.ConditionBody.class);
        if (body.condition() != null && body.conditionJson() == null) {
            ParseResult r = SegmentParser.parse(body.condition(), vocabulary());
            if (r instanceof ParseResult.Failed f) {
                return json.reply(200, new SegmentJsonViews.Validation(false,
                        f.diagnostics().stream().map(SegmentJsonViews.DiagnosticView::of).toList(), null, null, null));
            }
        }
        Condition c = condition(body.condition(), body.conditionJson());
        return json.reply(200, new SegmentJsonViews.Validation(true, List.of(), SegmentPrinter.print(c), SegmentJson.toJson(c),
                temporalClass(c).name()));
    }

    private HttpReply preview(HttpCall call, Caller caller) {
        allBrands(caller);
        SegmentJsonViews.ConditionBody body = json.read(call, BODY_LIMIT, "a segment condition", SegmentJsonViews.ConditionBody.class);
        Condition c = condition(body.condition(), body.conditionJson());
        Instant now = body.now() != null ? instant(body.now()) : clock.instant();
        int sample = Math.max(0, Math.min(body.sample() == null ? 20 : body.sample(), 100));
        SegmentQueries.Answer a = queries.members(c, now);
        return json.reply(200, new SegmentJsonViews.Preview(a.profileIds().size(), a.profileIds().subList(0, Math.min(sample, a.profileIds().size())),
                a.asOfSequence(), now.toString()));
    }

    private HttpReply members(HttpCall call, Caller caller) {
        String key = call.pathParam("key");
        store.latest(key).orElseThrow(() -> notFound(key));
        BrandScope scope = caller.brands();
        if ("csv".equals(call.query("format"))) {
            return csv(key, scope);
        }
        int limit = call.queryInt("limit", 100, 10_000);
        String after = call.query("after");
        List<String> page = new ArrayList<>();
        String cursor = after;
        // a brand-limited key sees fewer: read on until the page is full or the members run out
        while (page.size() < limit) {
            List<String> read = store.members(key, cursor, limit);
            for (String id : read) {
                if (page.size() < limit && seen(id, scope)) {
                    page.add(id);
                }
                cursor = id;
            }
            if (read.size() < limit) {
                cursor = null;
                break;
            }
        }
        String next = page.size() == limit ? page.get(page.size() - 1) : null;
        return json.reply(200, new SegmentJsonViews.MembersPage(key, page, next, scope.allBrands() ? store.size(key) : -1));
    }

    /** Every member with its contact identifiers, one row each: what an export to a mailing tool or a spreadsheet needs. */
    private HttpReply csv(String key, BrandScope scope) {
        StringBuilder out = new StringBuilder("profile_id,email,phone,user_id,first_seen,last_seen\n");
        String cursor = null;
        while (true) {
            List<String> page = store.members(key, cursor, 10_000);
            Map<String, Profile> profiles = identity.read(g -> {
                Map<String, Profile> m = new HashMap<>();
                for (String id : page) {
                    g.profile(id).ifPresent(p -> m.put(id, p));
                }
                return m;
            });
            for (String id : page) {
                Profile p = profiles.get(id);
                if (p == null || !scope.seesAny(p.brands())) {
                    continue;
                }
                out.append(cell(id)).append(',').append(cell(first(p, "email"))).append(',').append(cell(first(p, "phone"))).append(',')
                        .append(cell(first(p, "user_id"))).append(',').append(p.firstSeen() == null ? "" : p.firstSeen()).append(',')
                        .append(p.lastSeen() == null ? "" : p.lastSeen()).append('\n');
            }
            if (page.size() < 10_000) {
                break;
            }
            cursor = page.get(page.size() - 1);
        }
        return HttpReply.text(200, "text/csv; charset=utf-8", out.toString())
                .withHeader("Content-Disposition", "attachment; filename=\"" + key + ".csv\"");
    }

    private HttpReply history(HttpCall call, Caller caller) {
        String key = call.pathParam("key");
        store.latest(key).orElseThrow(() -> notFound(key));
        return json.reply(200, new SegmentJsonViews.SizeHistory(key, store.sizeOverTime(key).stream()
                .map(p -> new SegmentJsonViews.SizePointView(p.at().toString(), p.members())).toList()));
    }

    private HttpReply memberships(HttpCall call, Caller caller) {
        String id = call.pathParam("id");
        BrandScope scope = caller.brands();
        Optional<String> live = identity.read(g -> g.canonical(id));
        if (live.isEmpty() || !seen(live.get(), scope)) {
            throw new KithException(ErrorCode.NOT_FOUND, "no profile " + id);
        }
        return json.reply(200, new SegmentJsonViews.Memberships(live.get(), store.segmentsOf(live.get()),
                store.history(live.get()).stream().map(SegmentJsonViews.ChangeView::of).toList()));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private SegmentJsonViews.SegmentView view(SegmentStore.SavedSegment s) {
        return SegmentJsonViews.SegmentView.of(s, temporalClass(s.definition().condition()).name(), engine.status(s.key()), store.size(s.key()));
    }

    private TemporalClass temporalClass(Condition c) {
        return TemporalClass.of(c, k -> store.latest(k).map(s -> temporalClass(s.definition().condition())).orElse(TemporalClass.STATIC));
    }

    private SegmentDefinition definition(SegmentJsonViews.SegmentBody body, String key) {
        if (key == null || key.isBlank()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "a segment needs a 'key', a lower-case slug such as vip-customers");
        }
        Condition c = condition(body.condition(), body.conditionJson());
        try {
            return new SegmentDefinition(key, body.name() == null || body.name().isBlank() ? key : body.name(),
                    body.description() == null ? "" : body.description(), c);
        } catch (IllegalArgumentException e) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
    }

    /** The condition from its text (checked against the names in use) or its JSON form. */
    private Condition condition(String text, com.fasterxml.jackson.databind.JsonNode conditionJson) {
        if ((text == null) == (conditionJson == null)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "give the condition either as text ('condition') or as JSON ('conditionJson')");
        }
        if (conditionJson != null) {
            return SegmentJson.read(conditionJson);
        }
        ParseResult r = SegmentParser.parse(text, vocabulary());
        return switch (r) {
            case ParseResult.Parsed p -> p.condition();
            case ParseResult.Failed f -> throw new KithException(ErrorCode.INVALID_ARGUMENT, "the condition has "
                    + f.diagnostics().size() + " problem(s): " + f.diagnostics().stream().map(Object::toString).collect(Collectors.joining("; ")));
        };
    }

    /** The names in use (event names, trait names, identifier types, segment keys), read again every 30 s. */
    private Vocabulary vocabulary() {
        long now = System.currentTimeMillis();
        Vocabulary v = vocabulary;
        if (v == null || now - vocabularyAt > VOCABULARY_MILLIS) {
            Set<String> keys = new TreeSet<>();
            store.all().forEach(s -> keys.add(s.key()));
            v = Vocabulary.NONE.withEventNames(queries.eventNames(10_000)).withIdentifierTypes(identifierTypes).withSegmentKeys(keys);
            vocabulary = v;
            vocabularyAt = now;
        }
        return v;
    }

    private void allBrands(Caller caller) {
        if (!caller.brands().allBrands()) {
            throw new KithException(ErrorCode.FORBIDDEN, "segments span every brand: this key is limited to some brands and may only read them");
        }
    }

    private boolean seen(String profileId, BrandScope scope) {
        return scope.allBrands() || identity.read(g -> g.profile(profileId)).map(p -> scope.seesAny(p.brands())).orElse(false);
    }

    private static String first(Profile p, String type) {
        for (ProfileIdentifier i : p.identifiers()) {
            if (i.type().equals(type)) {
                return i.value();
            }
        }
        return "";
    }

    /** A CSV cell; a value that a spreadsheet would run as a formula is quoted as text. */
    private static String cell(String v) {
        if (v == null || v.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    /** The earliest and latest 'now' a preview may ask for: every window (at most 100 years) stays within years 1900-2200. */
    private static final Instant EARLIEST_NOW = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST_NOW = Instant.parse("2100-01-01T00:00:00Z");

    private static Instant instant(String text) {
        Instant now;
        try {
            now = Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "'now' must be an ISO-8601 instant such as 2026-06-01T12:00:00Z, was \"" + text + "\"");
        }
        // both SQL engines and the written timestamps (four-digit years) hold what a window measured from it reaches
        if (now.isBefore(EARLIEST_NOW) || !now.isBefore(LATEST_NOW)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "'now' must be from " + EARLIEST_NOW + " to before " + LATEST_NOW + ", was " + text);
        }
        return now;
    }

    private static KithException notFound(String key) {
        return new KithException(ErrorCode.NOT_FOUND, "no segment " + key);
    }
}
