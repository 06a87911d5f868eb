package io.kith.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kith models}: Kith's transparent customer models: run them in a running Kith and list its runs (through its API),
 * or fit and score them on files. See {@code docs/models.md}.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Customer models: run them in a running Kith and list its runs, or fit and score them on files (see docs/models.md).",
        subcommands = {ModelRunsCommand.Run.class, ModelRunsCommand.List.class, ClvCommand.class, CommandLine.HelpCommand.class})
final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
