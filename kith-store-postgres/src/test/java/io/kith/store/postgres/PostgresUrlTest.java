package io.kith.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {
    @Test
    void aPostgresUrlBecomesAJdbcUrlWithTheCredentialsApart() {
        PostgresUrl url = PostgresUrl.parse("postgres://kith:p%40ss%3Aw%2Frd@db1:5432,db2:5433/kith?sslmode=require&sslpassword=x");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db1:5432,db2:5433/kith?sslmode=require&sslpassword=x");
        assertThat(url.user()).isEqualTo("kith");
        assertThat(url.password()).isEqualTo("p@ss:w/rd");
        assertThat(url.display()).isEqualTo("postgres://kith@db1:5432,db2:5433/kith?sslmode=require&sslpassword=***");
        assertThat(url.toString()).isEqualTo(url.display());
    }

    @Test
    void aJdbcUrlGivesUpItsUserAndPasswordParameters() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://localhost/kith?user=kith&password=secret&ApplicationName=x");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/kith?ApplicationName=x");
        assertThat(url.user()).isEqualTo("kith");
        assertThat(url.password()).isEqualTo("secret");
        assertThat(url.display()).isEqualTo("jdbc:postgresql://kith@localhost/kith?ApplicationName=x");
        assertThat(PostgresUrl.parse("postgresql://localhost/kith").user()).isNull();
    }

    @Test
    void redactingTakesOutPasswordsEvenFromWhatDoesNotParse() {
        assertThat(PostgresUrl.redact("mysql://kith:secret@localhost/kith")).isEqualTo("mysql://kith@localhost/kith");
        assertThat(PostgresUrl.redact("postgres://kith:se/cr@et@localhost/kith")).isEqualTo("postgres://kith@localhost/kith");
        assertThat(PostgresUrl.redact("kith:secret@localhost")).isEqualTo("kith@localhost");
        assertThat(PostgresUrl.redact("jdbc:postgresql://h/db?user=k&password=secret&sslPassword=s2"))
                .isEqualTo("jdbc:postgresql://h/db?user=k&password=***&sslPassword=***");
        assertThatThrownBy(() -> PostgresUrl.parse("postgres://kith:bad%zz@localhost/kith"))
                .hasMessageContaining("postgres://kith@localhost/kith").message().doesNotContain("bad%zz");
    }
}
