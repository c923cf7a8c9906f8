package org.staffroom.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.persistence.FlywayRenumbering.Renumbered;

/**
 * A database made by the release before the global version sequence (files named {@code V1_1} …
 * {@code V15_1}) migrates under the new names on H2 and on PostgreSQL: its history is renumbered,
 * it validates, nothing runs again, and a second start changes nothing.
 * The old release's files are the current files under their old names (contents are unchanged by
 * the renumbering, which is what keeps their checksums valid).
 */
class FlywayRenumberingTest {

    static EmbeddedPostgres postgres;

    @TempDir
    static Path oldRelease;

    @BeforeAll
    static void start() throws IOException {
        for (Renumbered r : FlywayRenumbering.RENUMBERED) {
            try (InputStream in = FlywayRenumberingTest.class.getResourceAsStream("/db/migration/" + r.newScript())) {
                assertThat(in).as(r.newScript()).isNotNull();
                Files.copy(in, oldRelease.resolve(r.oldScript()));
            }
        }
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) postgres.close();
    }

    @Test
    void anOldH2DatabaseMovesToTheGlobalSequence() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:renumbering-h2;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        movesToTheGlobalSequence(h2);
    }

    @Test
    void anOldPostgresDatabaseMovesToTheGlobalSequence() throws Exception {
        DataSource admin = postgres.getPostgresDatabase();
        JdbcClient.create(admin).sql("create database renumbering").update();
        movesToTheGlobalSequence(postgres.getDatabase("postgres", "renumbering"));
    }

    @Test
    void springBootHandsTheCallbackToItsFlyway() {
        String url = "jdbc:h2:mem:renumbering-boot;DB_CLOSE_DELAY=-1";
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        h2.setUser("sa");
        oldRelease(h2).migrate();
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
                .withBean(FlywayRenumbering.class)
                .withPropertyValues(
                        "spring.datasource.url=" + url,
                        "spring.datasource.username=sa",
                        "spring.flyway.locations=classpath:db/migration")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(versions(h2)).containsExactlyElementsOf(currentVersions());
                });
    }

    @Test
    void aNewDatabaseIsLeftToFlyway() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:renumbering-new;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        var result = current(h2).migrate();
        assertThat(result.migrationsExecuted).isEqualTo(currentVersions().size());
        assertThat(versions(h2)).containsExactlyElementsOf(currentVersions());
    }

    private void movesToTheGlobalSequence(DataSource db) {
        var created = oldRelease(db).migrate();
        assertThat(created.migrationsExecuted).isEqualTo(FlywayRenumbering.RENUMBERED.size());
        assertThat(versions(db)).startsWith("1.1", "1.2", "1.3", "2.1").endsWith("13.1", "15.1");
        Map<String, Integer> checksumsBefore = checksums(db);

        // Without the callback the new names are refused: this is what the callback is for.
        assertThat(Flyway.configure()
                        .dataSource(db)
                        .locations("classpath:db/migration")
                        .load()
                        .validateWithResult()
                        .validationSuccessful)
                .isFalse();

        // The renumbered rows are kept as they ran; only the migrations added since the old release run.
        Flyway flyway = current(db);
        var first = flyway.migrate();
        assertThat(first.success).isTrue();
        assertThat(first.migrationsExecuted).isEqualTo(currentVersions().size() - FlywayRenumbering.RENUMBERED.size());
        assertThat(versions(db)).containsExactlyElementsOf(currentVersions());
        assertThat(versions(db).subList(0, newVersions().size())).containsExactlyElementsOf(newVersions());
        assertThat(scripts(db).subList(0, newVersions().size()))
                .containsExactlyElementsOf(FlywayRenumbering.RENUMBERED.stream()
                        .map(Renumbered::newScript)
                        .toList());
        assertThat(checksums(db).values().stream().limit(checksumsBefore.size()).toList())
                .containsExactlyElementsOf(checksumsBefore.values());
        flyway.validate();
        assertThat(flyway.info().pending()).isEmpty();
        for (MigrationInfo applied : flyway.info().applied()) {
            assertThat(applied.getState().isFailed()).isFalse();
        }

        // The second start: nothing to renumber, nothing to run, the history unchanged.
        List<String> before = history(db);
        var second = current(db).migrate();
        assertThat(second.migrationsExecuted).isZero();
        assertThat(history(db)).isEqualTo(before);
        current(db).validate();
    }

    private Flyway oldRelease(DataSource db) {
        return Flyway.configure()
                .dataSource(db)
                .locations("filesystem:" + oldRelease)
                .load();
    }

    private static Flyway current(DataSource db) {
        return Flyway.configure()
                .dataSource(db)
                .locations("classpath:db/migration")
                .callbacks(new FlywayRenumbering())
                .load();
    }

    /** Every version of this release, in order: the renumbered ones, then those added since. */
    private static List<String> currentVersions() {
        return java.util.Arrays.stream(Flyway.configure()
                        .dataSource(scratch())
                        .locations("classpath:db/migration")
                        .load()
                        .info()
                        .all())
                .map(m -> m.getVersion().getVersion())
                .toList();
    }

    private static DataSource scratch() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:renumbering-scratch;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        return h2;
    }

    private static List<String> newVersions() {
        return FlywayRenumbering.RENUMBERED.stream().map(Renumbered::newVersion).toList();
    }

    private static List<String> versions(DataSource db) {
        return JdbcClient.create(db)
                .sql(
                        "select \"version\" from \"flyway_schema_history\" where \"version\" is not null order by \"installed_rank\"")
                .query(String.class)
                .list();
    }

    private static List<String> scripts(DataSource db) {
        return JdbcClient.create(db)
                .sql(
                        "select \"script\" from \"flyway_schema_history\" where \"version\" is not null order by \"installed_rank\"")
                .query(String.class)
                .list();
    }

    private static Map<String, Integer> checksums(DataSource db) {
        return JdbcClient.create(db)
                .sql(
                        "select \"description\", \"checksum\" from \"flyway_schema_history\" where \"version\" is not null order by \"installed_rank\"")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static List<String> history(DataSource db) {
        return JdbcClient.create(db)
                .sql("select * from \"flyway_schema_history\" order by \"installed_rank\"")
                .query((rs, n) -> {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++)
                        row.append(rs.getString(i)).append('|');
                    return row.toString();
                })
                .list();
    }
}
