package io.kith.store.duckdb;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Sources in the {@code sources} table, with write keys answered from memory. */
final class DuckDbSourceRegistry implements SourceRegistry {
    private final DuckDbStore store;
    private final Map<String, Source> byKey = new ConcurrentHashMap<>();
    private final Map<String, Source> byId = new ConcurrentHashMap<>();

    DuckDbSourceRegistry(DuckDbStore store) {
        this.store = store;
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, brand, kind, default_region, write_key FROM sources"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                remember(new Source(rs.getString(1), rs.getString(2), rs.getString(3), SourceKind.valueOf(rs.getString(4)),
                        rs.getString(5), rs.getString(6)));
            }
        } catch (SQLException e) {
            throw DuckDbStore.failure("load sources", e);
        }
    }

    private void remember(Source s) {
        byKey.put(s.writeKey(), s);
        byId.put(s.id(), s);
    }

    @Override
    public Optional<Source> byWriteKey(String writeKey) {
        return Optional.ofNullable(byKey.get(writeKey));
    }

    @Override
    public Optional<Source> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<Source> all() {
        List<Source> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparing(Source::id));
        return out;
    }

    @Override
    public synchronized Source create(NewSource request) {
        Source s = new Source(SourceNaming.newId(request, byId.keySet()), request.name(), request.brand(), request.kind(),
                request.defaultRegion(), SourceNaming.newWriteKey());
        insert(s);
        return s;
    }

    @Override
    public synchronized Source put(Source source) {
        Source existing = byId.get(source.id());
        if (existing != null && existing.equals(source)) {
            return existing;
        }
        Source keyOwner = byKey.get(source.writeKey());
        if (keyOwner != null && !keyOwner.id().equals(source.id())) {
            throw new KithException(ErrorCode.CONFLICT, "write key of source \"" + source.id() + "\" is already used by source \"" + keyOwner.id() + "\"");
        }
        try (Connection c = store.connect(); PreparedStatement del = c.prepareStatement("DELETE FROM sources WHERE id = ?")) {
            del.setString(1, source.id());
            del.executeUpdate();
        } catch (SQLException e) {
            throw DuckDbStore.failure("replace source " + source.id(), e);
        }
        if (existing != null) {
            byKey.remove(existing.writeKey());
        }
        insert(source);
        return source;
    }

    private void insert(Source s) {
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sources (id, name, brand, kind, default_region, write_key) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, s.id());
            ps.setString(2, s.name());
            ps.setString(3, s.brand());
            ps.setString(4, s.kind().name());
            ps.setString(5, s.defaultRegion());
            ps.setString(6, s.writeKey());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw DuckDbStore.failure("store source " + s.id(), e);
        }
        remember(s);
    }
}
