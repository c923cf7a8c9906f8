package org.staffroom.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every migration runs on PostgreSQL as well as H2 (production and several instances use
 * PostgreSQL). Runs a real PostgreSQL 18 server on loopback from Maven Central's binaries.
 */
class PostgresMigrationsTest {

    static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) postgres.close();
    }

    @Test
    void allMigrationsApplyOnPostgres() {
        DataSource ds = postgres.getPostgresDatabase();
        var result = Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isGreaterThanOrEqualTo(3);
        JdbcClient jdbc = JdbcClient.create(ds);
        assertThat(jdbc.sql("select count(*) from delivery").query(Long.class).single())
                .isZero();
        // The delivery key is unique, which exactly-once posting relies on.
        jdbc.sql(
                        "insert into delivery (idempotency_key, kind, platform, space_id, state, attempts, created_at) values ('k', 'POST', 'SLACK', 'T', 'PENDING', 0, now())")
                .update();
        int again = jdbc.sql("""
                insert into delivery (idempotency_key, kind, platform, space_id, state, attempts, created_at)
                select 'k', 'POST', 'SLACK', 'T', 'PENDING', 0, now() where not exists (select 1 from delivery where idempotency_key = 'k')""").update();
        assertThat(again).isZero();
    }
}
