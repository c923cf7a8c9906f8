package org.staffroom.qotd;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.config.School;
import org.staffroom.config.Trust;

/**
 * The messages question of the day posts, in the language of the school or person addressed.
 * Words people wrote (questions, answers, names) always go in as plain spans, so nothing they
 * typed can ping a channel or smuggle in a link.
 */
@Component
class QotdMessages {

    static final String APPROVE = "qotd.suggestion.approve";
    static final String DECLINE = "qotd.suggestion.decline";
    /** Longest answer copied whole into other threads; the full answer stays in its own thread. */
    static final int RELAY_LENGTH = 1500;

    private final Texts texts;

    QotdMessages(Texts texts) {
        this.texts = texts;
    }

    String text(Locale locale, String key, Object... args) {
        return texts.get(locale, key, args);
    }

    /** "Wed 25 Nov" in the reader's language. */
    static String day(LocalDate date, Locale locale) {
        return DateTimeFormatter.ofPattern("EEE d MMM", locale).format(date);
    }

    /** A reason from {@link SchoolDays#whyNot} in words. */
    String reason(String raw, Locale locale) {
        return raw.startsWith("qotd.reason.") ? text(locale, raw) : raw;
    }

    static String percent(int part, int whole, Locale locale) {
        if (whole <= 0) return "–";
        NumberFormat f = NumberFormat.getPercentInstance(locale);
        return f.format((double) part / whole);
    }

    /** The question in a school's channel, opening a thread for answers. */
    Message question(School school, Prompt prompt, String askedBy, Trust.AnswerSharing sharing, Instant at) {
        return question(school, prompt, prompt.text(), askedBy, sharing, at);
    }

    /** As above, with the question's {@code text} in the school's language (questions.yml's translation, if any). */
    Message question(
            School school, Prompt prompt, String text, String askedBy, Trust.AnswerSharing sharing, Instant at) {
        Locale l = school.locale();
        String heading = prompt.kind() == Prompt.Kind.NOW && prompt.questionId() == null
                ? text(l, "qotd.post.adhoc", school.shortName(), askedBy)
                : text(l, greeting(at.atZone(school.zone()).getHour()), school.shortName());
        Rich body = Rich.empty().text(heading).newline().bold(text);
        String footer = sharing == Trust.AnswerSharing.DIGEST ? "qotd.post.footer.digest" : "qotd.post.footer.live";
        return Message.of(body)
                .withFooter(Rich.of(text(l, footer)))
                .withThread(text(l, "qotd.post.thread", day(prompt.date(), l)));
    }

    /** A greeting that fits the school's hour: a catch-up at 15:51 is not "Good morning". */
    static String greeting(int hour) {
        if (hour < 12) return "qotd.post.greeting";
        return hour < 18 ? "qotd.post.greeting.afternoon" : "qotd.post.greeting.evening";
    }

    /** An answer copied into another school's thread: "Name (School): …", cut to fit one chat message. */
    Message relay(Answer answer, School from, Locale locale) {
        String words = answer.text().length() > RELAY_LENGTH
                ? answer.text().substring(0, RELAY_LENGTH - 1) + "…"
                : answer.text();
        Rich body = Rich.empty()
                .bold(answer.authorName() + " (" + from.shortName() + ")")
                .text(": ")
                .text(words);
        if (answer.editedAt() != null) body = body.text(" ").italic(text(locale, "qotd.relay.edited"));
        return Message.of(body);
    }

    /** One prompt's part of a morning digest. */
    record DigestPart(Prompt prompt, int answers, int schools, List<Highlight> highlights) {}

    record Highlight(String name, String school, String text) {}

    Message digest(School school, LocalDate today, List<DigestPart> parts) {
        Locale l = school.locale();
        Rich body = Rich.empty();
        for (DigestPart part : parts) {
            if (!body.isEmpty()) body = body.newline().newline();
            String when = part.prompt().date().equals(today.minusDays(1))
                    ? text(l, "qotd.digest.yesterday")
                    : day(part.prompt().date(), l);
            body = body.bold(text(l, "qotd.digest.heading", when, part.answers(), part.schools()))
                    .newline()
                    .italic(text(l, "qotd.digest.question", part.prompt().text()));
            for (Highlight h : part.highlights()) {
                body = body.newline()
                        .text("• ")
                        .bold(h.name() + " (" + h.school() + ")")
                        .text(": ")
                        .text(h.text());
            }
        }
        return Message.of(body);
    }

    Message suggestionCard(Suggestion s, String schoolName, Locale l) {
        Rich body = Rich.empty()
                .text(
                        schoolName == null
                                ? text(l, "qotd.suggestion.card.no-school", s.suggesterName())
                                : text(l, "qotd.suggestion.card", s.suggesterName(), schoolName))
                .newline()
                .quote(s.text());
        if (s.state() == Suggestion.State.PENDING) {
            return Message.of(body)
                    .withButton(new Message.Button(
                            APPROVE,
                            text(l, "qotd.suggestion.approve"),
                            Long.toString(s.id()),
                            Message.Button.Style.PRIMARY))
                    .withButton(new Message.Button(
                            DECLINE,
                            text(l, "qotd.suggestion.decline"),
                            Long.toString(s.id()),
                            Message.Button.Style.DANGER));
        }
        String outcome = s.state() == Suggestion.State.APPROVED
                ? text(l, "qotd.suggestion.approved", s.decidedBy(), s.questionId())
                : text(l, "qotd.suggestion.declined", s.decidedBy());
        return Message.of(body.newline().italic(outcome));
    }

    Message suggestionOutcome(Suggestion s) {
        Locale l = s.locale();
        String key = s.state() == Suggestion.State.APPROVED
                ? "qotd.suggestion.told-approved"
                : "qotd.suggestion.told-declined";
        return Message.of(Rich.of(text(l, key, s.decidedBy())).newline().quote(s.text()));
    }

    Message lowPool(int remaining, Locale l) {
        return Message.of(text(l, "qotd.low-pool", remaining));
    }

    Message emptyBank(LocalDate date, Locale l) {
        return Message.of(text(l, "qotd.empty-bank", day(date, l)));
    }
}
