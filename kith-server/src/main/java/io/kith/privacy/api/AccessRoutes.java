package io.kith.privacy.api;

import static io.kith.server.Router.GET;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.access.Scope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.privacy.SubjectAccess;
import io.kith.server.Caller;
import io.kith.server.HttpCall;
import io.kith.server.HttpReply;
import io.kith.server.JsonBody;
import io.kith.server.Router;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * Subject access and portability over HTTP: everything Kith holds about a person as JSON, or as one CSV of
 * {@code section,name,value,source,at} rows ({@code ?format=csv}). By profile id, or by a subject id as regulations
 * take it ({@code /api/v1/privacy/export?subjectType=email&subjectId=...}).
 */
public final class AccessRoutes implements Consumer<Router> {
    private final SubjectAccess access;
    private final List<String> regions;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final JsonBody json;

    public AccessRoutes(SubjectAccess access, List<String> regions, ObjectMapper mapper, Clock clock) {
        this.access = access;
        this.regions = List.copyOf(regions);
        this.clock = clock;
        // Times as ISO-8601 text, as everywhere in the API.
        this.mapper = mapper.copy().registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                .addSerializer(java.time.Instant.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance));
        this.json = new JsonBody(this.mapper);
    }

    @Override
    public void accept(Router router) {
        router.add(GET, "/api/v1/profiles/{id}/export", Scope.PRIVACY_READ, (call, caller) -> reply(call, caller,
                access.export(call.pathParam("id"), clock.instant())));
        router.add(GET, "/api/v1/privacy/export", Scope.PRIVACY_READ, this::bySubject);
    }

    private HttpReply bySubject(HttpCall call, Caller caller) {
        String type = call.query("subjectType");
        String id = call.query("subjectId");
        if (type == null || type.isBlank() || id == null || id.isBlank()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "an export needs ?subjectType=<USER_ID, ANONYMOUS_ID or an identifier type>&subjectId=<value>");
        }
        return reply(call, caller, access.exportOf(type, id, regions, clock.instant()));
    }

    private HttpReply reply(HttpCall call, Caller caller, java.util.Optional<SubjectAccess.Export> export) {
        if (!caller.brands().allBrands()) {
            throw new KithException(ErrorCode.FORBIDDEN, "an export holds a person's data from every brand: this key is limited to some brands");
        }
        SubjectAccess.Export e = export.orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no such person"));
        String format = call.query("format");
        if (format == null || format.equals("json")) {
            return json.reply(200, e);
        }
        if (!format.equals("csv")) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "format is json or csv, got \"" + (format.length() > 20 ? format.substring(0, 20) : format) + "\"");
        }
        return HttpReply.text(200, "text/csv; charset=utf-8", AccessCsv.write(e, mapper));
    }
}
