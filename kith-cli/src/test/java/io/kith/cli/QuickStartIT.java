package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.demo.DemoGenerator;
import io.kith.demo.DemoManifest;
import io.kith.demo.DemoSpec;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The README's quick start works as written: every {@code curl} command of its "Quick start" section, read from the
 * README itself, is sent to a Kith loaded as {@code kith serve --demo} loads it ({@link DemoLoad}), and each is answered
 * with success. A command the demo cannot take (a segment key the demo already defines was one: 409) fails here. On
 * the embedded store only, as the quick start runs: the build's PostgreSQL run skips it.
 */
@DisabledIfSystemProperty(named = "kith.test.store", matches = "postgres")
class QuickStartIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One {@code curl} command: its URL, headers, basic-auth user, and body (a POST when there is one). */
    record Curl(String url, List<String[]> headers, String user, String body) {
    }

    @Test
    void everyQuickStartCommandSucceedsOnTheDemo() throws Exception {
        List<Curl> commands = quickStartCommands(Files.readString(readme()));
        assertThat(commands).as("the quick start's curl commands").hasSizeGreaterThanOrEqualTo(4);
        Path dir = Files.createTempDirectory("kith-quick-start");
        Path demo = dir.resolve("data").resolve("demo");
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        DemoManifest manifest = DemoGenerator.generate(new DemoSpec(300, 42, today.minus(Duration.ofDays(200)), today), demo);
        KithApp app = KithApp.start(new KithApp.Settings(dir.resolve("data"), "127.0.0.1", 0, RunningKith.ADMIN_KEY, demo.resolve("sources.json"),
                io.kith.event.IngestLimits.SEGMENT, 256L << 20, null));
        try (RunningKith kith = new RunningKith(app)) {
            DemoLoad.load(app, manifest, demo, new PrintStream(java.io.OutputStream.nullOutputStream()));
            String trackedUser = null;
            for (Curl c : commands) {
                if (c.url().endsWith("/v1/track")) {
                    trackedUser = JSON.readTree(c.body()).path("userId").asText();
                }
                // What follows the log (profiles, segments) runs in the background: a reader retries for a while, as a
                // person would; a write is sent once.
                RunningKith.eventually(c.body() == null ? 60 : 0, () -> {
                    HttpResponse<String> r = kith.send(request(kith, c));
                    assertThat(r.statusCode()).as(c.url() + " answered " + r.body()).isBetween(200, 299);
                    if (c.url().contains("/members") && c.url().contains("tried-kith")) {
                        assertThat(JSON.readTree(r.body()).path("members")).as("the person who tried Kith is in the segment").isNotEmpty();
                    }
                });
                if (c.body() != null) {
                    kith.storedEvents();
                }
            }
            assertThat(trackedUser).as("the quick start tracks an event").isNotNull();
            JsonNode found = JSON.readTree(kith.send(kith.get("/api/v1/profiles/lookup?type=user_id&value=" + trackedUser)
                    .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY)).body());
            JsonNode members = JSON.readTree(kith.send(kith.get("/api/v1/segments/tried-kith/members")
                    .header("Authorization", "Bearer " + RunningKith.ADMIN_KEY)).body()).path("members");
            assertThat(members.toString()).contains(found.path("id").asText());
        }
    }

    private static HttpRequest.Builder request(RunningKith kith, Curl c) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(c.url().replace("http://localhost:8080", "http://127.0.0.1:" + kith.app.port())));
        for (String[] h : c.headers()) {
            b.header(h[0], h[1]);
        }
        if (c.user() != null) {
            b.header("Authorization", RunningKith.basic(c.user().substring(0, c.user().indexOf(':'))));
        }
        return c.body() == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(c.body()));
    }

    private static Path readme() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("README.md")) && Files.exists(p.resolve("mvnw"))) {
                return p.resolve("README.md");
            }
        }
        throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
    }

    /** The curl commands of the README's "Quick start" section, in order, with continued lines joined. */
    static List<Curl> quickStartCommands(String readme) {
        int start = readme.indexOf("\n## Quick start");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<Curl> out = new ArrayList<>();
        StringBuilder command = null;
        for (String line : section.split("\n")) {
            String t = line.strip();
            if (command == null && t.startsWith("curl ")) {
                command = new StringBuilder();
            }
            if (command != null) {
                boolean continued = t.endsWith("\\");
                command.append(continued ? t.substring(0, t.length() - 1) : t).append(' ');
                if (!continued) {
                    out.add(parse(words(command.toString())));
                    command = null;
                }
            }
        }
        return out;
    }

    private static Curl parse(List<String> words) {
        String url = null;
        String user = null;
        String body = null;
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "-u" -> user = words.get(++i);
                case "-d" -> body = words.get(++i);
                case "-H" -> {
                    String h = words.get(++i);
                    int colon = h.indexOf(':');
                    headers.add(new String[] {h.substring(0, colon).strip(), h.substring(colon + 1).strip()});
                }
                default -> {
                    if (w.startsWith("http")) {
                        url = w;
                    } else {
                        throw new IllegalArgumentException("a curl option the quick-start test does not know: " + w);
                    }
                }
            }
        }
        return new Curl(url, headers, user, body);
    }

    /**
     * A command line split as a shell splits it: single quotes keep everything, double quotes keep all but {@code \"}
     * and {@code $(cat data/admin.key)}, which stands for the admin key.
     */
    private static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (w != null) {
                    out.add(w.toString());
                    w = null;
                }
                continue;
            }
            if (w == null) {
                w = new StringBuilder();
            }
            if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                w.append(line, i + 1, close);
                i = close;
            } else if (c == '"') {
                int j = i + 1;
                StringBuilder quoted = new StringBuilder();
                while (line.charAt(j) != '"') {
                    if (line.charAt(j) == '\\' && line.charAt(j + 1) == '"') {
                        quoted.append('"');
                        j += 2;
                    } else {
                        quoted.append(line.charAt(j++));
                    }
                }
                w.append(quoted.toString().replace("$(cat data/admin.key)", RunningKith.ADMIN_KEY));
                i = j;
            } else {
                w.append(c);
            }
        }
        if (w != null) {
            out.add(w.toString());
        }
        return out;
    }
}
