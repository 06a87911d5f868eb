package io.kith.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.derive.Definitions;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Versioned derivation definitions in {@code definitions}, the same for both engines. */
public final class JdbcDefinitions implements Definitions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Database db;

    public JdbcDefinitions(Database db) {
        this.db = db;
    }

    @Override
    public Saved save(Kind kind, String name, JsonNode body, Instant at) {
        return db.inTransaction("save definition " + name, c -> {
            db.dialect().lockTable(c, "definitions");
            Optional<Saved> latest = latest(c, kind, name);
            if (latest.isPresent() && latest.get().body().equals(body)) {
                return latest.get();
            }
            int version = latest.map(s -> s.version() + 1).orElse(1);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO definitions (kind, name, version, body, saved_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, kind.name());
                ps.setString(2, name);
                ps.setInt(3, version);
                ps.setString(4, db.dialect().storable(body.toString()));
                ps.setTimestamp(5, Timestamp.from(at));
                ps.executeUpdate();
            }
            return new Saved(kind, name, version, body, at.truncatedTo(ChronoUnit.MICROS));
        });
    }

    @Override
    public List<Saved> all(Kind kind) {
        return db.run("read definitions", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT d.name, d.version, d.body, d.saved_at FROM definitions d "
                    + "JOIN (SELECT name, max(version) AS version FROM definitions WHERE kind = ? GROUP BY name) l "
                    + "ON l.name = d.name AND l.version = d.version WHERE d.kind = ? ORDER BY d.name")) {
                ps.setString(1, kind.name());
                ps.setString(2, kind.name());
                return read(ps, kind);
            }
        });
    }

    @Override
    public Optional<Saved> latest(Kind kind, String name) {
        return db.run("read definition " + name, c -> latest(c, kind, name));
    }

    @Override
    public List<Saved> history(Kind kind, String name, int limit) {
        return db.run("read definition history " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, version, body, saved_at FROM definitions WHERE kind = ? AND name = ? "
                    + "ORDER BY version DESC LIMIT " + Math.max(1, limit))) {
                ps.setString(1, kind.name());
                ps.setString(2, name);
                return read(ps, kind);
            }
        });
    }

    @Override
    public Optional<Saved> version(Kind kind, String name, int version) {
        return db.run("read definition " + name + " v" + version, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, version, body, saved_at FROM definitions WHERE kind = ? AND name = ? "
                    + "AND version = ?")) {
                ps.setString(1, kind.name());
                ps.setString(2, name);
                ps.setInt(3, version);
                List<Saved> out = read(ps, kind);
                return out.isEmpty() ? Optional.<Saved>empty() : Optional.of(out.get(0));
            }
        });
    }

    private Optional<Saved> latest(java.sql.Connection c, Kind kind, String name) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, version, body, saved_at FROM definitions WHERE kind = ? AND name = ? "
                + "ORDER BY version DESC LIMIT 1")) {
            ps.setString(1, kind.name());
            ps.setString(2, name);
            List<Saved> out = read(ps, kind);
            return out.isEmpty() ? Optional.empty() : Optional.of(out.get(0));
        }
    }

    private static List<Saved> read(PreparedStatement ps, Kind kind) throws java.sql.SQLException {
        List<Saved> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    out.add(new Saved(kind, rs.getString(1), rs.getInt(2), JSON.readTree(rs.getString(3)), rs.getTimestamp(4).toInstant()));
                } catch (JsonProcessingException e) {
                    throw new KithException(ErrorCode.INTERNAL, "a stored definition is not JSON: " + e.getOriginalMessage(), e);
                }
            }
        }
        return out;
    }
}
