package org.staffroom.qotd;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.chat.Chat;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Person;
import org.staffroom.config.Role;
import org.staffroom.directory.Directory;

/**
 * The trust-wide question of each date: chosen by the {@link Rotation} the first time any school
 * needs it and stored under {@code daily:<date>}, so every school gets the same question that day
 * and a restart cannot change it. Coordinators are warned once per cycle when the unused pool runs low.
 */
@Service
class DailyQuestions {

    private static final Logger log = LoggerFactory.getLogger(DailyQuestions.class);

    private final QuestionBank bank;
    private final QuestionStore questions;
    private final PromptStore prompts;
    private final Directory directory;
    private final Chat chat;
    private final QotdMessages messages;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private final AtomicReference<LocalDate> lastEmptyWarning = new AtomicReference<>();

    DailyQuestions(
            QuestionBank bank,
            QuestionStore questions,
            PromptStore prompts,
            Directory directory,
            Chat chat,
            QotdMessages messages,
            Clock clock,
            PlatformTransactionManager tx) {
        this.bank = bank;
        this.questions = questions;
        this.prompts = prompts;
        this.directory = directory;
        this.chat = chat;
        this.messages = messages;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(tx);
        // The choice commits on its own: a school's post failing later must not undo it, and two
        // schools (or instances) choosing at once must not spoil each other's transactions.
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The question for {@code date}, chosen now if nobody has yet; empty only when nothing can be asked. */
    Optional<Prompt> forDate(LocalDate date) {
        Optional<Prompt> chosen = prompts.findByKey(Prompt.dailyKey(date));
        if (chosen.isPresent()) return chosen;
        try {
            return Optional.ofNullable(ownTransaction.execute(s -> choose(date)));
        } catch (DuplicateKeyException e) {
            // Chosen a moment ago by another school's post or instance: that choice stands.
            return prompts.findByKey(Prompt.dailyKey(date));
        }
    }

    private Prompt choose(LocalDate date) {
        Optional<Prompt> chosen = prompts.findByKey(Prompt.dailyKey(date));
        if (chosen.isPresent()) return chosen.get();
        Optional<Rotation.Choice> choice = Rotation.choose(salt(), date, bank.askable(), bank.pins(), state());
        if (choice.isEmpty()) {
            // Every tick asks again until someone adds a question: say it once a day here, and tell coordinators once.
            if (!date.equals(lastEmptyWarning.getAndSet(date))) {
                log.warn("No question can be asked on {}: the bank has none that is not retired", date);
            }
            tellCoordinators(p -> messages.emptyBank(date, directory.localeOf(p)), "qotd:empty-bank:" + date);
            return null;
        }
        Rotation.Choice c = choice.get();
        Question q = questions.find(c.questionId()).orElseThrow();
        Prompt prompt = prompts.insert(
                Prompt.dailyKey(date),
                Prompt.Kind.DAILY,
                date,
                q.id(),
                q.text(),
                q.category(),
                c.cycle(),
                Prompt.Reason.valueOf(c.reason().name()),
                "schedule",
                clock.instant());
        log.info(
                "Question of the day for {}: {} ({}, cycle {}, {} left unused)",
                date,
                q.id(),
                c.reason(),
                c.cycle(),
                c.remaining());
        int threshold = directory.config().trust().qotd().lowPoolWarning();
        if (c.remaining() <= threshold) {
            tellCoordinators(p -> messages.lowPool(c.remaining(), directory.localeOf(p)), "qotd:low-pool:" + c.cycle());
        }
        return prompt;
    }

    /** A direct message to every coordinator, once per {@code keyPrefix} and person. */
    private void tellCoordinators(Function<Person, org.staffroom.chat.Message> message, String keyPrefix) {
        for (Person p : directory.config().people()) {
            if (p.roles().stream().noneMatch(g -> g.role() == Role.COORDINATOR)) continue;
            Optional<UserRef> account = directory.account(p);
            if (account.isEmpty()) continue;
            chat.sendDirect(account.get(), message.apply(p), keyPrefix + ":" + p.id());
        }
    }

    Rotation.State state() {
        int cycle = prompts.currentCycle();
        return new Rotation.State(cycle, prompts.usedIn(cycle), prompts.recentCategories(Rotation.RECENT_CATEGORIES));
    }

    /** What a date will get, for the preview. */
    record Planned(String questionId, String text, boolean pinned) {}

    /**
     * What each of {@code dates} will be asked, simulating the rotation in date order from where it
     * stands, without choosing anything: dates already chosen keep their question.
     */
    Map<LocalDate, Planned> plan(SortedSet<LocalDate> dates) {
        Map<String, Question> byId =
                questions.all().stream().collect(Collectors.toMap(Question::id, Function.identity()));
        List<Rotation.Candidate> askable = bank.askable();
        Map<LocalDate, String> pins = bank.pins();
        Rotation.State state = state();
        Map<LocalDate, Planned> out = new LinkedHashMap<>();
        for (LocalDate date : dates) {
            Optional<Prompt> chosen = prompts.findByKey(Prompt.dailyKey(date));
            if (chosen.isPresent()) {
                Prompt p = chosen.get();
                out.put(date, new Planned(p.questionId(), p.text(), p.reason() == Prompt.Reason.PINNED));
                continue;
            }
            Optional<Rotation.Choice> choice = Rotation.choose(salt(), date, askable, pins, state);
            if (choice.isEmpty()) continue;
            Rotation.Choice c = choice.get();
            out.put(
                    date,
                    new Planned(c.questionId(), byId.get(c.questionId()).text(), c.reason() == Rotation.Reason.PINNED));
            state = state.after(c);
        }
        return out;
    }

    private String salt() {
        return directory.config().trust().id();
    }
}
