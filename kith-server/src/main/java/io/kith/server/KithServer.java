package io.kith.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
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
 * modules ({@code CollectionRoutes}, {@code AdminRoutes}, ...), CORS for browsers, and failures mapped to
 * problem+json by {@link Problems}.
 */
public final class KithServer implements AutoCloseable {
    private final Server jetty;
    private final ServerConnector connector;
    private final Router router;

    private KithServer(Builder b) {
        router = new Router();
        b.contributors.forEach(c -> c.accept(router));
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
        jetty.setHandler(new Dispatcher(router, problems, b.clock));
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
        private ObjectMapper mapper = new ObjectMapper();
        private Clock clock = Clock.systemUTC();
        private String host = "0.0.0.0";
        private int port = 8080;
        private int retryAfterSeconds = 1;
        private int maxThreads = 200;

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

        /** The {@code Retry-After} seconds sent with 429 answers. */
        public Builder retryAfterSeconds(int seconds) {
            this.retryAfterSeconds = seconds;
            return this;
        }

        /** Adds routes: each feature registers its own. */
        public Builder routes(Consumer<Router> contributor) {
            contributors.add(contributor);
            return this;
        }

        public KithServer build() {
            return new KithServer(this);
        }
    }

    /** Routes each request, adds CORS headers and writes the reply. */
    private static final class Dispatcher extends Handler.Abstract {
        private final Router router;
        private final Problems problems;
        private final Clock clock;

        Dispatcher(Router router, Problems problems, Clock clock) {
            this.router = router;
            this.problems = problems;
            this.clock = clock;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            String method = request.getMethod();
            String origin = request.getHeaders().get(HttpHeader.ORIGIN);
            HttpReply reply;
            if ("OPTIONS".equals(method)) {
                reply = HttpReply.noContent()
                        .withHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                        .withHeader("Access-Control-Allow-Headers", "Content-Type, Authorization, Content-Encoding")
                        .withHeader("Access-Control-Max-Age", "86400");
            } else {
                Optional<Router.Match> match = router.match(method, path);
                if (match.isEmpty()) {
                    reply = router.knowsPath(path)
                            ? problems.problem(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + path, path)
                            : problems.problem(404, ErrorCode.NOT_FOUND.name(), "no route for " + method + " " + path, path);
                } else {
                    try {
                        reply = match.get().route().endpoint().handle(new HttpCall(request, match.get().params(), clock.instant()));
                    } catch (Throwable t) {
                        reply = problems.reply(t, path);
                    }
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
            if (origin != null) {
                headers.put("Access-Control-Allow-Origin", origin);
                headers.put("Access-Control-Allow-Credentials", "true");
                headers.put("Vary", "Origin");
            }
            response.write(true, ByteBuffer.wrap(reply.body()), callback);
            return true;
        }
    }
}
