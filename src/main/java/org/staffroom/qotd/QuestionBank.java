package org.staffroom.qotd;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.config.QuestionDef;
import org.staffroom.config.StaffroomConfig;

/**
 * The question bank: questions.yml synced in by id, questions coordinators add in chat (ids c001,
 * c002, … so they never clash with the file's), retirements and pins.
 */
@Service
class QuestionBank {

    private static final Logger log = LoggerFactory.getLogger(QuestionBank.class);
    static final int MAX_LENGTH = 500;
    private static final Pattern CATEGORY = Pattern.compile("[\\p{L}\\p{N}-]{1,30}");

    private final QuestionStore questions;
    private final PromptStore prompts;
    private final Clock clock;

    QuestionBank(QuestionStore questions, PromptStore prompts, Clock clock) {
        this.questions = questions;
        this.prompts = prompts;
        this.clock = clock;
    }

    /** Brings questions.yml into the table: new ids added, texts updated, dropped ones no longer asked, pins re-read. */
    @Transactional
    public void sync(StaffroomConfig config) {
        List<String> ids = new ArrayList<>();
        Map<LocalDate, String> pins = new LinkedHashMap<>();
        int added = 0;
        for (QuestionDef q : config.questions()) {
            ids.add(q.id());
            if (q.date() != null) pins.put(q.date(), q.id());
            Question existing = questions.find(q.id()).orElse(null);
            if (existing == null) {
                questions.insert(q.id(), q.text(), q.category(), Question.Source.CONFIG, true, null, clock.instant());
                added++;
            } else if (existing.source() == Question.Source.CONFIG) {
                questions.updateFromConfig(q.id(), q.text(), q.category());
            } else {
                log.warn(
                        "questions.yml id {} is already used by a question added in chat; the file's question is not used",
                        q.id());
            }
        }
        int dropped = questions.markDroppedFromConfig(ids);
        questions.replaceConfigPins(pins, clock.instant());
        log.info(
                "Question bank synced from questions.yml: {} questions ({} new, {} no longer listed), {} pinned",
                ids.size(),
                added,
                dropped,
                pins.size());
    }

    /** The questions that may be asked, by id. */
    List<Rotation.Candidate> askable() {
        return questions.all().stream()
                .filter(Question::askable)
                .map(q -> new Rotation.Candidate(q.id(), q.category()))
                .toList();
    }

    /** Adds a question written in chat (by a coordinator, or an approved suggestion). */
    @Transactional
    public Question add(String text, String category, Question.Source source, String addedBy) {
        String clean = validText(text, "add");
        String cat = validCategory(category);
        questions.findSameText(clean).ifPresent(q -> {
            throw new Refusal("qotd.add.duplicate", q.id());
        });
        String id = nextChatId();
        questions.insert(id, clean, cat, source, false, addedBy, clock.instant());
        return questions.find(id).orElseThrow();
    }

    /**
     * Retires a question; its pins from {@code today} on are removed. Returns the dates unpinned.
     * The bank is the whole trust's: a trust-wide coordinator may retire any question, a school's
     * coordinator only one they added themselves.
     */
    @Transactional
    public Retired retire(String id, String by, boolean trustWide, LocalDate today) {
        Question q =
                questions.find(id == null ? "" : id.trim()).orElseThrow(() -> new Refusal("qotd.question.unknown", id));
        if (q.retired()) throw new Refusal("qotd.retire.already", q.id());
        if (!trustWide && !questions.addedBy(q.id()).filter(by::equals).isPresent()) {
            throw new Refusal("qotd.retire.not-yours", q.id());
        }
        questions.retire(q.id(), by, clock.instant());
        return new Retired(q, questions.unpinFrom(q.id(), today));
    }

    record Retired(Question question, List<LocalDate> unpinned) {}

    record Pinned(Question question, LocalDate date, String replaced) {}

    /** Pins a question to a date not yet asked; the caller has checked it is a school day somewhere. */
    @Transactional
    public Pinned pin(String id, LocalDate date, LocalDate today, String by) {
        Question q =
                questions.find(id == null ? "" : id.trim()).orElseThrow(() -> new Refusal("qotd.question.unknown", id));
        if (!q.askable()) throw new Refusal("qotd.pin.retired", q.id());
        if (date.isBefore(today)) throw new Refusal("qotd.pin.past", date);
        prompts.findByKey(Prompt.dailyKey(date)).ifPresent(p -> {
            throw new Refusal("qotd.pin.already-asked", date, p.questionId() == null ? p.text() : p.questionId());
        });
        String replaced = questions.pinOn(date).filter(r -> !r.equals(q.id())).orElse(null);
        questions.pin(date, q.id(), by, clock.instant());
        return new Pinned(q, date, replaced);
    }

    Map<LocalDate, String> pins() {
        return questions.pins();
    }

    static String validText(String text, String subcommand) {
        String clean = text == null ? "" : text.strip();
        if (clean.isEmpty()) throw new Refusal("qotd.text.missing", subcommand);
        if (clean.length() > MAX_LENGTH) throw new Refusal("qotd.text.too-long", clean.length());
        return clean;
    }

    static String validCategory(String category) {
        if (category == null || category.isBlank()) return "general";
        String c = category.strip().toLowerCase();
        if (!CATEGORY.matcher(c).matches()) throw new Refusal("qotd.category.bad", category.strip());
        return c;
    }

    private String nextChatId() {
        int max = 0;
        for (String id : questions.chatIds()) {
            if (id.matches("c\\d+")) max = Math.max(max, Integer.parseInt(id.substring(1)));
        }
        for (int n = max + 1; ; n++) {
            String id = String.format("c%03d", n);
            if (questions.find(id).isEmpty()) return id;
        }
    }
}
