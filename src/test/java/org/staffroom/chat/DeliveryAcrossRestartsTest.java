package org.staffroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.StaffroomApplication;
import org.staffroom.config.Platform;
import org.staffroom.testing.TestClockConfiguration;

/**
 * Exactly-once delivery across restarts, with whole application contexts started one after the
 * other on the same file database: rows left pending are sent by the next start and never again;
 * a post whose record was lost in a crash is found by its marker, not posted twice.
 */
class DeliveryAcrossRestartsTest {

    @TempDir
    Path dir;

    static final ChannelRef OAKFIELD_QOTD = new ChannelRef(Platform.SLACK, "T0NWTRUST1", "C0OAKQOTD01");

    private ConfigurableApplicationContext start(boolean sending) {
        // Command-line arguments, so they win over application.properties.
        return new SpringApplicationBuilder(StaffroomApplication.class, TestClockConfiguration.class)
                .run(
                        "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE",
                        "--server.port=0",
                        "--staffroom.config-check-interval=0s",
                        "--staffroom.ticker.enabled=false",
                        "--staffroom.delivery.autostart=" + sending,
                        "--staffroom.delivery.stale-after=1s");
    }

    private static long postsWithMarker(ConfigurableApplicationContext ctx, String marker) {
        return ctx.getBean(JdbcClient.class)
                .sql("select count(*) from sandbox_message where marker = ?")
                .param(marker)
                .query(Long.class)
                .single();
    }

    @Test
    void pendingPostsAreSentByTheNextStartAndNeverAgain() {
        try (ConfigurableApplicationContext first = start(false)) {
            Chat chat = first.getBean(Chat.class);
            chat.post(
                    Destination.channel(OAKFIELD_QOTD),
                    Message.of("Good morning, Oakfield!"),
                    "qotd:2026-11-25:oakfield");
            chat.post(
                    Destination.channel(OAKFIELD_QOTD),
                    Message.of("Good morning, Oakfield!"),
                    "qotd:2026-11-25:oakfield");
            assertThat(chat.delivery("qotd:2026-11-25:oakfield"))
                    .get()
                    .extracting(Delivery::state)
                    .isEqualTo(Delivery.State.PENDING);
            assertThat(postsWithMarker(first, "qotd:2026-11-25:oakfield")).isZero();
        }
        try (ConfigurableApplicationContext second = start(true)) {
            Chat chat = second.getBean(Chat.class);
            assertThat(chat.awaitDelivered(Duration.ofSeconds(10))).isTrue();
            assertThat(chat.delivery("qotd:2026-11-25:oakfield"))
                    .get()
                    .extracting(Delivery::state)
                    .isEqualTo(Delivery.State.SENT);
            // The workflow asks again after the restart: still one post.
            chat.post(
                    Destination.channel(OAKFIELD_QOTD),
                    Message.of("Good morning, Oakfield!"),
                    "qotd:2026-11-25:oakfield");
            assertThat(chat.awaitDelivered(Duration.ofSeconds(10))).isTrue();
            assertThat(postsWithMarker(second, "qotd:2026-11-25:oakfield")).isEqualTo(1);
        }
        try (ConfigurableApplicationContext third = start(true)) {
            assertThat(third.getBean(Chat.class).awaitDelivered(Duration.ofSeconds(10)))
                    .isTrue();
            assertThat(postsWithMarker(third, "qotd:2026-11-25:oakfield")).isEqualTo(1);
        }
    }

    @Test
    void aPostSentJustBeforeACrashIsFoundByItsMarkerAndNotSentAgain() {
        try (ConfigurableApplicationContext first = start(false)) {
            Chat chat = first.getBean(Chat.class);
            chat.post(Destination.channel(OAKFIELD_QOTD), Message.of("Sent, then the process died"), "crash:sent");
            chat.post(Destination.channel(OAKFIELD_QOTD), Message.of("Claimed, then the process died"), "crash:unsent");
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            OffsetDateTime longAgo = Instant.now().minusSeconds(120).atOffset(ZoneOffset.UTC);
            // Both were claimed by a sender that then died; only the first reached the platform.
            jdbc.sql(
                            "update delivery set state = 'SENDING', claimed_by = 'dead', claimed_at = ? where idempotency_key like 'crash:%'")
                    .param(longAgo)
                    .update();
            jdbc.sql("""
                    insert into sandbox_message (platform, space_id, channel_id, author_key, author_name, bot, payload, marker, created_at, deleted)
                    values ('SLACK', 'T0NWTRUST1', 'C0OAKQOTD01', 'bot', 'Staffroom', true, '{}', 'crash:sent', ?, false)""").param(longAgo).update();
        }
        try (ConfigurableApplicationContext second = start(true)) {
            Chat chat = second.getBean(Chat.class);
            assertThat(chat.awaitDelivered(Duration.ofSeconds(15))).isTrue();
            assertThat(chat.delivery("crash:sent"))
                    .get()
                    .extracting(Delivery::state)
                    .isEqualTo(Delivery.State.SENT);
            assertThat(chat.delivery("crash:unsent"))
                    .get()
                    .extracting(Delivery::state)
                    .isEqualTo(Delivery.State.SENT);
            assertThat(postsWithMarker(second, "crash:sent")).isEqualTo(1);
            assertThat(postsWithMarker(second, "crash:unsent")).isEqualTo(1);
        }
    }
}
