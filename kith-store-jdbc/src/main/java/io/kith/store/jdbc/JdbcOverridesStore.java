package io.kith.store.jdbc;

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
 * Identity overrides in the {@code identity_overrides} table, one row per version. A change locks the table (where other
 * processes share it) and this object, so that changes made at once apply one after the other and none is lost.
 */
public final class JdbcOverridesStore implements OverridesStore {
    private final Database db;

    public JdbcOverridesStore(Database db) {
        this.db = db;
    }

    @Override
    public Versioned current() {
        return db.run("read the identity overrides", JdbcOverridesStore::latest);
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
        return db.inTransaction("save the identity overrides", c -> {
            db.dialect().lockTable(c, "identity_overrides");
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
