package org.staffroom.persistence;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Carries a database made by a release with per-module migration versions ({@code V1_1} … {@code V15_1})
 * over to the one global sequence ({@code V1} … {@code V16}). The files kept their contents and
 * descriptions, so only the version and script name recorded in Flyway's history change; checksums
 * stay valid. Runs before Flyway reads the history (validate, migrate, info, repair); a row that is
 * already renumbered, or a fresh database, is left alone, so a second start does nothing.
 * Spring Boot hands every {@link Callback} bean to its Flyway.
 */
@Component
public class FlywayRenumbering implements Callback {

    private static final Logger log = LoggerFactory.getLogger(FlywayRenumbering.class);

    /** Old version as Flyway records it, new version, and the script's description (its name after {@code __}). */
    public record Renumbered(String oldVersion, String newVersion, String description) {
        public String oldScript() {
            return "V" + oldVersion.replace('.', '_') + "__" + description + ".sql";
        }

        public String newScript() {
            return "V" + newVersion + "__" + description + ".sql";
        }
    }

    /** In the order the files ran; the new versions keep that order. */
    public static final List<Renumbered> RENUMBERED = List.of(
            new Renumbered("1.1", "1", "chat"),
            new Renumbered("1.2", "2", "sandbox"),
            new Renumbered("1.3", "3", "shedlock"),
            new Renumbered("2.1", "4", "slack"),
            new Renumbered("3.1", "5", "discord"),
            new Renumbered("4.1", "6", "qotd"),
            new Renumbered("5.1", "7", "approvals"),
            new Renumbered("5.2", "8", "drafts"),
            new Renumbered("6.1", "9", "pdchat"),
            new Renumbered("7.1", "10", "web"),
            new Renumbered("7.2", "11", "display_links"),
            new Renumbered("9.1", "12", "pdchat_tag_latest"),
            new Renumbered("10.1", "13", "access"),
            new Renumbered("12.1", "14", "slack_install_security"),
            new Renumbered("13.1", "15", "webhook_sequence"),
            new Renumbered("15.1", "16", "review_undo"));

    private static final Set<Event> BEFORE_READING_HISTORY =
            Set.of(Event.BEFORE_VALIDATE, Event.BEFORE_MIGRATE, Event.BEFORE_INFO, Event.BEFORE_REPAIR);

    @Override
    public boolean supports(Event event, Context context) {
        return BEFORE_READING_HISTORY.contains(event);
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            int rows = renumber(context.getConnection(), context.getConfiguration());
            if (rows > 0) {
                log.info("Flyway history carried over to the global version sequence: {} rows renumbered", rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not renumber Flyway's history to the global version sequence", e);
        }
    }

    @Override
    public String getCallbackName() {
        return "staffroom-renumbering";
    }

    static int renumber(Connection connection, Configuration configuration) throws SQLException {
        String table = historyTable(connection, configuration);
        if (table == null) return 0;
        int rows = 0;
        // Quoted names: Flyway creates the table and its columns in lower case with quotes on H2 and PostgreSQL.
        String sql =
                "update " + table + " set \"version\" = ?, \"script\" = ? where \"version\" = ? and \"script\" = ?";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            for (Renumbered r : RENUMBERED) {
                update.setString(1, r.newVersion());
                update.setString(2, r.newScript());
                update.setString(3, r.oldVersion());
                update.setString(4, r.oldScript());
                rows += update.executeUpdate();
            }
        }
        return rows;
    }

    /** The qualified, quoted name of Flyway's history table, or null while it does not exist (a new database). */
    private static String historyTable(Connection connection, Configuration configuration) throws SQLException {
        String name = configuration.getTable();
        String[] schemas = configuration.getSchemas();
        String schema = configuration.getDefaultSchema() != null
                ? configuration.getDefaultSchema()
                : schemas.length > 0 ? schemas[0] : connection.getSchema();
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet found = meta.getTables(null, schema, name, new String[] {"TABLE"})) {
            if (!found.next()) return null;
            String actualSchema = found.getString("TABLE_SCHEM");
            return quote(actualSchema) + "." + quote(found.getString("TABLE_NAME"));
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
