package io.kith.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where a running Kith is and the key to call its API with, for the commands that work through it (segments,
 * regulations): by default this machine's Kith and its admin key in the data directory.
 */
final class ServerOption {
    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Kith's URL (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--key", description = "An admin key, or an API key with the scopes the command needs (default: DATA/admin.key, or KITH_ADMIN_KEY).")
    String key;

    @Option(names = "--data", defaultValue = "data", description = "Data directory, for its admin.key (default: ${DEFAULT-VALUE}).")
    Path data;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    String key() throws IOException {
        if (key != null) {
            return key;
        }
        String env = System.getenv("KITH_ADMIN_KEY");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        Path file = data.resolve("admin.key");
        if (!Files.exists(file)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "no key: give --key, set KITH_ADMIN_KEY, or run where " + file + " exists");
        }
        return Files.readString(file).strip();
    }

    /** Calls the API; answers the body, or fails with the server's problem detail. */
    String call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + key()).header("Content-Type", "application/json");
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody()) : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "no Kith answers at " + url + " (start one with ./kith serve, or give --url)");
        }
        if (r.statusCode() >= 300) {
            String detail = r.body();
            try {
                detail = JSON.readTree(r.body()).path("detail").asText(r.body());
            } catch (IOException notJson) {
                // the body as it came
            }
            throw new KithException(r.statusCode() == 404 ? ErrorCode.NOT_FOUND : ErrorCode.INVALID_ARGUMENT, method + " " + path + ": " + detail);
        }
        return r.body();
    }
}
