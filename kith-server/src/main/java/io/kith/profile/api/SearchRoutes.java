package io.kith.profile.api;

import static io.kith.server.Router.GET;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.access.BrandScope;
import io.kith.access.Scope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.IdentityProjection;
import io.kith.search.ProfileSearch;
import io.kith.server.Caller;
import io.kith.server.HttpCall;
import io.kith.server.HttpReply;
import io.kith.server.JsonBody;
import io.kith.server.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one search box over HTTP: {@code GET /api/v1/profiles/search?q=...} finds people by an email, a phone in any format,
 * a card, a misspelt name or a profile id. A key limited to brands sees only the profiles its brands touched.
 */
public final class SearchRoutes implements Consumer<Router> {
    private final ProfileSearch search;
    private final IdentityProjection identity;
    private final JsonBody json;

    public SearchRoutes(ProfileSearch search, IdentityProjection identity, ObjectMapper mapper) {
        this.search = search;
        this.identity = identity;
        this.json = new JsonBody(mapper);
    }

    record Hits(String query, List<ProfileSearch.Hit> hits) {
    }

    @Override
    public void accept(Router router) {
        router.add(GET, "/api/v1/profiles/search", Scope.PROFILES_READ, this::search);
    }

    private HttpReply search(HttpCall call, Caller caller) {
        String q = call.query("q");
        if (q == null || q.isBlank()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "search needs ?q=<an email, a phone, a card, a name or a profile id>");
        }
        int limit = call.queryInt("limit", 10, 100);
        BrandScope scope = caller.brands();
        List<ProfileSearch.Hit> found = search.search(q, scope.allBrands() ? limit : Math.min(1_000, limit * 10));
        List<ProfileSearch.Hit> seen = new ArrayList<>();
        for (ProfileSearch.Hit h : found) {
            if (seen.size() == limit) {
                break;
            }
            if (scope.allBrands() || identity.read(g -> g.profile(h.profileId())).map(p -> scope.seesAny(p.brands())).orElse(false)) {
                seen.add(h);
            }
        }
        return json.reply(200, new Hits(q, seen));
    }
}
