package io.kith.store.postgres;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.source.NewSource;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import io.kith.source.SourceNaming;
import io.kith.source.SourceRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sources in the {@code sources} table, with write keys answered from memory. Other servers sharing the table may add
 * or change sources, so a lookup that misses reads the table again, at most once a second (unknown write keys cannot
 * hammer the database), and {@link #all} always reads it.
 */
final class PostgresSourceRegistry implements SourceRegistry {
    static final Duration REREAD_INTERVAL = Duration.ofSeconds(1);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int CREATE_ATTEMPTS = 5;

    private final PostgresStore store;
    private final Throttle rereads = new Throttle(REREAD_INTERVAL);
    private volatile Known known;

    /** The sources as last read or written, by write key and by id; replaced whole, never changed. */
    private record Known(Map<String, Source> byKey, Map<String, Source> byId) {
        static Known of(List<Source> sources) {
            Map<String, Source> byKey = new HashMap<>();
            Map<String, Source> byId = new HashMap<>();
            for (Source s : sources) {
                byKey.put(s.writeKey(), s);
                byId.put(s.id(), s);
            }
            return new Known(Map.copyOf(byKey), Map.copyOf(byId));
        }

        Known with(Source source) {
            List<Source> sources = new ArrayList<>(byId.values());
            sources.removeIf(s -> s.id().equals(source.id()));
            sources.add(source);
            return of(sources);
        }
    }

    PostgresSourceRegistry(PostgresStore store) {
        this.store = store;
        this.known = read();
    }

    private Known read() {
        List<Source> sources = new ArrayList<>();
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, brand, kind, default_region, write_key FROM sources"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sources.add(new Source(rs.getString(1), rs.getString(2), rs.getString(3), SourceKind.valueOf(rs.getString(4)),
                        rs.getString(5), rs.getString(6)));
            }
        } catch (SQLException e) {
            throw PostgresStore.failure("load sources", e);
        }
        rereads.reset();
        return Known.of(sources);
    }

    private synchronized Known reread() {
        known = read();
        return known;
    }

    @Override
    public Optional<Source> byWriteKey(String writeKey) {
        Source s = known.byKey().get(writeKey);
        if (s == null && rereads.tryAcquire()) {
            s = reread().byKey().get(writeKey);
        }
        return Optional.ofNullable(s);
    }

    @Override
    public Optional<Source> byId(String id) {
        Source s = known.byId().get(id);
        if (s == null && rereads.tryAcquire()) {
            s = reread().byId().get(id);
        }
        return Optional.ofNullable(s);
    }

    @Override
    public List<Source> all() {
        List<Source> out = new ArrayList<>(reread().byId().values());
        out.sort(Comparator.comparing(Source::id));
        return out;
    }

    @Override
    public synchronized Source create(NewSource request) {
        for (int attempt = 1; ; attempt++) {
            Source s = new Source(SourceNaming.newId(request, known.byId().keySet()), request.name(), request.brand(), request.kind(),
                    request.defaultRegion(), SourceNaming.newWriteKey());
            try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sources (id, name, brand, kind, default_region, write_key) VALUES (?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (id) DO NOTHING")) {
                bind(ps, s);
                if (ps.executeUpdate() == 1) {
                    known = known.with(s);
                    return s;
                }
            } catch (SQLException e) {
                throw PostgresStore.failure("store source " + s.id(), e);
            }
            if (attempt == CREATE_ATTEMPTS) {
                throw new KithException(ErrorCode.CONFLICT, "cannot find a free id for source \"" + request.name()
                        + "\": other servers keep taking them");
            }
            known = read();
        }
    }

    @Override
    public synchronized Source put(Source source) {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try {
                Source existing = null;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id, name, brand, kind, default_region, write_key FROM sources WHERE id = ? FOR UPDATE")) {
                    ps.setString(1, source.id());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            existing = new Source(rs.getString(1), rs.getString(2), rs.getString(3), SourceKind.valueOf(rs.getString(4)),
                                    rs.getString(5), rs.getString(6));
                        }
                    }
                }
                if (!source.equals(existing)) {
                    String owner = keyOwner(c, source);
                    if (owner != null) {
                        throw conflict(source, "source \"" + owner + "\"");
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO sources (id, name, brand, kind, default_region, write_key) VALUES (?, ?, ?, ?, ?, ?) "
                                    + "ON CONFLICT (id) DO UPDATE SET name = excluded.name, brand = excluded.brand, kind = excluded.kind, "
                                    + "default_region = excluded.default_region, write_key = excluded.write_key")) {
                        bind(ps, source);
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw conflict(source, "another source");
            }
            throw PostgresStore.failure("store source " + source.id(), e);
        }
        known = known.with(source);
        return source;
    }

    private static String keyOwner(Connection c, Source source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM sources WHERE write_key = ? AND id <> ?")) {
            ps.setString(1, source.writeKey());
            ps.setString(2, source.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static KithException conflict(Source source, String owner) {
        return new KithException(ErrorCode.CONFLICT, "write key of source \"" + source.id() + "\" is already used by " + owner);
    }

    private static void bind(PreparedStatement ps, Source s) throws SQLException {
        ps.setString(1, s.id());
        ps.setString(2, s.name());
        ps.setString(3, s.brand());
        ps.setString(4, s.kind().name());
        ps.setString(5, s.defaultRegion());
        ps.setString(6, s.writeKey());
    }
}
