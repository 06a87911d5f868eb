package io.kith.cli;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.Identifier;
import io.kith.identity.IdentityGraph;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.IdentityProjection;
import io.kith.identity.IdentityRules;
import io.kith.store.Store;
import io.kith.store.StoreCopy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kith store copy}: moves a store to another engine (embedded DuckDB ↔ PostgreSQL). */
@Command(name = "store", mixinStandardHelpOptions = true, description = "The store: copy it between engines.",
        subcommands = {StoreCommand.Copy.class})
final class StoreCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "copy", mixinStandardHelpOptions = true,
            description = {"Copy every source, API key, event (with its sequence), quarantined event and the log position into an empty store,",
                "then verify the copy by resolving identity on both and comparing the profile exports. Kith must not be serving either store."})
    static final class Copy implements Callable<Integer> {
        @Option(names = "--from", required = true, description = "A data directory (its embedded DuckDB store) or a postgres:// URL.")
        String from;

        @Option(names = "--to", required = true, description = "A data directory (its embedded DuckDB store) or a postgres:// URL.")
        String to;

        @Option(names = "--data", description = "The data directory whose log the store follows (its node id and identity rules); "
                + "defaults to whichever of --from and --to is a directory.")
        Path data;

        @Override
        public Integer call() {
            Path dir = data != null ? data : !Stores.isPostgres(from) ? Path.of(from) : !Stores.isPostgres(to) ? Path.of(to) : null;
            if (dir == null) {
                throw new KithException(ErrorCode.INVALID_ARGUMENT, "store copy between two PostgreSQL databases needs --data DIR "
                        + "(the data directory of the Kith process whose log position to copy)");
            }
            try (Store source = open(from, dir); Store target = open(to, dir)) {
                System.out.printf("copying %s -> %s%n", source.describe(), target.describe());
                long t0 = System.nanoTime();
                StoreCopy.Report r = StoreCopy.copy(source, target);
                System.out.printf("copied %,d sources, %,d API keys, identity overrides version %d, %,d events, %,d quarantined events, "
                                + "log position %,d in %.1f s%n", r.sources(), r.apiKeys(), r.overridesVersion(), r.events(), r.quarantined(),
                        r.appliedSequence(), (System.nanoTime() - t0) / 1e9);
                IdentityRules rules = KithApp.identityRules(dir);
                Map<Identifier, String> before = export(source, rules, source.overrides().current().overrides());
                Map<Identifier, String> after = export(target, rules, target.overrides().current().overrides());
                long differing = before.entrySet().stream().filter(e -> !e.getValue().equals(after.get(e.getKey()))).count()
                        + after.keySet().stream().filter(k -> !before.containsKey(k)).count();
                if (differing > 0) {
                    System.out.printf("NOT verified: %,d of %,d identifiers resolve to a different profile in the copy%n", differing, before.size());
                    return 1;
                }
                System.out.printf("verified: identical profile exports (%,d identifiers in %,d profiles)%n", before.size(),
                        before.values().stream().distinct().count());
                return 0;
            }
        }

        private static Store open(String location, Path dir) {
            return Stores.isPostgres(location) ? Stores.open(location, dir) : Stores.open(null, Path.of(location));
        }

        /** Identifier → surviving profile id, as {@code kith profiles export} writes them, resolved from this store's events. */
        static Map<Identifier, String> export(Store store, IdentityRules rules, IdentityOverrides overrides) {
            IdentityProjection identity = new IdentityProjection(rules, IdentityOverrides.NONE, IdentityGraph.SourceInfo.of(store.sources()), a -> { });
            identity.rebuild(store.events(), overrides);
            Map<Identifier, String> out = new HashMap<>();
            identity.read(g -> {
                g.forEachIdentifier((p, id) -> out.put(id, p));
                return null;
            });
            return out;
        }
    }
}
