package io.kith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.access.BrandScope;
import io.kith.access.Scope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dispatcher checks each route's guard before its handler runs, and hands the handler the caller. */
class GuardsIT {
    /** A hand-written authenticator: "admin", or "desk" (profiles:read, limited to the brand freshmart). */
    private static final Authenticator KEYS = (authorization, guard) -> {
        if ("Bearer admin".equals(authorization)) {
            return Caller.ADMIN;
        }
        if (!"Bearer desk".equals(authorization) || guard instanceof Guard.AdminKey) {
            throw new KithException(ErrorCode.UNAUTHENTICATED, "who are you?");
        }
        if (!((Guard.Scoped) guard).scope().equals(Scope.PROFILES_READ)) {
            throw new KithException(ErrorCode.FORBIDDEN, "desk lacks " + ((Guard.Scoped) guard).scope().wire());
        }
        return new Caller("key_desk", Set.of(Scope.PROFILES_READ), new BrandScope(Set.of("freshmart")));
    };

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger handled = new AtomicInteger();
    private KithServer server;

    @BeforeEach
    void start() {
        server = KithServer.builder().host("127.0.0.1").port(0).authenticator(KEYS)
                .routes(r -> r
                        .add(Router.GET, "/api/v1/profiles/{id}", Scope.PROFILES_READ, (call, caller) -> {
                            handled.incrementAndGet();
                            return HttpReply.text(200, "text/plain", caller.keyId() + " " + caller.brands().brands());
                        })
                        .add(Router.POST, "/api/v1/identity/overrides", Scope.IDENTITY_WRITE, (call, caller) -> {
                            handled.incrementAndGet();
                            return HttpReply.noContent();
                        })
                        .add(Router.POST, "/api/v1/sources", Guard.ADMIN_KEY, (call, caller) -> {
                            handled.incrementAndGet();
                            return HttpReply.noContent();
                        })
                        .add(Router.GET, "/health", Guard.PUBLIC, call -> HttpReply.text(200, "text/plain", "up")))
                .build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void aGuardedRouteRefusesBeforeItsHandlerRuns() throws Exception {
        HttpResponse<String> none = send("GET", "/api/v1/profiles/p_1", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).contains(HttpReply.PROBLEM_JSON);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"kith\"");
        assertThat(send("POST", "/api/v1/identity/overrides", "desk").statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/sources", "desk").statusCode()).isEqualTo(401);
        assertThat(handled).hasValue(0);
        assertThat(send("POST", "/api/v1/sources", "admin").statusCode()).isEqualTo(204);
        assertThat(send("GET", "/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theHandlerGetsTheCallerWithItsBrands() throws Exception {
        assertThat(send("GET", "/api/v1/profiles/p_1", "desk").body()).isEqualTo("key_desk [freshmart]");
        assertThat(send("GET", "/api/v1/profiles/p_1", "admin").body()).isEqualTo("admin []");
    }

    @Test
    void aServerWithGuardedRoutesNeedsAnAuthenticator() {
        assertThatThrownBy(() -> KithServer.builder().port(0)
                .routes(r -> r.add(Router.GET, "/api/v1/sources", Scope.ADMIN_READ, (call, caller) -> HttpReply.noContent())).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("GET /api/v1/sources");
    }

    @Test
    void aRouteIsRegisteredOnce() {
        Router router = new Router().add(Router.GET, "/health", Guard.PUBLIC, call -> HttpReply.noContent());
        assertThatThrownBy(() -> router.add(Router.GET, "/health", Guard.PUBLIC, call -> HttpReply.noContent()))
                .hasMessageContaining("twice");
    }
}
