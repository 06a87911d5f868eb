package io.kith.store.duckdb;

import io.kith.identity.IdentityOverrides;
import io.kith.identity.OverridesJson;
import io.kith.identity.OverridesStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.UnaryOperator;

/** Identity overrides in the {@code identity_overrides} table, one row per version. */
final class DuckDbOverridesStore implements OverridesStore {
    private final DuckDbStore store;

    DuckDbOverridesStore(DuckDbStore store) {
        this.store = store;
    }

    @Override
    public Versioned current() {
        try (Connection c = store.connect()) {
            return latest(c);
        } catch (SQLException e) {
            throw DuckDbStore.failure("read the identity overrides", e);
        }
    }

    private static Versioned latest(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, overrides FROM identity_overrides ORDER BY version DESC LIMIT 1")) {
            return rs.next() ? new Versioned(OverridesJson.read(rs.getString(2), "identity_overrides version " + rs.getLong(1)), rs.getLong(1))
                    : Versioned.NONE;
        }
    }

    @Override
    public synchronized Versioned update(UnaryOperator<IdentityOverrides> change) {
        try (Connection c = store.connect()) {
            Versioned now = latest(c);
            Versioned next = new Versioned(change.apply(now.overrides()), now.version() + 1);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO identity_overrides (version, overrides) VALUES (?, ?)")) {
                ps.setLong(1, next.version());
                ps.setString(2, OverridesJson.write(next.overrides()));
                ps.executeUpdate();
            }
            return next;
        } catch (SQLException e) {
            throw DuckDbStore.failure("save the identity overrides", e);
        }
    }
}
