package org.staffroom.qotd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.Sample.*;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.staffroom.StaffroomApplication;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Ticker;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.TestClockConfiguration;

/**
 * Restarts: two application contexts one after the other on the same H2 file database, as a
 * process stopped and started again. Nothing about today's posts lives in memory, so the second
 * one knows what the first posted, catches up a post it missed the same day, and never posts a
 * day that has ended.
 */
class QotdRestartTest {

    static final ZoneId LONDON = ZoneId.of("Europe/London");

    record Where(String school, String as, String channel, Locale locale) {}

    static final List<Where> ALL = List.of(
            new Where("oakfield", BEN, OAKFIELD_QOTD, Locale.UK),
            new Where("riverside", DAN, RIVERSIDE_QOTD, Locale.UK),
            new Where("hillcrest", HARRY, HILLCREST_QOTD, Locale.UK),
            new Where("sevilla", JAVIER, SEVILLA_QOTD, Locale.forLanguageTag("es")));

    @TempDir
    Path dir;

    @Test
    void aRestartPostsNothingTwiceCatchesUpTheSameDayAndNeverPostsAnEndedDay() {
        LocalDate wed = LocalDate.of(2026, 11, 25);
        LocalDate thu = LocalDate.of(2026, 11, 26);
        LocalDate fri = LocalDate.of(2026, 11, 27);
        LocalDate mon = LocalDate.of(2026, 11, 30);

        try (ConfigurableApplicationContext first = start()) {
            tickAt(first, LocalDateTime.of(2026, 11, 25, 8, 15), LONDON);
            assertThat(ALL).allSatisfy(w -> assertThat(posts(first, w, wed)).hasSize(1));
        }

        // Back a minute later, on the same file database: Wednesday's posts are known; nothing again.
        String wednesdays;
        try (ConfigurableApplicationContext second = start()) {
            tickAt(second, LocalDateTime.of(2026, 11, 25, 8, 16), LONDON);
            tickAt(second, LocalDateTime.of(2026, 11, 25, 12, 0), LONDON);
            assertThat(ALL).allSatisfy(w -> assertThat(posts(second, w, wed)).hasSize(1));
            wednesdays = second.getBean(PromptStore.class)
                    .findByKey(Prompt.dailyKey(wed))
                    .orElseThrow()
                    .questionId();
        }

        // Down through Thursday 08:15, up again at 10:30: Thursday's question goes out at once, Wednesday's not again.
        try (ConfigurableApplicationContext third = start()) {
            tickAt(third, LocalDateTime.of(2026, 11, 26, 10, 30), LONDON);
            assertThat(ALL).allSatisfy(w -> assertThat(posts(third, w, thu)).hasSize(1));
            assertThat(ALL).allSatisfy(w -> assertThat(posts(third, w, wed)).hasSize(1));
            assertThat(third.getBean(PromptStore.class)
                            .findByKey(Prompt.dailyKey(thu))
                            .orElseThrow()
                            .questionId())
                    .isNotEqualTo(wednesdays);

            // Down all Friday; ticking again on Monday before 08:15: Friday's question is not posted late,
            // Monday's waits for its time.
            tickAt(third, LocalDateTime.of(2026, 11, 30, 7, 0), ZoneId.of("UTC"));
            assertThat(ALL).allSatisfy(w -> assertThat(posts(third, w, fri)).isEmpty());
            assertThat(ALL).allSatisfy(w -> assertThat(posts(third, w, mon)).isEmpty());
            assertThat(third.getBean(PromptStore.class).findByKey(Prompt.dailyKey(fri)))
                    .isEmpty();
            tickAt(third, LocalDateTime.of(2026, 11, 30, 8, 15), LONDON);
            assertThat(ALL).allSatisfy(w -> assertThat(posts(third, w, mon)).hasSize(1));

            // A post missed all school day is not caught up in the evening either.
            tickAt(third, LocalDateTime.of(2026, 12, 1, 17, 30), LONDON);
            assertThat(ALL)
                    .allSatisfy(w -> assertThat(posts(third, w, LocalDate.of(2026, 12, 1)))
                            .isEmpty());
        }
    }

    private ConfigurableApplicationContext start() {
        // Arguments, not default properties: they must win over application.properties.
        return new SpringApplicationBuilder(StaffroomApplication.class, TestClockConfiguration.class)
                .run(
                        "--spring.datasource.url=jdbc:h2:file:"
                                + dir.resolve("staffroom").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE",
                        "--server.port=0",
                        "--staffroom.config-check-interval=0s",
                        "--staffroom.ticker.enabled=false",
                        "--spring.main.banner-mode=off");
    }

    private static void tickAt(ConfigurableApplicationContext app, LocalDateTime local, ZoneId zone) {
        app.getBean(MutableClock.class).set(local, zone);
        app.getBean(Ticker.class).tickNow();
        assertThat(app.getBean(Chat.class).awaitDelivered(Duration.ofSeconds(10)))
                .isTrue();
    }

    /** The question posts of {@code date} in a school's channel, as the sandbox shows them. */
    private static List<SandboxClient.Seen> posts(ConfigurableApplicationContext app, Where w, LocalDate date) {
        SandboxClient sandbox =
                new SandboxClient(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
        String title = (w.locale().getLanguage().equals("es") ? "Respuestas · " : "Answers · ")
                + QotdMessages.day(date, w.locale());
        return sandbox.topLevel(w.as(), w.channel()).stream()
                .filter(s -> s.bot()
                        && title.equals(
                                s.raw().get("message").get("threadTitle").asString(null)))
                .toList();
    }
}
