package org.staffroom.qotd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.staffroom.chat.Message;
import org.staffroom.chat.Texts;
import org.staffroom.config.ConfigLoader;
import org.staffroom.config.School;
import org.staffroom.config.StaffroomConfig;

/** Long answers and busy days still fit one chat message; names and words stay plain text. */
class QotdMessagesTest {

    private static final StaffroomConfig SAMPLE = ConfigLoader.load(Path.of("bot-config"), "bot-config");
    private final QotdMessages messages = new QotdMessages(new Texts());
    private final School oakfield = SAMPLE.school("oakfield").orElseThrow();
    private final School sevilla = SAMPLE.school("sevilla").orElseThrow();

    @Test
    void aVeryLongAnswerIsCutInTheCopyOnly() {
        Answer essay = answer(1, "x".repeat(5000));
        Message copy = messages.relay(essay, sevilla, Locale.UK);
        assertThat(copy.plain())
                .startsWith("Javier Moreno (Sevilla): xxx")
                .endsWith("x…")
                .hasSize("Javier Moreno (Sevilla): ".length() + 1500);
        assertThat(copy.text().spans())
                .extracting(s -> s.getClass().getSimpleName())
                .containsExactly("Bold", "Plain", "Plain");
    }

    @Test
    void aBusyDigestDropsHighlightsThenOlderDaysToFitOneMessage() {
        LocalDate today = LocalDate.of(2026, 12, 4);
        List<QotdMessages.DigestPart> parts = new ArrayList<>();
        for (int d = 3; d >= 1; d--) {
            Prompt p = new Prompt(
                    d,
                    "daily:" + today.minusDays(d),
                    Prompt.Kind.DAILY,
                    today.minusDays(d),
                    "q00" + d,
                    "Q".repeat(499) + "?",
                    "fun",
                    1,
                    Prompt.Reason.ROTATION);
            List<QotdMessages.Highlight> highlights = new ArrayList<>();
            for (int h = 0; h < 5; h++)
                highlights.add(new QotdMessages.Highlight("Person " + h, "Oakfield", "w".repeat(279) + "…"));
            parts.add(new QotdMessages.DigestPart(p, 40, 4, highlights));
        }
        assertThat(messages.digest(oakfield, today, parts).plain().length()).isGreaterThan(5000);

        Message fitted = Digests.fitted(parts, p -> messages.digest(oakfield, today, p));
        assertThat(fitted.plain().length()).isLessThanOrEqualTo(Digests.MAX_LENGTH);
        // Yesterday's question is kept, with at least one highlight.
        assertThat(fitted.plain())
                .contains("Yesterday: 40 answers from 4 schools — highlights:")
                .contains("• Person 0 (Oakfield): ");
    }

    @Test
    void aShortDigestIsLeftAlone() {
        LocalDate today = LocalDate.of(2026, 12, 4);
        Prompt p = new Prompt(
                1,
                "daily:2026-12-03",
                Prompt.Kind.DAILY,
                LocalDate.of(2026, 12, 3),
                "q001",
                "Tea or coffee?",
                "fun",
                1,
                Prompt.Reason.ROTATION);
        List<QotdMessages.DigestPart> parts = List.of(new QotdMessages.DigestPart(
                p,
                2,
                2,
                List.of(
                        new QotdMessages.Highlight("Ben Hughes", "Oakfield", "Tea"),
                        new QotdMessages.Highlight("Harry Jones", "Hillcrest", "Coffee"))));
        Message fitted = Digests.fitted(parts, x -> messages.digest(sevilla, today, x));
        assertThat(fitted.plain())
                .isEqualTo("Ayer: 2 respuestas de 2 colegios; lo más destacado:\n«Tea or coffee?»\n"
                        + "• Ben Hughes (Oakfield): Tea\n• Harry Jones (Hillcrest): Coffee");
    }

    private static Answer answer(long id, String text) {
        return new Answer(
                id,
                "discord:g:c:" + id,
                1,
                1,
                "sevilla",
                "DISCORD",
                "javier-moreno",
                "Javier Moreno",
                "discord:g:u",
                text,
                Instant.parse("2026-12-02T08:00:00Z"),
                null,
                false);
    }
}
