package org.staffroom.pdchat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Destination;
import org.staffroom.chat.Message;
import org.staffroom.chat.UserRef;
import org.staffroom.config.ChannelPurpose;
import org.staffroom.config.PdChatDef;
import org.staffroom.config.Person;
import org.staffroom.config.School;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * Runs chats on the clock: reminders a day and 15 minutes before, the intro and each question on
 * time in every participating school's pd channel, the wrap-up with its summary, then the archive.
 * Every step is claimed once per run and school (a unique row) in the same transaction as its
 * post, so a repeated tick, a restart or a second instance posts nothing twice. After downtime,
 * a step whose moment has passed (a reminder after the start, a question after the next one was
 * due) is skipped rather than posted late in a burst, and the host is told.
 */
@Service
class ChatLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChatLifecycle.class);

    /** A run is carried on this long after its end (a late wrap-up after a short outage). */
    static final Duration LOOKBACK = Duration.ofHours(6);
    /** How long ago a run may have started and still be running (slow chats take a week or more). */
    static final Duration LONGEST_RUN = Duration.ofDays(30);

    static final Set<DayOfWeek> SCHOOL_WEEK = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    static final String REMIND_DAY = "remind-day";
    static final String REMIND_SOON = "remind-15";
    static final String INTRO = "intro";
    static final String WRAP = "wrap";

    private final ChatDefinitions definitions;
    private final OccurrenceStore occurrences;
    private final Directory directory;
    private final Chat chat;
    private final ChatPosts posts;
    private final Relay relay;
    private final Archive archive;
    private final TransactionTemplate tx;

    ChatLifecycle(
            ChatDefinitions definitions,
            OccurrenceStore occurrences,
            Directory directory,
            Chat chat,
            ChatPosts posts,
            Relay relay,
            Archive archive,
            PlatformTransactionManager tm) {
        this.definitions = definitions;
        this.occurrences = occurrences;
        this.directory = directory;
        this.chat = chat;
        this.posts = posts;
        this.relay = relay;
        this.archive = archive;
        this.tx = new TransactionTemplate(tm);
    }

    /** Does whatever is due at {@code now} for every chat, each run in a transaction of its own. */
    void tick(Instant at) {
        Instant now = OccurrenceStore.precise(at);
        Set<String> seen = new HashSet<>();
        for (PdChatDef def : definitions.all()) {
            for (LocalDate date : ChatPlan.runDates(
                    def, now.minus(LONGEST_RUN), now.plus(ChatPlan.DAY_REMINDER).plusSeconds(60))) {
                seen.add(def.id() + "@" + date);
                safely(def.id() + "@" + date, () -> advance(def, date, now));
            }
        }
        // Runs moved by hand (started early) or whose chat left the config while running.
        for (Occurrence occ : occurrences.unfinished()) {
            String key = occ.chatId() + "@" + occ.date();
            if (seen.contains(key)) continue;
            safely(key, () -> {
                Optional<PdChatDef> def = definitions.byId(occ.chatId());
                if (def.isPresent()) {
                    advance(def.get(), occ.date(), now);
                } else {
                    occurrences.find(occ.id()).ifPresent(o -> continueWithoutDefinition(o, now));
                }
            });
        }
    }

    private void safely(String what, Runnable work) {
        try {
            tx.executeWithoutResult(s -> work.run());
        } catch (RuntimeException e) {
            log.error("PD chat run {} could not be advanced; trying again at the next tick", what, e);
        }
    }

    /** Records the run on {@code date} once its first step is due, re-plans it until it starts, then steps it. */
    void advance(PdChatDef def, LocalDate date, Instant now) {
        List<School> schools = participating(def);
        Optional<Occurrence> found = occurrences.find(def.id(), date);
        Occurrence occ;
        if (found.isEmpty()) {
            ChatPlan plan = plan(def, ChatPlan.scheduledStart(def, date), schools);
            if (now.isBefore(plan.remindDay()) || now.isAfter(plan.end().plus(LOOKBACK))) return;
            occ = occurrences.create(def, date, definitions.hostName(def), ids(schools), plan, now);
        } else {
            occ = found.get();
            if (occ.state() == Occurrence.State.SCHEDULED && !occ.manual()) {
                ChatPlan plan = plan(def, ChatPlan.scheduledStart(def, date), schools);
                occurrences.replan(occ, def, definitions.hostName(def), ids(schools), plan);
                occ = occurrences.find(occ.id()).orElseThrow();
            }
        }
        run(occ, now);
    }

    private void continueWithoutDefinition(Occurrence occ, Instant now) {
        if (occ.state() == Occurrence.State.LIVE || occ.manual()) {
            run(occ, now);
        } else {
            // The chat was removed before it started: it will not run.
            occurrences.changeState(occ.id(), Occurrence.State.SCHEDULED, Occurrence.State.MISSED);
        }
    }

    /** Posts (or skips) every step of the run that is due and not yet decided, school by school. */
    void run(Occurrence occ, Instant at) {
        if (occ.finished()) return;
        Instant now = OccurrenceStore.precise(at);
        List<Occurrence.Question> questions = occurrences.questions(occ.id());
        ChatPlan plan = new ChatPlan(
                occ.startsAt(),
                questions.stream().map(Occurrence.Question::dueAt).toList(),
                occ.endsAt());
        List<School> schools = schools(occ);
        boolean live = occ.state() == Occurrence.State.LIVE;

        // A slow chat keeps to school days: its day-before reminder is not posted on a weekend or holiday.
        boolean dayFits = occ.mode() != PdChatDef.Mode.SLOW
                || questionDay(schools).test(now.atZone(occ.zone()).toLocalDate());
        step(
                occ,
                REMIND_DAY,
                plan.remindDay(),
                dayFits && now.isBefore(plan.remindSoon()),
                schools,
                now,
                s -> posts.remindDay(occ, questions.size(), s));
        step(
                occ,
                REMIND_SOON,
                plan.remindSoon(),
                now.isBefore(plan.start()),
                schools,
                now,
                s -> posts.remindSoon(occ, s));
        if (step(
                                        occ,
                                        INTRO,
                                        plan.start(),
                                        now.isBefore(plan.end()),
                                        schools,
                                        now,
                                        s -> posts.intro(occ, questions.size(), s, others(schools, s)))
                                .posted()
                        > 0
                && !live) {
            live = occurrences.changeState(occ.id(), Occurrence.State.SCHEDULED, Occurrence.State.LIVE);
        }
        Set<Integer> skipped = new TreeSet<>();
        for (Occurrence.Question q : questions) {
            boolean current = live && now.isBefore(plan.slotEnd(q.number()));
            Decided d = step(
                    occ,
                    "q" + q.number(),
                    q.dueAt(),
                    current,
                    schools,
                    now,
                    s -> posts.question(occ, q, questions.size(), s));
            if (d.skipped() > 0) skipped.add(q.number());
        }
        if (!now.isBefore(plan.end())) {
            if (live) {
                // After a long outage the thanks would come out of the blue: the run is archived quietly.
                boolean timely = now.isBefore(plan.end().plus(LOOKBACK));
                Transcript transcript = archive.transcript(occ);
                step(occ, WRAP, plan.end(), timely, schools, now, s -> posts.wrap(occ, transcript, s));
                occurrences.changeState(occ.id(), Occurrence.State.LIVE, Occurrence.State.ARCHIVED);
            } else {
                step(occ, WRAP, plan.end(), false, schools, now, s -> null);
                if (occurrences.changeState(occ.id(), Occurrence.State.SCHEDULED, Occurrence.State.MISSED)) {
                    tellHost(occ, "missed", (l, z) -> posts.missed(occ, l, z));
                }
                return;
            }
        }
        if (!skipped.isEmpty()) {
            List<Integer> list = new ArrayList<>(skipped);
            tellHost(
                    occ,
                    "skipped:"
                            + String.join(
                                    ",", list.stream().map(String::valueOf).toList()),
                    (l, z) -> posts.skipped(occ, list, l, z));
        }
    }

    /** How a step went now: in how many schools it was posted, in how many skipped. */
    private record Decided(int posted, int skipped) {}

    /**
     * Decides one step in every school where it is due and undecided: posts it if {@code postable},
     * else records it as skipped.
     */
    private Decided step(
            Occurrence occ,
            String step,
            Instant due,
            boolean postable,
            List<School> schools,
            Instant now,
            Function<School, Message> message) {
        if (now.isBefore(due)) return new Decided(0, 0);
        int posted = 0;
        int skipped = 0;
        for (School school : schools) {
            OccurrenceStore.Outcome outcome =
                    postable ? OccurrenceStore.Outcome.POSTED : OccurrenceStore.Outcome.SKIPPED;
            if (!occurrences.claimStep(occ.id(), step, school.id(), due, outcome, now)) continue;
            if (!postable) {
                skipped++;
                log.info(
                        "PD chat {} {}: {} skipped in {} (its moment has passed)",
                        occ.hashtag(),
                        occ.date(),
                        step,
                        school.id());
                continue;
            }
            ChannelRef channel = directory.channel(school, ChannelPurpose.PD).orElseThrow();
            chat.post(Destination.channel(channel), message.apply(school), key(occ, step, school));
            relay.spend(channel, now);
            posted++;
        }
        return new Decided(posted, skipped);
    }

    static String key(Occurrence occ, String step, School school) {
        return "pdchat:" + occ.id() + ":" + step + ":" + school.id();
    }

    /** Which step of which run a post of ours is, from its delivery key. */
    record StepRef(long occurrenceId, String step, String schoolId) {
        static Optional<StepRef> parse(String key) {
            String[] p = key.split(":");
            if (p.length != 4 || !p[0].equals("pdchat")) return Optional.empty();
            try {
                return Optional.of(new StepRef(Long.parseLong(p[1]), p[2], p[3]));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        /** The question number for a question's post, 0 for the intro, else empty. */
        Optional<Integer> question() {
            if (step.equals(INTRO)) return Optional.of(0);
            if (step.matches("q\\d+")) return Optional.of(Integer.parseInt(step.substring(1)));
            return Optional.empty();
        }
    }

    private interface HostMessage {
        Message make(Locale locale, ZoneId zone);
    }

    private void tellHost(Occurrence occ, String what, HostMessage message) {
        StaffroomConfig c = directory.config();
        Optional<Person> person = directory.person(occ.hostKey());
        UserRef to;
        Locale locale;
        ZoneId zone = occ.zone();
        if (person.isPresent()) {
            Optional<UserRef> account = directory.account(person.get());
            if (account.isEmpty()) return;
            to = account.get();
            locale = directory.localeOf(person.get());
            zone = person.get().schoolId() == null
                    ? zone
                    : c.school(person.get().schoolId()).map(School::zone).orElse(zone);
        } else if (occ.hostKey().contains(":")) {
            to = UserRef.parse(occ.hostKey());
            locale = c.trust().locale();
        } else {
            log.warn("PD chat {}: host {} has no account to tell", occ.hashtag(), occ.hostKey());
            return;
        }
        chat.sendDirect(to, message.make(locale, zone), "pdchat:" + occ.id() + ":host:" + what);
    }

    /** Starts the next run of {@code def} now (early or late): its questions follow from now on. */
    Optional<Occurrence> startNow(PdChatDef def, Instant at) {
        Instant now = OccurrenceStore.precise(at);
        List<School> schools = participating(def);
        for (LocalDate date : ChatPlan.runDates(def, now.minus(LONGEST_RUN), now.plus(Duration.ofDays(400)))) {
            Optional<Occurrence> existing = occurrences.find(def.id(), date);
            if (existing.isPresent() && existing.get().finished()) continue;
            ChatPlan scheduled = plan(def, ChatPlan.scheduledStart(def, date), schools);
            if (existing.isEmpty() && !now.isBefore(scheduled.end())) continue;
            ChatPlan fromNow = plan(def, now.atZone(def.zone()), schools);
            Occurrence occ = existing.orElseGet(
                    () -> occurrences.create(def, date, definitions.hostName(def), ids(schools), fromNow, now));
            occurrences.startNow(occ, def.questions(), fromNow);
            Occurrence started = occurrences.find(occ.id()).orElseThrow();
            run(started, now);
            return occurrences.find(occ.id());
        }
        return Optional.empty();
    }

    /** Ends a running run now: questions not yet asked are dropped, the wrap-up goes out. */
    void stopNow(Occurrence occ, Instant at) {
        Instant now = OccurrenceStore.precise(at);
        occurrences.stopNow(occ, now);
        run(occurrences.find(occ.id()).orElseThrow(), now);
    }

    /** The run of {@code def} that is on now, if any. */
    Optional<Occurrence> running(PdChatDef def, Instant at) {
        return occurrences.capturing(OccurrenceStore.precise(at)).stream()
                .filter(o -> o.chatId().equals(def.id()))
                .findFirst();
    }

    /** The next time {@code def} runs (after {@code now}), from the schedule or a run already recorded. */
    Optional<ZonedDateTime> next(PdChatDef def, Instant at) {
        Instant now = OccurrenceStore.precise(at);
        for (LocalDate date : ChatPlan.runDates(def, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(400)))) {
            Optional<Occurrence> occ = occurrences.find(def.id(), date);
            if (occ.isPresent()) {
                if (occ.get().finished()) continue;
                return Optional.of(occ.get().startsAt().atZone(def.zone()));
            }
            ZonedDateTime start = ChatPlan.scheduledStart(def, date);
            if (!start.toInstant().isBefore(now)) return Optional.of(start);
        }
        return Optional.empty();
    }

    ChatPlan plan(PdChatDef def, ZonedDateTime start, List<School> schools) {
        return ChatPlan.of(def, start, def.questions().size(), questionDay(schools));
    }

    private Predicate<LocalDate> questionDay(List<School> schools) {
        StaffroomConfig c = directory.config();
        return d -> schools.stream().anyMatch(s -> c.calendar().isSchoolDay(s, d, SCHOOL_WEEK));
    }

    /** The schools taking part (all when none are named), without paused ones or ones with no pd channel. */
    List<School> participating(PdChatDef def) {
        StaffroomConfig c = directory.config();
        List<School> all = def.schoolIds().isEmpty()
                ? c.schools()
                : def.schoolIds().stream()
                        .map(id -> c.school(id).orElse(null))
                        .filter(s -> s != null)
                        .toList();
        return all.stream()
                .filter(s -> !s.paused() && s.channel(ChannelPurpose.PD) != null)
                .toList();
    }

    List<School> schools(Occurrence occ) {
        StaffroomConfig c = directory.config();
        return occ.schoolIds().stream()
                .map(id -> c.school(id).orElse(null))
                .filter(s -> s != null && s.channel(ChannelPurpose.PD) != null)
                .toList();
    }

    /** The zone a caller reads times in: their school's, or the trust's when their school is not known. */
    ZoneId zoneOf(Caller caller) {
        return caller.schoolIfKnown().map(School::zone).orElse(trustZone(directory.config()));
    }

    /** The trust's zone, for people with no school (the first school's if the trust names none). */
    static ZoneId trustZone(StaffroomConfig c) {
        if (c.trust().zone() != null) return c.trust().zone();
        return c.schools().isEmpty() ? ZoneId.of("UTC") : c.schools().get(0).zone();
    }

    private static String others(List<School> schools, School self) {
        return String.join(
                ", ",
                schools.stream()
                        .filter(s -> !s.id().equals(self.id()))
                        .map(School::shortName)
                        .toList());
    }

    private static List<String> ids(List<School> schools) {
        return schools.stream().map(School::id).toList();
    }
}
