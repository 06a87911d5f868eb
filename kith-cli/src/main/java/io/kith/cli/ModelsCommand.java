package io.kith.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kith models}: fit and score Kith's transparent customer models on files. See {@code docs/models.md}. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Fit and score customer models on files (see docs/models.md).",
        subcommands = {ClvCommand.class, CommandLine.HelpCommand.class})
final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
