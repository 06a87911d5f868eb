package io.kith.server;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete HTTP response: status, content type, extra headers and body. */
public record HttpReply(int status, String contentType, Map<String, String> headers, byte[] body) {
    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    public static HttpReply json(int status, byte[] body) {
        return new HttpReply(status, JSON, Map.of(), body);
    }

    public static HttpReply text(int status, String contentType, String body) {
        return new HttpReply(status, contentType, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpReply noContent() {
        return new HttpReply(204, null, Map.of(), new byte[0]);
    }

    public HttpReply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpReply(status, contentType, Map.copyOf(h), body);
    }
}
