package io.kith.cli;

import io.kith.cli.match.MatchCsv;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.match.MatchConfig;
import io.kith.match.MatchResult;
import io.kith.match.MatchSettings;
import io.kith.match.Matcher;
import io.kith.match.Records;
import io.kith.match.block.Blocking;
import io.kith.match.cluster.Clustering;
import io.kith.match.evaluate.Evaluation;
import io.kith.match.evaluate.Metrics;
import io.kith.match.evaluate.Truth;
import io.kith.match.propose.Proposal;
import io.kith.match.propose.Proposer;
import io.kith.match.score.Model;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kith match}: finds the records of one CSV file that are the same person (probabilistic record linkage,
 * Fellegi-Sunter, trained without labels) and writes id,cluster_id. See {@code docs/identity-matching.md}.
 */
@Command(name = "match", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Find records of one CSV file that describe the same person, without labels (Fellegi-Sunter with "
                + "blocking, EM-trained m, u from random pairs, term-frequency adjustment), and write id,cluster_id.",
            "Without --config the comparisons and blocking rules are proposed from the column names and values. "
                + "With a ground-truth column (named, or found: cluster, ent_id, identity, FEBRL rec-N-dup-K ids) precision, recall "
                + "and F1 are reported. See docs/identity-matching.md."})
final class MatchCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV file with a header row (UTF-8).")
    Path input;

    @Option(names = "--id-column", required = true, paramLabel = "NAME", description = "Column of the record id (never compared).")
    String idColumn;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write: id,cluster_id per record.")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON configuration (comparisons, blocking, threshold, ...).")
    Path config;

    @Option(names = "--truth-column", paramLabel = "NAME", description = "Column of the true entity, for evaluation (never compared).")
    String truthColumn;

    @Option(names = "--no-truth", description = "Do not look for a ground-truth column.")
    boolean noTruth;

    @Option(names = "--threshold", paramLabel = "P", description = "Link pairs with a match probability at least P (default 0.5).")
    Double threshold;

    @Option(names = "--pairs", paramLabel = "FILE", description = "Also write the linked pairs with each comparison's level and weight.")
    Path pairs;

    @Option(names = "--metrics-json", paramLabel = "FILE", description = "Also write the evaluation as JSON.")
    Path metricsJson;

    @Option(names = "--threads", paramLabel = "N", description = "Threads comparing pairs (default: the processors).")
    Integer threads;

    @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",", description = "Field delimiter (default: ${DEFAULT-VALUE}).")
    char delimiter;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        Records records;
        try (InputStream in = Files.newInputStream(input)) {
            records = MatchCsv.read(in, input.toString(), delimiter);
        } catch (IOException e) {
            throw cannot("read", input, e);
        }
        int id = column(records, idColumn, "--id-column");
        Optional<String> truth = noTruth ? Optional.empty()
                : truthColumn != null ? Optional.of(records.columns().get(column(records, truthColumn, "--truth-column")))
                : Truth.detect(records, records.columns().get(id));
        MatchConfig cfg = config == null ? MatchConfig.NONE : MatchConfig.parse(read(config), config.toString());
        Proposal proposal = Proposer.propose(records, Truth.excluded(records.columns().get(id), truth));
        MatchSettings settings = cfg.settings(proposal, threads != null ? threads : Runtime.getRuntime().availableProcessors());
        if (threshold != null) {
            settings = settings.withThreshold(threshold);
        }
        err.printf("read %,d records of %s%n", records.size(), input);
        if (cfg.comparisons() == null) {
            proposal.notes().forEach(n -> err.println("  " + n));
        }
        MatchResult result;
        try {
            result = Matcher.deduplicate(records, settings);
        } catch (IllegalArgumentException e) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
        }
        report(err, result);
        write(out, w -> MatchCsv.clusters(result, id, w));
        if (pairs != null) {
            write(pairs, w -> MatchCsv.pairs(result, id, w));
        }
        if (truth.isPresent()) {
            Evaluation e = Evaluation.of(Truth.entities(records, truth.get()), result.links(), settings.thresholdWeight(), result.clustering(),
                    result.blocking());
            err.printf("evaluation against %s at threshold %s:%n", truth.get(), settings.threshold());
            err.println("  pairs (links):          " + e.links());
            err.println("  pairs (within clusters): " + e.clusterPairs());
            err.println("  clusters (exact):       " + e.clusters());
            err.println("  blocking recall:        " + e.blocking() + " (true pairs that are candidates)");
            if (metricsJson != null) {
                write(metricsJson, w -> w.write(json(e, result) + "\n"));
            }
        }
        err.printf("wrote %,d records in %,d clusters to %s in %.1f s%n", records.size(),
                records.size() - result.clustering().clusters().stream().mapToInt(c -> c.size() - 1).sum(), out,
                (System.nanoTime() - started) / 1e9);
        err.flush();
        return 0;
    }

    private static void report(PrintWriter err, MatchResult result) {
        for (Blocking.RuleStats s : result.blocking().stats()) {
            err.printf("  block on %s: %,d blocks, %,d pairs, largest %,d%s%s%n", s.rule(), s.blocks(), s.pairs(), s.largestBlock(),
                    s.dropped() ? String.format(Locale.ROOT, "; DROPPED: over %,d pairs", result.settings().maxPairsPerRecord()
                            * (long) result.records().size()) : "",
                    s.skippedBlocks() == 0 ? "" : String.format(Locale.ROOT, "; skipped %,d blocks over %,d records (of %,d records)",
                            s.skippedBlocks(), s.skippedRecords(), result.settings().maxBlock()));
        }
        err.printf("compared %,d candidate pairs (of %,d possible)%n", result.candidatePairs(), (long) result.records().size()
                * (result.records().size() - 1) / 2);
        for (var s : result.sessions()) {
            err.printf("  EM on %s: %,d pairs, %s, %d rounds%s, matches %.4f%n", s.rule(), s.pairs(), s.trained(), s.iterations(),
                    s.converged() ? "" : " (not converged)", s.lambda());
        }
        Model model = result.model();
        err.printf("prior λ = %.3g (weight %.2f)%n", model.lambda(), model.priorWeight());
        for (int c = 0; c < model.comparisons().size(); c++) {
            StringBuilder sb = new StringBuilder("  " + model.comparisons().get(c).name() + ":");
            for (int l = 0; l < model.comparisons().get(c).size(); l++) {
                sb.append(String.format(Locale.ROOT, " %s %+.2f (m %.3f u %.2g)", model.comparisons().get(c).levels().get(l).label(),
                        model.weight(c, l), model.m()[c][l], model.u()[c][l]));
            }
            err.println(sb);
        }
        Clustering clustering = result.clustering();
        err.printf("linked %,d pairs at p >= %s into %,d clusters of 2 or more (largest %d, %d with density below 0.5; %,d links "
                        + "refused between groups linked less densely than %s)%n",
                result.links().size(), result.settings().threshold(), clustering.clusters().size(),
                clustering.clusters().stream().mapToInt(Clustering.Cluster::size).max().orElse(0),
                clustering.clusters().stream().filter(c -> c.density() < 0.5).count(), clustering.refusedLinks(),
                result.settings().minClusterDensity());
        var t = result.timings();
        err.printf("times (ms): encode %d, block %d, u %d, EM %d, score %d, cluster %d%n", t.encode(), t.block(), t.estimateU(), t.estimateM(),
                t.score(), t.cluster());
    }

    private static String json(Evaluation e, MatchResult r) {
        return "{\"pairs\":" + json(e.links()) + ",\"clusterPairs\":" + json(e.clusterPairs()) + ",\"clusters\":" + json(e.clusters())
                + ",\"blocking\":" + json(e.blocking())
                + ",\"candidatePairs\":" + r.candidatePairs() + ",\"threshold\":" + r.settings().threshold() + "}";
    }

    private static String json(Metrics m) {
        return String.format(Locale.ROOT, "{\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f,\"truePositives\":%d,\"predicted\":%d,\"actual\":%d}",
                m.precision(), m.recall(), m.f1(), m.truePositives(), m.predicted(), m.actual());
    }

    private static int column(Records records, String name, String option) {
        try {
            return records.column(name);
        } catch (IllegalArgumentException e) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, option + " " + name + ": " + e.getMessage());
        }
    }

    private interface Body {
        void write(Writer w) throws IOException;
    }

    private static void write(Path file, Body body) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            body.write(w);
        } catch (IOException e) {
            throw cannot("write", file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw cannot("read", file, e);
        }
    }

    private static KithException cannot(String what, Path file, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file" : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new KithException(ErrorCode.INVALID_ARGUMENT, "cannot " + what + " " + file + ": " + why, e);
    }
}
