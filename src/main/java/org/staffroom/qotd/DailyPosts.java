package org.staffroom.qotd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Destination;
import org.staffroom.config.ChannelPurpose;
import org.staffroom.config.Role;
import org.staffroom.config.School;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.config.Trust;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * Posts questions in schools' qotd channels. A post is claimed first by a unique row whose key is
 * also the delivery key ({@code qotd:<date>:<school>} for the daily question), in the same
 * transaction as the delivery row: a school gets its daily question exactly once, across restarts
 * and instances. A school whose posting time passed while the bot was down gets it on the next
 * tick, the same school day; a day that ended is never posted late.
 */
@Service
class DailyPosts {

    private static final Logger log = LoggerFactory.getLogger(DailyPosts.class);

    enum Outcome {
        POSTED,
        ALREADY,
        NO_CHANNEL,
        NO_QUESTION
    }

    private final SchoolDays days;
    private final DailyQuestions daily;
    private final PromptStore prompts;
    private final Answers answers;
    private final Digests digests;
    private final Directory directory;
    private final Chat chat;
    private final QotdMessages messages;
    private final Clock clock;

    DailyPosts(
            SchoolDays days,
            DailyQuestions daily,
            PromptStore prompts,
            Answers answers,
            Digests digests,
            Directory directory,
            Chat chat,
            QotdMessages messages,
            Clock clock) {
        this.days = days;
        this.daily = daily;
        this.prompts = prompts;
        this.answers = answers;
        this.digests = digests;
        this.directory = directory;
        this.chat = chat;
        this.messages = messages;
        this.clock = clock;
    }

    /** The scheduled work for one school at {@code now}: the morning digest, then the question, when due. */
    @Transactional
    public void tick(String schoolId, Instant now) {
        StaffroomConfig config = days.config();
        School school = config.school(schoolId).orElse(null);
        // A school without a qotd channel does not take part; paused ones get nothing.
        if (school == null
                || school.paused()
                || directory.channel(school, ChannelPurpose.QOTD).isEmpty()) return;
        LocalDate today = days.today(school, now);
        Optional<PostingSchedule.Window> window = days.window(school, today);
        if (window.isEmpty() || !now.isBefore(window.get().closes())) return;
        if (config.trust().qotd().answers() == Trust.AnswerSharing.DIGEST
                && !now.isBefore(window.get().digestDue())) {
            digests.post(school, today, now);
        }
        if (!now.isBefore(window.get().due())) {
            Outcome o = postDaily(school, today, "schedule", now);
            if (o == Outcome.POSTED && now.isAfter(window.get().due().plusSeconds(300))) {
                log.info(
                        "Question of the day for {} on {} caught up {} late",
                        school.id(),
                        today,
                        Duration.between(window.get().due(), now));
            }
        }
    }

    /** Posts the daily question of {@code date} to {@code school} unless it has it already. */
    Outcome postDaily(School school, LocalDate date, String by, Instant now) {
        Optional<ChannelRef> channel = directory.channel(school, ChannelPurpose.QOTD);
        if (channel.isEmpty()) return Outcome.NO_CHANNEL;
        String key = Post.dailyKey(date, school.id());
        if (prompts.postByKey(key).isPresent()) return Outcome.ALREADY;
        Optional<Prompt> prompt = daily.forDate(date);
        if (prompt.isEmpty()) return Outcome.NO_QUESTION;
        if (!prompts.claim(key, prompt.get().id(), school.id(), date, Prompt.Kind.DAILY, by, now))
            return Outcome.ALREADY;
        chat.post(
                Destination.channel(channel.get()),
                messages.question(school, prompt.get(), textFor(prompt.get(), school), null, sharing(), now),
                key);
        answers.backfill(prompt.get(), school);
        log.info("Question of the day {} claimed for {} on {}", prompt.get().questionId(), school.id(), date);
        return Outcome.POSTED;
    }

    /** What {@code /qotd now} did, school by school. */
    record NowResult(List<School> posted, List<School> already, List<School> paused, List<Closed> closed) {}

    /** A school left out because today is no question day there, and why ({@link SchoolDays#whyNot}). */
    record Closed(School school, String why) {}

    /**
     * {@code /qotd now}: a trust-wide coordinator may post to any school, a school's coordinator to
     * their own. With {@code text}, the coordinator's own question goes out as an extra; without, each
     * school gets today's question now (if it has not had it), which then counts as its daily post.
     * Everything is checked before anything is posted. A school on holiday (or any day that is not a
     * question day there) is left out and reported, unless the coordinator named it with --schools.
     */
    @Transactional
    public NowResult postNow(Caller caller, String schoolsOption, String text, String eventId) {
        if (!caller.hasAnywhere(Role.COORDINATOR)) throw new Refusal("qotd.not-allowed", "now");
        StaffroomConfig config = days.config();
        List<School> mayPost = config.schools().stream()
                .filter(s -> caller.hasTrustWide(Role.COORDINATOR) || caller.has(Role.COORDINATOR, s.id()))
                .toList();
        List<School> targets = targets(config, mayPost, schoolsOption);
        String question = text == null || text.isBlank() ? null : QuestionBank.validText(text, "now");
        Instant now = clock.instant();
        List<School> posted = new ArrayList<>();
        List<School> already = new ArrayList<>();
        List<School> paused = targets.stream().filter(School::paused).toList();
        List<Closed> closed = new ArrayList<>();
        boolean named = schoolsOption != null && !schoolsOption.isBlank();
        if (!named) {
            for (School s : targets) {
                if (!s.paused()) days.whyNot(s, days.today(s, now)).ifPresent(why -> closed.add(new Closed(s, why)));
            }
            List<School> open = targets.stream()
                    .filter(s -> closed.stream().noneMatch(c -> c.school().equals(s)))
                    .toList();
            targets = open;
        }
        if (question != null) {
            Prompt prompt = prompts.insert(
                    "now:" + eventId,
                    Prompt.Kind.NOW,
                    trustToday(config, now),
                    null,
                    question,
                    null,
                    null,
                    Prompt.Reason.ADHOC,
                    caller.personKey(),
                    now);
            for (School s : targets) {
                if (s.paused()) continue;
                Optional<ChannelRef> channel = directory.channel(s, ChannelPurpose.QOTD);
                if (channel.isEmpty()) continue;
                String key = Post.nowKey(prompt.id(), s.id());
                if (!prompts.claim(
                        key, prompt.id(), s.id(), days.today(s, now), Prompt.Kind.NOW, caller.personKey(), now)) {
                    already.add(s);
                    continue;
                }
                chat.post(
                        Destination.channel(channel.get()),
                        messages.question(s, prompt, caller.name(), sharing(), now),
                        key);
                posted.add(s);
            }
            return new NowResult(posted, already, paused, closed);
        }
        for (School s : targets) {
            if (s.paused()) continue;
            LocalDate today = days.today(s, now);
            if (sharing() == Trust.AnswerSharing.DIGEST && days.window(s, today).isPresent())
                digests.post(s, today, now);
            Outcome o = postDaily(s, today, caller.personKey(), now);
            if (o == Outcome.NO_QUESTION) throw new Refusal("qotd.now.no-question");
            if (o == Outcome.POSTED) posted.add(s);
            if (o == Outcome.ALREADY) already.add(s);
        }
        return new NowResult(posted, already, paused, closed);
    }

    private static List<School> targets(StaffroomConfig config, List<School> mayPost, String option) {
        if (option == null || option.isBlank()) return mayPost;
        Set<String> wanted = new LinkedHashSet<>();
        for (String id : option.trim().toLowerCase().split("[,\\s]+")) {
            if (!id.isEmpty()) wanted.add(id);
        }
        List<String> valid = config.schools().stream().map(School::id).toList();
        List<String> unknown = wanted.stream().filter(id -> !valid.contains(id)).toList();
        if (!unknown.isEmpty())
            throw new Refusal("qotd.now.unknown-schools", String.join(", ", unknown), String.join(", ", valid));
        List<String> allowed = mayPost.stream().map(School::id).toList();
        if (!allowed.containsAll(wanted)) {
            throw new Refusal(
                    "qotd.now.not-your-schools",
                    String.join(
                            ", ",
                            mayPost.stream()
                                    .map(s -> s.shortName() + " (" + s.id() + ")")
                                    .toList()));
        }
        return mayPost.stream().filter(s -> wanted.contains(s.id())).toList();
    }

    /** The daily question in the school's language when questions.yml gives a translation, else as written. */
    private String textFor(Prompt prompt, School school) {
        if (prompt.questionId() == null) return prompt.text();
        String language = school.locale().getLanguage();
        return days.config().questions().stream()
                .filter(q -> q.id().equals(prompt.questionId()))
                .findFirst()
                .map(q -> q.translations().get(language))
                .orElse(prompt.text());
    }

    static LocalDate trustToday(StaffroomConfig config, Instant now) {
        ZoneId zone = config.trust().zone() != null ? config.trust().zone() : ZoneOffset.UTC;
        return now.atZone(zone).toLocalDate();
    }

    private Trust.AnswerSharing sharing() {
        return days.config().trust().qotd().answers();
    }
}
