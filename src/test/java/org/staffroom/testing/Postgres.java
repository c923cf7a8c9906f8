package org.staffroom.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Embedded PostgreSQL for the tests that run Staffroom on it: a fresh database per test (so their
 * migrations never meet another's tables) and a server that lives as long as the JVM.
 */
public final class Postgres {

    private Postgres() {}

    /** Creates a database named {@code <prefix>_<random>} and returns its JDBC URL (user postgres). */
    public static String newDatabase(EmbeddedPostgres postgres, String prefix) {
        String name =
                prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    /** Starts the server and closes it when the JVM exits, for a server shared by a test class's static state. */
    public static EmbeddedPostgres startUntilExit(EmbeddedPostgres.Builder builder) {
        EmbeddedPostgres postgres;
        try {
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // the JVM is going anyway
            }
        }));
        return postgres;
    }
}
