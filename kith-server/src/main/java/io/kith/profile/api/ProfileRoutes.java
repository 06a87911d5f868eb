package io.kith.profile.api;

import static io.kith.server.Router.GET;
import static io.kith.server.Router.POST;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.access.BrandScope;
import io.kith.access.Scope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.EventStore;
import io.kith.event.StoredEvent;
import io.kith.identity.Decision;
import io.kith.identity.Identifier;
import io.kith.identity.Normalizer;
import io.kith.identity.IdentityAlert;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.IdentityProjection;
import io.kith.profile.Profile;
import io.kith.profile.Timeline;
import io.kith.server.Caller;
import io.kith.server.HttpCall;
import io.kith.server.JsonBody;
import io.kith.server.HttpReply;
import io.kith.server.Router;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The single customer view over HTTP: look a person up by any identifier, read the profile, its timeline across
 * every channel and the decisions behind it; and correct identity resolution (declare two identifiers distinct,
 * unlink one), which rebuilds the profiles exactly, in the background. An API key limited to brands sees only the profiles an event of
 * those brands touched (any other answers 404, as if absent), and of their timelines only those brands' events.
 */
public final class ProfileRoutes implements Consumer<Router> {
    private static final String REBUILDS = "/api/v1/identity/rebuilds/";

    private final IdentityProjection identity;
    private final EventStore events;
    private final JsonBody json;
    private final List<String> regions;
    private final OverridesChanges overridesChanges;

    /** Saves changes of the identity overrides, and rebuilds identity with them in the background. */
    public interface OverridesChanges {
        /** Saves the change and returns the rebuild that puts it in force: a new one, or the one already queued, which it joins. */
        IdentityRebuild submit(UnaryOperator<IdentityOverrides> change);

        /** A rebuild queued, running or recently finished; empty for one this process does not know. */
        Optional<IdentityRebuild> rebuild(String id);
    }

    /**
     * @param regions          phone regions to read a looked-up phone number with when it has no country code
     * @param overridesChanges saves a change of the overrides and queues the rebuild that applies it
     */
    public ProfileRoutes(IdentityProjection identity, EventStore events, ObjectMapper mapper, List<String> regions,
                         OverridesChanges overridesChanges) {
        this.identity = identity;
        this.events = events;
        this.json = new JsonBody(mapper);
        this.regions = regions;
        this.overridesChanges = overridesChanges;
    }

    @Override
    public void accept(Router router) {
        router.add(GET, "/api/v1/profiles/lookup", Scope.PROFILES_READ, this::lookup);
        router.add(GET, "/api/v1/profiles/{id}", Scope.PROFILES_READ, this::get);
        router.add(GET, "/api/v1/profiles/{id}/events", Scope.PROFILES_READ, this::timeline);
        router.add(GET, "/api/v1/profiles/{id}/explain", Scope.PROFILES_READ, this::explain);
        router.add(GET, "/api/v1/identity/alerts", Scope.PROFILES_READ, this::alerts);
        router.add(GET, "/api/v1/identity/overrides", Scope.IDENTITY_WRITE, this::overrides);
        router.add(POST, "/api/v1/identity/overrides", Scope.IDENTITY_WRITE, this::addOverride);
        router.add(GET, "/api/v1/identity/rebuilds/{id}", Scope.IDENTITY_WRITE, this::rebuild);
    }

    private HttpReply lookup(HttpCall call, Caller caller) {
        BrandScope scope = caller.brands();
        String type = call.query("type");
        String value = call.query("value");
        if (type == null || type.isBlank() || value == null || value.isBlank()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "lookup needs ?type=<identifier type>&value=<value>, got type=" + type + " value=" + value);
        }
        String region = call.query("region");
        // Normalised outside the lock; found and read in one lock, so the profile is the one that holds the identifier.
        List<Identifier> candidates = new ArrayList<>(1);
        for (String r : region != null ? List.of(region) : regions) {
            identity.normalize(type, value, r).filter(c -> !candidates.contains(c)).ifPresent(candidates::add);
        }
        Optional<Profile> found = identity.read(g -> {
            for (Identifier c : candidates) {
                Optional<Profile> p = g.lookup(c).flatMap(g::profile);
                if (p.isPresent()) {
                    return p;
                }
            }
            return Optional.<Profile>empty();
        });
        Profile p = found.filter(f -> scope.seesAny(f.brands()))
                .orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no profile holds " + type + " \"" + value + "\""));
        return json.reply(200, ProfileJson.ProfileView.of(p));
    }

    private HttpReply get(HttpCall call, Caller caller) {
        BrandScope scope = caller.brands();
        String id = call.pathParam("id");
        Profile p = identity.read(g -> g.profile(id)).filter(f -> scope.seesAny(f.brands())).orElseThrow(() -> notFound(id));
        HttpReply r = json.reply(200, ProfileJson.ProfileView.of(p));
        return p.id().equals(id) ? r : r.withHeader("Content-Location", "/api/v1/profiles/" + p.id());
    }

    private HttpReply timeline(HttpCall call, Caller caller) {
        BrandScope scope = caller.brands();
        String id = call.pathParam("id");
        int limit = call.queryInt("limit", 50, 500);
        Long after = null;
        String cursor = call.query("before");
        if (cursor != null && !cursor.isBlank()) {
            try {
                after = Long.parseLong(cursor.trim());
            } catch (NumberFormatException e) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "'before' must be the 'next' cursor of a previous page, was \"" + cursor + "\"");
            }
        }
        String canonical = canonicalSeen(id, scope);
        long[] all = identity.read(g -> g.eventSequences(canonical));
        // newest first by when each event happened (an imported history where it belongs), not by when it was stored;
        // a key limited to brands pages through its brands' events only
        Timeline timeline = Timeline.seenBy(all, events.stamps(all), scope::sees);
        int start = timeline.startAfter(after);
        if (start < 0) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "'before' must be the 'next' cursor of a previous page of this profile's events; "
                    + "no event of " + canonical + " has the sequence " + after);
        }
        long[] page = timeline.page(start, limit);
        List<StoredEvent> stored = events.bySequences(page);
        List<ObjectNode> seen = new ArrayList<>(stored.size());
        for (StoredEvent e : stored) {
            ObjectNode o = e.event().json().deepCopy();
            o.put("sequence", e.sequence());
            seen.add(o);
        }
        boolean more = start + page.length < timeline.size();
        return json.reply(200, new ProfileJson.EventsPage(canonical, seen, more ? Long.toString(page[page.length - 1]) : null, timeline.size()));
    }

    private HttpReply explain(HttpCall call, Caller caller) {
        BrandScope scope = caller.brands();
        String id = call.pathParam("id");
        String canonical = canonicalSeen(id, scope);
        String a = call.query("a");
        String b = call.query("b");
        List<Decision> decisions = a != null && b != null
                ? identity.read(g -> g.why(parse(a), parse(b)))
                : identity.read(g -> g.explain(canonical));
        long[] seqs = decisions.stream().mapToLong(Decision::sequence).distinct().toArray();
        java.util.Map<Long, String> messageIds = new java.util.HashMap<>();
        for (StoredEvent e : events.bySequences(seqs)) {
            messageIds.put(e.sequence(), e.event().messageId());
        }
        return json.reply(200, new ProfileJson.Explanation(canonical,
                decisions.stream().map(d -> ProfileJson.DecisionView.of(d, messageIds.get(d.sequence()), identity.overrides())).toList()));
    }

    private HttpReply alerts(HttpCall call, Caller caller) {
        BrandScope scope = caller.brands();
        Map<String, Long> counts = null; // counts over every brand would tell a brand's key about the others
        if (scope.allBrands()) {
            counts = new LinkedHashMap<>();
            for (Map.Entry<IdentityAlert.Kind, Long> c : identity.alertCounts().entrySet()) {
                counts.put(c.getKey().name(), c.getValue());
            }
        }
        List<ProfileJson.AlertView> shown = new ArrayList<>();
        List<IdentityAlert> recent = identity.recentAlerts();
        for (int i = recent.size() - 1; i >= 0 && shown.size() < 200; i--) {
            IdentityAlert a = recent.get(i);
            if (scope.allBrands() || seen(a.profileId(), scope)) {
                shown.add(ProfileJson.AlertView.of(a));
            }
        }
        return json.reply(200, new ProfileJson.Alerts(counts, shown));
    }

    private HttpReply overrides(HttpCall call, Caller caller) {
        return json.reply(200, ProfileJson.OverridesView.of(identity.overrides()));
    }

    private HttpReply addOverride(HttpCall call, Caller caller) {
        ProfileJson.OverrideBody body = json.read(call, 16 * 1024, "an identity override", ProfileJson.OverrideBody.class);
        UnaryOperator<IdentityOverrides> change;
        if (body.distinct() != null) {
            if (body.distinct().size() != 2) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "'distinct' must be two identifiers [{\"type\",\"value\"}, {\"type\",\"value\"}], got "
                        + body.distinct().size());
            }
            Identifier a = identifier(body.distinct().get(0), "distinct[0]");
            Identifier b = identifier(body.distinct().get(1), "distinct[1]");
            change = current -> current.withDistinct(a, b);
        } else if (body.unlink() != null) {
            Identifier unlink = identifier(body.unlink(), "unlink");
            change = current -> current.withUnlinked(unlink);
        } else {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "expected {\"distinct\": [a, b]} or {\"unlink\": {\"type\", \"value\"}}");
        }
        // Saved now; a rebuild of every stored event puts it in force, in the background: the caller follows the rebuild.
        IdentityRebuild rebuild = overridesChanges.submit(change);
        return json.reply(202, ProfileJson.RebuildView.of(rebuild)).withHeader("Location", REBUILDS + rebuild.id());
    }

    private HttpReply rebuild(HttpCall call, Caller caller) {
        String id = call.pathParam("id");
        IdentityRebuild rebuild = overridesChanges.rebuild(id)
                .orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no identity rebuild with id \"" + id + "\" (this server keeps its last "
                        + "rebuilds until it restarts)"));
        return json.reply(200, ProfileJson.RebuildView.of(rebuild));
    }

    private Identifier identifier(ProfileJson.IdentifierView n, String where) {
        if (n == null || n.type() == null || n.value() == null) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, where + " must be {\"type\": ..., \"value\": ...}, got " + n);
        }
        String type = n.type();
        String value = n.value();
        return identity.read(g -> {
            for (String r : regions) {
                Optional<Identifier> id = g.normalize(type, value, r);
                if (id.isPresent()) {
                    return id.get();
                }
            }
            return new Identifier(type, value.strip());
        });
    }

    private Identifier parse(String typeColonValue) {
        int c = typeColonValue.indexOf(':');
        if (c <= 0) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "identifiers in a and b are written type:value, got \"" + typeColonValue + "\"");
        }
        return identifier(new ProfileJson.IdentifierView(typeColonValue.substring(0, c), typeColonValue.substring(c + 1)), "a/b");
    }

    /** The live id of a profile the caller sees, or 404 (for a profile of other brands too, as if it did not exist). */
    private String canonicalSeen(String id, BrandScope scope) {
        String canonical = identity.read(g -> g.canonical(id)).orElseThrow(() -> notFound(id));
        if (!scope.allBrands() && !seen(canonical, scope)) {
            throw notFound(id);
        }
        return canonical;
    }

    private boolean seen(String profileId, BrandScope scope) {
        return profileId != null && identity.read(g -> g.profile(profileId)).filter(p -> scope.seesAny(p.brands())).isPresent();
    }

    private static KithException notFound(String id) {
        return new KithException(ErrorCode.NOT_FOUND, "no profile with id \"" + id + "\"");
    }
}
