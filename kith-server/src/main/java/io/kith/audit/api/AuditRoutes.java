package io.kith.audit.api;

import static io.kith.server.Router.GET;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.audit.AuditEntry;
import io.kith.audit.AuditLog;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.server.Guard;
import io.kith.server.HttpCall;
import io.kith.server.JsonBody;
import io.kith.server.Router;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Consumer;

/** The audit log for admins: {@code GET /api/v1/audit?before=<time>&limit=<n>}, newest first, API and console alike. */
public final class AuditRoutes implements Consumer<Router> {
    private final AuditLog log;
    private final JsonBody json;

    public AuditRoutes(AuditLog log, ObjectMapper mapper) {
        this.log = log;
        this.json = new JsonBody(mapper);
    }

    record View(String at, String actor, String action, String target, String origin, int status) {
        static View of(AuditEntry e) {
            return new View(e.at().toString(), e.actor(), e.action(), e.target(), e.origin(), e.status());
        }
    }

    /** A page: {@code next} is the {@code before} of the next page, null at the end. */
    record Page(List<View> entries, String next) {
    }

    @Override
    public void accept(Router router) {
        router.add(GET, "/api/v1/audit", Guard.ADMIN_KEY, (call, caller) -> {
            int limit = call.queryInt("limit", 100, 1_000);
            List<AuditEntry> page = log.list(before(call), limit);
            return json.reply(200, new Page(page.stream().map(View::of).toList(),
                    page.size() < limit ? null : page.get(page.size() - 1).at().toString()));
        });
    }

    private static Instant before(HttpCall call) {
        String text = call.query("before");
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "before must be an ISO-8601 time such as 2026-12-01T00:00:00Z");
        }
    }

}
