package io.kith.profile.api;

import static io.kith.server.Router.GET;
import static io.kith.server.Router.POST;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.access.BrandScope;
import io.kith.access.Scope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.IdentityProjection;
import io.kith.identity.MatchDecisions;
import io.kith.identity.ProbableLinks;
import io.kith.profile.Profile;
import io.kith.server.Caller;
import io.kith.server.HttpCall;
import io.kith.server.HttpReply;
import io.kith.server.JsonBody;
import io.kith.server.Router;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Probable links over HTTP: a profile's links with their probability and evidence, the strongest links of the last run
 * (a review list), the identifier values that behave like shared ones (evidence against a merge), and a run of the
 * matcher now ({@code 202}; it also runs hourly). A link is shown only while both of its profiles are live (one merged
 * or erased since the run drops it) and the caller sees both. And an operator's decisions on links: "the same person"
 * (the two profiles are joined) or "two people" (kept apart, never proposed again), each saved as a versioned identity
 * override and put in force by a rebuild ({@code 202} with the rebuild to follow), and withdrawn the same way.
 */
public final class ProbableLinkRoutes implements Consumer<Router> {
    private final ProbableLinks links;
    private final IdentityProjection identity;
    private final Runnable runNow;
    private final java.util.function.Supplier<List<ProbableLinks.SharedIdentifier>> shared;
    private final JsonBody json;
    private final ProfileRoutes.OverridesChanges overrides;
    private final java.util.function.Supplier<List<ProbableLinks.ContestedLink>> contested;
    private final java.time.Clock clock;
    private final java.util.random.RandomGenerator random = new java.security.SecureRandom();

    /**
     * @param runNow    asks for a run; null when this process does not run the matcher (another one writes the profiles)
     * @param shared    the identifier values of the last run that behave like shared ones
     * @param overrides saves a decision as a change of the identity overrides and queues the rebuild; null where this
     *                  process does not change them
     */
    public ProbableLinkRoutes(ProbableLinks links, IdentityProjection identity, Runnable runNow,
                              java.util.function.Supplier<List<ProbableLinks.SharedIdentifier>> shared, ObjectMapper mapper,
                              ProfileRoutes.OverridesChanges overrides, java.time.Clock clock,
                              java.util.function.Supplier<List<ProbableLinks.ContestedLink>> contested) {
        this.contested = contested;
        this.overrides = overrides;
        this.clock = clock;
        this.shared = shared;
        this.links = links;
        this.identity = identity;
        this.runNow = runNow;
        this.json = new JsonBody(mapper);
    }

    /**
     * A link seen from one profile: the other profile, and the evidence with this profile's value as {@code a} and the
     * other's as {@code b}.
     */
    record LinkView(String profileId, double probability, double matchWeight, double prior, List<ProbableLinks.Evidence> evidence,
                    String modelVersion, String computedAt) {
        static LinkView of(ProbableLinks.Link l, String viewer) {
            List<ProbableLinks.Evidence> evidence = l.profileA().equals(viewer) ? l.evidence()
                    : l.evidence().stream().map(ProbableLinks.Evidence::swapped).toList();
            return new LinkView(l.other(viewer), l.probability(), l.weight(), l.prior(), evidence, l.modelVersion(), l.computedAt().toString());
        }
    }

    record PairView(String profileA, String profileB, double probability, double matchWeight, double prior,
                    List<ProbableLinks.Evidence> evidence, String modelVersion, String computedAt) {
    }

    record RunView(long run, String at, String modelVersion, double minProbability, double maxProbability, int profiles, long candidatePairs,
                   int links, int promoted, int rejected, int aboveBand, long millis) {
        static RunView of(ProbableLinks.Run r) {
            return new RunView(r.run(), r.at().toString(), r.modelVersion(), r.minProbability(), r.maxProbability(), r.profiles(), r.candidatePairs(),
                    r.links(), r.promoted(), r.rejected(), r.aboveBand(), r.millis());
        }
    }

    record OfProfile(String profileId, String status, List<LinkView> links, RunView lastRun, List<ContestedView> contested) {
    }

    /** A contested link seen from one profile: the other, the value that joined them until a rule stopped it, the evidence. */
    record ContestedView(String profileId, String identifierType, String identifierValue, double probability, double matchWeight,
                         List<ProbableLinks.Evidence> evidence) {
    }

    record Contested(List<ProbableLinks.ContestedLink> links) {
    }

    /** {@code POST /api/v1/identity/shared-identifiers/block} and {@code /unblock}. */
    record ValueBody(String type, String value) {
    }

    record RebuildOnly(ProfileJson.RebuildView rebuild) {
    }

    record All(List<PairView> links, RunView lastRun) {
    }

    record Accepted(String status) {
    }

    record Shared(List<ProbableLinks.SharedIdentifier> identifiers, RunView lastRun) {
    }

    /** {@code POST /api/v1/identity/probable-links/decisions}: {@code verdict} is {@code same} or {@code different}. */
    record DecisionBody(String profileA, String profileB, String verdict) {
    }

    /**
     * An operator's decision: the two profiles as they were, the identifiers that started them (which name them in every
     * rebuild), and where they are now ({@code nowA}, {@code nowB}: one id after an accepted match is in force).
     */
    record DecisionView(String id, String verdict, String profileA, String profileB, ProfileJson.IdentifierView a, ProfileJson.IdentifierView b,
                        Double probability, String decidedAt, boolean inForce, String nowA, String nowB) {
    }

    record Decided(DecisionView decision, ProfileJson.RebuildView rebuild) {
    }

    record Decisions(List<DecisionView> decisions) {
    }

    @Override
    public void accept(Router router) {
        router.add(GET, "/api/v1/profiles/{id}/probable-links", Scope.PROFILES_READ, this::ofProfile);
        router.add(GET, "/api/v1/identity/probable-links", Scope.PROFILES_READ, this::all);
        router.add(GET, "/api/v1/identity/shared-identifiers", Scope.PROFILES_READ, (call, caller) -> {
            allBrands(caller);
            return json.reply(200, new Shared(shared.get(), links.lastRun().map(RunView::of).orElse(null)));
        });
        router.add(POST, "/api/v1/identity/probable-links/run", Scope.IDENTITY_WRITE, (call, caller) -> {
            allBrands(caller);
            if (runNow == null) {
                throw new KithException(ErrorCode.CONFLICT, "this process does not run the matcher: the process that writes the profiles does");
            }
            runNow.run();
            return json.reply(202, new Accepted("queued"));
        });
        router.add(GET, "/api/v1/identity/contested-links", Scope.PROFILES_READ, (call, caller) -> {
            allBrands(caller);
            return json.reply(200, new Contested(contested.get().stream().filter(c -> live(c.profileA(), c.profileB(), caller.brands())).toList()));
        });
        router.add(POST, "/api/v1/identity/shared-identifiers/block", Scope.IDENTITY_WRITE, (call, caller) -> block(call, caller, true));
        router.add(POST, "/api/v1/identity/shared-identifiers/unblock", Scope.IDENTITY_WRITE, (call, caller) -> block(call, caller, false));
        router.add(GET, "/api/v1/identity/probable-links/decisions", Scope.IDENTITY_WRITE, this::decisions);
        router.add(POST, "/api/v1/identity/probable-links/decisions", Scope.IDENTITY_WRITE, this::decide);
        router.add(POST, "/api/v1/identity/probable-links/decisions/{id}/withdraw", Scope.IDENTITY_WRITE, this::withdraw);
    }

    /**
     * The rule for a shared value: blocked, it links nothing by itself (an {@code unlink} override, versioned, applied by a
     * rebuild: the profiles joined only through it come apart and are shown as contested); unblocked, it links again, and
     * the operator's allowance is kept with the overrides, so that Kith does not stop it again by itself.
     */
    private HttpReply block(HttpCall call, Caller caller, boolean block) {
        allBrands(caller);
        changesHere();
        ValueBody body = json.read(call, 4 * 1024, "an identifier value", ValueBody.class);
        if (body.type() == null || body.value() == null || !io.kith.identity.Identifier.isTypeName(body.type()) || body.value().isBlank()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "expected {\"type\": \"email\", \"value\": \"...\"} (a type in lower_snake_case)");
        }
        io.kith.identity.Identifier id = new io.kith.identity.Identifier(body.type(), body.value().strip());
        if (!block && !identity.overrides().unlinked().contains(id)) {
            throw new KithException(ErrorCode.NOT_FOUND, "no rule blocks " + body.type() + " \"" + body.value() + "\"");
        }
        IdentityRebuild rebuild = overrides.submit(current -> block ? current.withUnlinked(id) : current.allowedToLink(id));
        return json.reply(202, new RebuildOnly(ProfileJson.RebuildView.of(rebuild))).withHeader("Location", "/api/v1/identity/rebuilds/" + rebuild.id());
    }

    private HttpReply decide(HttpCall call, Caller caller) {
        allBrands(caller);
        DecisionBody body = json.read(call, 4 * 1024, "a decision on a probable link", DecisionBody.class);
        if (body.profileA() == null || body.profileB() == null || body.verdict() == null) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "expected {\"profileA\": \"p_...\", \"profileB\": \"p_...\", \"verdict\": \"same\" | \"different\"}");
        }
        IdentityOverrides.Verdict verdict = switch (body.verdict()) {
            case "same" -> IdentityOverrides.Verdict.SAME;
            case "different" -> IdentityOverrides.Verdict.DIFFERENT;
            default -> throw new KithException(ErrorCode.INVALID_ARGUMENT, "verdict must be \"same\" or \"different\", got \"" + body.verdict() + "\"");
        };
        Decided out = decide(body.profileA(), body.profileB(), verdict);
        return json.reply(202, out).withHeader("Location", "/api/v1/identity/rebuilds/" + out.rebuild().id());
    }

    /** Saves a decision on two live profiles and queues the rebuild that puts it in force. */
    private Decided decide(String profileA, String profileB, IdentityOverrides.Verdict verdict) {
        changesHere();
        Double probability = links.of(profileA).stream().filter(l -> l.other(profileA).equals(profileB)).findFirst()
                .map(ProbableLinks.Link::probability).orElse(null);
        IdentityOverrides.MatchDecision decision = identity.read(g -> MatchDecisions.decide(g, profileA, profileB, verdict, probability, clock.instant(),
                MatchDecisions.newId(random)));
        IdentityRebuild rebuild = overrides.submit(current -> current.withMatch(decision));
        return new Decided(view(decision, false), ProfileJson.RebuildView.of(rebuild));
    }

    private HttpReply withdraw(HttpCall call, Caller caller) {
        allBrands(caller);
        changesHere();
        String id = call.pathParam("id");
        IdentityOverrides.MatchDecision decision = identity.overrides().matches().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no decision on a probable link with id \"" + id + "\" is in force"));
        IdentityRebuild rebuild = overrides.submit(MatchDecisions.withdraw(decision, MatchDecisions.newId(random), clock.instant()));
        return json.reply(202, new Decided(view(decision, true), ProfileJson.RebuildView.of(rebuild)))
                .withHeader("Location", "/api/v1/identity/rebuilds/" + rebuild.id());
    }

    private HttpReply decisions(HttpCall call, Caller caller) {
        allBrands(caller);
        return json.reply(200, new Decisions(identity.overrides().matches().stream().map(m -> view(m, true)).toList()));
    }

    private DecisionView view(IdentityOverrides.MatchDecision m, boolean inForce) {
        Optional<String> nowA = identity.read(g -> g.lookup(m.a()));
        Optional<String> nowB = identity.read(g -> g.lookup(m.b()));
        return new DecisionView(m.id(), m.verdict().name().toLowerCase(java.util.Locale.ROOT), m.profileA(), m.profileB(),
                ProfileJson.IdentifierView.of(m.a()), ProfileJson.IdentifierView.of(m.b()), m.probability(), m.decidedAt().toString(), inForce,
                nowA.orElse(null), nowB.orElse(null));
    }

    private void changesHere() {
        if (overrides == null) {
            throw new KithException(ErrorCode.CONFLICT, "this process does not change identity: the process that writes the profiles does");
        }
    }

    private HttpReply ofProfile(HttpCall call, Caller caller) {
        BrandScope scope = caller.brands();
        String id = call.pathParam("id");
        Profile p = identity.read(g -> g.profile(id)).filter(f -> scope.seesAny(f.brands()))
                .orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no profile with id \"" + id + "\""));
        List<LinkView> views = links.of(p.id()).stream().filter(l -> live(l, scope)).map(l -> LinkView.of(l, p.id())).toList();
        Optional<ProbableLinks.Run> last = links.lastRun();
        List<ContestedView> contestedViews = contested.get().stream()
                .filter(c -> (c.profileA().equals(p.id()) || c.profileB().equals(p.id())) && live(c.profileA(), c.profileB(), scope))
                .map(c -> new ContestedView(c.profileA().equals(p.id()) ? c.profileB() : c.profileA(), c.identifierType(), c.identifierValue(),
                        c.probability(), c.weight(), c.evidence())).toList();
        return json.reply(200, new OfProfile(p.id(), "probable: not merged; shown for review, never treated as the same person", views,
                last.map(RunView::of).orElse(null), contestedViews));
    }

    private HttpReply all(HttpCall call, Caller caller) {
        allBrands(caller);
        int limit = call.queryInt("limit", 100, 1_000);
        List<PairView> views = links.all().stream().filter(l -> live(l, caller.brands())).limit(limit).map(l -> new PairView(l.profileA(),
                l.profileB(), l.probability(), l.weight(), l.prior(), l.evidence(), l.modelVersion(), l.computedAt().toString())).toList();
        return json.reply(200, new All(views, links.lastRun().map(RunView::of).orElse(null)));
    }

    /** Both profiles are still live (neither merged away nor erased since the run) and the caller sees both. */
    private boolean live(ProbableLinks.Link l, BrandScope scope) {
        return live(l.profileA(), l.profileB(), scope);
    }

    private boolean live(String profileA, String profileB, BrandScope scope) {
        return identity.read(g -> {
            Optional<Profile> a = g.profile(profileA);
            Optional<Profile> b = g.profile(profileB);
            return a.isPresent() && b.isPresent() && a.get().id().equals(profileA) && b.get().id().equals(profileB)
                    && scope.seesAny(a.get().brands()) && scope.seesAny(b.get().brands());
        });
    }

    private static void allBrands(Caller caller) {
        if (!caller.brands().allBrands()) {
            throw new KithException(ErrorCode.FORBIDDEN, "probable links span every brand: this key is limited to some brands");
        }
    }
}
