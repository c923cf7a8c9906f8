package org.staffroom.pdchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.Sample.*;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.staffroom.chat.Actor;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.UserRef;
import org.staffroom.directory.Directory;
import org.staffroom.testing.SandboxClient.Seen;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;

/**
 * PD chats end to end through the sandbox, with Oakfield and Riverside on the trust's Slack and
 * Hillcrest and Sevilla on Discord: the schedule, capture and relay across platforms, edits,
 * deletions and hides, the archive, scheduling by form, starting and stopping by hand, and the
 * hashtag index. Each test uses its own chat or its own run, so their order does not matter.
 */
@StaffroomTest
@TestPropertySource(properties = "staffroom.test.context=pdchat") // a context of its own, shared with RelayBurstTest
class PdChatEndToEndTest extends StaffroomEndToEnd {

    static final List<String> PD = List.of(OAKFIELD_PD, RIVERSIDE_PD, HILLCREST_PD, SEVILLA_PD);
    static final Map<String, String> VIEWER =
            Map.of(OAKFIELD_PD, BEN, RIVERSIDE_PD, DAN, HILLCREST_PD, HARRY, SEVILLA_PD, JAVIER);

    PdChatEndToEndTest() {
        super(Duration.ofSeconds(10)); // what settle() waits for chat to deliver
    }

    @Autowired
    PdChatEvents events;

    @Autowired
    PdChatArchives archives;

    @Autowired
    ChatDefinitions definitions;

    @Autowired
    OccurrenceStore occurrences;

    @Autowired
    Directory directory;

    @Autowired
    ChatPosts posts;

    @Autowired
    Relay relay;

    @Autowired
    Archive archive;

    @Autowired
    PlatformTransactionManager tm;

    // ------------------------------------------------------------------ the sample chat, start to finish

    @Test
    void theSampleChatRunsOnTimeAcrossSchoolsAndPlatformsAndIsArchived() {
        long mark = mark();
        at("2026-11-30T18:59:00Z");
        tick();
        for (String pd : PD) assertThat(botSince(pd, mark)).isEmpty();

        // A day before, in every school's pd channel, in its language and time zone; once, however often it ticks.
        at("2026-11-30T19:00:00Z");
        tick();
        tick();
        for (String pd : PD)
            assertThat(botSince(pd, mark))
                    .singleElement()
                    .satisfies(m -> assertThat(m.text()).contains("#NWTchat"));
        assertThat(only(OAKFIELD_PD, mark).text())
                .isEqualTo("📅 Coming up: #NWTchat — Feedback that moves learning on, hosted by "
                        + "Farid Rahman, on Tuesday, 1 December 2026 at 19:00. 5 questions, one every 10 minutes. Join in here: answer "
                        + "with A1, A2… and #NWTchat.");
        assertThat(only(SEVILLA_PD, mark).text())
                .startsWith("📅 Próximamente: #NWTchat")
                .contains("martes, 1 de diciembre de 2026 a las 20:00");

        at("2026-12-01T18:45:00Z");
        tick();
        for (String pd : PD)
            assertThat(botSince(pd, mark)).filteredOn(m -> m.contains("15")).hasSize(1);
        assertThat(last(RIVERSIDE_PD).text())
                .isEqualTo("⏰ #NWTchat starts in 15 minutes: Feedback that moves learning on, hosted by Farid Rahman.");

        // The intro and Q1 at 19:00, exactly once across a repeated tick and a restart (a new lifecycle with only the
        // database).
        at("2026-12-01T19:00:00Z");
        tick();
        tick();
        restartedLifecycle().tick(clock.instant());
        settle();
        for (String pd : PD) {
            assertThat(botSince(pd, mark))
                    .filteredOn(m -> m.contains("Q1/5"))
                    .singleElement()
                    .satisfies(
                            m -> assertThat(m.text())
                                    .isEqualTo(
                                            "Q1/5 What does feedback that pupils actually act on look like in your classroom? #NWTchat"));
            assertThat(botSince(pd, mark)).hasSize(4); // two reminders, the intro, Q1
        }
        assertThat(botSince(HILLCREST_PD, mark).get(2).text())
                .isEqualTo(
                        "👋 Welcome to #NWTchat: Feedback that moves learning on, "
                                + "hosted by Farid Rahman!\nHow it works: 5 questions, one every 10 minutes. Answer with A1, A2… and #NWTchat, or "
                                + "reply in a question’s thread. Your answers are shared with colleagues at Oakfield, Riverside, Sevilla, and theirs appear here.");
        assertThat(botSince(SEVILLA_PD, mark).get(2).text()).startsWith("👋 ¡Bienvenidos a #NWTchat");

        // Slack to Discord: an A-numbered answer at Oakfield appears at Riverside, Hillcrest and Sevilla.
        at("2026-12-01T19:02:00Z");
        Seen ben = post(BEN, OAKFIELD_PD, "A1 Pupils redo one question after feedback #NWTchat");
        String benLine = "Ben Hughes (Oakfield): A1 Pupils redo one question after feedback #NWTchat";
        assertRelayedOnce(benLine, RIVERSIDE_PD, HILLCREST_PD, SEVILLA_PD);
        assertRelayed(benLine, OAKFIELD_PD, 0);

        // The same message handled twice (a redelivery) changes nothing.
        events.on(new ChatEvent.MessagePosted(
                "again",
                clock.instant(),
                Actor.of(UserRef.parse(BEN), "Ben Hughes"),
                new MessageRef(ChannelRef.parse(OAKFIELD_PD), Long.toString(ben.id()), null),
                ben.text(),
                List.of(),
                false));
        settle();
        assertRelayedOnce(benLine, RIVERSIDE_PD, HILLCREST_PD, SEVILLA_PD);

        // Discord to Slack: a reply in Q1's thread at Hillcrest, without tag or number, is captured for Q1.
        at("2026-12-01T19:03:00Z");
        Seen q1Hillcrest = botSince(HILLCREST_PD, mark).stream()
                .filter(m -> m.contains("Q1/5"))
                .findFirst()
                .orElseThrow();
        reply(HARRY, HILLCREST_PD, q1Hillcrest.id(), "Live marking with a visualiser");
        assertRelayedOnce(
                "Harry Jones (Hillcrest): Live marking with a visualiser", OAKFIELD_PD, RIVERSIDE_PD, SEVILLA_PD);

        at("2026-12-01T19:04:00Z");
        post(JAVIER, SEVILLA_PD, "a1 - Feedback en voz alta #nwtchat");
        at("2026-12-01T19:05:00Z");
        post(DAN, RIVERSIDE_PD, "Not about the chat at all");
        at("2026-12-01T19:06:00Z");
        post(DAN, RIVERSIDE_PD, "A22 typo for another chat #NWTchat2");
        assertRelayed("Not about the chat at all", OAKFIELD_PD, 0);
        assertRelayed("A22 typo", HILLCREST_PD, 0);

        at("2026-12-01T19:10:00Z");
        tick();
        for (String pd : PD)
            assertThat(botSince(pd, mark))
                    .filteredOn(m -> m.text().startsWith("Q2/5"))
                    .hasSize(1);
        at("2026-12-01T19:11:00Z");
        post(DAN, RIVERSIDE_PD, "Whole-class feedback sheets save hours #NWTchat");
        at("2026-12-01T19:12:00Z");
        post(HARRY, HILLCREST_PD, "A2: Verbal feedback, then a quick redraft");

        // An edit reaches the archive and every copy.
        at("2026-12-01T19:13:00Z");
        Seen marking = post(BEN, OAKFIELD_PD, "A2 Marking codes #NWTchat");
        assertRelayedOnce("Ben Hughes (Oakfield): A2 Marking codes #NWTchat", HILLCREST_PD);
        sandbox.edit(BEN, marking.id(), "A2 Marking codes pupils look up #NWTchat");
        settle();
        assertRelayedOnce(
                "Ben Hughes (Oakfield): A2 Marking codes pupils look up #NWTchat",
                RIVERSIDE_PD,
                HILLCREST_PD,
                SEVILLA_PD);
        assertRelayed("Ben Hughes (Oakfield): A2 Marking codes #NWTchat", HILLCREST_PD, 0);

        // A deletion removes the copies (and, below, the archive entry).
        at("2026-12-01T19:14:00Z");
        Seen oops = post(JAVIER, SEVILLA_PD, "A2 oops, wrong chat");
        assertRelayedOnce("Javier Moreno (Sevilla): A2 oops, wrong chat", OAKFIELD_PD, HILLCREST_PD);
        sandbox.delete(JAVIER, oops.id());
        settle();
        assertRelayed("A2 oops, wrong chat", OAKFIELD_PD, 0);
        assertRelayed("A2 oops, wrong chat", RIVERSIDE_PD, 0);
        assertRelayed("A2 oops, wrong chat", HILLCREST_PD, 0);

        // Hiding: a teacher may not, the host may (here on Slack), and the copies go.
        at("2026-12-01T19:15:00Z");
        Seen offTopic = post(DAN, RIVERSIDE_PD, "A2 something off-topic #NWTchat");
        Seen copy = botSince(HILLCREST_PD, mark).stream()
                .filter(m -> m.contains("A2 something off-topic"))
                .findFirst()
                .orElseThrow();
        sandbox.messageAction(HARRY, copy.id(), PdChatCommands.HIDE_ACTION);
        assertThat(sandbox.lastPrivateAnswer(HARRY, HILLCREST_PD).orElseThrow().text())
                .isEqualTo(
                        "Only Farid Rahman, who hosts #NWTchat, or a coordinator of every school in it can hide messages from it.");
        assertRelayedOnce("Dan Whitfield (Riverside): A2 something off-topic #NWTchat", HILLCREST_PD);
        sandbox.messageAction(FARID_SLACK, offTopic.id(), PdChatCommands.HIDE_ACTION);
        settle();
        assertThat(sandbox.lastPrivateAnswer(FARID_SLACK, RIVERSIDE_PD)
                        .orElseThrow()
                        .text())
                .startsWith("Hidden:");
        for (String pd : List.of(OAKFIELD_PD, HILLCREST_PD, SEVILLA_PD)) assertRelayed("A2 something off-topic", pd, 0);

        at("2026-12-01T19:20:00Z");
        tick();
        at("2026-12-01T19:30:00Z");
        tick();
        at("2026-12-01T19:31:00Z");
        post(ISABEL, SEVILLA_PD, "A3 Peer feedback with sentence stems");
        at("2026-12-01T19:40:00Z");
        tick();
        for (String pd : PD) {
            assertThat(botSince(pd, mark).stream()
                            .filter(m -> m.text() != null && m.text().matches("(?s)Q\\d/5 .*"))
                            .map(m -> m.text().substring(0, 4)))
                    .containsExactly("Q1/5", "Q2/5", "Q3/5", "Q4/5", "Q5/5");
        }

        // The wrap-up with its summary, then the archive.
        at("2026-12-01T19:50:00Z");
        tick();
        tick();
        assertThat(last(OAKFIELD_PD).text())
                .isEqualTo("🙏 Thank you for joining #NWTchat: Feedback that moves learning on!\n"
                        + "7 messages from 5 people at 4 schools.\nBusiest question: Q1 (3 messages).\n"
                        + "Hillcrest: 2 messages from one person\nOakfield: 2 messages from one person\n"
                        + "Riverside: one message from one person\nSevilla: 2 messages from 2 people\n"
                        + "The transcript: /pdchat archive #NWTchat 2026-12-01");
        assertThat(last(SEVILLA_PD).text()).startsWith("🙏 ¡Gracias por participar en #NWTchat");
        for (String pd : PD)
            assertThat(botSince(pd, mark))
                    .filteredOn(m -> m.contains("/pdchat archive #NWTchat 2026-12-01"))
                    .hasSize(1);

        // A message after the end is not captured.
        at("2026-12-01T19:51:00Z");
        post(BEN, OAKFIELD_PD, "A5 too late #NWTchat");
        assertRelayed("A5 too late", HILLCREST_PD, 0);

        String expected = """
                # #NWTchat: Feedback that moves learning on

                Tuesday, 1 December 2026, 19:00–19:50 (Europe/London) · Host: Farid Rahman

                7 messages from 5 participants at 4 schools.

                | School | Messages | Participants |
                | --- | ---: | ---: |
                | Hillcrest | 2 | 1 |
                | Oakfield | 2 | 1 |
                | Riverside | 1 | 1 |
                | Sevilla | 2 | 2 |

                **Participants:** Ben Hughes (Oakfield), Dan Whitfield (Riverside), Harry Jones (Hillcrest), Isabel García (Sevilla), Javier Moreno (Sevilla)

                ## Q1. What does feedback that pupils actually act on look like in your classroom?

                _3 messages from 3 people_

                - 19:02 **Ben Hughes** (Oakfield): A1 Pupils redo one question after feedback #NWTchat
                - 19:03 **Harry Jones** (Hillcrest): Live marking with a visualiser
                - 19:04 **Javier Moreno** (Sevilla): a1 - Feedback en voz alta #nwtchat

                ## Q2. Written marking, verbal feedback or whole-class feedback: what has worked best for you, and why?

                _3 messages from 3 people_

                - 19:11 **Dan Whitfield** (Riverside): Whole-class feedback sheets save hours #NWTchat
                - 19:12 **Harry Jones** (Hillcrest): A2: Verbal feedback, then a quick redraft
                - 19:13 **Ben Hughes** (Oakfield): A2 Marking codes pupils look up #NWTchat _(edited)_

                ## Q3. How do you build in time for pupils to respond to feedback?

                _One message from one person_

                - 19:31 **Isabel García** (Sevilla): A3 Peer feedback with sentence stems

                ## Q4. How do you give feedback to colleagues after a lesson visit so that it helps rather than hurts?

                _No messages_

                ## Q5. What's one thing you'll try with feedback next week?

                _No messages_
                """;
        assertThat(archives.markdown("nwtchat-weekly", LocalDate.of(2026, 12, 1)))
                .contains(expected);
        sandbox.command(BEN, OAKFIELD_PD, "/pdchat archive #NWTchat 2026-12-01");
        assertThat(sandbox.lastPrivateAnswer(BEN, OAKFIELD_PD).orElseThrow().text())
                .isEqualTo(expected);
        // The HTML export is the web page's own template (WebDashboardTest checks it over HTTP).
        assertThat(archives.archived())
                .anySatisfy(a -> assertThat(a.chatId() + "@" + a.date()).isEqualTo("nwtchat-weekly@2026-12-01"));
    }

    // ------------------------------------------------------------------ downtime

    @Test
    void afterDowntimeStaleQuestionsAreSkippedNotBurstAndTheHostIsTold() {
        long mark = mark();
        // Down from before the reminders until 19:25 on 8 December: Q1 (19:00) and Q2 (19:10) have passed, Q3 (19:20)
        // is current.
        at("2026-12-08T19:25:00Z");
        tick();
        tick();
        for (String pd : PD) {
            List<String> texts = botSince(pd, mark).stream().map(Seen::text).toList();
            assertThat(texts).hasSize(2);
            assertThat(texts.get(0)).contains("#NWTchat").doesNotContain("Q1/5");
            assertThat(texts.get(1)).startsWith("Q3/5 How do you build in time");
        }
        List<Seen> dm = sandbox.messages(FARID_SLACK, dm(FARID_SLACK)).stream()
                .filter(m -> m.id() > mark)
                .toList();
        assertThat(dm)
                .singleElement()
                .satisfies(
                        m -> assertThat(m.text())
                                .isEqualTo(
                                        "Staffroom was offline during #NWTchat on "
                                                + "Tuesday, 8 December 2026, so Q1, Q2 were not posted late: they were skipped. The chat carries on from the current question."));

        at("2026-12-08T19:30:00Z");
        tick();
        for (String pd : PD) assertThat(last(pd).text()).startsWith("Q4/5");
        at("2026-12-08T19:40:00Z");
        tick();
        at("2026-12-08T19:50:00Z");
        tick();
        assertThat(last(OAKFIELD_PD).text())
                .startsWith("🙏 Thank you for joining #NWTchat")
                .contains("No messages from nobody");
        assertThat(sandbox.messages(FARID_SLACK, dm(FARID_SLACK)).stream().filter(m -> m.id() > mark))
                .hasSize(1);
    }

    // ------------------------------------------------------------------ scheduling by form

    @Test
    void aCoordinatorSchedulesAChatWithTheFormAndItRunsInTheChosenSchoolsOnly() {
        at("2026-11-26T10:00:00Z");
        int before = definitions.all().size();

        // A teacher cannot.
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/pdchat schedule");
        assertThat(sandbox.pendingForm(BEN)).isEmpty();
        assertThat(sandbox.lastPrivateAnswer(BEN, OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text())
                .startsWith("Only coordinators can schedule");

        // Bad input: every problem said at once, nothing stored.
        schedule(FARID_SLACK, RIVERSIDE_STAFFROOM, "MathsChat", "next Tuesday", "  ", List.of("narnia"), "fast");
        assertThat(sandbox.lastPrivateAnswer(FARID_SLACK, RIVERSIDE_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("""
                The chat was not scheduled:
                • “MathsChat” is not a hashtag: start the first line with # and letters, digits or _, e.g. #MathsChat, then the title.
                • Add a title after the hashtag, e.g. “#MathsChat Reasoning in Key Stage 2”.
                • “next Tuesday” is not a start time: write it as YYYY-MM-DD HH:MM, e.g. 2026-12-08 19:00.
                • Add at least one question, one per line.
                • There is no school “narnia”.
                • “fast” is not an option: use live or slow, the minutes between questions (1–120), and once or weekly, e.g. “live 10 weekly”.""");
        assertThat(definitions.all()).hasSize(before);

        // A school coordinator may schedule for her own school only.
        schedule(
                CHLOE,
                RIVERSIDE_STAFFROOM,
                "#ReadingChat Reading for pleasure",
                "2026-12-03 16:00",
                "Q1\nQ2",
                List.of(),
                "");
        assertThat(sandbox.lastPrivateAnswer(CHLOE, RIVERSIDE_STAFFROOM)
                        .orElseThrow()
                        .text())
                .startsWith("Only a trust-wide coordinator");
        assertThat(definitions.all()).hasSize(before);

        schedule(
                FARID_SLACK,
                RIVERSIDE_STAFFROOM,
                "#MathsChat Reasoning in KS2",
                "2026-12-03 16:00",
                "Q1: What does good reasoning sound like?\nHow do you model it?",
                List.of("oakfield", "hillcrest"),
                "live 5 once");
        assertThat(sandbox.lastPrivateAnswer(FARID_SLACK, RIVERSIDE_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo(
                        "Scheduled #MathsChat: Reasoning in KS2 for Thu 3 Dec, 16:00 (Europe/London). 2 questions, one every 5 minutes, "
                                + "once, in Oakfield, Hillcrest. Reminders go out a day and 15 minutes before.");
        assertThat(definitions.all()).hasSize(before + 1);

        // The same hashtag within a day is refused.
        schedule(KATE_SLACK, OAKFIELD_STAFFROOM, "#mathschat Again", "2026-12-03 18:00", "Q1", List.of("oakfield"), "");
        assertThat(sandbox.lastPrivateAnswer(KATE_SLACK, OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo(
                        "#MathsChat (Reasoning in KS2) already runs within a day of that time. Pick another time or another hashtag.");

        long mark = mark();
        at("2026-12-03T16:00:00Z");
        tick();
        assertThat(botSince(OAKFIELD_PD, mark).stream().map(Seen::text))
                .anyMatch(t -> t.startsWith("👋 Welcome to #MathsChat"))
                .anyMatch(t -> t.equals("Q1/2 What does good reasoning sound like? #MathsChat"));
        assertThat(botSince(HILLCREST_PD, mark).stream().map(Seen::text)).anyMatch(t -> t.startsWith("Q1/2"));
        assertThat(botSince(RIVERSIDE_PD, mark)).noneMatch(m -> m.contains("#MathsChat"));
        assertThat(botSince(SEVILLA_PD, mark)).noneMatch(m -> m.contains("#MathsChat"));
        at("2026-12-03T16:01:00Z");
        post(HARRY, HILLCREST_PD, "#mathschat Sentence stems on the wall");
        assertRelayedOnce("Harry Jones (Hillcrest): #mathschat Sentence stems on the wall", OAKFIELD_PD);
        assertRelayed("Sentence stems on the wall", SEVILLA_PD, 0);
        at("2026-12-03T16:05:00Z");
        tick();
        assertThat(last(OAKFIELD_PD).text()).isEqualTo("Q2/2 How do you model it? #MathsChat");
        at("2026-12-03T16:15:00Z");
        tick();
        assertThat(last(HILLCREST_PD).text()).startsWith("🙏 Thank you for joining #MathsChat");
    }

    // ------------------------------------------------------------------ slow mode

    @Test
    void aSlowChatAsksOneQuestionPerSchoolDaySkippingTheHalfTerm() {
        at("2027-02-10T09:00:00Z");
        schedule(
                KATE_SLACK,
                OAKFIELD_STAFFROOM,
                "#SlowChat Reading aloud",
                "2027-02-12 08:30",
                "Which book did your class love hearing?\nHow often do you read aloud?\nWhat will you read next?",
                List.of("oakfield", "riverside"),
                "slow once");
        assertThat(sandbox.lastPrivateAnswer(KATE_SLACK, OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text())
                .contains("3 questions, one a day on school days, once, in Oakfield, Riverside");
        long mark = mark();
        at("2027-02-12T08:30:00Z"); // Friday
        tick();
        assertThat(slowQuestions(OAKFIELD_PD, mark)).containsExactly("Q1/3");
        at("2027-02-15T08:30:00Z"); // Monday of half-term in England: no question
        tick();
        assertThat(slowQuestions(RIVERSIDE_PD, mark)).containsExactly("Q1/3");
        at("2027-02-22T08:30:00Z"); // back at school (Riverside has an INSET day, Oakfield is open)
        tick();
        assertThat(slowQuestions(RIVERSIDE_PD, mark)).containsExactly("Q1/3", "Q2/3");
        at("2027-02-22T10:00:00Z");
        post(BEN, OAKFIELD_PD, "We read aloud every day after lunch #SlowChat");
        assertRelayedOnce("Ben Hughes (Oakfield): We read aloud every day after lunch #SlowChat", RIVERSIDE_PD);
        at("2027-02-23T08:30:00Z");
        tick();
        at("2027-02-24T08:30:00Z");
        tick();
        assertThat(slowQuestions(OAKFIELD_PD, mark)).containsExactly("Q1/3", "Q2/3", "Q3/3");
        assertThat(last(OAKFIELD_PD).text()).startsWith("🙏 Thank you for joining #SlowChat");
        String id = "slowchat-2027-02-12";
        assertThat(archives.markdown(id, LocalDate.of(2027, 2, 12)).orElseThrow())
                .contains(
                        "Friday, 12 February 2027, 08:30 – Wednesday, 24 February 2027, 08:30 (Europe/London) · Host: Kate Brennan")
                .contains(
                        "## Q2. How often do you read aloud?\n\n_One message from one person_\n\n"
                                + "- Mon 22 Feb 10:00 **Ben Hughes** (Oakfield): We read aloud every day after lunch #SlowChat\n");
    }

    private List<String> slowQuestions(String channel, long mark) {
        return botSince(channel, mark).stream()
                .filter(m -> m.text() != null && m.text().matches("(?s)Q\\d/3 .*#SlowChat"))
                .map(m -> m.text().substring(0, 4))
                .toList();
    }

    // ------------------------------------------------------------------ starting and stopping by hand

    @Test
    void onlyTheHostOrACoordinatorOfEverySchoolStartsAndStopsAChat() {
        at("2026-11-27T10:00:00Z");
        schedule(
                FARID_SLACK,
                RIVERSIDE_STAFFROOM,
                "#ScienceChat Practical work that sticks",
                "2026-12-10 17:00",
                "Which practical do pupils remember?\nHow do you make the method stick?",
                List.of("hillcrest", "sevilla"),
                "live 10 once");
        long mark = mark();

        sandbox.command(ISABEL, SEVILLA_PD, "/pdchat start #ScienceChat");
        assertThat(sandbox.lastPrivateAnswer(ISABEL, SEVILLA_PD).orElseThrow().text())
                .isEqualTo(
                        "Solo Farid Rahman, que modera #ScienceChat, o un coordinador de todos sus centros puede hacerlo.");
        sandbox.command(HARRY, HILLCREST_PD, "/pdchat start #sciencechat");
        assertThat(sandbox.lastPrivateAnswer(HARRY, HILLCREST_PD).orElseThrow().text())
                .startsWith("Only Farid Rahman, who hosts #ScienceChat");
        sandbox.command(HARRY, HILLCREST_PD, "/pdchat start #NoSuchChat");
        assertThat(sandbox.lastPrivateAnswer(HARRY, HILLCREST_PD).orElseThrow().text())
                .isEqualTo("There is no PD chat with the hashtag #NoSuchChat. /pdchat list shows the chats there are.");
        settle();
        assertThat(botSince(HILLCREST_PD, mark)).isEmpty();

        // A trust-wide coordinator starts it early: the intro and Q1 go out now in both schools.
        sandbox.command(KATE_SLACK, OAKFIELD_STAFFROOM, "/pdchat start #ScienceChat");
        assertThat(sandbox.lastPrivateAnswer(KATE_SLACK, OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text())
                .startsWith("Started #ScienceChat");
        settle();
        for (String pd : List.of(HILLCREST_PD, SEVILLA_PD)) {
            assertThat(botSince(pd, mark).stream().map(Seen::text))
                    .hasSize(2)
                    .last()
                    .asString()
                    .isEqualTo("Q1/2 Which practical do pupils remember? #ScienceChat");
        }
        sandbox.command(KATE_SLACK, OAKFIELD_STAFFROOM, "/pdchat start #ScienceChat");
        assertThat(sandbox.lastPrivateAnswer(KATE_SLACK, OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("#ScienceChat is already running.");

        sandbox.command(ISABEL, SEVILLA_PD, "/pdchat stop #ScienceChat");
        assertThat(sandbox.lastPrivateAnswer(ISABEL, SEVILLA_PD).orElseThrow().text())
                .startsWith("Solo Farid Rahman");
        // The host stops it from his Discord account: the wrap-up goes out, Q2 never does.
        sandbox.command(FARID_DISCORD, HILLCREST_PD, "/pdchat stop #ScienceChat");
        assertThat(sandbox.lastPrivateAnswer(FARID_DISCORD, HILLCREST_PD)
                        .orElseThrow()
                        .text())
                .startsWith("Ended #ScienceChat.");
        settle();
        at("2026-11-27T10:30:00Z");
        tick();
        for (String pd : List.of(HILLCREST_PD, SEVILLA_PD)) {
            assertThat(botSince(pd, mark)).hasSize(3).noneMatch(m -> m.text().startsWith("Q2/2"));
        }
        assertThat(last(HILLCREST_PD).text()).startsWith("🙏 Thank you for joining #ScienceChat");
        sandbox.command(KATE_SLACK, OAKFIELD_STAFFROOM, "/pdchat stop #ScienceChat");
        assertThat(sandbox.lastPrivateAnswer(KATE_SLACK, OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("#ScienceChat is not running now.");
    }

    @Test
    void theListShowsWhatIsComingInTheCallersZoneAndLanguage() {
        at("2026-11-25T10:00:00Z");
        sandbox.command(JAVIER, SEVILLA_STAFFROOM, "/pdchat list");
        assertThat(sandbox.lastPrivateAnswer(JAVIER, SEVILLA_STAFFROOM)
                        .orElseThrow()
                        .text())
                .startsWith("Chats de formación (horas en Europe/Madrid):")
                .contains("• mar 1 dic, 20:00 — #NWTchat: Feedback that moves learning on, moderado por Farid Rahman · "
                        + "5 preguntas, una cada 10 minutos · cada semana · todos los centros");
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/pdchat archive #NWTchat 1st December");
        assertThat(sandbox.lastPrivateAnswer(BEN, OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("“1st December” is not a date: write it as YYYY-MM-DD, e.g. 2026-12-01.");
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/pdchat archive #NWTchat 2025-01-07");
        assertThat(sandbox.lastPrivateAnswer(BEN, OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("#NWTchat did not run on 2025-01-07. Leave the date out for its latest transcript.");
    }

    // ------------------------------------------------------------------ the hashtag index

    @Test
    void tagsAreIndexedAcrossSchoolsAndFollowersAreToldOfNewPosts() {
        at("2026-11-25T09:00:00Z");
        post(BEN, OAKFIELD_STAFFROOM, "Our #Phonics screening check practice starts Monday");
        at("2026-11-25T09:05:00Z");
        post(HARRY, HILLCREST_STAFFROOM, "Anyone got decodable readers to share? #phonics #KS1");
        post(
                DAN,
                RIVERSIDE_STAFFROOM,
                "mail phonics-lead#phonics@riverside.sch.uk or see https://example.org/#phonics");
        post(GRACE, HILLCREST_REVIEW, "Review channel talk #phonics");

        sandbox.command(JAVIER, SEVILLA_STAFFROOM, "/tag phonics");
        Seen listed = sandbox.lastPrivateAnswer(JAVIER, SEVILLA_STAFFROOM).orElseThrow();
        assertThat(listed.text()).isEqualTo("""
                Recent posts with #phonics across the trust:
                • Harry Jones (Hillcrest), mié 25 nov, 10:05: Anyone got decodable readers to share? #phonics #KS1 Abrir
                • Ben Hughes (Oakfield), mié 25 nov, 10:00: Our #Phonics screening check practice starts Monday Abrir""".replace(
                        "Recent posts with #phonics across the trust:",
                        "Publicaciones recientes con #phonics en toda la fundación:"));
        assertThat(listed.raw().get("message").get("text").findValues("url")).hasSize(2);

        sandbox.command(HARRY, HILLCREST_STAFFROOM, "/follow #Phonics");
        assertThat(sandbox.lastPrivateAnswer(HARRY, HILLCREST_STAFFROOM)
                        .orElseThrow()
                        .text())
                .startsWith("You now follow #Phonics");
        sandbox.command(HARRY, HILLCREST_STAFFROOM, "/follow #phonics");
        assertThat(sandbox.lastPrivateAnswer(HARRY, HILLCREST_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("You already follow #phonics.");
        sandbox.command(HARRY, HILLCREST_STAFFROOM, "/follow");
        assertThat(sandbox.lastPrivateAnswer(HARRY, HILLCREST_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("You follow: #phonics");
        sandbox.command(HARRY, HILLCREST_STAFFROOM, "/follow not a tag");
        assertThat(sandbox.lastPrivateAnswer(HARRY, HILLCREST_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("“not a tag” is not a hashtag. Try /follow #phonics.");

        // A post in another school, on the other platform, reaches the follower; his own does not.
        at("2026-11-25T11:00:00Z");
        post(AMARA, OAKFIELD_QOTD, "Phonics parents evening went well #PHONICS");
        post(HARRY, HILLCREST_STAFFROOM, "My own #phonics post");
        List<Seen> dms = sandbox.messages(HARRY, dm(HARRY));
        assertThat(dms)
                .singleElement()
                .satisfies(
                        m -> assertThat(m.text())
                                .isEqualTo(
                                        "#PHONICS — a new post by Amara Okafor (Oakfield):\nPhonics parents evening went well #PHONICS\nOpen"));

        sandbox.command(HARRY, HILLCREST_STAFFROOM, "/unfollow #phonics");
        assertThat(sandbox.lastPrivateAnswer(HARRY, HILLCREST_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("You no longer follow #phonics.");
        post(BEN, OAKFIELD_STAFFROOM, "Another #phonics post");
        assertThat(sandbox.messages(HARRY, dm(HARRY))).hasSize(1);

        // Deleting a post takes it out of the index.
        Seen another = sandbox.messages(BEN, OAKFIELD_STAFFROOM).stream()
                .filter(m -> "Another #phonics post".equals(m.text()))
                .findFirst()
                .orElseThrow();
        sandbox.delete(BEN, another.id());
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/tag #phonics");
        assertThat(sandbox.lastPrivateAnswer(BEN, OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text())
                .doesNotContain("Another")
                .contains("My own #phonics post");
    }

    // ------------------------------------------------------------------ helpers

    private void schedule(
            String as,
            String channel,
            String chatLine,
            String start,
            String questions,
            List<String> schools,
            String options) {
        sandbox.command(as, channel, "/pdchat schedule");
        sandbox.submitForm(
                as,
                Map.of(
                        "chat",
                        List.of(chatLine),
                        "start",
                        List.of(start),
                        "questions",
                        List.of(questions),
                        "schools",
                        schools,
                        "options",
                        List.of(options)));
    }

    private ChatLifecycle restartedLifecycle() {
        return new ChatLifecycle(definitions, occurrences, directory, chat, posts, relay, archive, tm);
    }

    private void at(String instant) {
        clock.set(Instant.parse(instant));
    }

    private Seen post(String as, String channel, String text) {
        sandbox.post(as, channel, text);
        settle();
        return sandbox.messages(as, channel).stream()
                .filter(m -> !m.bot() && text.equals(m.text()))
                .max(Comparator.comparingLong(Seen::id))
                .orElseThrow();
    }

    private void reply(String as, String channel, long root, String text) {
        sandbox.reply(as, channel, Long.toString(root), text);
        settle();
    }

    /** The newest message id in the pd channels now: what a test posts later is above it. */
    private long mark() {
        return sandbox.newestId(VIEWER);
    }

    private List<Seen> botSince(String channel, long mark) {
        return sandbox.messages(VIEWER.get(channel), channel).stream()
                .filter(m -> m.bot() && !m.ephemeral() && m.id() > mark)
                .toList();
    }

    private Seen only(String channel, long mark) {
        List<Seen> all = botSince(channel, mark);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private Seen last(String channel) {
        List<Seen> all = botSince(channel, 0);
        return all.get(all.size() - 1);
    }

    /** How many copies in {@code channel} (not deleted) carry {@code line} as one of their lines. */
    private long copies(String line, String channel) {
        return botSince(channel, 0).stream()
                .filter(m -> !m.deleted() && m.text() != null)
                .flatMap(m -> List.of(m.text().split("\n")).stream())
                .filter(l -> l.contains(line))
                .count();
    }

    private void assertRelayed(String line, String channel, int times) {
        assertThat(copies(line, channel))
                .as("copies of '%s' in %s", line, channel)
                .isEqualTo(times);
    }

    private void assertRelayedOnce(String line, String... channels) {
        for (String c : channels) assertRelayed(line, c, 1);
    }
}
