package org.staffroom.pdchat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.staffroom.testing.Postgres;
import org.staffroom.testing.StaffroomTest;

/**
 * {@link PdChatTimingTest} on PostgreSQL (production, several instances), a real server on
 * loopback from Maven Central's binaries, stopped when the JVM ends.
 */
@StaffroomTest
@ActiveProfiles("postgres")
@TestPropertySource(properties = "staffroom.test.context=pdchat-timing-postgres")
class PdChatTimingPostgresTest extends PdChatTimingTest {

    private static EmbeddedPostgres postgres;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> postgres().getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            postgres = Postgres.startUntilExit(EmbeddedPostgres.builder());
        }
        return postgres;
    }
}
