package org.staffroom.config;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The two conversions every store needs: an {@link Instant} written as a UTC
 * {@code timestamp with time zone} (H2 and PostgreSQL both accept an {@link OffsetDateTime}) and read
 * back. Kept in config because it is the one module every store's module may use.
 */
public final class Sql {

    private Sql() {}

    /** The instant as a UTC timestamp parameter; null stays null. */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A {@code timestamp with time zone} column as an instant; SQL null as null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Text cut to fit a column of {@code max} characters. */
    public static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
