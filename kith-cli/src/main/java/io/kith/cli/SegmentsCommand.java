package io.kith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kith segments ...}: segments from the command line, through a running Kith's API (the server keeps memberships,
 * so the command asks it rather than opening its store): list, show, create, update, validate, preview, members (CSV),
 * history, and a profile's memberships.
 */
@Command(name = "segments", mixinStandardHelpOptions = true, description = "Segments of a running Kith (through its API).",
        subcommands = {SegmentsCommand.List.class, SegmentsCommand.Show.class, SegmentsCommand.Create.class, SegmentsCommand.Update.class,
            SegmentsCommand.Validate.class, SegmentsCommand.Preview.class, SegmentsCommand.Members.class, SegmentsCommand.History.class,
            SegmentsCommand.Of.class})
final class SegmentsCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static String pretty(String json) throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(json));
    }

    static String condition(String text, Path file) throws IOException {
        if ((text == null) == (file == null)) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "give the condition as an argument or with --file, one of them");
        }
        return text != null ? text : Files.readString(file);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every segment: key, version, size, status, name.")
    static final class List implements Callable<Integer> {
        @Mixin
        ServerOption server = new ServerOption();

        @Override
        public Integer call() throws Exception {
            JsonNode all = JSON.readTree(server.call("GET", "/api/v1/segments", null)).path("segments");
            System.out.printf("%-30s %7s %10s %-10s %s%n", "key", "version", "members", "status", "name");
            for (JsonNode s : all) {
                System.out.printf("%-30s %7d %,10d %-10s %s%n", s.path("key").asText(), s.path("version").asInt(), s.path("size").asLong(),
                        s.path("status").asText(), s.path("name").asText());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A segment and every version of its definition.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ServerOption server = new ServerOption();

        @Parameters(paramLabel = "KEY")
        String key;

        @Override
        public Integer call() throws Exception {
            System.out.println(pretty(server.call("GET", "/api/v1/segments/" + enc(key), null)));
            return 0;
        }
    }

    /** A segment's key and definition as the command line gives them: the condition as an argument or in a file. */
    static final class DefinitionArgs {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Parameters(index = "1", arity = "0..1", paramLabel = "CONDITION", description = "The condition in the segment language.")
        String text;

        @Option(names = "--file", description = "Read the condition from this file.")
        Path file;

        @Option(names = "--name")
        String name;

        @Option(names = "--description")
        String description;

        ObjectNode body() throws IOException {
            ObjectNode body = JSON.createObjectNode().put("condition", condition(text, file));
            if (name != null) {
                body.put("name", name);
            }
            if (description != null) {
                body.put("description", description);
            }
            return body;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a segment; its members are computed in the background.")
    static final class Create implements Callable<Integer> {
        @Mixin
        ServerOption server = new ServerOption();

        @Mixin
        DefinitionArgs definition = new DefinitionArgs();

        @Override
        public Integer call() throws Exception {
            System.out.println(pretty(server.call("POST", "/api/v1/segments", definition.body().put("key", definition.key).toString())));
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a segment: a new version, computed in the background.")
    static final class Update implements Callable<Integer> {
        @Mixin
        ServerOption server = new ServerOption();

        @Mixin
        DefinitionArgs definition = new DefinitionArgs();

        @Override
        public Integer call() throws Exception {
            System.out.println(pretty(server.call("PUT", "/api/v1/segments/" + enc(definition.key), definition.body().toString())));
            return 0;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a condition: its problems at line and column, or its canonical form.")
    static final class Validate implements Callable<Integer> {
        @Mixin
        ServerOption server = new ServerOption();

        @Parameters(arity = "0..1", paramLabel = "CONDITION")
        String text;

        @Option(names = "--file")
        Path file;

        @Override
        public Integer call() throws Exception {
            String condition = condition(text, file);
            JsonNode v = JSON.readTree(server.call("POST", "/api/v1/segments/validate", JSON.createObjectNode().put("condition", condition).toString()));
            if (v.path("valid").asBoolean()) {
                System.out.println("valid (" + v.path("temporalClass").asText() + "):");
                System.out.println(v.path("condition").asText());
                return 0;
            }
            String[] lines = condition.split("\n", -1);
            for (JsonNode d : v.path("diagnostics")) {
                int line = d.path("line").asInt();
                int column = d.path("column").asInt();
                System.out.println(line + ":" + column + ": " + d.path("message").asText()
                        + (d.path("suggestion").isTextual() ? " (" + d.path("suggestion").asText() + ")" : ""));
                if (line >= 1 && line <= lines.length) {
                    System.out.println("  " + lines[line - 1]);
                    System.out.println("  " + " ".repeat(Math.max(0, column - 1)) + "^".repeat(Math.max(1, d.path("length").asInt(1))));
                }
            }
            return 1;
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true, description = "How many people a condition holds now, and a sample, without saving it.")
    static final class Preview implements Callable<Integer> {
        @Mixin
        ServerOption server = new ServerOption();

        @Parameters(arity = "0..1", paramLabel = "CONDITION")
        String text;

        @Option(names = "--file")
        Path file;

        @Override
        public Integer call() throws Exception {
            JsonNode p = JSON.readTree(server.call("POST", "/api/v1/segments/preview",
                    JSON.createObjectNode().put("condition", condition(text, file)).toString()));
            System.out.printf("%,d members (as of store sequence %d, at %s)%n", p.path("count").asLong(), p.path("asOfSequence").asLong(),
                    p.path("now").asText());
            p.path("sample").forEach(id -> System.out.println("  " + id.asText()));
            return 0;
        }
    }

    @Command(name = "members", mixinStandardHelpOptions = true, description = "Every member as CSV (profile_id,email,phone,user_id,first_seen,last_seen).")
    static final class Members implements Callable<Integer> {
        @Mixin
        ServerOption server = new ServerOption();

        @Parameters(paramLabel = "KEY")
        String key;

        @Option(names = "--out", description = "Write the CSV here instead of the standard output.")
        Path out;

        @Override
        public Integer call() throws Exception {
            String csv = server.call("GET", "/api/v1/segments/" + enc(key) + "/members?format=csv", null);
            if (out == null) {
                System.out.print(csv);
            } else {
                Files.writeString(out, csv);
            }
            return 0;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "A segment's size after each UTC day that changed it.")
    static final class History implements Callable<Integer> {
        @Mixin
        ServerOption server = new ServerOption();

        @Parameters(paramLabel = "KEY")
        String key;

        @Override
        public Integer call() throws Exception {
            for (JsonNode p : JSON.readTree(server.call("GET", "/api/v1/segments/" + enc(key) + "/history", null)).path("points")) {
                System.out.printf("%s %,d%n", p.path("at").asText(), p.path("members").asLong());
            }
            return 0;
        }
    }

    @Command(name = "of", mixinStandardHelpOptions = true, description = "The segments a profile is in, and every entry and exit with its cause.")
    static final class Of implements Callable<Integer> {
        @Mixin
        ServerOption server = new ServerOption();

        @Parameters(paramLabel = "PROFILE_ID")
        String profileId;

        @Override
        public Integer call() throws Exception {
            System.out.println(pretty(server.call("GET", "/api/v1/profiles/" + enc(profileId) + "/segments", null)));
            return 0;
        }
    }
}
