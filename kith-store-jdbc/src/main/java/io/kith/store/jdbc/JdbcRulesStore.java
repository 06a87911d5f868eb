package io.kith.store.jdbc;

import io.kith.identity.IdentityRulesStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The identity rules in the {@code identity_rules} table, one row per version; a save locks the table as overrides do. */
public final class JdbcRulesStore implements IdentityRulesStore {
    private final Database db;

    public JdbcRulesStore(Database db) {
        this.db = db;
    }

    @Override
    public Versioned current() {
        return db.run("read the identity rules", JdbcRulesStore::latest);
    }

    private static Versioned latest(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, rules FROM identity_rules ORDER BY version DESC LIMIT 1")) {
            return rs.next() ? new Versioned(rs.getString(2), rs.getLong(1)) : Versioned.NONE;
        }
    }

    @Override
    public synchronized Versioned save(String json) {
        return db.inTransaction("save the identity rules", c -> {
            db.dialect().lockTable(c, "identity_rules");
            Versioned now = latest(c);
            if (json.equals(now.json())) {
                return now;
            }
            Versioned next = new Versioned(json, now.version() + 1);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO identity_rules (version, rules) VALUES (?, ?)")) {
                ps.setLong(1, next.version());
                ps.setString(2, json);
                ps.executeUpdate();
            }
            return next;
        });
    }
}
