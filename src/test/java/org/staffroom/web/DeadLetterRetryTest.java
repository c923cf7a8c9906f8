package org.staffroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.staffroom.testing.AdminSession;
import org.staffroom.testing.StaffroomTest;

/**
 * An admin puts a dead letter back in its queue from /admin/outbox: the row is PENDING again with
 * its attempts reset, the retry is in the dashboard's audit, a second press says it is gone, and a
 * post without the page's CSRF token is refused. (The sender is off, so the row stays where the
 * retry put it.)
 */
@StaffroomTest
@TestPropertySource(properties = "staffroom.delivery.autostart=false")
class DeadLetterRetryTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LoginLinks links;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anAdminRetriesADeadLetterAndItIsBackInTheQueueAudited() throws Exception {
        Instant created = Instant.parse("2026-11-20T08:00:00Z");
        jdbc.sql("insert into delivery (idempotency_key, kind, platform, space_id, channel_id, state, attempts,"
                        + " error, created_at, claimed_at, lane) values ('qotd:retry-me', 'POST', 'SLACK', 'T0', 'C0',"
                        + " 'FAILED', 8, 'channel_not_found', ?, ?, 'slack:T0:C0')")
                .params(created.atOffset(ZoneOffset.UTC), created.atOffset(ZoneOffset.UTC))
                .update();
        long id = jdbc.sql("select id from delivery where idempotency_key = 'qotd:retry-me'")
                .query(Long.class)
                .single();
        String cookie = AdminSession.cookie(port, links);

        String page = get("/admin/outbox", cookie).body();
        assertThat(page)
                .contains("POST qotd:retry-me")
                .contains("channel_not_found")
                .contains("/admin/outbox/retry");
        String csrf = csrf(page);

        assertThat(post("table=delivery&id=1&_csrf=wrong".replace("1", Long.toString(id)), cookie)
                        .statusCode())
                .isEqualTo(403);
        assertThat(state(id)).containsEntry("STATE", "FAILED");

        HttpResponse<String> retried = post("table=delivery&id=" + id + "&_csrf=" + csrf, cookie);
        assertThat(retried.statusCode()).isEqualTo(302);
        Map<String, Object> row = state(id);
        assertThat(row).containsEntry("STATE", "PENDING").containsEntry("ATTEMPTS", 0);
        assertThat(row.get("CLAIMED_BY")).isNull();
        assertThat(get("/admin/outbox", cookie).body())
                .contains("is back in the queue")
                .doesNotContain("POST qotd:retry-me");
        assertThat(jdbc.sql("select action || ' ' || subject from web_audit where action = 'retried-dead-letter'")
                        .query(String.class)
                        .list())
                .containsExactly("retried-dead-letter delivery #" + id);

        post("table=delivery&id=" + id + "&_csrf=" + csrf, cookie);
        assertThat(get("/admin/outbox", cookie).body()).contains("no longer undelivered");
        assertThat(state(id)).containsEntry("STATE", "PENDING");
    }

    private Map<String, Object> state(long id) {
        return jdbc.sql("select state, attempts, claimed_by from delivery where id = ?")
                .param(id)
                .query()
                .singleRow();
    }

    private static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("a CSRF token on the page").isTrue();
        return m.group(1);
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Cookie", cookie)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String form, String cookie) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/outbox/retry"))
                        .header("Cookie", cookie)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
