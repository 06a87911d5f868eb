package io.kith.store.duckdb;

import io.kith.store.jdbc.SchemaMigrations;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The embedded store's schema: the scripts {@code db/duckdb/V<n>__<name>.sql}, applied by {@link SchemaMigrations}. */
final class Migrations {
    /** The scripts of this build, in order; add new ones at the end, never edit a released one. */
    static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__api_keys.sql", "V3__identity.sql", "V4__overrides.sql",
            "V5__linked_in_identifiers.sql", "V6__secret_keys.sql", "V7__identity_rules.sql", "V8__event_profiles.sql", "V9__segments.sql",
            "V10__definitions.sql", "V11__console.sql", "V12__privacy.sql", "V13__audit.sql",
            "V14__probable_links.sql", "V15__event_key_hash.sql", "V16__events_by_sequence.sql", "V17__profile_reads.sql", "V18__one_audit_log.sql");

    private static final SchemaMigrations MIGRATIONS = new SchemaMigrations(new DuckDbDialect(), "db/duckdb", SCRIPTS);

    private Migrations() {
    }

    static void apply(Connection c) throws SQLException {
        MIGRATIONS.apply(c);
    }

    /** Migrates to schema version {@code target} (tests build databases of earlier versions with it). */
    static void apply(Connection c, int target) throws SQLException {
        MIGRATIONS.apply(c, target);
    }
}
