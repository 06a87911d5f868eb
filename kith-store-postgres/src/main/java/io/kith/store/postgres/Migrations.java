package io.kith.store.postgres;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.store.jdbc.SchemaMigrations;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The shared store's schema: the scripts {@code db/postgres/V<n>__<name>.sql}, applied by {@link SchemaMigrations}
 * (the same mechanism as the embedded store's), servers starting together taking turns on an advisory lock. A store
 * migrated by Flyway, as Kith did before, is adopted as it is.
 */
final class Migrations {
    /** The scripts of this build, in order; add new ones at the end, never edit a released one. */
    static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__identity.sql", "V3__overrides.sql", "V4__linked_in_identifiers.sql",
            "V5__secret_keys.sql", "V6__identity_rules.sql", "V7__event_profiles.sql", "V8__segments.sql", "V9__definitions.sql",
            "V10__console.sql", "V11__privacy.sql", "V12__audit.sql",
            "V13__probable_links.sql", "V14__events_by_source.sql", "V15__segment_members_by_profile.sql", "V16__one_audit_log.sql");

    private static final SchemaMigrations MIGRATIONS = new SchemaMigrations(new PostgresDialect(), "db/postgres", SCRIPTS);

    private Migrations() {
    }

    static void apply(DataSource dataSource, PostgresUrl url) {
        try (Connection c = dataSource.getConnection()) {
            MIGRATIONS.apply(c);
        } catch (SQLException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "PostgreSQL store: cannot migrate the schema of " + url + ": " + e.getMessage(), e);
        }
    }
}
