package io.kith.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A route that answers without reading the request's body (a refused write key, a failed guard) must not cost the
 * client its answer: the client's body may still be on its way when the answer is written, and a connection closed
 * over unread bytes is reset, which can overtake the answer (Java's client then reports "header parser received no
 * bytes"). Raw sockets, so the body can be sent late on purpose.
 */
class UnreadBodyIT {
    private KithServer server;

    @BeforeEach
    void start() {
        server = KithServer.builder().host("127.0.0.1").port(0)
                .routes(r -> r.add(Router.POST, "/refuse", Guard.PUBLIC, call -> HttpReply.text(401, "text/plain", "no")))
                .build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String request(int length) {
        return "POST /refuse HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n";
    }

    /** Reads one response's status line, headers and fixed-length body; the status line and headers are returned. */
    private static String response(BufferedReader in) throws Exception {
        StringBuilder head = new StringBuilder();
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            head.append(line).append('\n');
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        for (int i = 0; i < length; i++) {
            in.read();
        }
        return head.toString();
    }

    @Test
    void aSmallBodySentAfterTheAnswerStartedIsReadAndTheConnectionServesTheNextRequest() throws Exception {
        byte[] body = "{\"userId\":\"u\",\"event\":\"E\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 3; i++) {
                out.write(request(body.length).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(150); // the route has answered by now; its body has not arrived
                out.write(body);
                out.flush();
                String head = response(in);
                assertThat(head).startsWith("HTTP/1.1 401").doesNotContainIgnoringCase("connection: close");
            }
        }
    }

    @Test
    void aLargeUnreadBodyIsNotReadAndTheAnswerSaysTheConnectionCloses() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            out.write(request(100 << 20).getBytes(StandardCharsets.US_ASCII)); // 100 MiB announced, none sent
            out.flush();
            String head = response(in);
            assertThat(head).startsWith("HTTP/1.1 401").containsIgnoringCase("connection: close");
        }
    }
}
