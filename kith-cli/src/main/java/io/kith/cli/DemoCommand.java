package io.kith.cli;

import io.kith.demo.DemoGenerator;
import io.kith.demo.DemoManifest;
import io.kith.demo.DemoSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kith demo generate}: writes the demo group's data files and ground truth. */
@Command(name = "demo", description = "Demo data.", mixinStandardHelpOptions = true,
        subcommands = {DemoCommand.Generate.class})
final class DemoCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write a realistic multi-brand customer base (web/app events, POS, CRM, call centre) with a ground-truth file.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--customers", defaultValue = "1000", description = "Number of true customers (default: ${DEFAULT-VALUE}).")
        int customers;

        @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives identical files (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", required = true, description = "Directory to write the files to.")
        Path out;

        @Override
        public Integer call() {
            long t0 = System.nanoTime();
            DemoManifest m = DemoGenerator.generate(DemoSpec.of(customers, seed), out);
            System.out.printf("wrote %,d customers, %,d events/rows to %s in %.1f s%n", m.customers(), m.events(), out,
                    (System.nanoTime() - t0) / 1e9);
            m.files().forEach(f -> System.out.printf("  %-22s %,8d rows  source %-26s mapping %s%n", f.file(), f.rows(), f.sourceId(), f.mapping()));
            System.out.println("  sources.json, manifest.json, truth.csv (ground truth: type,value,person_id)");
            return 0;
        }
    }
}
