package org.staffroom.config;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The two conversions every store needs: an {@link Instant} written as a UTC
 * {@code timestamp with time zone} (H2 and PostgreSQL both accept an {@link OffsetDateTime}) and read
 * back; and {@link Rows}, a store's reads of one row type. Kept in config because it is the one module
 * every store's module may use.
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

    /**
     * A store's reads of one row type: a query and its positional parameters, mapped by the store's
     * mapper, as one call ({@code drafts.one("select * from draft where id = ?", id)}) instead of the
     * same four-step {@link JdbcClient} chain in every finder.
     */
    public record Rows<R>(JdbcClient jdbc, RowMapper<R> mapper) {

        /** The row the query finds, if any (more than one is an error). */
        public Optional<R> one(String sql, Object... params) {
            return jdbc.sql(sql).params(params).query(mapper).optional();
        }

        /** Every row the query finds, in its order. */
        public List<R> list(String sql, Object... params) {
            return jdbc.sql(sql).params(params).query(mapper).list();
        }
    }
}
