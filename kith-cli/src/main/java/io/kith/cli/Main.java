package io.kith.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kith} command: the composition root that wires stores, log, server and jobs from configuration. */
@Command(name = "kith", mixinStandardHelpOptions = true, version = "Kith 0.1.0",
        description = "Kith, an open-source Customer Data Platform.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every sub-command registered; tests call this too. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
