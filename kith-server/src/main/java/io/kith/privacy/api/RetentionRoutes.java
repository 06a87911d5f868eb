package io.kith.privacy.api;

import static io.kith.server.Router.GET;
import static io.kith.server.Router.POST;
import static io.kith.server.Router.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.access.Scope;
import io.kith.derive.Definitions;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.privacy.Retention;
import io.kith.privacy.RetentionPolicy;
import io.kith.server.Caller;
import io.kith.server.HttpCall;
import io.kith.server.HttpReply;
import io.kith.server.JsonBody;
import io.kith.server.Router;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The retention policy over HTTP: read it (with what its last application did), change it (a new version), and have it
 * applied now ({@code 202}; the privacy worker applies it in turn with the regulations, and once a day).
 */
public final class RetentionRoutes implements Consumer<Router> {
    /** The one definition's name. */
    public static final String NAME = "policy";

    private final Definitions definitions;
    private final Runnable applyNow;
    private final Supplier<Optional<Retention.Report>> last;
    private final Clock clock;
    private final JsonBody json;

    public RetentionRoutes(Definitions definitions, Runnable applyNow, Supplier<Optional<Retention.Report>> last, ObjectMapper mapper, Clock clock) {
        this.definitions = definitions;
        this.applyNow = applyNow;
        this.last = last;
        this.clock = clock;
        this.json = new JsonBody(mapper);
    }

    record LastApplied(String at, long events, long logRecords, long quarantined, long auditEntries, long millis) {
    }

    record View(int version, JsonNode policy, LastApplied lastApplied) {
    }

    record Accepted(String status) {
    }

    @Override
    public void accept(Router router) {
        router.add(GET, "/api/v1/retention", Scope.PRIVACY_READ, (call, caller) -> json.reply(200, view()));
        router.add(PUT, "/api/v1/retention", Scope.PRIVACY_WRITE, this::put);
        router.add(POST, "/api/v1/retention/apply", Scope.PRIVACY_WRITE, (call, caller) -> {
            allBrands(caller);
            applyNow.run();
            return json.reply(202, new Accepted("queued"));
        });
    }

    private View view() {
        Optional<Definitions.Saved> saved = definitions.latest(Definitions.Kind.RETENTION, NAME);
        LastApplied l = last.get().map(r -> new LastApplied(r.at().toString(), r.events(), r.logRecords(), r.quarantined(), r.auditEntries(),
                r.millis())).orElse(null);
        return new View(saved.map(Definitions.Saved::version).orElse(0), saved.map(Definitions.Saved::body).orElse(RetentionPolicy.NONE.toJson()), l);
    }

    private HttpReply put(HttpCall call, Caller caller) {
        allBrands(caller);
        JsonNode body = json.read(call, 64 * 1024, "a retention policy", JsonNode.class);
        RetentionPolicy policy = RetentionPolicy.fromJson(body); // refused here when it is not one
        definitions.save(Definitions.Kind.RETENTION, NAME, policy.toJson(), clock.instant());
        return json.reply(200, view());
    }

    private static void allBrands(Caller caller) {
        if (!caller.brands().allBrands()) {
            throw new KithException(ErrorCode.FORBIDDEN, "retention applies to every brand: this key is limited to some brands");
        }
    }
}
