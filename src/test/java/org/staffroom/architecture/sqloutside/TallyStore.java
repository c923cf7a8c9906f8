package org.staffroom.architecture.sqloutside;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Runs SQL under a store's name: allowed. */
class TallyStore {

    int count(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from tally").query(Integer.class).single();
    }
}
