package io.kith.store.duckdb;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations: numbered SQL scripts {@code db/duckdb/V<n>__<name>.sql} applied in order, each
 * in its own transaction, and recorded in {@code schema_version}. A database newer than this build is refused.
 */
final class Migrations {
    /** The scripts of this build, in order; add new ones at the end, never edit a released one. */
    static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__api_keys.sql", "V3__identity.sql", "V4__overrides.sql",
            "V5__linked_in_identifiers.sql", "V6__secret_keys.sql", "V7__identity_rules.sql",
            "V8__event_profiles.sql", "V9__segments.sql", "V10__definitions.sql", "V11__console.sql");

    private Migrations() {
    }

    static void apply(Connection c) throws SQLException {
        apply(c, SCRIPTS.size());
    }

    /** Migrates to schema version {@code target} (tests build databases of earlier versions with it). */
    static void apply(Connection c, int target) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, script VARCHAR NOT NULL, "
                    + "applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)");
        }
        int current;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            rs.next();
            current = rs.getInt(1);
        }
        if (current > SCRIPTS.size()) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "the database has schema version " + current
                    + " but this Kith knows versions up to " + SCRIPTS.size() + "; upgrade Kith");
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (int v = current + 1; v <= target; v++) {
                String script = SCRIPTS.get(v - 1);
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(read(script))) {
                        s.execute(sql);
                    }
                    s.execute("INSERT INTO schema_version (version, script) VALUES (" + v + ", '" + script + "')");
                }
                c.commit();
            }
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/duckdb/" + script)) {
            if (in == null) {
                throw new KithException(ErrorCode.INTERNAL, "migration script db/duckdb/" + script + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KithException(ErrorCode.INTERNAL, "cannot read migration " + script + ": " + e.getMessage(), e);
        }
    }

    /** Splits a script into statements at semicolons that end a line; comments are dropped. */
    static List<String> statements(String script) {
        StringBuilder clean = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (!t.startsWith("--")) {
                clean.append(line).append('\n');
            }
        }
        return java.util.Arrays.stream(clean.toString().split(";\\s*\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
