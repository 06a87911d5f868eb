package io.kith.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kith} command: the composition root that wires stores, log, server and jobs from configuration. */
@Command(name = "kith", mixinStandardHelpOptions = true, version = "Kith 0.1.0",
        description = "Kith, an open-source Customer Data Platform.",
        subcommands = {ServeCommand.class, ImportCommand.class, DemoCommand.class, IdentityCommand.class, ProfilesCommand.class, StoreCommand.class, SegmentsCommand.class, RegulationsCommand.class, RfmCommand.class, ModelsCommand.class, MatchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        System.exit(commandLine().execute(args));
    }

    /** The command line with every sub-command registered; tests call this too. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof io.kith.error.KithException k) {
                commandLine.getErr().println("kith: " + k.getMessage());
                return k.kind() == io.kith.error.ErrorKind.INTERNAL ? 3 : 2;
            }
            throw e;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
