package io.kith.store.postgres;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.pattern.ValidatePattern;

/**
 * Versioned schema migrations by Flyway: the scripts {@code db/postgres/V<n>__<name>.sql}, each applied once, in order,
 * and recorded in {@code flyway_schema_history}; servers starting together take turns on Flyway's advisory lock. A
 * database migrated by a newer Kith is refused.
 */
final class Migrations {
    private Migrations() {
    }

    static void apply(DataSource dataSource, PostgresUrl url) {
        try {
            Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/postgres")
                    .failOnMissingLocations(true)
                    .ignoreMigrationPatterns(new ValidatePattern[0])
                    .cleanDisabled(true)
                    .loggers("slf4j")
                    .load();
            String newer = Arrays.stream(flyway.info().applied())
                    .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                    .map(MigrationInfo::getVersion).map(String::valueOf).collect(Collectors.joining(", "));
            if (!newer.isEmpty()) {
                throw new KithException(ErrorCode.STORAGE_FAILURE, "the PostgreSQL store " + url + " has schema versions " + newer
                        + " that this Kith does not know; upgrade Kith");
            }
            flyway.migrate();
        } catch (FlywayException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "PostgreSQL store: cannot migrate the schema of " + url + ": " + e.getMessage(), e);
        }
    }
}
