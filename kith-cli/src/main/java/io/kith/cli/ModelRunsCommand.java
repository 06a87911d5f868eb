package io.kith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kith models run} and {@code kith models list}: the models of a running Kith, through its API (it runs them in the
 * background, daily and when asked).
 */
final class ModelRunsCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelRunsCommand() {
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Have a running Kith run its models now (every model, or one) on the purchases it holds; the values land on the profiles.",
                "Example: kith models run --model clv --wait"})
    static final class Run implements Callable<Integer> {
        @Mixin
        ServerOption server = new ServerOption();

        @Option(names = "--model", description = "One model: clv, clusters, households, recommendations or propensity (default: every model).")
        String model;

        @Option(names = "--wait", description = "Wait until the runs (and the labels and segments over them) are done, and show them.")
        boolean await;

        @Override
        public Integer call() throws Exception {
            Map<String, String> before = new HashMap<>();
            for (JsonNode m : models(server)) {
                before.put(m.path("name").asText(), m.path("lastRunAt").asText(""));
            }
            JsonNode queued = JSON.readTree(server.call("POST", "/api/v1/models/run" + (model == null ? "" : "?model=" + SegmentsCommand.enc(model)), null))
                    .path("models");
            System.out.println("queued " + queued);
            if (!await) {
                return 0;
            }
            long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
            while (true) {
                boolean done = true;
                boolean failed = false;
                JsonNode all = models(server);
                for (JsonNode m : all) {
                    String name = m.path("name").asText();
                    if (!contains(queued, name)) {
                        continue;
                    }
                    boolean ran = m.path("state").asText().equals("idle") && !m.path("lastRunAt").asText("").equals(before.get(name));
                    done &= ran;
                    failed |= ran && !m.path("lastError").isNull();
                }
                if (done) {
                    print(all, queued);
                    return failed ? 1 : 0;
                }
                if (System.nanoTime() > deadline) {
                    throw new KithException(ErrorCode.INTERNAL, "the models " + queued + " did not finish within two hours");
                }
                Thread.sleep(500);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The models of a running Kith: state, last failure, recent runs with their metrics.")
    static final class List implements Callable<Integer> {
        @Mixin
        ServerOption server = new ServerOption();

        @Option(names = "--json", description = "Print the API's JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (json) {
                System.out.println(SegmentsCommand.pretty(server.call("GET", "/api/v1/models", null)));
                return 0;
            }
            print(models(server), null);
            return 0;
        }
    }

    private static JsonNode models(ServerOption server) throws Exception {
        return JSON.readTree(server.call("GET", "/api/v1/models", null)).path("models");
    }

    private static boolean contains(JsonNode names, String name) {
        for (JsonNode n : names) {
            if (n.asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** One block per model: its state and failure, then its runs newest first. */
    private static void print(JsonNode models, JsonNode only) {
        for (JsonNode m : models) {
            if (only != null && !contains(only, m.path("name").asText())) {
                continue;
            }
            System.out.printf("%s: %s%s%n", m.path("name").asText(), m.path("state").asText(),
                    m.path("lastError").isNull() ? "" : " (last run failed: " + m.path("lastError").asText() + ")");
            System.out.printf("  %-12s %-27s %-10s %-10s %s%n", "run", "saved", "customers", "window", "metrics");
            for (JsonNode r : m.path("runs")) {
                JsonNode run = r.path("run");
                JsonNode w = run.path("dataWindow");
                System.out.printf("  %-12s %-27s %-10d %-10s %s%n", r.path("id").asText(), r.path("savedAt").asText(), w.path("customers").asInt(),
                        w.path("from").asText("-") + ".." + w.path("to").asText(), summary(m.path("name").asText(), run));
            }
        }
    }

    private static String summary(String model, JsonNode run) {
        JsonNode m = run.path("metrics");
        String version = run.path("parameters").path("modelVersion").asText();
        return switch (model) {
            case "clv" -> String.format(java.util.Locale.ROOT, "%s, log-likelihood %.1f, mean P(alive) %.2f, 12-month CLV %.2f",
                    version, m.path("bgNbdLogLikelihood").asDouble(), m.path("meanPAlive").asDouble(), m.path("totalClv12m").asDouble());
            case "households" -> String.format(java.util.Locale.ROOT, "%s, %d households of %d profiles, mean confidence %.2f", version,
                    m.path("households").asInt(), m.path("profilesInHouseholds").asInt(), m.path("meanConfidence").asDouble());
            case "recommendations" -> String.format(java.util.Locale.ROOT, "%s, %d products; hit rate@%d %.1f%% vs popularity %.1f%% (%d customers)",
                    version, m.path("products").asInt(), m.path("leaveLastOut").path("n").asInt(), 100 * m.path("leaveLastOut").path("hitRate").asDouble(),
                    100 * m.path("leaveLastOut").path("popularityHitRate").asDouble(), m.path("leaveLastOut").path("customersEvaluated").asInt());
            case "propensity" -> String.format(java.util.Locale.ROOT, "%s, AUC %s, Brier %.3f (base rate %.3f), trained on %d, held out %d",
                    version, m.path("auc").isNumber() ? String.format(java.util.Locale.ROOT, "%.3f", m.path("auc").asDouble()) : "-",
                    m.path("brier").asDouble(), m.path("baseRateBrier").asDouble(), m.path("trainingCustomers").asInt(), m.path("heldOutCustomers").asInt());
            default -> {
                StringBuilder sb = new StringBuilder(version);
                for (JsonNode c : m.path("clusters")) {
                    sb.append("; ").append(c.path("index").asInt()).append(": ").append(c.path("size").asInt()).append(" ").append(c.path("description").asText());
                }
                yield sb.toString();
            }
        };
    }
}
