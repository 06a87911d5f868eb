package io.kith.store.duckdb;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.event.EventStore;
import io.kith.identity.IdentityStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import io.kith.store.jdbc.Database;
import org.duckdb.DuckDBConnection;

/**
 * Kith's embedded store on DuckDB: one database file holding sources, the quarantine and the events table,
 * opened by one process at a time. The port implementations it hands out are thread-safe: each call works on
 * its own duplicate of the root connection (DuckDB connections are cheap and must not be shared between
 * threads), and the projector's writes go through one dedicated connection.
 */
public final class DuckDbStore extends io.kith.store.jdbc.JdbcStore {
    private final DuckDBConnection root;
    private final Path file;
    private final DuckDbEventStore events;
    private final DuckDbIdentityStore identity;

    private DuckDbStore(Path file, DuckDBConnection root, java.time.Clock clock, DuckDbEventStore.KeyHash keyHash) throws SQLException {
        super(migrated(root), clock);
        this.file = file;
        this.root = root;
        this.events = new DuckDbEventStore(this, quarantine(), keyHash);
        this.identity = new DuckDbIdentityStore(this);
    }

    private static Database migrated(DuckDBConnection root) throws SQLException {
        Migrations.apply(root);
        return new Database(new DuckDbDialect(), root::duplicate, false);
    }

    /** How much write-ahead log DuckDB gathers before it checkpoints; see {@link #open}. */
    static final String CHECKPOINT_THRESHOLD = "256MiB";

    /** Opens (creating when absent) the database file, applying schema migrations. */
    public static DuckDbStore open(Path file) {
        return open(file, java.time.Clock.systemUTC());
    }

    /** As {@link #open(Path)}, with the clock that times write-key rotations and API keys. */
    public static DuckDbStore open(Path file, java.time.Clock clock) {
        return open(file, clock, DuckDbEventStore.KeyHash.MESSAGE_KEYS);
    }

    /**
     * As {@link #open(Path)}, with DuckDB's memory limit (its {@code memory_limit}, e.g. {@code 4GB}; null keeps DuckDB's
     * default of 80 % of the machine's memory, which a server whose Java heap is large can push past the machine's).
     */
    public static DuckDbStore open(Path file, String memoryLimit) {
        return open(file, java.time.Clock.systemUTC(), DuckDbEventStore.KeyHash.MESSAGE_KEYS, memoryLimit);
    }

    /** As {@link #open(Path, java.time.Clock)}, hashing message keys with {@code keyHash} (tests make them collide). */
    static DuckDbStore open(Path file, java.time.Clock clock, DuckDbEventStore.KeyHash keyHash) {
        return open(file, clock, keyHash, null);
    }

    private static final java.util.regex.Pattern MEMORY = java.util.regex.Pattern.compile("\\d{1,6}(\\.\\d{1,3})?\\s?(KB|MB|GB|TB|KiB|MiB|GiB|TiB)",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** A memory limit DuckDB reads as it is meant ("4GB", "512 MiB"), or a clear refusal (zero too); null or blank is none. */
    static String memoryLimit(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (!MEMORY.matcher(v).matches() || new java.math.BigDecimal(v.replaceAll("[^0-9.]", "")).signum() == 0) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "DuckDB's memory limit must be a size such as 4GB or 512MiB, got \"" + v + "\"");
        }
        return v;
    }

    private static DuckDbStore open(Path file, java.time.Clock clock, DuckDbEventStore.KeyHash keyHash, String memoryLimit) {
        String limit = memoryLimit(memoryLimit);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Class.forName("org.duckdb.DuckDBDriver");
            Properties props = new Properties();
            /*
             * DuckDB checkpoints (compresses the new rows into the database file) whenever the write-ahead log passes the
             * threshold, on the thread that commits. At the default 16 MB that is every few projector batches, and each
             * checkpoint compresses the table's last row group again: the events table took ~80,000 rows/s. At 256 MB
             * it takes ~300,000 rows/s with the checkpoints included (a restart replays at most 256 MB of log).
             */
            props.setProperty("checkpoint_threshold", CHECKPOINT_THRESHOLD);
            if (limit != null) {
                props.setProperty("memory_limit", limit);
            }
            if (Files.exists(compactionFlag(file))) {
                compact(file, props);
            }
            DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), props);
            return new DuckDbStore(file, c, clock, keyHash);
        } catch (SQLException | ClassNotFoundException | java.io.IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot open the DuckDB store " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file that says the database must be written anew before it is next used: rows of erased people were deleted. */
    static Path compactionFlag(Path file) {
        return file.resolveSibling(file.getFileName() + ".compact");
    }

    @Override
    protected void reclaimed() {
        try {
            Files.writeString(compactionFlag(file), "rows of erased people were deleted: write the database anew at the next open\n");
        } catch (java.io.IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot mark " + file + " for compaction: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the database into a fresh file ({@code COPY FROM DATABASE}) and puts it in place of the old one, whose
     * deleted rows' bytes go with it: DuckDB reuses freed blocks without wiping them, and neither CHECKPOINT nor VACUUM
     * removes them (measured; see docs/privacy.md). About 11 s for 10 M events. Safe against a crash: until the rename the
     * old file and the flag stay, and the next open starts again.
     */
    static void compact(Path file) throws SQLException, java.io.IOException {
        compact(file, new Properties());
    }

    /** As {@link #compact(Path)}, with the store's connection settings (its memory limit). */
    static void compact(Path file, Properties props) throws SQLException, java.io.IOException {
        Path fresh = file.resolveSibling(file.getFileName() + ".compacting");
        Files.deleteIfExists(fresh);
        Files.deleteIfExists(fresh.resolveSibling(fresh.getFileName() + ".wal"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), props); Statement s = c.createStatement()) {
            String name;
            try (ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                name = rs.getString(1);
            }
            s.execute("CHECKPOINT");
            s.execute("ATTACH '" + fresh.toAbsolutePath().toString().replace("'", "''") + "' AS kith_compacted");
            s.execute("COPY FROM DATABASE \"" + name.replace("\"", "\"\"") + "\" TO kith_compacted");
            s.execute("DETACH kith_compacted");
        }
        Files.move(fresh, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
        Files.deleteIfExists(compactionFlag(file));
    }

    public Path file() {
        return file;
    }

    @Override
    public String describe() {
        return "DuckDB " + file.toAbsolutePath();
    }

    @Override
    public EventStore events() {
        return events;
    }

    /** The one database of this store, for its engine's own ports. */
    io.kith.store.jdbc.Database database() {
        return db;
    }

    /** The identity graph as rows: profiles, their identifiers, traits and decisions, and the ids merged away. */
    @Override
    public IdentityStore identity() {
        return identity;
    }

    /** A new connection to this database for one unit of work; the caller closes it. */
    Connection connect() {
        try {
            return root.duplicate();
        } catch (SQLException e) {
            throw failure("connect", e);
        }
    }

    /**
     * Empties tables by dropping and creating each again, with its indexes, from their own definitions in the catalog, on
     * a connection in a transaction. DuckDB commits a DELETE of every row by logging each deleted row (emptying the
     * profile tables of 370,000 profiles took 15 s); dropping and creating a table costs nothing whatever it held.
     */
    static void emptyTables(Connection c, String... tables) throws SQLException {
        for (String table : tables) {
            String create;
            try (PreparedStatement ps = c.prepareStatement("SELECT sql FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("no table " + table);
                    }
                    create = rs.getString(1);
                }
            }
            List<String> indexes = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT sql FROM duckdb_indexes() WHERE schema_name = 'main' AND table_name = ? ORDER BY index_name")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        indexes.add(rs.getString(1));
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + table);
                s.execute(create);
                for (String index : indexes) {
                    s.execute(index);
                }
            }
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing what is no longer needed; nothing to do about a failure
        }
    }

    static KithException failure(String what, SQLException e) {
        return new KithException(ErrorCode.STORAGE_FAILURE, "DuckDB store: cannot " + what + ": " + e.getMessage(), e);
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** Closes the store; a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            events.close();
            identity.close();
            root.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }
}
