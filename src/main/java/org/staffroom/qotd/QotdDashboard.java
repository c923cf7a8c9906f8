package org.staffroom.qotd;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.chat.CommandCatalog;
import org.staffroom.config.ChannelPurpose;
import org.staffroom.config.Role;
import org.staffroom.config.School;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * What the web dashboard shows of the question of the day and may do with it, through the same
 * services as the chat commands and with their rules: anyone sees today's question, the answers
 * across schools and participation (as the digests share them); coordinators see the bank, the
 * coming dates and streaks, add, retire and pin questions, and decide suggestions (a suggestion
 * only by a coordinator of its school or the trust, as on its card).
 */
@Service
public class QotdDashboard {

    private static final Logger log = LoggerFactory.getLogger(QotdDashboard.class);

    private final SchoolDays days;
    private final PromptStore prompts;
    private final AnswerStore answers;
    private final QuestionStore questions;
    private final QuestionBank bank;
    private final SuggestionStore suggestionStore;
    private final Suggestions suggestions;
    private final Upcoming upcoming;
    private final Figures figures;
    private final Directory directory;
    private final QotdMessages messages;
    private final Clock clock;
    private final QuestionCuration curation;
    private final CommandCatalog catalog;

    QotdDashboard(
            SchoolDays days,
            PromptStore prompts,
            AnswerStore answers,
            QuestionStore questions,
            QuestionBank bank,
            SuggestionStore suggestionStore,
            Suggestions suggestions,
            Upcoming upcoming,
            Figures figures,
            Directory directory,
            QotdMessages messages,
            Clock clock,
            QuestionCuration curation,
            CommandCatalog catalog) {
        this.curation = curation;
        this.catalog = catalog;
        this.days = days;
        this.prompts = prompts;
        this.answers = answers;
        this.questions = questions;
        this.bank = bank;
        this.suggestionStore = suggestionStore;
        this.suggestions = suggestions;
        this.upcoming = upcoming;
        this.figures = figures;
        this.directory = directory;
        this.messages = messages;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ today

    /** The latest day anything was asked (today, if it was), and where each school stands today. */
    public record Today(LocalDate date, boolean isToday, List<Asked> asked, List<SchoolDay> schools) {}

    /** A question asked across schools: the daily one ({@code kind} DAILY) or a coordinator's (NOW). */
    public record Asked(
            String kind,
            LocalDate date,
            String questionId,
            String text,
            String category,
            List<Participation> participation,
            List<AnswerView> answers) {}

    /** {@code percent} is the share of the school's staff who answered, formatted, or "–" without a staff count. */
    public record Participation(
            String schoolId, String schoolName, int answers, int answerers, int staff, String percent) {}

    public record AnswerView(
            String name, String schoolId, String schoolName, String text, Instant at, boolean edited) {}

    /** A school's question today: POSTED, DUE (at {@code postTime}, its own zone), MISSED, NONE (with {@code reason}), PAUSED or NOT_TAKING_PART. */
    public record SchoolDay(
            String schoolId,
            String schoolName,
            LocalDate date,
            String status,
            LocalTime postTime,
            String zone,
            String reason) {}

    @Transactional(readOnly = true)
    public Today today(Locale locale) {
        Instant now = clock.instant();
        LocalDate today = DailyPosts.trustToday(days.config(), now);
        List<Prompt> latest = prompts.latest(today, 20);
        LocalDate date = latest.isEmpty() ? today : latest.get(0).date();
        List<Asked> asked = new ArrayList<>();
        for (Prompt p : latest) {
            if (!p.date().equals(date)) break;
            asked.add(asked(p, locale));
        }
        // Oldest first on the day: the daily question, then anything asked after it.
        java.util.Collections.reverse(asked);
        List<SchoolDay> schools = new ArrayList<>();
        for (School s : days.config().schools()) schools.add(schoolDay(s, now, locale));
        return new Today(date, date.equals(today), asked, schools);
    }

    private Asked asked(Prompt p, Locale locale) {
        List<Answer> given = answers.ofPrompt(p.id());
        List<Participation> part = figures.participation(p, given).stream()
                .map(f -> new Participation(
                        f.school().id(),
                        f.school().shortName(),
                        f.answers(),
                        f.answerers(),
                        f.staff(),
                        QotdMessages.percent(f.answerers(), f.staff(), locale)))
                .toList();
        List<AnswerView> views = given.stream()
                .map(a -> new AnswerView(
                        a.authorName(),
                        a.schoolId(),
                        directory.school(a.schoolId()).map(School::shortName).orElse(a.schoolId()),
                        a.text(),
                        a.answeredAt(),
                        a.editedAt() != null))
                .toList();
        return new Asked(p.kind().name(), p.date(), p.questionId(), p.text(), p.category(), part, views);
    }

    private SchoolDay schoolDay(School s, Instant now, Locale locale) {
        LocalDate date = days.today(s, now);
        String zone = s.zone().getId();
        if (s.paused()) return new SchoolDay(s.id(), s.shortName(), date, "PAUSED", null, zone, null);
        if (directory.channel(s, ChannelPurpose.QOTD).isEmpty()) {
            return new SchoolDay(s.id(), s.shortName(), date, "NOT_TAKING_PART", null, zone, null);
        }
        if (prompts.postByKey(Post.dailyKey(date, s.id())).isPresent()) {
            return new SchoolDay(s.id(), s.shortName(), date, "POSTED", null, zone, null);
        }
        Optional<PostingSchedule.Window> w = days.window(s, date);
        if (w.isEmpty()) {
            String why =
                    days.whyNot(s, date).map(r -> messages.reason(r, locale)).orElse(null);
            return new SchoolDay(s.id(), s.shortName(), date, "NONE", null, zone, why);
        }
        String status = now.isBefore(w.get().closes()) ? "DUE" : "MISSED";
        return new SchoolDay(s.id(), s.shortName(), date, status, w.get().postTime(), zone, null);
    }

    // ------------------------------------------------------------------ the bank (coordinators)

    /** {@code missingLanguages}: languages of the trust's schools with no translation of it in questions.yml. */
    public record BankQuestion(
            String id,
            String text,
            String category,
            String source,
            boolean retired,
            boolean listedInConfig,
            boolean askable,
            boolean usedThisCycle,
            int timesAsked,
            LocalDate lastAsked,
            List<LocalDate> pinnedOn,
            List<String> missingLanguages) {}

    /** The bank: {@code cycle} is the rotation's round; a question is "used" once asked in it. */
    public record Bank(
            int cycle, int askable, int unusedThisCycle, List<BankQuestion> questions, List<String> categories) {}

    @Transactional(readOnly = true)
    public Bank bank() {
        int cycle = prompts.currentCycle();
        Set<String> used = prompts.usedIn(cycle);
        Map<String, PromptStore.Asked> asked = prompts.askedCounts().stream()
                .collect(Collectors.toMap(PromptStore.Asked::questionId, Function.identity()));
        Map<LocalDate, String> pins = questions.pins();
        List<BankQuestion> out = new ArrayList<>();
        Set<String> categories = new TreeSet<>();
        int askable = 0;
        int unused = 0;
        var config = days.config();
        String trustLanguage = config.trust().locale().getLanguage();
        List<String> otherLanguages = config.schools().stream()
                .map(s -> s.locale().getLanguage())
                .filter(l -> !l.equals(trustLanguage))
                .distinct()
                .sorted()
                .toList();
        Map<String, Map<String, String>> translations = config.questions().stream()
                .collect(Collectors.toMap(
                        org.staffroom.config.QuestionDef::id,
                        org.staffroom.config.QuestionDef::translations,
                        (a, b) -> a));
        for (Question q : questions.all()) {
            Map<String, String> given = translations.getOrDefault(q.id(), Map.of());
            List<String> missing = q.retired()
                    ? List.of()
                    : otherLanguages.stream().filter(l -> !given.containsKey(l)).toList();
            PromptStore.Asked a = asked.get(q.id());
            List<LocalDate> pinned = pins.entrySet().stream()
                    .filter(e -> e.getValue().equals(q.id()))
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
            boolean inCycle = used.contains(q.id());
            out.add(new BankQuestion(
                    q.id(),
                    q.text(),
                    q.category(),
                    q.source().name(),
                    q.retired(),
                    q.source() == Question.Source.CONFIG && q.inConfig(),
                    q.askable(),
                    inCycle,
                    a == null ? 0 : a.times(),
                    a == null ? null : a.last(),
                    pinned,
                    missing));
            categories.add(q.category());
            if (q.askable()) {
                askable++;
                if (!inCycle) unused++;
            }
        }
        return new Bank(cycle, askable, unused, out, List.copyOf(categories));
    }

    /** A day in the preview: QUESTION (to come), POSTED, or SKIPPED from {@code date} to {@code to} with {@code reason}. */
    public record PlannedDay(
            String kind, LocalDate date, LocalDate to, String questionId, String text, boolean pinned, String reason) {}

    public record SchoolPlan(
            String schoolId, String schoolName, LocalTime time, String zone, boolean paused, List<PlannedDay> days) {}

    /** The next school days in each school with the question each will get ({@code /qotd upcoming}). */
    @Transactional(readOnly = true)
    public List<SchoolPlan> upcoming(Locale locale) {
        List<SchoolPlan> out = new ArrayList<>();
        for (Upcoming.SchoolPlan p : upcoming.preview(clock.instant())) {
            List<PlannedDay> lines = p.lines().stream()
                    .map(l -> new PlannedDay(
                            l.kind().name(),
                            l.from(),
                            l.to(),
                            l.questionId(),
                            l.text(),
                            l.pinned(),
                            l.reason() == null ? null : messages.reason(l.reason(), locale)))
                    .toList();
            out.add(new SchoolPlan(
                    p.school().id(),
                    p.school().shortName(),
                    p.time(),
                    p.school().zone().getId(),
                    p.school().paused(),
                    lines));
        }
        return out;
    }

    public record StreakView(String name, String schoolName, int days) {}

    /** Answer streaks, longest first ({@code /qotd stats}). */
    @Transactional(readOnly = true)
    public List<StreakView> streaks(int limit) {
        LocalDate today = DailyPosts.trustToday(days.config(), clock.instant());
        return figures.streaks(today).stream()
                .limit(limit)
                .map(s -> new StreakView(
                        s.name(),
                        directory.school(s.schoolId()).map(School::shortName).orElse(s.schoolId()),
                        s.days()))
                .toList();
    }

    // ------------------------------------------------------------------ suggestions

    /** A teacher's suggestion; {@code mayDecide} if the viewer is a coordinator of its school or the trust. */
    public record SuggestionView(
            long id, String text, String category, String suggesterName, String schoolName, boolean mayDecide) {}

    /** Pending suggestions the caller may decide. */
    @Transactional(readOnly = true)
    public List<SuggestionView> pendingSuggestions(Caller caller) {
        List<SuggestionView> out = new ArrayList<>();
        for (Suggestion s : suggestionStore.pending()) {
            boolean may = caller.hasTrustWide(Role.COORDINATOR)
                    || (s.schoolId() != null && caller.has(Role.COORDINATOR, s.schoolId()));
            if (!may) continue;
            String school = s.schoolId() == null
                    ? null
                    : directory.school(s.schoolId()).map(School::shortName).orElse(s.schoolId());
            out.add(new SuggestionView(s.id(), s.text(), s.category(), s.suggesterName(), school, true));
        }
        return out;
    }

    // ------------------------------------------------------------------ commands

    /** What a command did, or why it did nothing, in words (the chat command's answer). */
    public record Result(boolean ok, String message) {}

    public Result add(Caller caller, String text, String category, Locale locale) {
        return run(caller, "add", locale, () -> curation.add(caller, text, category, locale));
    }

    public Result retire(Caller caller, String id, Locale locale) {
        return run(caller, "retire", locale, () -> curation.retire(caller, id, locale));
    }

    /** Pins a question to a date ({@code typedDate} as YYYY-MM-DD), as {@code /qotd pin} does. */
    public Result pin(Caller caller, String id, String typedDate, Locale locale) {
        return run(caller, "pin", locale, () -> curation.pin(caller, id, typedDate, locale));
    }

    /** Approves a suggestion into the bank or declines it; its cards are edited and the suggester told, as by the buttons. */
    public Result decide(Caller caller, long suggestionId, boolean approve, Locale locale) {
        return run(caller, null, locale, () -> {
            Suggestion s = suggestions.decide(suggestionId, approve, caller);
            return approve
                    ? messages.text(locale, "qotd.decide.approved", s.text(), s.questionId(), s.suggesterName())
                    : messages.text(locale, "qotd.decide.declined", s.suggesterName());
        });
    }

    /** Any teacher suggests a question for the coordinators. */
    public Result suggest(Caller caller, String text, String category, Locale locale) {
        return run(caller, "suggest", locale, () -> {
            suggestions.suggest(caller, text, category);
            return messages.text(locale, "qotd.suggest.thanks");
        });
    }

    /**
     * A web action mapped onto its use case: refused, as in chat, to a caller without the role the
     * catalog gives {@code /qotd <subcommand>}; a {@link Refusal} (the use case's transaction rolled
     * back) becomes the same words chat would answer.
     */
    private Result run(Caller caller, String subcommand, Locale locale, java.util.function.Supplier<String> action) {
        if (subcommand != null) {
            Role role = catalog.command(QotdCommands.COMMAND)
                    .flatMap(c -> c.subcommand(subcommand))
                    .orElseThrow()
                    .role();
            if (!Directory.holds(caller, role))
                return new Result(false, messages.text(locale, "qotd.not-allowed", subcommand));
        }
        try {
            return new Result(true, action.get());
        } catch (Refusal r) {
            return new Result(false, messages.text(locale, r.key(), r.args()));
        }
    }
}
