package org.staffroom.reliability;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.api.Trigger;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An H2 trigger that makes recording one inbound event fail once, as a database that refuses a
 * write would: the adapter's listener then throws and Slack, unanswered, sends the event again.
 */
public class FailingInserts implements Trigger {

    private static final Set<String> FAIL_ONCE = ConcurrentHashMap.newKeySet();

    /** The next insert of an inbound event with this content key fails. */
    public static void failNext(JdbcClient jdbc, String contentKey) {
        FAIL_ONCE.add(contentKey);
        jdbc.sql(
                        "create trigger if not exists reliability_failing_insert before insert on inbound_event for each row call '"
                                + FailingInserts.class.getName() + "'")
                .update();
    }

    public static void remove(JdbcClient jdbc) {
        FAIL_ONCE.clear();
        jdbc.sql("drop trigger if exists reliability_failing_insert").update();
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        // inbound_event columns: id, event_key, content_key, …
        Object contentKey = newRow == null ? null : newRow[2];
        if (contentKey != null && FAIL_ONCE.remove(contentKey.toString())) {
            throw new SQLException("the database refused the write (reliability test)");
        }
    }
}
