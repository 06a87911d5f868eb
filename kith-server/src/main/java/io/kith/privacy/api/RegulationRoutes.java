package io.kith.privacy.api;

import static io.kith.server.Router.GET;
import static io.kith.server.Router.POST;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.access.Scope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.privacy.ErasureReport;
import io.kith.privacy.Regulation;
import io.kith.privacy.RegulationType;
import io.kith.privacy.Regulations;
import io.kith.server.Caller;
import io.kith.server.HttpCall;
import io.kith.server.HttpReply;
import io.kith.server.JsonBody;
import io.kith.server.Router;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Privacy requests over HTTP, in the shape of Segment's regulations API: {@code POST /api/v1/regulations} saves one and
 * answers {@code 202} with its id; a worker carries it out in the background; {@code GET /api/v1/regulations/{id}}
 * gives its {@code overallStatus} and the record of what was removed. See docs/privacy.md.
 */
public final class RegulationRoutes implements Consumer<Router> {
    /** The longest subject id taken: identifiers are short; a megabyte "email" is not one. */
    static final int MAX_SUBJECT_CHARS = 1_024;

    private final Regulations ledger;
    private final Set<String> identifierTypes;
    private final Runnable wakeWorker;
    private final Clock clock;
    private final JsonBody json;

    /** @param identifierTypes the identifier types a subject may be of (the identity rules' types) */
    public RegulationRoutes(Regulations ledger, Set<String> identifierTypes, Runnable wakeWorker, ObjectMapper mapper, Clock clock) {
        this.ledger = ledger;
        this.identifierTypes = Set.copyOf(identifierTypes);
        this.wakeWorker = wakeWorker;
        this.clock = clock;
        this.json = new JsonBody(mapper);
    }

    /** The body of a request, as Segment's API takes it. */
    record Request(String regulationType, String subjectType, List<String> subjectIds) {
    }

    record Created(String id, String overallStatus) {
    }

    record View(String id, String regulationType, String subjectType, int subjectCount, String overallStatus, String requestedBy,
                String createdAt, String startedAt, String finishedAt, ErasureReport report, String failure) {
        static View of(Regulation r) {
            return new View(r.id(), r.type().name(), r.subjectType(), r.subjectCount(), r.status().name(), r.requestedBy(),
                    r.createdAt().toString(), r.startedAt().map(Object::toString).orElse(null), r.finishedAt().map(Object::toString).orElse(null),
                    r.report().orElse(null), r.failure().orElse(null));
        }
    }

    record ViewList(List<View> regulations) {
    }

    @Override
    public void accept(Router router) {
        router.add(POST, "/api/v1/regulations", Scope.PRIVACY_WRITE, this::create);
        router.add(GET, "/api/v1/regulations", Scope.PRIVACY_READ, (call, caller) -> json.reply(200,
                new ViewList(ledger.list(call.queryInt("limit", 100, 1_000)).stream().map(View::of).toList())));
        router.add(GET, "/api/v1/regulations/{id}", Scope.PRIVACY_READ, (call, caller) -> json.reply(200,
                View.of(ledger.get(call.pathParam("id")).orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND,
                        "no regulation " + call.pathParam("id"))))));
    }

    private HttpReply create(HttpCall call, Caller caller) {
        if (!caller.brands().allBrands()) {
            throw new KithException(ErrorCode.FORBIDDEN, "a regulation reaches a person in every brand: this key is limited to some brands");
        }
        Request r = json.read(call, 1 << 20, "a regulation", Request.class);
        RegulationType type = type(r.regulationType());
        String subjectType = subjectType(r.subjectType());
        List<String> ids = subjectIds(r.subjectIds());
        Regulation saved = ledger.create(type, subjectType, ids, "key:" + caller.keyId(), clock.instant());
        wakeWorker.run();
        return json.reply(202, new Created(saved.id(), saved.status().name()));
    }

    private static RegulationType type(String text) {
        if (text == null) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "$.regulationType is required: one of " + Arrays.toString(RegulationType.values()));
        }
        try {
            return RegulationType.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "$.regulationType: unknown type \"" + shown(text) + "\"; one of "
                    + Arrays.toString(RegulationType.values()));
        }
    }

    private String subjectType(String text) {
        if (text == null || text.isEmpty()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "$.subjectType is required: USER_ID, ANONYMOUS_ID or an identifier type "
                    + new TreeSet<>(identifierTypes));
        }
        String type = Regulation.identifierType(text);
        if (!identifierTypes.contains(type)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "$.subjectType: unknown \"" + shown(text) + "\"; USER_ID, ANONYMOUS_ID or an "
                    + "identifier type " + new TreeSet<>(identifierTypes));
        }
        return text;
    }

    private static List<String> subjectIds(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "$.subjectIds must name at least one subject");
        }
        if (ids.size() > Regulation.MAX_SUBJECTS) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "$.subjectIds may name at most " + Regulation.MAX_SUBJECTS
                    + " subjects, this one names " + ids.size() + "; send several requests");
        }
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null || id.isBlank()) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "$.subjectIds[" + i + "] is empty");
            }
            if (id.length() > MAX_SUBJECT_CHARS) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "$.subjectIds[" + i + "] has " + id.length() + " characters; at most "
                        + MAX_SUBJECT_CHARS);
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(ids));
    }

    /** A value quoted in an error: short, as a request's own text may be anything. */
    private static String shown(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
