package io.kith.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.server.Guard;
import io.kith.server.HttpReply;
import io.kith.server.Router;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Operations endpoints: {@code /health}, Prometheus {@code /metrics}, and the OpenAPI document. */
public final class OpsRoutes implements Consumer<Router> {
    private final PrometheusMeterRegistry registry;
    private final Supplier<Health> health;
    private final ObjectMapper mapper;
    private final byte[] openApi;

    /** @param health the status to report under {@code /health}, with its reasons and details (log position, store position, ...) */
    public OpsRoutes(PrometheusMeterRegistry registry, Supplier<Health> health, ObjectMapper mapper) {
        this.registry = registry;
        this.health = health;
        this.mapper = mapper;
        try (InputStream in = OpsRoutes.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new KithException(ErrorCode.INTERNAL, "openapi.json is missing from the kith-server jar");
            }
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new KithException(ErrorCode.INTERNAL, "cannot read openapi.json: " + e.getMessage(), e);
        }
    }

    @Override
    public void accept(Router router) {
        router.add(Router.GET, "/health", Guard.PUBLIC, call -> {
            Health h = health.get();
            return HttpReply.json(h.httpStatus(), mapper.writeValueAsBytes(h));
        });
        router.add(Router.GET, "/metrics", Guard.PUBLIC, call -> HttpReply.text(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        router.add(Router.GET, "/openapi.json", Guard.PUBLIC, call -> HttpReply.json(200, openApi));
    }
}
