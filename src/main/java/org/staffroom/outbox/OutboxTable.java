package org.staffroom.outbox;

import java.util.regex.Pattern;

/**
 * An outbox table's name and the few columns that differ from the standard ones
 * ({@code next_attempt_at}, {@code last_error}); {@code label} is an SQL expression over the row that
 * tells an admin what the row was for. Declared as a bean, it lists the table's dead letters at
 * {@code /admin/outbox}.
 */
public record OutboxTable(String name, String label, String nextAttemptColumn, String errorColumn, int errorLength) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public OutboxTable {
        for (String id : new String[] {name, nextAttemptColumn, errorColumn}) {
            if (!IDENTIFIER.matcher(id).matches()) throw new IllegalArgumentException("not an SQL identifier: " + id);
        }
    }

    /** A table with the standard columns. */
    public static OutboxTable standard(String name, String label) {
        return new OutboxTable(name, label, "next_attempt_at", "last_error", 500);
    }
}
