package io.kith.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Kith's HTTP server: Jetty 12 with request handling on virtual threads, a route table filled by feature
 * modules ({@code CollectionRoutes}, {@code AdminRoutes}, ...), CORS for browsers ({@link Cors}), and failures mapped to
 * problem+json by {@link Problems}.
 */
public final class KithServer implements AutoCloseable {
    private final Server jetty;
    private final ServerConnector connector;
    private final Router router;
    private final Router pages;

    private KithServer(Builder b) {
        router = new Router();
        b.contributors.forEach(c -> c.accept(router));
        pages = new Router();
        b.pages.forEach(c -> c.accept(pages));
        pages.routes().stream().filter(r -> r.guard() != Guard.PUBLIC).findFirst().ifPresent(r -> {
            throw new IllegalStateException("page " + r.method() + " " + r.pattern() + " must be registered with Guard.PUBLIC: its site checks sessions");
        });
        Authenticator authenticator = b.authenticator;
        if (authenticator == null) {
            router.routes().stream().filter(r -> r.guard() instanceof Guard.Bearer).findFirst().ifPresent(r -> {
                throw new IllegalStateException("route " + r.method() + " " + r.pattern() + " needs a bearer token, but the server has no authenticator");
            });
        }
        Problems problems = new Problems(b.mapper, b.retryAfterSeconds);
        QueuedThreadPool pool = new QueuedThreadPool(b.maxThreads, 4);
        pool.setName("kith-http");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        jetty = new Server(pool);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        connector = new ServerConnector(jetty, new HttpConnectionFactory(config));
        connector.setHost(b.host);
        connector.setPort(b.port);
        connector.setAcceptQueueSize(1024);
        jetty.addConnector(connector);
        jetty.setHandler(new Dispatcher(router, pages, authenticator, problems, new Cors(b.corsOrigins), b.clock, b.audit));
        jetty.setErrorHandler(new ProblemErrorHandler(problems));
        jetty.setStopTimeout(5_000);
    }

    public static Builder builder() {
        return new Builder();
    }

    public KithServer start() {
        try {
            jetty.start();
        } catch (Exception e) {
            throw new KithException(ErrorCode.INTERNAL, "cannot start the HTTP server on port " + connector.getPort() + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** The port the server listens on (the real one when started on port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The API's routes (those the OpenAPI document lists); pages are not among them. */
    public List<Router.Route> routes() {
        return router.routes();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new KithException(ErrorCode.INTERNAL, "cannot stop the HTTP server: " + e.getMessage(), e);
        }
    }

    /** Settings and route contributors of a {@link KithServer}. */
    public static final class Builder {
        private final List<Consumer<Router>> contributors = new java.util.ArrayList<>();
        private final List<Consumer<Router>> pages = new java.util.ArrayList<>();
        private ObjectMapper mapper = new ObjectMapper();
        private Clock clock = Clock.systemUTC();
        private String host = "0.0.0.0";
        private int port = 8080;
        private int retryAfterSeconds = 1;
        private int maxThreads = 200;
        private List<String> corsOrigins = List.of();
        private Authenticator authenticator;
        private java.util.function.Consumer<io.kith.audit.AuditEntry> audit = e -> { };

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder mapper(ObjectMapper mapper) {
            this.mapper = mapper;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The {@code Retry-After} seconds sent with 429 and 503 answers whose refusal names no time of its own. */
        public Builder retryAfterSeconds(int seconds) {
            this.retryAfterSeconds = seconds;
            return this;
        }

        /**
         * The origins whose scripts may call the admin and profile API (the collection API answers every origin);
         * none by default. Each is {@code scheme://host[:port]}.
         *
         * @throws KithException {@link ErrorCode#INVALID_CONFIG} for a value that is not an origin
         */
        public Builder corsOrigins(List<String> origins) {
            origins.forEach(Cors::normalize);
            this.corsOrigins = List.copyOf(origins);
            return this;
        }

        /** Where each authenticated API call is recorded (who, what, which thing, from where, the status): the audit log. */
        public Builder audit(java.util.function.Consumer<io.kith.audit.AuditEntry> audit) {
            this.audit = audit;
            return this;
        }

        /** Who may call the routes guarded by a bearer token: required when there are any. */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        /** Adds routes: each feature registers its own. */
        public Builder routes(Consumer<Router> contributor) {
            contributors.add(contributor);
            return this;
        }

        /**
         * Adds the pages of a site served beside the API (the web console): asked after the API's routes, not part of
         * {@link #routes()}. Each is registered {@link Guard#PUBLIC} for the dispatcher: the site checks its own sessions,
         * CSRF tokens and roles in one place before any of its handlers runs (a browser carries a cookie, not a bearer token).
         */
        public Builder pages(Consumer<Router> contributor) {
            pages.add(contributor);
            return this;
        }

        public KithServer build() {
            return new KithServer(this);
        }
    }

    /**
     * Routes each request, checks its route's {@link Guard} (the one place where bearer tokens are checked), adds CORS
     * headers and writes the reply.
     */
    private static final class Dispatcher extends Handler.Abstract {
        /** The largest unread request body read and dropped to keep the connection (a refused call mostly carries a few events). */
        private static final long DRAIN_LIMIT_BYTES = 64 * 1024;
        private final Router router;
        private final Router pages;
        private final Authenticator authenticator;
        private final Problems problems;
        private final Cors cors;
        private final Clock clock;
        private final java.util.function.Consumer<io.kith.audit.AuditEntry> audit;

        Dispatcher(Router router, Router pages, Authenticator authenticator, Problems problems, Cors cors, Clock clock,
                   java.util.function.Consumer<io.kith.audit.AuditEntry> audit) {
            this.audit = audit;
            this.router = router;
            this.pages = pages;
            this.authenticator = authenticator;
            this.problems = problems;
            this.cors = cors;
            this.clock = clock;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            String method = request.getMethod();
            String origin = request.getHeaders().get(HttpHeader.ORIGIN);
            HttpReply reply = null;
            boolean preflight = false;
            // HEAD is GET without the body (RFC 9110 9.3.2): every GET route answers it, with the same status and headers
            boolean head = "HEAD".equals(method);
            String routed = head ? "GET" : method;
            Optional<Router.Match> match;
            boolean page;
            try {
                match = router.match(routed, path);
                page = match.isEmpty();
                match = match.or(() -> pages.match(routed, path));
                page = page && match.isPresent();
            } catch (KithException e) { // a path parameter that cannot be decoded (%zz): the caller's mistake
                match = Optional.empty();
                page = false;
                reply = problems.reply(e, path);
            }
            if (reply != null) {
                // answered above
            } else if (match.isPresent()) {
                try {
                    Router.Route route = match.get().route();
                    HttpCall call = new HttpCall(request, match.get().params(), clock.instant());
                    Caller caller = route.guard() instanceof Guard.Bearer bearer
                            ? authenticator.authenticate(call.header("Authorization"), bearer)
                            : null;
                    try {
                        reply = route.handler().handle(call, caller);
                    } catch (Throwable t) {
                        reply = problems.reply(t, path);
                    }
                    if (caller != null) {
                        // The route's pattern, never the path or query (a lookup's query holds an email); the thing by its id.
                        audit.accept(new io.kith.audit.AuditEntry(call.receivedAt(), "key:" + caller.keyId(), method + " " + route.pattern(),
                                String.join(" ", match.get().params().values()), String.valueOf(call.remoteAddress()), reply.status()));
                    }
                } catch (Throwable t) {
                    reply = problems.reply(t, path);
                }
            } else {
                Set<String> methods = new java.util.TreeSet<>();
                try {
                    methods.addAll(router.methods(path));
                    methods.addAll(pages.methods(path));
                } catch (KithException e) { // a path parameter that cannot be decoded, on a path some route has for another method
                    methods.clear();
                }
                if (methods.contains("GET")) {
                    methods.add("HEAD");
                }
                String accept = request.getHeaders().get(HttpHeader.ACCEPT);
                Optional<Endpoint> sitePage = "GET".equals(routed) && !methods.contains("GET") && accept != null && accept.contains("text/html")
                        && !path.startsWith("/api/") && !path.startsWith("/v1/") ? pages.browserFallback() : Optional.empty();
                if (sitePage.isPresent()) {
                    // a browser at an address the site does not have (a mistyped link, /logout typed in): its page, not JSON
                    try {
                        reply = sitePage.get().handle(new HttpCall(request, Map.of(), clock.instant()));
                    } catch (Throwable t) {
                        reply = problems.reply(t, path);
                    }
                    page = true;
                } else if (methods.isEmpty()) {
                    reply = problems.problem(404, ErrorCode.NOT_FOUND.name(), "no route for " + method + " " + path, path);
                } else if ("OPTIONS".equals(method)) {
                    reply = cors.preflight(path, origin, methods);
                    preflight = true;
                } else {
                    reply = problems.problem(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + path, path)
                            .withHeader("Allow", String.join(", ", methods));
                }
            }
            response.setStatus(reply.status());
            var headers = response.getHeaders();
            if (reply.contentType() != null) {
                headers.put(HttpHeader.CONTENT_TYPE, reply.contentType());
            }
            for (Map.Entry<String, String> h : reply.headers().entrySet()) {
                headers.put(h.getKey(), h.getValue());
            }
            if (!preflight && !page) { // pages answer their own site only: no CORS
                cors.headers(path, origin).forEach(headers::put);
            }
            finish(request, response, reply, callback); // for a HEAD, Jetty sends the headers and Content-Length, not the body
            return true;
        }

        /**
         * Writes the reply once the request's body is known to be read. A route may answer without reading it (an
         * unknown write key, a failed guard) while the client is still sending it, and Jetty closes a connection over
         * unread bytes with a reset that can overtake the answer: the client then gets no answer at all (Java's client
         * reports "header parser received no bytes"; CollectionGuardsIT failed once in CI on it). A small declared
         * body is read and dropped first, without blocking a thread, so the client gets its answer and keeps its
         * connection; a larger or undeclared one is not read (a hostile client gets no more of the server's time),
         * and the answer says the connection closes.
         */
        private static void finish(Request request, Response response, HttpReply reply, Callback callback) {
            ByteBuffer body = ByteBuffer.wrap(reply.body());
            long declared = request.getLength();
            if (declared >= 0 && declared <= DRAIN_LIMIT_BYTES) {
                Content.Source.consumeAll(request, Callback.from(
                        () -> response.write(true, body, callback),
                        unreadable -> response.write(true, body, callback)));
                return;
            }
            Content.Chunk next = request.read();
            if (next == null || !next.isLast() || Content.Chunk.isFailure(next)) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            if (next != null) {
                next.release();
            }
            response.write(true, body, callback);
        }
    }
}
