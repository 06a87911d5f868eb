package io.kith.cli;

import picocli.CommandLine.Option;

/** The {@code --store} option of every command that opens the store. */
final class StoreOption {
    @Option(names = "--store", description = "The store: the embedded DuckDB file in the data directory (default), or a PostgreSQL URL "
            + "postgres://user:password@host:5432/db (also from KITH_STORE, which keeps the password off the command line, or \"store\" in DATA/kith.json).")
    String store;

    /** The configured location for this data directory, or null for the embedded store. */
    String location(java.nio.file.Path dataDir) {
        return Stores.configured(store, dataDir);
    }
}
