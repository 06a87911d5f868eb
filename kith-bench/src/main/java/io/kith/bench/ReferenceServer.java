package io.kith.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The yardstick for ingestion: a throw-away Jetty 12 server that parses each batch with Jackson and appends
 * it to one file with grouped fsync before answering, and does nothing else (no auth, no validation, no
 * per-event work). Kith's durable ingest path is measured against it in the same run.
 */
final class ReferenceServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Server server;
    private final FileChannel file;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean running = true;

    private record Pending(byte[] bytes, CompletableFuture<Void> done) {
    }

    ReferenceServer(Path dir) throws Exception {
        file = FileChannel.open(dir.resolve("reference.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        committer = Thread.ofPlatform().name("reference-committer").daemon().start(this::commitLoop);
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server = new Server(pool);
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                ByteBuffer body = Content.Source.asByteBuffer(request);
                byte[] bytes = new byte[body.remaining()];
                body.get(bytes);
                JsonNode tree = MAPPER.readTree(bytes);
                if (!tree.path("batch").isArray()) {
                    response.setStatus(400);
                    callback.succeeded();
                    return true;
                }
                Pending p = new Pending(bytes, new CompletableFuture<>());
                queue.add(p);
                p.done().join();
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                Content.Sink.write(response, true, "{\"success\":true}", callback);
                return true;
            }
        });
        server.start();
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private void commitLoop() {
        List<Pending> group = new ArrayList<>();
        while (running) {
            try {
                Pending first = queue.take();
                group.add(first);
                queue.drainTo(group);
                ByteBuffer[] buffers = new ByteBuffer[group.size()];
                for (int i = 0; i < buffers.length; i++) {
                    buffers[i] = ByteBuffer.wrap(group.get(i).bytes());
                }
                long remaining = 0;
                for (ByteBuffer b : buffers) {
                    remaining += b.remaining();
                }
                while (remaining > 0) {
                    remaining -= file.write(buffers);
                }
                file.force(false);
                group.forEach(p -> p.done().complete(null));
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                group.forEach(p -> p.done().completeExceptionally(e));
            }
            group.clear();
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        server.stop();
        committer.interrupt();
        file.close();
    }
}
