package io.kith.store.jdbc;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned schema migrations, one mechanism for both engines: numbered SQL scripts applied in order, each in its own
 * transaction with its row in {@code schema_version}, under the engine's migration lock ({@link Dialect#lockMigrations}:
 * servers starting together on one PostgreSQL take turns). A database newer than this build is refused. A PostgreSQL
 * store migrated by Flyway (Kith before this class) is adopted: the versions Flyway recorded as applied count as applied.
 */
public final class SchemaMigrations {
    private final Dialect dialect;
    private final String resourceDir;
    private final List<String> scripts;

    /**
     * @param resourceDir the class-path folder of the scripts, e.g. {@code db/duckdb}
     * @param scripts     the scripts of this build in order ({@code V<n>__<name>.sql}, n counting from 1); add new ones at
     *                    the end, never edit a released one
     */
    public SchemaMigrations(Dialect dialect, String resourceDir, List<String> scripts) {
        this.dialect = dialect;
        this.resourceDir = resourceDir;
        this.scripts = List.copyOf(scripts);
        for (int i = 0; i < scripts.size(); i++) {
            if (!scripts.get(i).startsWith("V" + (i + 1) + "__")) {
                throw new IllegalArgumentException("migration " + (i + 1) + " is named " + scripts.get(i));
            }
        }
    }

    public int latest() {
        return scripts.size();
    }

    /** Migrates to the latest version. */
    public void apply(Connection c) throws SQLException {
        apply(c, scripts.size());
    }

    /** Migrates to schema version {@code target} (tests build databases of earlier versions with it). */
    public void apply(Connection c, int target) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            dialect.lockMigrations(c);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, script VARCHAR(200) NOT NULL, "
                        + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT current_timestamp)");
            }
            adoptFlyway(c);
            c.commit();
            for (int v = current(c) + 1; v <= target; v++) {
                dialect.lockMigrations(c);
                if (current(c) >= v) {
                    c.commit(); // another server applied it meanwhile
                    continue;
                }
                String script = scripts.get(v - 1);
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(read(script))) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_version (version, script) VALUES (?, ?)")) {
                    ps.setInt(1, v);
                    ps.setString(2, script);
                    ps.executeUpdate();
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

    private int current(Connection c) throws SQLException {
        int current;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            rs.next();
            current = rs.getInt(1);
        }
        if (current > scripts.size()) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "the " + dialect.name() + " store has schema version " + current
                    + " but this Kith knows versions up to " + scripts.size() + "; upgrade Kith");
        }
        return current;
    }

    /** Records the versions a Flyway history holds as applied, once, when this store has no versions of its own yet. */
    private void adoptFlyway(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'flyway_schema_history'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return;
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM schema_version")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                return;
            }
        }
        List<Integer> applied = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
            while (rs.next()) {
                applied.add(Integer.parseInt(rs.getString(1)));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_version (version, script) VALUES (?, ?)")) {
            for (int v : applied) {
                if (v > scripts.size()) {
                    throw new KithException(ErrorCode.STORAGE_FAILURE, "the " + dialect.name() + " store has schema version " + v
                            + " (recorded by Flyway) but this Kith knows versions up to " + scripts.size() + "; upgrade Kith");
                }
                ps.setInt(1, v);
                ps.setString(2, scripts.get(v - 1));
                ps.executeUpdate();
            }
        }
    }

    private String read(String script) {
        try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(resourceDir + "/" + script)) {
            if (in == null) {
                throw new KithException(ErrorCode.INTERNAL, "migration script " + resourceDir + "/" + script + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KithException(ErrorCode.INTERNAL, "cannot read migration " + script + ": " + e.getMessage(), e);
        }
    }

    /**
     * Splits a script into statements at semicolons that end a line, outside dollar-quoted bodies ({@code $$ ... $$}, a
     * PostgreSQL function's); comment lines are dropped.
     */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inBody = false;
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (!inBody && t.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            int dollars = 0;
            for (int i = line.indexOf("$$"); i >= 0; i = line.indexOf("$$", i + 2)) {
                dollars++;
            }
            if (dollars % 2 == 1) {
                inBody = !inBody;
            }
            if (!inBody && t.endsWith(";")) {
                String sql = current.toString().strip();
                sql = sql.substring(0, sql.length() - 1).strip();
                if (!sql.isEmpty()) {
                    out.add(sql);
                }
                current.setLength(0);
            }
        }
        String rest = current.toString().strip();
        if (!rest.isEmpty()) {
            out.add(rest);
        }
        return out;
    }
}
