package org.staffroom.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * SQL runs only in {@code *Store} classes (issue 19): a class that calls JdbcClient, JdbcTemplate,
 * NamedParameterJdbcTemplate or plain JDBC and is not named {@code …Store} fails here, with the
 * caller and the line. The few exceptions are listed with the reason each cannot be a store.
 */
class SqlOnlyInStoresTest {

    /** Classes (or their nested classes) that may run SQL without being a store, and why. */
    static final Map<String, String> ALLOWED = Map.of(
            "org.staffroom.config.Sql",
            "the one SQL support class: Sql.Rows runs a store's query with that store's row mapper",
            "org.staffroom.outbox.Outbox",
            "the outbox protocol's SQL over whichever table a module's store names (OutboxTable); stores build it",
            "org.staffroom.chat.Ticker$Locking",
            "ShedLock's JdbcTemplateLockProvider needs a JdbcTemplate of its own",
            "org.staffroom.discord.GatewayLease",
            "the Discord gateway lease is a ShedLock lock, on a JdbcTemplate of its own",
            "org.staffroom.persistence.FlywayRenumbering",
            "a Flyway callback: it runs on Flyway's connection before Flyway reads its history table");

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.staffroom");

    @Test
    void onlyStoresRunSql() {
        sqlOnlyInStores().check(MAIN);
    }

    /** Each exception still exists and still runs SQL, so the list cannot outlive its reasons. */
    @Test
    void everyExceptionIsStillNeeded() {
        for (String name : ALLOWED.keySet()) {
            assertThat(MAIN.contain(name)).as("%s exists", name).isTrue();
            assertThat(MAIN.stream()
                            .filter(c -> c.getName().equals(name) || c.getName().startsWith(name + "$"))
                            .flatMap(c -> c.getAccessesFromSelf().stream())
                            .anyMatch(a -> runsSql(a.getTargetOwner())))
                    .as("%s still runs SQL (%s)", name, ALLOWED.get(name))
                    .isTrue();
        }
    }

    @Test
    void theRuleCatchesSqlOutsideAStore() {
        JavaClasses fixture = new ClassFileImporter().importPackages("org.staffroom.architecture.sqloutside");
        assertThat(fixture.contain("org.staffroom.architecture.sqloutside.TallyStore"))
                .isTrue();
        assertThatThrownBy(() -> sqlOnlyInStores().check(fixture))
                .hasMessageContaining("sqloutside.Tally.bump")
                .hasMessageNotContaining("TallyStore");
    }

    static ArchRule sqlOnlyInStores() {
        return noClasses()
                .that(describe("are not *Store classes or listed exceptions", c -> !storeOrAllowed(c)))
                .should()
                .accessTargetWhere(describe(
                        "the target is JdbcClient, JdbcTemplate, NamedParameterJdbcTemplate or plain JDBC",
                        (JavaAccess<?> access) -> runsSql(access.getTargetOwner())))
                .because("SQL lives in *Store classes (issue 19); see SqlOnlyInStoresTest.ALLOWED for the exceptions");
    }

    /** A store, a class nested in one, or a listed exception (or nested in one). */
    static boolean storeOrAllowed(JavaClass c) {
        String name = c.getName();
        String topLevel = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
        return topLevel.endsWith("Store") || ALLOWED.containsKey(name) || ALLOWED.containsKey(topLevel);
    }

    /** Spring's JDBC templates and client (with the client's statement specs), or plain JDBC. */
    static boolean runsSql(JavaClass owner) {
        return owner.getPackageName().equals("org.springframework.jdbc.core")
                || owner.getPackageName().startsWith("org.springframework.jdbc.core.")
                || owner.isAssignableTo(Connection.class)
                || owner.isAssignableTo(Statement.class)
                || owner.isAssignableTo(DataSource.class);
    }
}
