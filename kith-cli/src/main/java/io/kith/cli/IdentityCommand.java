package io.kith.cli;

import io.kith.identity.Identifier;
import io.kith.identity.IdentityEvaluation;
import io.kith.identity.IdentityGraph;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kith identity rebuild|evaluate}. */
@Command(name = "identity", mixinStandardHelpOptions = true, description = "Identity resolution: rebuild and measure.",
        subcommands = {IdentityCommand.Rebuild.class, IdentityCommand.Evaluate.class})
final class IdentityCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = "Resolve every stored event again from the log and the rules (Kith must not be serving this data directory).")
    static final class Rebuild implements Callable<Integer> {
        @Option(names = "--data", defaultValue = "data", description = "Data directory (default: ${DEFAULT-VALUE}).")
        Path data;

        @picocli.CommandLine.Mixin
        StoreOption store = new StoreOption();

        @Override
        public Integer call() {
            try (OfflineIdentity o = new OfflineIdentity(data, store.location(data))) {
                int profiles = o.identity.read(IdentityGraph::profileCount);
                int identifiers = o.identity.read(IdentityGraph::identifierCount);
                long unresolved = o.identity.read(IdentityGraph::unresolvedEvents);
                System.out.printf("rebuilt identity from %,d events in %,d ms (%,.0f events/s): %,d profiles, %,d identifiers, %,d events without a usable identifier%n",
                        o.replayed, o.rebuildMillis, o.replayed * 1000.0 / Math.max(1, o.rebuildMillis), profiles, identifiers, unresolved);
                o.identity.alertCounts().forEach((k, v) -> System.out.printf("  alerts %s: %,d%n", k, v));
                return 0;
            }
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Compare the profiles with a ground truth (CSV type,value,person_id): pairwise precision and recall.")
    static final class Evaluate implements Callable<Integer> {
        @Option(names = "--data", defaultValue = "data", description = "Data directory (default: ${DEFAULT-VALUE}).")
        Path data;

        @picocli.CommandLine.Mixin
        StoreOption store = new StoreOption();

        @Option(names = "--truth", required = true, description = "Ground truth CSV: type,value,person_id (the demo writes truth.csv).")
        Path truth;

        @Option(names = "--region", defaultValue = "GB", description = "Region to read truth phone numbers with (default: ${DEFAULT-VALUE}).")
        String region;

        @Override
        public Integer call() throws Exception {
            try (OfflineIdentity o = new OfflineIdentity(data, store.location(data))) {
                Map<Identifier, String> truthMap = readTruth(truth, region, o.identity);
                Map<Identifier, String> assigned = new HashMap<>();
                o.identity.read(g -> {
                    g.forEachIdentifier((p, id) -> assigned.put(id, p));
                    return null;
                });
                IdentityEvaluation e = IdentityEvaluation.of(truthMap, assigned);
                System.out.println(e.summary());
                return 0;
            }
        }
    }

    /** The truth's identifiers, normalised as resolution normalises them (each type by its rule). */
    static Map<Identifier, String> readTruth(Path truth, String region, io.kith.identity.IdentityProjection identity) throws java.io.IOException {
        Map<Identifier, String> out = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(truth)) {
            String header = r.readLine();
            if (header == null || !header.startsWith("type,value,")) {
                throw new io.kith.error.KithException(io.kith.error.ErrorCode.INVALID_ARGUMENT,
                        truth + ": expected a header 'type,value,person_id', got " + header);
            }
            for (String line; (line = r.readLine()) != null; ) {
                int a = line.indexOf(',');
                int b = line.lastIndexOf(',');
                if (a <= 0 || b <= a) {
                    continue;
                }
                String person = line.substring(b + 1);
                identity.normalize(line.substring(0, a), line.substring(a + 1, b), region).ifPresent(id -> out.put(id, person));
            }
        }
        return out;
    }
}
