package io.kith.cli;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kith profiles export}: one CSV row per identifier, so anyone can check resolution against their own truth. */
@Command(name = "profiles", mixinStandardHelpOptions = true, description = "Profiles.", subcommands = {ProfilesCommand.Export.class})
final class ProfilesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write profile_id,type,value for every identifier (normalised values, surviving profile ids), sorted.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--data", defaultValue = "data", description = "Data directory (default: ${DEFAULT-VALUE}).")
        Path data;

        @picocli.CommandLine.Mixin
        StoreOption store = new StoreOption();

        @Option(names = "--out", required = true, description = "CSV file to write.")
        Path out;

        @Override
        public Integer call() throws Exception {
            try (OfflineIdentity o = new OfflineIdentity(data, store.location(data))) {
                List<String[]> rows = new ArrayList<>();
                o.identity.read(g -> {
                    g.forEachIdentifier((p, id) -> rows.add(new String[] {p, id.type(), id.value()}));
                    return null;
                });
                rows.sort(Comparator.<String[], String>comparing(r -> r[0]).thenComparing(r -> r[1]).thenComparing(r -> r[2]));
                try (BufferedWriter w = Files.newBufferedWriter(out)) {
                    w.write("profile_id,type,value\n");
                    for (String[] r : rows) {
                        w.write(r[0] + "," + r[1] + "," + csv(r[2]) + "\n");
                    }
                }
                System.out.printf("wrote %,d identifiers of %,d profiles to %s%n", rows.size(),
                        rows.stream().map(r -> r[0]).distinct().count(), out);
                return 0;
            }
        }
    }

    static String csv(String v) {
        return v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
