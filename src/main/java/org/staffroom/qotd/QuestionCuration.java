package org.staffroom.qotd;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.config.Role;
import org.staffroom.directory.Caller;

/**
 * The coordinators' use cases on the question bank (add, pin, retire), one method each, for
 * {@code /qotd add|pin|retire} and the web's questions page alike: the same checks, one transaction
 * each, and the same {@link Refusal} (which rolls back anything begun). Returns the answer's text.
 * The role itself is the catalog's, checked by the dispatcher in chat and by {@link QotdDashboard} on the web.
 */
@Service
class QuestionCuration {

    private final QuestionBank bank;
    private final SchoolDays days;
    private final QotdMessages messages;
    private final Clock clock;

    QuestionCuration(QuestionBank bank, SchoolDays days, QotdMessages messages, Clock clock) {
        this.bank = bank;
        this.days = days;
        this.messages = messages;
        this.clock = clock;
    }

    @Transactional
    public String add(Caller caller, String text, String category, Locale locale) {
        Question q = bank.add(text, category, Question.Source.CHAT, caller.personKey());
        return messages.text(locale, "qotd.add.done", q.id(), q.category(), q.text());
    }

    /** Pins question {@code id} to {@code typedDate} (YYYY-MM-DD): every school gets it that day. */
    @Transactional
    public String pin(Caller caller, String id, String typedDate, Locale locale) {
        if (id == null || id.isBlank() || typedDate == null || typedDate.isBlank()) throw new Refusal("qotd.pin.usage");
        LocalDate date;
        try {
            date = LocalDate.parse(typedDate.trim());
        } catch (DateTimeParseException e) {
            throw new Refusal("qotd.pin.bad-date", typedDate.trim());
        }
        boolean someSchoolAsks = days.config().schools().stream()
                .anyMatch(s -> !s.paused() && days.window(s, date).isPresent());
        if (!someSchoolAsks) throw new Refusal("qotd.pin.no-school-day", QotdMessages.day(date, locale));
        QuestionBank.Pinned p =
                bank.pin(id, date, DailyPosts.trustToday(days.config(), clock.instant()), caller.personKey());
        String text = messages.text(
                locale,
                "qotd.pin.done",
                p.question().id(),
                QotdMessages.day(p.date(), locale),
                p.question().text());
        if (p.replaced() != null) text += " " + messages.text(locale, "qotd.pin.replaces", p.replaced());
        return text;
    }

    /** Retires question {@code id}, unpinning it from any dates ahead. */
    @Transactional
    public String retire(Caller caller, String id, Locale locale) {
        if (id == null || id.isBlank()) throw new Refusal("qotd.retire.usage");
        QuestionBank.Retired r = bank.retire(
                id,
                caller.personKey(),
                caller.hasTrustWide(Role.COORDINATOR),
                DailyPosts.trustToday(days.config(), clock.instant()));
        String text = messages.text(
                locale, "qotd.retire.done", r.question().id(), r.question().text());
        if (!r.unpinned().isEmpty()) {
            text += " "
                    + messages.text(
                            locale,
                            "qotd.retire.unpinned",
                            r.unpinned().stream()
                                    .map(d -> QotdMessages.day(d, locale))
                                    .collect(Collectors.joining(", ")));
        }
        return text;
    }
}
