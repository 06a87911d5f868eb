package io.kith.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaMigrationsTest {
    @Test
    void statementsSplitAtLineEndingSemicolonsButNotInsideDollarQuotedBodies() {
        String script = """
                -- a comment; with a semicolon
                CREATE TABLE a (x int);
                CREATE FUNCTION f(t text) RETURNS int LANGUAGE plpgsql AS $$
                BEGIN
                    RETURN 1;
                END
                $$;
                INSERT INTO a VALUES (1);
                """;
        List<String> s = SchemaMigrations.statements(script);
        assertThat(s).hasSize(3);
        assertThat(s.get(0)).isEqualTo("CREATE TABLE a (x int)");
        assertThat(s.get(1)).startsWith("CREATE FUNCTION").contains("RETURN 1;").endsWith("$$");
        assertThat(s.get(2)).isEqualTo("INSERT INTO a VALUES (1)");
    }
}
