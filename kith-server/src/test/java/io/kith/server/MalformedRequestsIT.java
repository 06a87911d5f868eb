package io.kith.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests a client library would not send, written byte for byte on a socket: each gets a 4xx in
 * {@code application/problem+json}, as every other refusal does — a malformed percent-escape in the query or a path
 * parameter (was a 500), what Jetty itself refuses (was its HTML error page) — and HEAD answers wherever GET does (was 405).
 */
class MalformedRequestsIT {
    private KithServer server;

    @BeforeEach
    void start() {
        server = KithServer.builder().host("127.0.0.1").port(0)
                .routes(r -> r.add(Router.GET, "/things/{id}", Guard.PUBLIC,
                        call -> HttpReply.text(200, "text/plain", call.pathParam("id") + " " + call.query("q"))))
                .build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The whole answer to one request (the connection is closed after it). */
    private String send(String method, String target, String... headers) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    private static void assertProblem(String answer, int status, String code) {
        assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
        assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(answer).contains("\"status\":" + status).contains("\"code\":\"" + code + "\"").doesNotContain("<html");
    }

    @Test
    void aMalformedEscapeInTheQueryIsTheCallersMistake() throws Exception {
        assertThat(send("GET", "/things/a?q=%41%42")).startsWith("HTTP/1.1 200 ").endsWith("a AB");
        assertProblem(send("GET", "/things/a?q=%zz"), 400, "INVALID_ARGUMENT");
        assertProblem(send("GET", "/things/a?q=%"), 400, "INVALID_ARGUMENT");
        assertThat(send("GET", "/things/a?q=%zz")).contains("malformed percent-escape");
    }

    @Test
    void aMalformedEscapeInThePathIsTheCallersMistake() throws Exception {
        assertThat(send("GET", "/things/%41b")).startsWith("HTTP/1.1 200 ").endsWith("Ab null");
        assertProblem(send("GET", "/things/%zz"), 400, "BAD_REQUEST");
        assertProblem(send("GET", "/things/..%2F..%2Fetc"), 400, "BAD_REQUEST");
        assertProblem(send("GET", "/things/%00"), 400, "BAD_REQUEST");
    }

    @Test
    void headersOverJettysLimitAreRefusedAsAProblem() throws Exception {
        assertProblem(send("GET", "/things/a", "Authorization: Bearer " + "a".repeat(100_000)), 431, "HEADERS_TOO_LARGE");
    }

    @Test
    void headAnswersWhereGetDoesWithoutTheBody() throws Exception {
        String head = send("HEAD", "/things/abc?q=x");
        assertThat(head).startsWith("HTTP/1.1 200 ").contains("Content-Length: 5").endsWith("\r\n\r\n");
        assertThat(send("HEAD", "/nothing")).startsWith("HTTP/1.1 404 ");
        String post = send("POST", "/things/abc", "Content-Length: 0");
        assertThat(post).startsWith("HTTP/1.1 405 ").containsPattern("Allow: GET, HEAD");
    }
}
