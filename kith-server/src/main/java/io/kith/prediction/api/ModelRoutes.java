package io.kith.prediction.api;

import static io.kith.server.Router.GET;
import static io.kith.server.Router.POST;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.access.Scope;
import io.kith.derive.Definitions;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.IdentityProjection;
import io.kith.prediction.ModelJobs;
import io.kith.server.Caller;
import io.kith.server.HttpCall;
import io.kith.server.HttpReply;
import io.kith.server.JsonBody;
import io.kith.server.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The models over HTTP: ask for a run (it runs in the background: {@code 202}), list the models with their state and
 * recent runs (parameters, metrics, data window, version), read one run, and read why a person's model values are what
 * they are. A run's id is the model and its version, such as {@code clv-3}; the version is the one on every value it wrote.
 */
public final class ModelRoutes implements Consumer<Router> {
    /** Runs listed per model. */
    static final int RECENT = 10;
    private final ModelJobs jobs;
    private final Definitions definitions;
    private final IdentityProjection identity;
    private final JsonBody json;

    public ModelRoutes(ModelJobs jobs, Definitions definitions, IdentityProjection identity, ObjectMapper mapper) {
        this.jobs = jobs;
        this.definitions = definitions;
        this.identity = identity;
        this.json = new JsonBody(mapper);
    }

    record Queued(String status, List<String> models) {
    }

    record RunView(String id, String model, int version, String savedAt, JsonNode run) {
        static RunView of(Definitions.Saved s) {
            return new RunView(s.name() + "-" + s.version(), s.name(), s.version(), s.savedAt().toString(), s.body());
        }
    }

    record ModelView(String name, String state, String lastError, String lastRunAt, List<RunView> runs) {
    }

    record ModelList(List<ModelView> models) {
    }

    record PredictionView(String model, int version, String computedAt, String explanation) {
    }

    record Predictions(String profileId, List<PredictionView> predictions) {
    }

    record MemberView(String profileId, double tie) {
    }

    record HouseholdBody(String householdId, double confidence, int size, List<MemberView> members, List<ModelJobs.Reason> evidence,
                         String explanation, String run, int version, String computedAt, String modelVersion) {
    }

    /** {@code household} is null when the last run put the person in none (or before any run). */
    record HouseholdReply(String profileId, HouseholdBody household) {
    }

    record RecommendedView(String productId, String name, double score, String why) {
    }

    /** {@code basis} is {@code item-to-item}, {@code popular}, or {@code none} before any run (then no run and no products). */
    record RecommendationsReply(String profileId, String basis, String run, Integer version, String computedAt, String modelVersion,
                                List<RecommendedView> recommendations) {
    }

    @Override
    public void accept(Router router) {
        router.add(POST, "/api/v1/models/run", Scope.SEGMENTS_WRITE, this::run);
        router.add(GET, "/api/v1/models", Scope.SEGMENTS_READ, (call, caller) -> list());
        router.add(GET, "/api/v1/models/runs/{id}", Scope.SEGMENTS_READ, this::one);
        router.add(GET, "/api/v1/profiles/{id}/predictions", Scope.PROFILES_READ, this::predictions);
        router.add(GET, "/api/v1/profiles/{id}/household", Scope.PROFILES_READ, this::household);
        router.add(GET, "/api/v1/profiles/{id}/recommendations", Scope.PROFILES_READ, this::recommendations);
    }

    private HttpReply run(HttpCall call, Caller caller) {
        if (!caller.brands().allBrands()) {
            throw new KithException(ErrorCode.FORBIDDEN, "models are trained on every brand: this key is limited to some brands");
        }
        String model = call.query("model");
        List<String> queued = jobs.request(model == null || model.isBlank() ? Optional.empty() : Optional.of(model));
        return json.reply(202, new Queued("queued", queued));
    }

    private HttpReply list() {
        List<ModelView> out = new ArrayList<>();
        for (String m : jobs.models()) {
            ModelJobs.Status s = jobs.status(m);
            out.add(new ModelView(m, s.state(), s.lastError(), s.lastRunAt() == null ? null : s.lastRunAt().toString(),
                    definitions.history(Definitions.Kind.MODEL_RUN, m, RECENT).stream().map(RunView::of).toList()));
        }
        return json.reply(200, new ModelList(out));
    }

    private HttpReply one(HttpCall call, Caller caller) {
        String id = call.pathParam("id");
        int dash = id.lastIndexOf('-');
        int version;
        try {
            version = dash < 1 ? -1 : Integer.parseInt(id.substring(dash + 1));
        } catch (NumberFormatException e) {
            version = -1;
        }
        int v = version;
        return definitions.version(Definitions.Kind.MODEL_RUN, dash < 1 ? id : id.substring(0, dash), v)
                .map(s -> json.reply(200, RunView.of(s)))
                .orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no model run " + id + " (a run's id is the model and its version, "
                        + "such as clv-3)"));
    }

    /** The live profile an id resolves to, if the caller may see it; else 404. */
    private String visible(String id, Caller caller) {
        return visibleIds(List.of(id), caller).stream().findFirst().orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no profile " + id));
    }

    /** Of these profile ids, those still live (an id merged away is left out, not followed) that the caller may see. */
    private List<String> visibleIds(List<String> ids, Caller caller) {
        return identity.read(g -> ids.stream().map(id -> g.canonical(id).filter(c -> g.profile(c).map(p -> caller.brands().seesAny(p.brands()))
                .orElse(false))).flatMap(Optional::stream).toList());
    }

    private HttpReply household(HttpCall call, Caller caller) {
        String profileId = visible(call.pathParam("id"), caller);
        HouseholdBody body = jobs.household(profileId).map(h -> {
            // members merged away or erased since the run, or of brands the caller does not see, are not shown
            List<String> shown = identity.read(g -> h.members().stream().map(ModelJobs.Member::profileId)
                    .filter(m -> g.canonical(m).filter(m::equals).flatMap(g::profile).map(p -> caller.brands().seesAny(p.brands())).orElse(false))
                    .toList());
            List<MemberView> members = h.members().stream().filter(m -> shown.contains(m.profileId())).map(m -> new MemberView(m.profileId(), m.tie()))
                    .toList();
            List<ModelJobs.Reason> evidence = h.evidence().stream().map(r -> new ModelJobs.Reason(r.kind(), r.weight(), r.shown(),
                    r.profileIds().stream().filter(shown::contains).toList())).toList();
            return new HouseholdBody(h.householdId(), h.confidence(), h.members().size(), members, evidence, h.explanation(),
                    "households-" + h.version(), h.version(), h.computedAt().toString(), h.modelVersion());
        }).orElse(null);
        return json.reply(200, new HouseholdReply(profileId, body));
    }

    private HttpReply recommendations(HttpCall call, Caller caller) {
        String profileId = visible(call.pathParam("id"), caller);
        int limit = call.queryInt("limit", 10, 10);
        return json.reply(200, jobs.recommendations(profileId).map(r -> new RecommendationsReply(profileId, r.basis(), "recommendations-" + r.version(),
                r.version(), r.computedAt().toString(), r.modelVersion(), r.items().stream().limit(limit)
                        .map(i -> new RecommendedView(i.productId(), i.name(), i.score(), i.why())).toList()))
                .orElse(new RecommendationsReply(profileId, "none", null, null, null, null, List.of())));
    }

    private HttpReply predictions(HttpCall call, Caller caller) {
        String profileId = visible(call.pathParam("id"), caller);
        return json.reply(200, new Predictions(profileId, jobs.explain(profileId).stream()
                .map(e -> new PredictionView(e.model(), e.version(), e.computedAt().toString(), e.explanation())).toList()));
    }
}
