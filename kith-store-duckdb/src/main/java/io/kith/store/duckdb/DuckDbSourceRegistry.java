package io.kith.store.duckdb;

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

/** Sources in the {@code sources} table, with write keys answered from memory; changes are written through, one at a time. */
final class DuckDbSourceRegistry implements SourceRegistry {
    private final DuckDbStore store;
    private final Clock clock;
    private volatile SourceIndex index;

    DuckDbSourceRegistry(DuckDbStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        List<SourceIndex.Entry> entries = new ArrayList<>();
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, brand, kind, default_region, write_key, previous_write_key, previous_valid_until FROM sources");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                OffsetDateTime until = rs.getObject(8, OffsetDateTime.class);
                entries.add(new SourceIndex.Entry(new Source(rs.getString(1), rs.getString(2), rs.getString(3),
                        SourceKind.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6)), rs.getString(7),
                        until == null ? null : until.toInstant()));
            }
        } catch (SQLException e) {
            throw DuckDbStore.failure("load sources", e);
        }
        index = SourceIndex.of(entries);
    }

    @Override
    public Optional<Source> byWriteKey(String writeKey) {
        return index.byWriteKey(writeKey, clock.instant());
    }

    @Override
    public Optional<Source> byId(String id) {
        return index.byId(id);
    }

    @Override
    public List<Source> all() {
        return index.all();
    }

    @Override
    public synchronized Source create(NewSource request) {
        Source s = new Source(SourceNaming.newId(request, index.ids()), request.name(), request.brand(), request.kind(),
                request.defaultRegion(), SourceNaming.newWriteKey());
        write(SourceIndex.Entry.of(s));
        return s;
    }

    @Override
    public synchronized Rotation rotate(String id, Duration overlap) {
        SourceIndex.Entry current = index.entry(id).orElseThrow(() -> new KithException(ErrorCode.NOT_FOUND, "no source with id \"" + id + "\""));
        String key = SourceNaming.newWriteKey();
        Instant until = clock.instant().plus(overlap).truncatedTo(ChronoUnit.MICROS);
        write(current.rotatedTo(key, until));
        return new Rotation(current.source().withWriteKey(key), until);
    }

    @Override
    public synchronized Source put(Source source) {
        SourceIndex.Entry entry = index.entry(source.id()).map(e -> e.replacedBy(source)).orElseGet(() -> SourceIndex.Entry.of(source));
        if (index.entry(source.id()).filter(entry::equals).isPresent()) {
            return entry.source();
        }
        index.owner(entry.source().writeKey(), source.id()).ifPresent(owner -> {
            throw new KithException(ErrorCode.CONFLICT, "write key of source \"" + source.id() + "\" is already used by source \"" + owner + "\"");
        });
        write(entry);
        return entry.source();
    }

    /** Stores an entry, replacing the row of its source id, and then indexes it. */
    private void write(SourceIndex.Entry e) {
        Source s = e.source();
        try (Connection c = store.connect()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM sources WHERE id = ?")) {
                del.setString(1, s.id());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sources (id, name, brand, kind, default_region, write_key, "
                    + "previous_write_key, previous_valid_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, s.id());
                ps.setString(2, s.name());
                ps.setString(3, s.brand());
                ps.setString(4, s.kind().name());
                ps.setString(5, s.defaultRegion());
                ps.setString(6, s.writeKey());
                ps.setString(7, e.previousKey());
                ps.setObject(8, e.previousValidUntil() == null ? null : OffsetDateTime.ofInstant(e.previousValidUntil(), ZoneOffset.UTC));
                ps.executeUpdate();
            }
        } catch (SQLException ex) {
            throw DuckDbStore.failure("store source " + s.id(), ex);
        }
        index = index.with(e);
    }
}
