package io.kith.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kith bench ...}: Kith's benchmarks. Results go to stdout; record them in docs/benchmarks.md. */
@Command(name = "kith bench", mixinStandardHelpOptions = true, description = "Benchmarks (run on a quiet machine).",
        subcommands = {IngestBench.class, ImportBench.class, IdentityBench.class, LookupBench.class, RebuildBench.class, FreshnessBench.class, StartupBench.class, CatchUpBench.class, SearchBench.class, SegmentBench.class, MembershipBench.class, ErasureBench.class, RedactBench.class, ModelsBench.class, MatchBench.class, ConsoleBench.class, ProbableLinksBench.class, CustomerViewBench.class})
public final class Bench implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // The core logs through java.util.logging; as in the kith command, its lines go out in Kith's own format.
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
