package io.kith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kith regulations ...}: privacy requests through a running Kith's API (it carries them out in the background):
 * create one (erase, suppress, unsuppress), list them, show one, and wait for it.
 */
@Command(name = "regulations", mixinStandardHelpOptions = true,
        description = "Privacy requests of a running Kith (through its API): erase or suppress people, see what was done. See docs/privacy.md.",
        subcommands = {RegulationsCommand.Create.class, RegulationsCommand.List.class, RegulationsCommand.Show.class, RegulationsCommand.Export.class})
final class RegulationsCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Make a request: SUPPRESS_WITH_DELETE, DELETE_ONLY, SUPPRESS_ONLY or UNSUPPRESS of the people the subject ids resolve to.",
                "Example: kith regulations create --type SUPPRESS_WITH_DELETE --subject-type email ada@example.com --wait"})
    static final class Create implements Callable<Integer> {
        @Mixin
        ServerOption server = new ServerOption();

        @Option(names = "--type", required = true, description = "SUPPRESS_WITH_DELETE, DELETE_ONLY, SUPPRESS_ONLY or UNSUPPRESS.")
        String type;

        @Option(names = "--subject-type", required = true, description = "USER_ID, ANONYMOUS_ID or an identifier type (email, phone, ...).")
        String subjectType;

        @Option(names = "--file", description = "A file of subject ids, one a line (with or instead of the arguments).")
        Path file;

        @Option(names = "--wait", description = "Wait until it is carried out, and show its record.")
        boolean await;

        @Parameters(arity = "0..*", paramLabel = "SUBJECT_ID", description = "The subject ids.")
        java.util.List<String> ids = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            java.util.List<String> all = new ArrayList<>(ids);
            if (file != null) {
                Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).forEach(all::add);
            }
            if (all.isEmpty()) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "name at least one subject id (as arguments or with --file)");
            }
            ObjectNode body = JSON.createObjectNode().put("regulationType", type).put("subjectType", subjectType);
            all.forEach(body.putArray("subjectIds")::add);
            String id = JSON.readTree(server.call("POST", "/api/v1/regulations", body.toString())).path("id").asText();
            System.out.println(id);
            return await ? Show.await(server, id) : 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The requests, newest first: id, type, status, subjects, when.")
    static final class List implements Callable<Integer> {
        @Mixin
        ServerOption server = new ServerOption();

        @Override
        public Integer call() throws Exception {
            JsonNode all = JSON.readTree(server.call("GET", "/api/v1/regulations", null)).path("regulations");
            System.out.printf("%-36s %-21s %-11s %8s %s%n", "id", "type", "status", "subjects", "created");
            for (JsonNode r : all) {
                System.out.printf("%-36s %-21s %-11s %8d %s%n", r.path("id").asText(), r.path("regulationType").asText(),
                        r.path("overallStatus").asText(), r.path("subjectCount").asInt(), r.path("createdAt").asText());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One request and the record of what it removed.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ServerOption server = new ServerOption();

        @Option(names = "--wait", description = "Wait until it is carried out.")
        boolean await;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            if (await) {
                return await(server, id);
            }
            System.out.println(SegmentsCommand.pretty(server.call("GET", "/api/v1/regulations/" + SegmentsCommand.enc(id), null)));
            return 0;
        }

        /** Polls the request until it is FINISHED (exit 0) or FAILED (exit 1), printing its record. */
        static int await(ServerOption server, String id) throws Exception {
            long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
            while (true) {
                String body = server.call("GET", "/api/v1/regulations/" + SegmentsCommand.enc(id), null);
                String status = JSON.readTree(body).path("overallStatus").asText();
                if (status.equals("FINISHED") || status.equals("FAILED")) {
                    System.out.println(SegmentsCommand.pretty(body));
                    return status.equals("FINISHED") ? 0 : 1;
                }
                if (System.nanoTime() > deadline) {
                    throw new KithException(ErrorCode.INTERNAL, "regulation " + id + " is still " + status + " after an hour");
                }
                Thread.sleep(200);
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Subject access and portability: everything Kith holds about the person a subject id resolves to, as JSON or CSV.",
                "Example: kith regulations export --subject-type email ada@example.com --format csv --out ada.csv"})
    static final class Export implements Callable<Integer> {
        @Mixin
        ServerOption server = new ServerOption();

        @Option(names = "--subject-type", required = true, description = "USER_ID, ANONYMOUS_ID or an identifier type (email, phone, ...).")
        String subjectType;

        @Option(names = "--format", defaultValue = "json", description = "json or csv (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--out", description = "The file to write (default: standard output).")
        Path out;

        @Parameters(index = "0", paramLabel = "SUBJECT_ID")
        String id;

        @Override
        public Integer call() throws Exception {
            String body = server.call("GET", "/api/v1/privacy/export?subjectType=" + SegmentsCommand.enc(subjectType) + "&subjectId="
                    + SegmentsCommand.enc(id) + "&format=" + SegmentsCommand.enc(format), null);
            String text = format.equals("json") ? SegmentsCommand.pretty(body) : body;
            if (out == null) {
                System.out.print(text);
            } else {
                Files.writeString(out, text);
            }
            return 0;
        }
    }
}
