package io.kith.store.jdbc;

import io.kith.identity.IdentityOverrides;
import io.kith.identity.OverridesJson;
import io.kith.identity.OverridesStore;
import java.util.function.UnaryOperator;

/** Identity overrides in the {@code identity_overrides} table, one row per version (every change is a version). */
public final class JdbcOverridesStore implements OverridesStore {
    private final VersionedRows rows;

    public JdbcOverridesStore(Database db) {
        this.rows = new VersionedRows(db, "identity_overrides", "overrides");
    }

    @Override
    public Versioned current() {
        return versioned(rows.latest("identity overrides"));
    }

    private static Versioned versioned(VersionedRows.Row r) {
        return r.version() == 0 ? Versioned.NONE
                : new Versioned(OverridesJson.read(r.json(), "identity_overrides version " + r.version()), r.version());
    }

    @Override
    public Versioned update(UnaryOperator<IdentityOverrides> change) {
        return versioned(rows.update("identity overrides", false,
                now -> new VersionedRows.Row(now.version(), OverridesJson.write(change.apply(versioned(now).overrides())))));
    }
}
