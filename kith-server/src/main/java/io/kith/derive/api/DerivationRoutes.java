package io.kith.derive.api;

import static io.kith.server.Router.GET;
import static io.kith.server.Router.POST;
import static io.kith.server.Router.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.access.Scope;
import io.kith.derive.DerivationJson;
import io.kith.derive.Definitions;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.IdentityProjection;
import io.kith.label.LabelDefinition;
import io.kith.profile.ProfileValueStore;
import io.kith.segment.SegmentEngine;
import io.kith.server.Caller;
import io.kith.server.HttpCall;
import io.kith.server.HttpReply;
import io.kith.server.JsonBody;
import io.kith.server.Router;
import io.kith.trait.ComputedTrait;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Computed traits and labels over HTTP: list and change their definitions (each change a new version, computed for
 * everyone in the background), and read a profile's computed values with the version and time of each.
 */
public final class DerivationRoutes implements Consumer<Router> {
    private final SegmentEngine engine;
    private final Definitions definitions;
    private final ProfileValueStore values;
    private final IdentityProjection identity;
    private final JsonBody json;

    public DerivationRoutes(SegmentEngine engine, Definitions definitions, ProfileValueStore values, IdentityProjection identity, ObjectMapper mapper) {
        this.engine = engine;
        this.definitions = definitions;
        this.values = values;
        this.identity = identity;
        this.json = new JsonBody(mapper);
    }

    record DefinitionView(String name, int version, String savedAt, JsonNode definition) {
        static DefinitionView of(Definitions.Saved s) {
            return new DefinitionView(s.name(), s.version(), s.savedAt().toString(), s.body());
        }
    }

    record DefinitionList(List<DefinitionView> definitions) {
    }

    record ValueView(String namespace, String name, JsonNode value, int version, String computedAt) {
    }

    record ProfileValues(String profileId, List<ValueView> values) {
    }

    record Accepted(String status) {
    }

    record RfmGrid(String brand, String computedAt, List<ProfileValueStore.RfmCell> cells, java.util.Map<String, Long> segments) {
    }

    @Override
    public void accept(Router router) {
        router.add(GET, "/api/v1/traits", Scope.SEGMENTS_READ, (call, caller) -> list(Definitions.Kind.COMPUTED_TRAIT));
        router.add(PUT, "/api/v1/traits/{name}", Scope.SEGMENTS_WRITE, this::putTrait);
        router.add(GET, "/api/v1/labels", Scope.SEGMENTS_READ, (call, caller) -> list(Definitions.Kind.LABEL));
        router.add(PUT, "/api/v1/labels/{name}", Scope.SEGMENTS_WRITE, this::putLabel);
        router.add(POST, "/api/v1/derivations/recompute", Scope.SEGMENTS_WRITE, this::recompute);
        router.add(GET, "/api/v1/profiles/{id}/values", Scope.PROFILES_READ, this::profileValues);
        router.add(GET, "/api/v1/rfm/grid", Scope.SEGMENTS_READ, this::rfmGrid);
        router.add(GET, "/api/v1/rfm/settings", Scope.SEGMENTS_READ, (call, caller) -> json.reply(200,
                DerivationJson.toJson(engine.rfmSettings())));
        router.add(PUT, "/api/v1/rfm/settings", Scope.SEGMENTS_WRITE, this::putRfmSettings);
    }

    private HttpReply list(Definitions.Kind kind) {
        return json.reply(200, new DefinitionList(definitions.all(kind).stream().map(DefinitionView::of).toList()));
    }

    private HttpReply putTrait(HttpCall call, Caller caller) {
        allBrands(caller);
        JsonNode body = named(call, "a computed trait");
        ComputedTrait trait = DerivationJson.computedTrait(body);
        return json.reply(200, DefinitionView.of(engine.saveTrait(trait, definitions)));
    }

    private HttpReply putLabel(HttpCall call, Caller caller) {
        allBrands(caller);
        JsonNode body = named(call, "a label");
        LabelDefinition label = DerivationJson.label(body);
        return json.reply(200, DefinitionView.of(engine.saveLabel(label, definitions)));
    }

    private HttpReply recompute(HttpCall call, Caller caller) {
        allBrands(caller);
        engine.recomputeNow();
        return json.reply(202, new Accepted("queued"));
    }

    private HttpReply profileValues(HttpCall call, Caller caller) {
        String id = call.pathParam("id");
        Optional<String> live = identity.read(g -> g.canonical(id).filter(c -> g.profile(c).map(p -> caller.brands().seesAny(p.brands())).orElse(false)));
        String profileId = live.orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no profile " + id));
        return json.reply(200, new ProfileValues(profileId, values.of(profileId).stream()
                .map(v -> new ValueView(v.namespace().word(), v.name(), v.value(), v.version(), v.computedAt().toString())).toList()));
    }

    /**
     * The RFM grid for charts: profiles and revenue per R × FM cell, and profiles per named segment; group-wide from the
     * scores on the profiles, or for one brand ({@code ?brand=}) from the last whole pass, which scores each brand's
     * customers among that brand's.
     */
    private HttpReply rfmGrid(HttpCall call, Caller caller) {
        String brand = call.query("brand");
        if (brand == null || brand.isBlank()) {
            allBrands(caller);
            java.util.Map<String, Long> segments = new java.util.LinkedHashMap<>();
            values.distribution(io.kith.segment.ProfileValue.Namespace.RFM, "segment").forEach((json, n) -> segments.put(json.replace("\"", ""), n));
            return json.reply(200, new RfmGrid(null, engine.lastRfm().map(r -> r.computedAt().toString()).orElse(null), values.rfmCells(), segments));
        }
        if (!caller.brands().sees(brand)) {
            throw new KithException(ErrorCode.NOT_FOUND, "no RFM for brand " + brand);
        }
        io.kith.derive.Derivations.RfmSnapshot snap = engine.lastRfm()
                .orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "RFM has not been computed yet"));
        io.kith.rfm.RfmGrid grid = snap.byBrand().get(brand);
        if (grid == null) {
            throw new KithException(ErrorCode.NOT_FOUND, "no purchases of brand " + brand + " in the last RFM pass");
        }
        java.util.Map<String, Long> segments = new java.util.TreeMap<>();
        for (io.kith.rfm.RfmGrid.Cell c : grid.cells()) {
            segments.merge(c.segment(), (long) c.customers(), Long::sum);
        }
        return json.reply(200, new RfmGrid(brand, snap.computedAt().toString(), ProfileValueStore.RfmCell.of(grid), segments));
    }

    private HttpReply putRfmSettings(HttpCall call, Caller caller) {
        allBrands(caller);
        JsonNode body = json.parse(call.body(16 * 1024, "RFM settings"), "RFM settings", JsonNode.class);
        return json.reply(200, DefinitionView.of(engine.saveRfmSettings(DerivationJson.rfm(body), definitions)));
    }

    /** The body as a JSON object whose name is the path's (a missing name is taken from the path). */
    private JsonNode named(HttpCall call, String what) {
        JsonNode body = json.parse(call.body(64 * 1024, what), what, JsonNode.class);
        String name = call.pathParam("name");
        if (body.hasNonNull("name") && !body.get("name").asText().equals(name)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "the body's name \"" + body.get("name").asText() + "\" is not the path's " + name);
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("name", name);
        return body;
    }

    private static void allBrands(Caller caller) {
        if (!caller.brands().allBrands()) {
            throw new KithException(ErrorCode.FORBIDDEN, "definitions span every brand: this key is limited to some brands");
        }
    }
}
