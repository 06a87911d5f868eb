package io.kith.store.postgres;

import io.kith.identity.IdentityOverrides;
import io.kith.identity.OverridesJson;
import io.kith.identity.OverridesStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.UnaryOperator;

/**
 * Identity overrides in the {@code identity_overrides} table, one row per version. A change locks the table, so that
 * servers changing the overrides at once apply their changes one after the other and none is lost.
 */
final class PostgresOverridesStore implements OverridesStore {
    private final PostgresStore store;

    PostgresOverridesStore(PostgresStore store) {
        this.store = store;
    }

    @Override
    public Versioned current() {
        try (Connection c = store.connect()) {
            return latest(c);
        } catch (SQLException e) {
            throw PostgresStore.failure("read the identity overrides", e);
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
    public Versioned update(UnaryOperator<IdentityOverrides> change) {
        return store.inTransaction("save the identity overrides", false, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("LOCK TABLE identity_overrides IN SHARE ROW EXCLUSIVE MODE");
            }
            Versioned now = latest(c);
            Versioned next = new Versioned(change.apply(now.overrides()), now.version() + 1);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO identity_overrides (version, overrides) VALUES (?, ?)")) {
                ps.setLong(1, next.version());
                ps.setString(2, OverridesJson.write(next.overrides()));
                ps.executeUpdate();
            }
            return next;
        });
    }
}
