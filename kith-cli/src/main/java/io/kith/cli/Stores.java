package io.kith.cli;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.store.Store;
import io.kith.store.duckdb.DuckDbStore;
import io.kith.store.postgres.PostgresStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the store a configuration names: the embedded DuckDB file in the data directory by default, or PostgreSQL for a
 * {@code postgres://}, {@code postgresql://} or {@code jdbc:postgresql://} URL, taken from {@code --store}, else
 * {@code KITH_STORE} (which keeps a password off the command line), else {@code "store"} in {@code DATA/kith.json}.
 */
final class Stores {
    private Stores() {
    }

    /** The store option as given, or {@code KITH_STORE}, or {@code store} of {@code DATA/kith.json}, or null for the embedded store. */
    static String configured(String option, Path dataDir) {
        if (option != null && !option.isBlank()) {
            return option.trim();
        }
        String env = System.getenv("KITH_STORE");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        Path config = dataDir.resolve("kith.json");
        if (!Files.exists(config)) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode store = new com.fasterxml.jackson.databind.ObjectMapper().readTree(config.toFile()).path("store");
            if (!store.isMissingNode() && !store.isTextual()) {
                throw new KithException(ErrorCode.INVALID_CONFIG, config + ": \"store\" must be a string (a postgres:// URL or \"duckdb\"), got " + store);
            }
            return store.isTextual() && !store.asText().isBlank() ? store.asText().trim() : null;
        } catch (IOException e) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "cannot read " + config + ": " + e.getMessage(), e);
        }
    }

    static boolean isPostgres(String location) {
        return location != null && (location.startsWith("postgres://") || location.startsWith("postgresql://")
                || location.startsWith("jdbc:postgresql://"));
    }

    /**
     * @param location null or {@code duckdb} for {@code DATA/kith.duckdb}, a path ending in {@code .duckdb}, or a PostgreSQL URL
     * @param dataDir  the data directory of this process (its log, its node id)
     */
    static Store open(String location, Path dataDir) {
        if (location == null || location.equals("duckdb")) {
            return DuckDbStore.open(dataDir.resolve("kith.duckdb"), System.getenv("KITH_DUCKDB_MEMORY"));
        }
        if (isPostgres(location)) {
            return PostgresStore.open(location, nodeId(dataDir));
        }
        if (location.endsWith(".duckdb")) {
            return DuckDbStore.open(Path.of(location), System.getenv("KITH_DUCKDB_MEMORY"));
        }
        throw new KithException(ErrorCode.INVALID_ARGUMENT, "--store: expected a postgres:// URL or a .duckdb file, got \""
                + location + "\"");
    }

    /**
     * The name of this Kith process among those sharing a store: {@code KITH_NODE_ID}, or an id made on first start and
     * kept in {@code DATA/node.id}. Each process keeps its own log, so each has its own position in a shared store.
     */
    static String nodeId(Path dataDir) {
        String env = System.getenv("KITH_NODE_ID");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        Path file = dataDir.resolve("node.id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(dataDir);
            String id = "node_" + AdminKey.random(10).toLowerCase(java.util.Locale.ROOT);
            Files.writeString(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot read or create the node id file " + file + ": " + e.getMessage(), e);
        }
    }
}
