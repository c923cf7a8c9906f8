package org.staffroom.architecture.sqloutside;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Runs SQL without a store's name: what the rule refuses. */
class Tally {

    void bump(JdbcClient jdbc) {
        jdbc.sql("update tally set n = n + 1").update();
    }
}
