package io.kith.store.jdbc;

import io.kith.identity.IdentityRulesStore;

/** The identity rules in the {@code identity_rules} table, one row per version. */
public final class JdbcRulesStore implements IdentityRulesStore {
    private final VersionedRows rows;

    public JdbcRulesStore(Database db) {
        this.rows = new VersionedRows(db, "identity_rules", "rules");
    }

    @Override
    public Versioned current() {
        VersionedRows.Row r = rows.latest("identity rules");
        return r.version() == 0 ? Versioned.NONE : new Versioned(r.json(), r.version());
    }

    @Override
    public Versioned save(String json) {
        VersionedRows.Row r = rows.update("identity rules", true, now -> new VersionedRows.Row(now.version(), json));
        return new Versioned(r.json(), r.version());
    }
}
