package io.kith.store.jdbc;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.source.NewSource;
import io.kith.source.Source;
import io.kith.source.SourceIndex;
import io.kith.source.SourceKind;
import io.kith.source.SourceNaming;
import io.kith.source.SourceRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sources in the {@code sources} table, with write keys answered from memory. Where other servers share the table
 * ({@link Dialect#shared}) they may add, change or rotate sources, so a write-key lookup reads the table again first when the copy in memory is a second old
 * (a key replaced through another server is refused here within a second, and unknown write keys cannot hammer the
 * database); a lookup by id reads it again only on a miss, at most once a second (identity resolution asks for every
 * event); and {@link #all} always reads it.
 */
public final class JdbcSourceRegistry implements SourceRegistry {
    public static final Duration REREAD_INTERVAL = Duration.ofSeconds(1);
    private static final int CREATE_ATTEMPTS = 5;
    private static final String COLUMNS = "id, name, brand, kind, default_region, write_key, previous_write_key, previous_valid_until";

    private final Database db;
    private final Clock clock;
    private final Throttle rereads = new Throttle(REREAD_INTERVAL);
    private volatile SourceIndex known;

    public JdbcSourceRegistry(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.known = read();
    }

    private SourceIndex read() {
        List<SourceIndex.Entry> entries = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sources");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                entries.add(entry(rs));
            }
        } catch (SQLException e) {
            throw db.failure("load sources", e);
        }
        rereads.reset();
        return SourceIndex.of(entries);
    }

    private static SourceIndex.Entry entry(ResultSet rs) throws SQLException {
        OffsetDateTime until = rs.getObject(8, OffsetDateTime.class);
        return new SourceIndex.Entry(new Source(rs.getString(1), rs.getString(2), rs.getString(3), SourceKind.valueOf(rs.getString(4)),
                rs.getString(5), rs.getString(6)), rs.getString(7), until == null ? null : until.toInstant());
    }

    private synchronized SourceIndex reread() {
        known = read();
        return known;
    }

    /** The sources in memory, read again first when they are a second old. */
    private SourceIndex fresh() {
        return db.dialect().shared() && rereads.tryAcquire() ? reread() : known;
    }

    @Override
    public Optional<Source> byWriteKey(String writeKey) {
        return fresh().byWriteKey(writeKey, clock.instant());
    }

    @Override
    public Optional<Source> byId(String id) {
        Optional<Source> s = known.byId(id);
        return s.isEmpty() && db.dialect().shared() && rereads.tryAcquire() ? reread().byId(id) : s;
    }

    @Override
    public List<Source> all() {
        return db.dialect().shared() ? reread().all() : known.all();
    }

    @Override
    public synchronized Source create(NewSource request) {
        for (int attempt = 1; ; attempt++) {
            Source s = new Source(SourceNaming.newId(request, known.ids()), request.name(), request.brand(), request.kind(),
                    request.defaultRegion(), SourceNaming.newWriteKey());
            SourceIndex.Entry entry = SourceIndex.Entry.of(s);
            try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sources (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                bind(ps, entry);
                if (ps.executeUpdate() == 1) {
                    known = known.with(entry);
                    return s;
                }
            } catch (SQLException e) {
                throw db.failure("store source " + s.id(), e);
            }
            if (attempt == CREATE_ATTEMPTS) {
                throw new KithException(ErrorCode.CONFLICT, "cannot find a free id for source \"" + request.name()
                        + "\": other servers keep taking them");
            }
            known = read();
        }
    }

    @Override
    public synchronized Rotation rotate(String id, Duration overlap) {
        String key = SourceNaming.newWriteKey();
        Instant until = clock.instant().plus(overlap).truncatedTo(ChronoUnit.MICROS);
        SourceIndex.Entry rotated = inTransaction(id, c -> {
            SourceIndex.Entry current = lock(c, id).orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no source with id \"" + id + "\""));
            SourceIndex.Entry next = current.rotatedTo(key, until);
            upsert(c, next);
            return next;
        });
        known = known.with(rotated);
        return new Rotation(rotated.source().withWriteKey(key), until);
    }

    @Override
    public synchronized Source put(Source source) {
        SourceIndex.Entry stored = inTransaction(source.id(), c -> {
            Optional<SourceIndex.Entry> existing = lock(c, source.id());
            SourceIndex.Entry entry = existing.map(e -> e.replacedBy(source)).orElseGet(() -> SourceIndex.Entry.of(source));
            if (!existing.filter(entry::equals).isPresent()) {
                String owner = known.owner(entry.source().writeKey(), source.id()).orElse(keyOwner(c, entry));
                if (owner != null) {
                    throw conflict(source, "source \"" + owner + "\"");
                }
                upsert(c, entry);
            }
            return entry;
        });
        known = known.with(stored);
        return stored.source();
    }

    private SourceIndex.Entry inTransaction(String id, Database.Work<SourceIndex.Entry> work) {
        try (Connection c = db.connect()) {
            return Database.inTransaction(c, work);
        } catch (SQLException e) {
            if (db.dialect().isUniqueViolation(e)) {
                throw new KithException(ErrorCode.CONFLICT, "write key of source \"" + id + "\" is already used by another source");
            }
            throw db.failure("store source " + id, e);
        }
    }

    private Optional<SourceIndex.Entry> lock(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sources WHERE id = ?" + db.dialect().forUpdate())) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
            }
        }
    }

    private static void upsert(Connection c, SourceIndex.Entry entry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sources (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET name = excluded.name, brand = excluded.brand, kind = excluded.kind, "
                + "default_region = excluded.default_region, write_key = excluded.write_key, "
                + "previous_write_key = excluded.previous_write_key, previous_valid_until = excluded.previous_valid_until")) {
            bind(ps, entry);
            ps.executeUpdate();
        }
    }

    /** Another source whose current or previous key is this entry's key, read from the table (the copy in memory may be old). */
    private static String keyOwner(Connection c, SourceIndex.Entry entry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM sources WHERE (write_key = ? OR previous_write_key = ?) AND id <> ?")) {
            ps.setString(1, entry.source().writeKey());
            ps.setString(2, entry.source().writeKey());
            ps.setString(3, entry.source().id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static KithException conflict(Source source, String owner) {
        return new KithException(ErrorCode.CONFLICT, "write key of source \"" + source.id() + "\" is already used by " + owner);
    }

    private static void bind(PreparedStatement ps, SourceIndex.Entry e) throws SQLException {
        Source s = e.source();
        ps.setString(1, s.id());
        ps.setString(2, s.name());
        ps.setString(3, s.brand());
        ps.setString(4, s.kind().name());
        ps.setString(5, s.defaultRegion());
        ps.setString(6, s.writeKey());
        ps.setString(7, e.previousKey());
        ps.setObject(8, e.previousValidUntil() == null ? null : OffsetDateTime.ofInstant(e.previousValidUntil(), ZoneOffset.UTC));
    }
}
