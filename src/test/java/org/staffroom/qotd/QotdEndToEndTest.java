package org.staffroom.qotd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.Sample.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.chat.Actor;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.UserRef;
import org.staffroom.config.TrustConfig;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.SandboxClient.Seen;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import tools.jackson.databind.JsonNode;

/**
 * Question of the day end to end through the sandbox, with the sample trust: Oakfield and
 * Riverside in a Slack workspace (Europe/London), Hillcrest on Discord (Europe/London), Sevilla
 * on Discord (Europe/Madrid, Spanish). The tests share one application and database, so each
 * uses dates of its own. The configuration is a copy of bot-config, edited by tests that need
 * another setting (and put back).
 */
@StaffroomTest
class QotdEndToEndTest extends StaffroomEndToEnd {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
    static final String KATE_DISCORD = "discord:1180000000000000001:1180000000000000703";
    static final Path CONFIG = copyOfSampleConfig();

    /** Where a school's questions are seen, and by whom. */
    record Where(String school, String as, String channel, Locale locale) {}

    static final Where OAKFIELD = new Where("oakfield", BEN, OAKFIELD_QOTD, Locale.UK);
    static final Where RIVERSIDE = new Where("riverside", DAN, RIVERSIDE_QOTD, Locale.UK);
    static final Where HILLCREST = new Where("hillcrest", HARRY, HILLCREST_QOTD, Locale.UK);
    static final Where SEVILLA = new Where("sevilla", JAVIER, SEVILLA_QOTD, Locale.forLanguageTag("es"));
    static final List<Where> ALL = List.of(OAKFIELD, RIVERSIDE, HILLCREST, SEVILLA);

    @DynamicPropertySource
    static void configDir(DynamicPropertyRegistry registry) {
        registry.add("staffroom.config-dir", CONFIG::toString);
    }

    @Autowired
    TrustConfig trustConfig;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    InboundEvents inbound;

    @Autowired
    PromptStore prompts;

    @Autowired
    AnswerStore answers;

    @Autowired
    QuestionStore questions;

    @Autowired
    Figures figures;

    // ------------------------------------------------------------------ schedule

    @Test
    void eachSchoolGetsTheSameQuestionOnceAt0815InItsOwnZoneOnSchoolDaysOnly() {
        LocalDate wed = LocalDate.of(2026, 11, 25);
        tickAt(LocalDateTime.of(2026, 11, 25, 8, 14), MADRID);
        assertThat(ALL).allSatisfy(w -> assertThat(questionPosts(w, wed)).isEmpty());

        // 08:15 in Madrid is 07:15 UTC: Sevilla first, an hour before the UK schools.
        tickAt(LocalDateTime.of(2026, 11, 25, 8, 15), MADRID);
        assertThat(questionPosts(SEVILLA, wed)).hasSize(1);
        assertThat(questionPosts(OAKFIELD, wed)).isEmpty();
        tickAt(LocalDateTime.of(2026, 11, 25, 8, 14), LONDON);
        assertThat(questionPosts(OAKFIELD, wed)).isEmpty();

        tickAt(LocalDateTime.of(2026, 11, 25, 8, 15), LONDON);
        tickAt(LocalDateTime.of(2026, 11, 25, 8, 15, 30), LONDON);
        tickAt(LocalDateTime.of(2026, 11, 25, 9, 40), LONDON);
        assertThat(ALL).allSatisfy(w -> assertThat(questionPosts(w, wed)).hasSize(1));

        String question = prompts.findByKey(Prompt.dailyKey(wed)).orElseThrow().text();
        Seen oakfield = questionPosts(OAKFIELD, wed).get(0);
        assertThat(oakfield.text()).startsWith("Good morning, Oakfield! Question of the day:\n" + question);
        assertThat(questionPosts(RIVERSIDE, wed).get(0).text())
                .startsWith("Good morning, Riverside! Question of the day:\n" + question);
        assertThat(questionPosts(HILLCREST, wed).get(0).text())
                .startsWith("Good morning, Hillcrest! Question of the day:\n" + question);
        assertThat(questionPosts(SEVILLA, wed).get(0).text())
                .startsWith("¡Buenos días, Sevilla! Pregunta del día:\n" + question);
        assertThat(oakfield.raw().get("message").get("threadTitle").asString()).isEqualTo("Answers · Wed 25 Nov");

        // Friday 27 November: Oakfield's INSET day; the others post.
        LocalDate fri = LocalDate.of(2026, 11, 27);
        tickAt(LocalDateTime.of(2026, 11, 27, 10, 0), LONDON);
        assertThat(questionPosts(OAKFIELD, fri)).isEmpty();
        assertThat(List.of(RIVERSIDE, HILLCREST, SEVILLA))
                .allSatisfy(w -> assertThat(questionPosts(w, fri)).hasSize(1));

        // The weekend: nothing.
        LocalDate sat = LocalDate.of(2026, 11, 28);
        tickAt(LocalDateTime.of(2026, 11, 28, 9, 0), LONDON);
        assertThat(ALL).allSatisfy(w -> assertThat(questionPosts(w, sat)).isEmpty());
        assertThat(prompts.findByKey(Prompt.dailyKey(sat))).isEmpty();

        // 7 and 8 December: Spanish holidays; the English schools post.
        for (int day = 7; day <= 8; day++) {
            LocalDate d = LocalDate.of(2026, 12, day);
            tickAt(LocalDateTime.of(2026, 12, day, 8, 30), LONDON);
            assertThat(questionPosts(SEVILLA, d)).isEmpty();
            assertThat(List.of(OAKFIELD, RIVERSIDE, HILLCREST))
                    .allSatisfy(w -> assertThat(questionPosts(w, d)).hasSize(1));
        }
        // Different days, different questions.
        assertThat(Stream.of(wed, fri, LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 8))
                        .map(d -> prompts.findByKey(Prompt.dailyKey(d))
                                .orElseThrow()
                                .questionId()))
                .doesNotHaveDuplicates();
    }

    @Test
    void ticksRacingOnSeveralThreadsStillPostOncePerSchoolAndAPinFromQuestionsYmlIsHonoured() throws Exception {
        // Like several instances firing at once (the lock that normally prevents it bypassed): the claims decide.
        LocalDate lastDayOfTerm = LocalDate.of(2026, 12, 18);
        clock.set(LocalDateTime.of(2026, 12, 18, 8, 20), LONDON);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> ticks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ticks.add(pool.submit(() -> {
                    go.await();
                    ticker.tickNow();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> t : ticks) t.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(chat.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        Prompt prompt = prompts.findByKey(Prompt.dailyKey(lastDayOfTerm)).orElseThrow();
        assertThat(prompt.questionId()).isEqualTo("q046");
        assertThat(ALL)
                .allSatisfy(w -> assertThat(questionPosts(w, lastDayOfTerm))
                        .singleElement()
                        .satisfies(s -> assertThat(s.text())
                                .contains("Last day of term: what's your favourite end-of-term tradition?")));
    }

    @Test
    void aDaylightSavingChangeKeepsTheLocalTime() {
        // Before the change (Europe changes on Sunday 28 March 2027): Oakfield at 08:15 GMT = 08:15 UTC.
        for (int day = 25; day <= 26; day++) {
            LocalDate d = LocalDate.of(2027, 3, day);
            tickAt(d.atTime(8, 14), ZoneId.of("UTC"));
            assertThat(questionPosts(OAKFIELD, d)).isEmpty();
            tickAt(d.atTime(8, 15), ZoneId.of("UTC"));
            assertThat(questionPosts(OAKFIELD, d)).hasSize(1);
        }
        // After it: Sevilla (back in term on 29 March) at 08:15 CEST = 06:15 UTC; Oakfield is on its Easter holiday.
        for (int day = 29; day <= 30; day++) {
            LocalDate d = LocalDate.of(2027, 3, day);
            tickAt(d.atTime(6, 14), ZoneId.of("UTC"));
            assertThat(questionPosts(SEVILLA, d)).isEmpty();
            tickAt(d.atTime(6, 15), ZoneId.of("UTC"));
            assertThat(questionPosts(SEVILLA, d)).hasSize(1);
            tickAt(d.atTime(12, 0), ZoneId.of("UTC"));
            assertThat(questionPosts(OAKFIELD, d)).isEmpty();
        }
        // Oakfield's first day back, in summer time: 08:15 BST = 07:15 UTC.
        LocalDate back = LocalDate.of(2027, 4, 12);
        tickAt(back.atTime(7, 14), ZoneId.of("UTC"));
        assertThat(questionPosts(OAKFIELD, back)).isEmpty();
        tickAt(back.atTime(7, 15), ZoneId.of("UTC"));
        assertThat(questionPosts(OAKFIELD, back)).hasSize(1);
    }

    @Test
    void upcomingPreviewsEachSchoolsNextFiveSchoolDaysAndTheyGetWhatWasPreviewed() {
        clock.set(LocalDateTime.of(2027, 1, 4, 7, 0), LONDON);
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd upcoming");
        Seen preview =
                sandbox.lastPrivateAnswer(FARID_SLACK, OAKFIELD_STAFFROOM).orElseThrow();
        assertThat(preview.text()).startsWith("Question of the day: the next school days");
        Map<String, String> fields = fields(preview);
        assertThat(fields).containsKeys("Oakfield · 08:15 Europe/London", "Sevilla · 08:15 Europe/Madrid");
        assertThat(fields.get("Oakfield · 08:15 Europe/London"))
                .startsWith("Mon 4 Jan · no question: outside term\nTue 5 Jan · ");
        assertThat(fields.get("Hillcrest · 08:15 Europe/London")).contains("Tue 5 Jan · no question: Polling station");
        assertThat(fields.get("Sevilla · 08:15 Europe/Madrid"))
                .startsWith("Mon 4 Jan – Thu 7 Jan · no question: outside term\nFri 8 Jan · ");

        // Then the days come, and each school gets the question it was shown.
        for (LocalDate d = LocalDate.of(2027, 1, 4); !d.isAfter(LocalDate.of(2027, 1, 14)); d = d.plusDays(1)) {
            tickAt(d.atTime(12, 0), LONDON);
        }
        for (Where w : ALL) {
            String field = fields.entrySet().stream()
                    .filter(e -> e.getKey().toLowerCase().startsWith(w.school()))
                    .findFirst()
                    .orElseThrow()
                    .getValue();
            List<String> shown =
                    field.lines().filter(l -> !l.contains("no question")).toList();
            assertThat(shown).hasSize(5);
            for (String line : shown) {
                String[] parts = line.split(" · ");
                Prompt prompt = prompts.between(LocalDate.of(2027, 1, 4), LocalDate.of(2027, 1, 14)).stream()
                        .filter(p -> QotdMessages.day(p.date(), Locale.UK).equals(parts[0]))
                        .findFirst()
                        .orElseThrow();
                assertThat(parts[1]).as(w.school() + " " + parts[0]).isEqualTo(prompt.questionId());
                assertThat(questionPosts(w, prompt.date()))
                        .singleElement()
                        .satisfies(s -> assertThat(s.text()).contains(prompt.text()));
            }
        }
        // A teacher cannot preview.
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/qotd upcoming");
        assertThat(sandbox.lastPrivateAnswer(BEN, OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("Only coordinators can use /qotd upcoming. To suggest a question, use /qotd suggest.");
    }

    @Test
    void aPausedSchoolGetsNothingUntilItIsUnpausedTheSameMorning() {
        LocalDate wed = LocalDate.of(2026, 12, 9);
        editConfig("schools.yml", "    calendar: andalucia ", "    paused: true\n    calendar: andalucia ");
        try {
            tickAt(LocalDateTime.of(2026, 12, 9, 9, 0), LONDON);
            assertThat(questionPosts(SEVILLA, wed)).isEmpty();
            assertThat(List.of(OAKFIELD, RIVERSIDE, HILLCREST))
                    .allSatisfy(w -> assertThat(questionPosts(w, wed)).hasSize(1));
            sandbox.command(ISABEL, SEVILLA_STAFFROOM, "/qotd now");
            assertThat(answer(ISABEL, SEVILLA_STAFFROOM))
                    .isEqualTo("No se ha publicado nada.\nEn pausa, así que no se ha publicado nada allí: Sevilla.");
            sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd upcoming");
            assertThat(fields(sandbox.lastPrivateAnswer(FARID_SLACK, OAKFIELD_STAFFROOM)
                            .orElseThrow()))
                    .containsEntry("Sevilla · paused", "No questions until it is unpaused in schools.yml.");
            chat.awaitDelivered(Duration.ofSeconds(5));
            assertThat(questionPosts(SEVILLA, wed)).isEmpty();
        } finally {
            editConfig("schools.yml", "    paused: true\n    calendar: andalucia ", "    calendar: andalucia ");
        }
        tickAt(LocalDateTime.of(2026, 12, 9, 10, 0), LONDON);
        assertThat(questionPosts(SEVILLA, wed)).hasSize(1);
    }

    @Test
    void editsToQuestionsYmlAreSyncedIntoTheBankOnReload() {
        String q001 = "What's one small routine that has made the biggest difference to your classroom?";
        String end = "end-of-term tradition?\" }\n";
        String extra =
                "  - { id: q900, category: fun, date: 2027-02-03, text: \"Which song gets you through a wet playtime?\" }\n";
        editConfig("questions.yml", end, end + extra);
        editConfig("questions.yml", q001, "What small routine has changed your classroom most?");
        try {
            assertThat(questions.find("q900")).get().satisfies(q -> {
                assertThat(q.askable()).isTrue();
                assertThat(q.text()).isEqualTo("Which song gets you through a wet playtime?");
                assertThat(q.source()).isEqualTo(Question.Source.CONFIG);
            });
            assertThat(questions.pins())
                    .containsEntry(LocalDate.of(2027, 2, 3), "q900")
                    .containsEntry(LocalDate.of(2026, 12, 18), "q046");
            assertThat(questions.find("q001").orElseThrow().text())
                    .isEqualTo("What small routine has changed your classroom most?");
        } finally {
            editConfig("questions.yml", end + extra, end);
            editConfig("questions.yml", "What small routine has changed your classroom most?", q001);
        }
        // Taken out of the file: kept for the answers filed under it, but no longer asked or pinned.
        assertThat(questions.find("q900"))
                .get()
                .satisfies(q -> assertThat(q.askable()).isFalse());
        assertThat(questions.pins()).doesNotContainKey(LocalDate.of(2027, 2, 3));
        assertThat(questions.find("q001").orElseThrow().text()).isEqualTo(q001);
    }

    // ------------------------------------------------------------------ /qotd now

    @Test
    void nowFromACoordinatorPostsAtOnceAndFromAnyoneElseIsRefusedAndPostsNothing() {
        LocalDate tue = LocalDate.of(2026, 12, 1);
        clock.set(LocalDateTime.of(2026, 12, 1, 7, 0), LONDON);

        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/qotd now What is your favourite colour?");
        assertThat(sandbox.lastPrivateAnswer(BEN, OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("Only coordinators can use /qotd now. To suggest a question, use /qotd suggest.");
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd now --schools oakfield,oakfeild,narnia");
        assertThat(sandbox.lastPrivateAnswer(FARID_SLACK, OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo(
                        "Unknown school: oakfeild, narnia. Valid schools: oakfield, riverside, hillcrest, sevilla. Nothing was posted.");
        sandbox.command(ISABEL, SEVILLA_STAFFROOM, "/qotd now --schools sevilla,oakfield");
        assertThat(sandbox.lastPrivateAnswer(ISABEL, SEVILLA_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("Solo puedes publicar en tu colegio: Sevilla (sevilla). No se ha publicado nada.");
        chat.awaitDelivered(Duration.ofSeconds(5));
        assertThat(ALL)
                .allSatisfy(w -> assertThat(sandbox.topLevel(w.as(), w.channel()).stream()
                                .filter(s -> s.bot() && s.contains("favourite colour")))
                        .isEmpty());
        assertThat(prompts.findByKey(Prompt.dailyKey(tue))).isEmpty();

        // A trust-wide coordinator posts today's question everywhere, an hour before it is due.
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd now");
        assertThat(sandbox.lastPrivateAnswer(FARID_SLACK, OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("Posted to Oakfield, Riverside, Hillcrest, Sevilla.");
        chat.awaitDelivered(Duration.ofSeconds(5));
        assertThat(ALL).allSatisfy(w -> assertThat(questionPosts(w, tue)).hasSize(1));
        // It was that day's question: at 08:15 nobody gets it again, and asking again says so.
        tickAt(LocalDateTime.of(2026, 12, 1, 8, 20), LONDON);
        assertThat(ALL).allSatisfy(w -> assertThat(questionPosts(w, tue)).hasSize(1));
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd now --schools riverside");
        assertThat(sandbox.lastPrivateAnswer(FARID_SLACK, OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo(
                        "Nothing was posted.\nAlready had today’s question: Riverside. To ask something else, add your own: /qotd now <question>.");

        // A coordinator's own question, to two schools on two platforms.
        sandbox.command(
                FARID_SLACK,
                OAKFIELD_STAFFROOM,
                "/qotd now --schools oakfield,hillcrest What made you smile this week?");
        assertThat(sandbox.lastPrivateAnswer(FARID_SLACK, OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("Posted to Oakfield, Hillcrest.");
        chat.awaitDelivered(Duration.ofSeconds(5));
        assertThat(sandbox.topLevel(BEN, OAKFIELD_QOTD))
                .filteredOn(s -> s.contains("What made you smile this week?"))
                .singleElement()
                .satisfies(s -> assertThat(s.text())
                        .startsWith("Oakfield, a question from Farid Rahman:\nWhat made you smile this week?"));
        assertThat(sandbox.topLevel(HARRY, HILLCREST_QOTD))
                .filteredOn(s -> s.contains("What made you smile this week?"))
                .hasSize(1);
        assertThat(sandbox.topLevel(DAN, RIVERSIDE_QOTD)).noneMatch(s -> s.contains("What made you smile this week?"));

        // A school's coordinator: their own school by default, in their own language.
        sandbox.command(ISABEL, SEVILLA_STAFFROOM, "/qotd now ¿Qué libro recomendarías?");
        assertThat(sandbox.lastPrivateAnswer(ISABEL, SEVILLA_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("Publicada en Sevilla.");
        chat.awaitDelivered(Duration.ofSeconds(5));
        assertThat(sandbox.topLevel(JAVIER, SEVILLA_QOTD))
                .filteredOn(s -> s.contains("¿Qué libro recomendarías?"))
                .singleElement()
                .satisfies(s -> assertThat(s.text()).startsWith("Sevilla, una pregunta de Isabel García:"));
        assertThat(sandbox.topLevel(BEN, OAKFIELD_QOTD)).noneMatch(s -> s.contains("¿Qué libro recomendarías?"));
    }

    @Test
    void nowLeavesOutAndNamesASchoolOnHolidayPostsThereOnlyWhenNamedAndGreetsForTheHour() {
        // Tuesday 20 April 2027: Sevilla is closed for the Feria de Abril; the English schools are open.
        LocalDate tue = LocalDate.of(2027, 4, 20);
        clock.set(LocalDateTime.of(2027, 4, 20, 15, 51), LONDON);
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd now");
        assertThat(answer(FARID_SLACK, OAKFIELD_STAFFROOM))
                .isEqualTo(
                        "Posted to Oakfield, Riverside, Hillcrest.\n"
                                + "Not posted where today is not a school day: Sevilla (Feria de Abril). To post there anyway, name it: /qotd now --schools sevilla");
        chat.awaitDelivered(Duration.ofSeconds(5));
        assertThat(questionPosts(SEVILLA, tue)).isEmpty();
        // A late catch-up in the afternoon is not greeted with "Good morning".
        assertThat(questionPosts(OAKFIELD, tue))
                .singleElement()
                .satisfies(q -> assertThat(q.text()).startsWith("Good afternoon, Oakfield! Question of the day:"));

        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd now --schools sevilla");
        assertThat(answer(FARID_SLACK, OAKFIELD_STAFFROOM)).isEqualTo("Posted to Sevilla.");
        chat.awaitDelivered(Duration.ofSeconds(5));
        assertThat(questionPosts(SEVILLA, tue))
                .singleElement()
                .satisfies(q -> assertThat(q.text()).startsWith("¡Buenas tardes, Sevilla! Pregunta del día:"));

        clock.set(LocalDateTime.of(2027, 4, 21, 19, 5), LONDON);
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd now --schools hillcrest");
        chat.awaitDelivered(Duration.ofSeconds(5));
        assertThat(questionPosts(HILLCREST, LocalDate.of(2027, 4, 21)))
                .singleElement()
                .satisfies(q -> assertThat(q.text()).startsWith("Good evening, Hillcrest! Question of the day:"));
    }

    @Test
    void aSchoolInSpanishGetsTheQuestionsSpanishTextFromQuestionsYml() {
        // q001 has an "es:" text in the sample questions.yml; pinned to Wednesday 12 May 2027, every school gets it.
        LocalDate wed = LocalDate.of(2027, 5, 12);
        clock.set(LocalDateTime.of(2027, 5, 10, 9, 0), LONDON);
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd pin q001 2027-05-12");
        assertThat(answer(FARID_SLACK, OAKFIELD_STAFFROOM)).startsWith("Pinned q001");
        tickAt(LocalDateTime.of(2027, 5, 12, 8, 20), LONDON);
        assertThat(questionPosts(OAKFIELD, wed))
                .singleElement()
                .satisfies(
                        q -> assertThat(q.text())
                                .startsWith(
                                        "Good morning, Oakfield! Question of the day:\nWhat's one small routine that has made the biggest difference"));
        assertThat(questionPosts(SEVILLA, wed))
                .singleElement()
                .satisfies(
                        q -> assertThat(q.text())
                                .startsWith(
                                        "¡Buenos días, Sevilla! Pregunta del día:\n¿Qué pequeña rutina ha marcado la mayor diferencia en tu aula?"));
    }

    // ------------------------------------------------------------------ answers

    @Test
    void answersAreStoredAndRelayedLiveAcrossSlackAndDiscordAndFollowEditsAndDeletions() {
        LocalDate day = LocalDate.of(2026, 12, 2);
        // Sevilla has its question first and Javier answers before the UK schools have theirs.
        tickAt(LocalDateTime.of(2026, 12, 2, 8, 16), MADRID);
        Seen sevillaQuestion = questionPosts(SEVILLA, day).get(0);
        sandbox.reply(JAVIER, SEVILLA_QOTD, id(sevillaQuestion), "Un paseo por el río antes de clase.");
        Prompt prompt = prompts.findByKey(Prompt.dailyKey(day)).orElseThrow();
        assertThat(answers.ofPrompt(prompt.id())).singleElement().satisfies(a -> {
            assertThat(a.schoolId()).isEqualTo("sevilla");
            assertThat(a.platform()).isEqualTo("DISCORD");
            assertThat(a.authorKey()).isEqualTo("javier-moreno");
            assertThat(a.authorName()).isEqualTo("Javier Moreno");
            assertThat(a.text()).isEqualTo("Un paseo por el río antes de clase.");
        });

        // The UK schools' threads open with Javier's answer already in them.
        tickAt(LocalDateTime.of(2026, 12, 2, 8, 16), LONDON);
        Seen oakfieldQuestion = questionPosts(OAKFIELD, day).get(0);
        for (Where w : List.of(OAKFIELD, RIVERSIDE, HILLCREST)) {
            Seen q = questionPosts(w, day).get(0);
            assertThat(sandbox.thread(w.as(), w.channel(), q.id()))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.bot()).isTrue();
                        assertThat(r.text()).isEqualTo("Javier Moreno (Sevilla): Un paseo por el río antes de clase.");
                    });
        }

        // Ben answers on Slack with text that would ping if it were markup: it reaches Discord as plain text.
        String words = "@everyone <!channel> a walk round the field, see <https://evil.example|this>";
        sandbox.reply(BEN, OAKFIELD_QOTD, id(oakfieldQuestion), words);
        chat.awaitDelivered(Duration.ofSeconds(5));
        Seen copy = relayIn(SEVILLA, sevillaQuestion, "Ben Hughes (Oakfield)");
        assertThat(copy.text()).isEqualTo("Ben Hughes (Oakfield): " + words);
        List<String> spanTypes = new ArrayList<>();
        copy.raw()
                .get("message")
                .get("text")
                .forEach(s -> spanTypes.add(s.get("t").asString()));
        assertThat(spanTypes).containsExactly("bold", "text", "text");
        assertThat(copy.raw().get("message").get("text").get(2).get("text").asString())
                .isEqualTo(words);
        assertThat(relayIn(RIVERSIDE, questionPosts(RIVERSIDE, day).get(0), "Ben Hughes (Oakfield)"))
                .isNotNull();
        assertThat(relayIn(HILLCREST, questionPosts(HILLCREST, day).get(0), "Ben Hughes (Oakfield)"))
                .isNotNull();
        assertThat(sandbox.thread(BEN, OAKFIELD_QOTD, oakfieldQuestion.id()))
                .filteredOn(Seen::bot)
                .hasSize(1);

        // The same event delivered again, straight to the features and through the inbox: nothing changes.
        Seen javiers = sandbox.thread(JAVIER, SEVILLA_QOTD, sevillaQuestion.id()).stream()
                .filter(s -> !s.bot())
                .findFirst()
                .orElseThrow();
        ChatEvent.MessagePosted again = new ChatEvent.MessagePosted(
                "replayed-" + javiers.id(),
                clock.instant(),
                Actor.of(UserRef.parse(JAVIER), "Javier Moreno"),
                new MessageRef(ChannelRef.parse(SEVILLA_QOTD), id(javiers), id(sevillaQuestion)),
                javiers.text(),
                List.of(),
                false);
        events.publishEvent(again);
        // The inbox knows it by its message under any event id.
        assertThat(inbound.accept(again).duplicate()).isTrue();
        chat.awaitDelivered(Duration.ofSeconds(5));
        assertThat(answers.ofPrompt(prompt.id())).hasSize(2);
        assertThat(sandbox.thread(BEN, OAKFIELD_QOTD, oakfieldQuestion.id()))
                .filteredOn(Seen::bot)
                .hasSize(1);

        // Ben edits: the store and every copy follow.
        Seen bens = sandbox.thread(BEN, OAKFIELD_QOTD, oakfieldQuestion.id()).stream()
                .filter(s -> !s.bot())
                .findFirst()
                .orElseThrow();
        sandbox.edit(BEN, bens.id(), "A walk round the school field.");
        chat.awaitDelivered(Duration.ofSeconds(5));
        assertThat(answers.findByMessage(OAKFIELD_QOTD + ":" + bens.id())
                        .orElseThrow()
                        .text())
                .isEqualTo("A walk round the school field.");
        assertThat(relayIn(SEVILLA, sevillaQuestion, "Ben Hughes (Oakfield)").text())
                .isEqualTo("Ben Hughes (Oakfield): A walk round the school field. (editado)");
        assertThat(relayIn(HILLCREST, questionPosts(HILLCREST, day).get(0), "Ben Hughes")
                        .text())
                .isEqualTo("Ben Hughes (Oakfield): A walk round the school field. (edited)");

        // Ben deletes: the answer leaves the store's figures and the copies are deleted.
        sandbox.delete(BEN, bens.id());
        chat.awaitDelivered(Duration.ofSeconds(5));
        assertThat(answers.findByMessage(OAKFIELD_QOTD + ":" + bens.id()).orElseThrow())
                .satisfies(a -> assertThat(a.deleted()).isTrue())
                .satisfies(a -> assertThat(a.text()).isEmpty());
        assertThat(answers.ofPrompt(prompt.id())).extracting(Answer::authorKey).containsExactly("javier-moreno");
        for (Where w : List.of(SEVILLA, RIVERSIDE, HILLCREST)) {
            assertThat(relayIn(w, questionPosts(w, day).get(0), "Ben Hughes").deleted())
                    .as(w.school())
                    .isTrue();
        }
        // A deletion delivered twice, and a reply that is not in a question's thread, change nothing.
        events.publishEvent(new ChatEvent.MessageDeleted(
                "again",
                clock.instant(),
                Actor.of(UserRef.parse(BEN), "Ben Hughes"),
                new MessageRef(ChannelRef.parse(OAKFIELD_QOTD), id(bens), id(oakfieldQuestion))));
        sandbox.post(BEN, OAKFIELD_QOTD, "Not an answer, just chatting");
        long all = jdbc.sql("select count(*) from qotd_answer where prompt_id = ?")
                .param(prompt.id())
                .query(Long.class)
                .single();
        assertThat(all).isEqualTo(2);
    }

    @Test
    void aDigestOfYesterdaysAnswersComesBeforeTheNewQuestion() {
        editConfig("trust.yml", "answers: live", "answers: digest");
        try {
            LocalDate thu = LocalDate.of(2026, 12, 3);
            tickAt(LocalDateTime.of(2026, 12, 3, 8, 16), LONDON);
            assertThat(questionPosts(OAKFIELD, thu).get(0).text())
                    .endsWith(
                            "Answer in the thread. Tomorrow morning you’ll see what colleagues across the trust said.");
            sandbox.reply(
                    HARRY,
                    HILLCREST_QOTD,
                    id(questionPosts(HILLCREST, thu).get(0)),
                    "Marking in the lab with the radio on.");
            sandbox.reply(DAN, RIVERSIDE_QOTD, id(questionPosts(RIVERSIDE, thu).get(0)), "A first draft of the answer");
            sandbox.reply(JAVIER, SEVILLA_QOTD, id(questionPosts(SEVILLA, thu).get(0)), "Un café con los compañeros.");
            Seen dans = sandbox.thread(
                            DAN,
                            RIVERSIDE_QOTD,
                            questionPosts(RIVERSIDE, thu).get(0).id())
                    .get(0);
            sandbox.edit(DAN, dans.id(), "A cup of tea with my team after the bell.");
            chat.awaitDelivered(Duration.ofSeconds(5));
            // Nothing is copied between schools in digest mode.
            assertThat(sandbox.thread(
                            BEN,
                            OAKFIELD_QOTD,
                            questionPosts(OAKFIELD, thu).get(0).id()))
                    .isEmpty();

            // Friday 08:05 in London: the digest, not yet the question. In Madrid it is 09:05: both, digest first.
            LocalDate fri = LocalDate.of(2026, 12, 4);
            tickAt(LocalDateTime.of(2026, 12, 4, 8, 5), LONDON);
            Seen digest = posted(OAKFIELD, "qotd:digest:2026-12-04:oakfield");
            String question =
                    prompts.findByKey(Prompt.dailyKey(thu)).orElseThrow().text();
            assertThat(digest.text())
                    .contains("Yesterday: 3 answers from 3 schools — highlights:\n“" + question + "”\n"
                            + "• Dan Whitfield (Riverside): A cup of tea with my team after the bell.\n"
                            + "• Harry Jones (Hillcrest): Marking in the lab with the radio on.\n"
                            + "• Javier Moreno (Sevilla): Un café con los compañeros.");
            assertThat(questionPosts(OAKFIELD, fri)).isEmpty();
            Seen sevillaDigest = posted(SEVILLA, "qotd:digest:2026-12-04:sevilla");
            assertThat(sevillaDigest.text()).contains("Ayer: 3 respuestas de 3 colegios; lo más destacado:");
            assertThat(questionPosts(SEVILLA, fri))
                    .singleElement()
                    .satisfies(q -> assertThat(q.id()).isGreaterThan(sevillaDigest.id()));
            // Hillcrest has an INSET day: no digest and no question.
            assertThat(chat.delivery("qotd:digest:2026-12-04:hillcrest")).isEmpty();
            assertThat(questionPosts(HILLCREST, fri)).isEmpty();

            tickAt(LocalDateTime.of(2026, 12, 4, 8, 15), LONDON);
            tickAt(LocalDateTime.of(2026, 12, 4, 8, 16), LONDON);
            assertThat(questionPosts(OAKFIELD, fri))
                    .singleElement()
                    .satisfies(q -> assertThat(q.id()).isGreaterThan(digest.id()));
            assertThat(sandbox.topLevel(BEN, OAKFIELD_QOTD))
                    .filteredOn(s -> s.bot() && s.contains("Yesterday: 3 answers from 3 schools"))
                    .singleElement()
                    .satisfies(s -> assertThat(s.id()).isEqualTo(digest.id()));
        } finally {
            editConfig("trust.yml", "answers: digest", "answers: live");
        }
    }

    // ------------------------------------------------------------------ the bank

    @Test
    void coordinatorsAddRetireAndPinQuestionsAndBadInputChangesNothing() {
        clock.set(LocalDateTime.of(2026, 12, 9, 16, 0), LONDON);
        int before = questions.all().size();
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/qotd add What is the best biscuit?");
        assertThat(answer(BEN, OAKFIELD_STAFFROOM))
                .isEqualTo("Only coordinators can use /qotd add. To suggest a question, use /qotd suggest.");
        sandbox.command(KATE_DISCORD, HILLCREST_STAFFROOM, "/qotd add --category fun!! What is the best biscuit?");
        assertThat(answer(KATE_DISCORD, HILLCREST_STAFFROOM))
                .isEqualTo("‘fun!!’ is not a category: use one word of letters, digits or -, e.g. wellbeing.");
        sandbox.command(KATE_DISCORD, HILLCREST_STAFFROOM, "/qotd add --category fun");
        assertThat(answer(KATE_DISCORD, HILLCREST_STAFFROOM))
                .isEqualTo("Type the question after the command, e.g. /qotd add What made you smile this week?");
        sandbox.command(KATE_DISCORD, HILLCREST_STAFFROOM, "/qotd add " + "x".repeat(501));
        assertThat(answer(KATE_DISCORD, HILLCREST_STAFFROOM))
                .isEqualTo("That question is 501 characters long; keep it under 500.");
        assertThat(questions.all()).hasSize(before);

        sandbox.command(
                KATE_DISCORD,
                HILLCREST_STAFFROOM,
                "/qotd add --category Fun What is the best biscuit for a staff meeting?");
        String added = answer(KATE_DISCORD, HILLCREST_STAFFROOM);
        assertThat(added)
                .matches(
                        "Added c\\d{3} \\(fun\\): “What is the best biscuit for a staff meeting\\?”. It joins the rotation.");
        String id = added.substring(6, 10);
        assertThat(questions.find(id))
                .get()
                .satisfies(q -> assertThat(q.askable()).isTrue());
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd add what is the best biscuit for a staff meeting?");
        assertThat(answer(FARID_SLACK, OAKFIELD_STAFFROOM))
                .isEqualTo("That question is already in the bank as " + id + ".");

        // Retire.
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd retire q999");
        assertThat(answer(FARID_SLACK, OAKFIELD_STAFFROOM)).startsWith("There is no question ‘q999’.");
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd retire " + id);
        assertThat(answer(FARID_SLACK, OAKFIELD_STAFFROOM))
                .isEqualTo("Retired " + id
                        + ": “What is the best biscuit for a staff meeting?”. It won’t be asked again.");
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd retire " + id);
        assertThat(answer(FARID_SLACK, OAKFIELD_STAFFROOM)).isEqualTo(id + " is already retired.");
        assertThat(questions.find(id))
                .get()
                .satisfies(q -> assertThat(q.askable()).isFalse());

        // Pin: bad dates and non-school days are refused; a pinned question comes on its day, everywhere.
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd pin q044 10/12/2026");
        assertThat(answer(FARID_SLACK, OAKFIELD_STAFFROOM))
                .isEqualTo("‘10/12/2026’ is not a date: write it as YYYY-MM-DD, e.g. 2026-12-18.");
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd pin q044 2026-12-12");
        assertThat(answer(FARID_SLACK, OAKFIELD_STAFFROOM))
                .isEqualTo("No school has a question on Sat 12 Dec: pick a school day.");
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd pin q044 2026-11-30");
        assertThat(answer(FARID_SLACK, OAKFIELD_STAFFROOM))
                .isEqualTo("2026-11-30 has passed: pin the question to today or a later date.");
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd pin " + id + " 2026-12-10");
        assertThat(answer(FARID_SLACK, OAKFIELD_STAFFROOM)).isEqualTo(id + " is retired, so it can’t be pinned.");
        sandbox.command(ISABEL, SEVILLA_STAFFROOM, "/qotd pin q044 2026-12-10");
        assertThat(answer(ISABEL, SEVILLA_STAFFROOM))
                .startsWith("q044 fijada para el "
                        + QotdMessages.day(LocalDate.of(2026, 12, 10), Locale.forLanguageTag("es")) + ": «");
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd pin q043 2026-12-10");
        assertThat(answer(FARID_SLACK, OAKFIELD_STAFFROOM))
                .endsWith("It replaces q044, which was pinned to that date.");
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd pin q044 2026-12-10");
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd pin q043 2026-12-11");
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd retire q043");
        assertThat(answer(FARID_SLACK, OAKFIELD_STAFFROOM))
                .endsWith("It was pinned to Fri 11 Dec; that pin is removed.");

        LocalDate thu = LocalDate.of(2026, 12, 10);
        tickAt(LocalDateTime.of(2026, 12, 10, 8, 30), LONDON);
        Prompt pinned = prompts.findByKey(Prompt.dailyKey(thu)).orElseThrow();
        assertThat(pinned.questionId()).isEqualTo("q044");
        assertThat(pinned.reason()).isEqualTo(Prompt.Reason.PINNED);
        assertThat(ALL)
                .allSatisfy(w -> assertThat(questionPosts(w, thu))
                        .singleElement()
                        .satisfies(s -> assertThat(s.text()).contains(pinned.text())));
        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd pin q042 2026-12-10");
        assertThat(answer(FARID_SLACK, OAKFIELD_STAFFROOM))
                .isEqualTo("The question for 2026-12-10 has already been chosen (q044); pin another date.");
    }

    @Test
    void suggestionsAreApprovedOrDeclinedWithButtonsAndTheSuggesterIsTold() {
        clock.set(LocalDateTime.of(2026, 12, 9, 12, 0), LONDON);
        sandbox.command(DAN, RIVERSIDE_STAFFROOM, "/qotd suggest");
        assertThat(answer(DAN, RIVERSIDE_STAFFROOM))
                .isEqualTo("Type the question after the command, e.g. /qotd suggest What made you smile this week?");
        sandbox.command(
                DAN,
                RIVERSIDE_STAFFROOM,
                "/qotd suggest " + questions.find("q001").orElseThrow().text());
        assertThat(answer(DAN, RIVERSIDE_STAFFROOM)).isEqualTo("That question is already in the bank (q001).");

        String text = "What’s the best snack to keep in the staffroom?";
        sandbox.command(DAN, RIVERSIDE_STAFFROOM, "/qotd suggest --category wellbeing " + text);
        assertThat(answer(DAN, RIVERSIDE_STAFFROOM)).startsWith("Thanks! Your suggestion is with the coordinators");
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/qotd suggest " + text);
        assertThat(answer(BEN, OAKFIELD_STAFFROOM))
                .isEqualTo("That question has already been suggested and is waiting for a coordinator.");
        chat.awaitDelivered(Duration.ofSeconds(5));

        // Cards go to the trust-wide coordinators and Riverside's own, each on their home platform.
        Seen faridCard = card(FARID_SLACK, text);
        Seen kateCard = card(KATE_DISCORD, text);
        Seen chloeCard = card(CHLOE, text);
        assertThat(faridCard.text()).isEqualTo("Question suggested by Dan Whitfield (Riverside):\n" + text);
        assertThat(faridCard.buttons()).extracting(SandboxClient.Button::label).containsExactly("Approve", "Decline");
        assertThat(sandbox.messages(ISABEL, dm(ISABEL))).noneMatch(s -> s.contains(text));

        // Chloe loses her coordinator role before she presses: refused, nothing changes.
        editConfig("people.yml", "roles: [approver@riverside, coordinator@riverside]", "roles: [approver@riverside]");
        try {
            sandbox.press(CHLOE, chloeCard, QotdMessages.APPROVE);
            assertThat(answer(CHLOE, dm(CHLOE)))
                    .isEqualTo(
                            "Only a trust-wide coordinator or a coordinator for Riverside can decide on this suggestion.");
        } finally {
            editConfig(
                    "people.yml", "roles: [approver@riverside]", "roles: [approver@riverside, coordinator@riverside]");
        }
        assertThat(questions.findSameText(text)).isEmpty();

        sandbox.press(FARID_SLACK, faridCard, QotdMessages.APPROVE);
        String approved = answer(FARID_SLACK, dm(FARID_SLACK));
        assertThat(approved)
                .matches("Approved: “" + Pattern.quote(text)
                        + "” is in the bank as c\\d{3}\\. Dan Whitfield has been told\\.");
        String id = approved.substring(approved.indexOf(" as ") + 4, approved.indexOf(" as ") + 8);
        assertThat(questions.find(id)).get().satisfies(q -> {
            assertThat(q.text()).isEqualTo(text);
            assertThat(q.category()).isEqualTo("wellbeing");
            assertThat(q.source()).isEqualTo(Question.Source.SUGGESTION);
        });
        chat.awaitDelivered(Duration.ofSeconds(5));
        assertThat(sandbox.messages(DAN, dm(DAN)))
                .filteredOn(s -> s.bot() && !s.ephemeral())
                .last()
                .satisfies(s -> assertThat(s.text())
                        .isEqualTo("Farid Rahman added your suggestion to the question-of-the-day bank. Thank you!\n"
                                + text));
        for (String who : List.of(FARID_SLACK, KATE_DISCORD, CHLOE)) {
            assertThat(card(who, text)).satisfies(c -> {
                assertThat(c.buttons()).isEmpty();
                assertThat(c.text()).endsWith("Approved by Farid Rahman: in the bank as " + id + ".");
            });
        }
        // A second press (a stale card, a double click) decides nothing more.
        sandbox.press(KATE_DISCORD, kateCard, QotdMessages.DECLINE);
        assertThat(answer(KATE_DISCORD, dm(KATE_DISCORD)))
                .isEqualTo("This suggestion was already approved by Farid Rahman.");
        assertThat(questions.all()).filteredOn(q -> q.text().equals(text)).hasSize(1);

        // Declined, in Spanish.
        String otra = "¿Cuál es tu rincón favorito del colegio?";
        sandbox.command(JAVIER, SEVILLA_STAFFROOM, "/qotd suggest " + otra);
        chat.awaitDelivered(Duration.ofSeconds(5));
        Seen isabelCard = card(ISABEL, otra);
        assertThat(isabelCard.text()).startsWith("Pregunta propuesta por Javier Moreno (Sevilla):");
        assertThat(sandbox.messages(CHLOE, dm(CHLOE))).noneMatch(s -> s.contains(otra));
        sandbox.press(ISABEL, isabelCard, QotdMessages.DECLINE);
        assertThat(answer(ISABEL, dm(ISABEL))).isEqualTo("Rechazada. Se ha avisado a Javier Moreno.");
        chat.awaitDelivered(Duration.ofSeconds(5));
        assertThat(sandbox.messages(JAVIER, dm(JAVIER)))
                .filteredOn(s -> s.bot() && !s.ephemeral())
                .last()
                .satisfies(s -> assertThat(s.text())
                        .startsWith("Isabel García ha revisado tu propuesta y esta vez no la ha añadido al banco."));
        assertThat(card(FARID_SLACK, otra).text()).endsWith("Declined by Isabel García.");
        assertThat(questions.findSameText(otra)).isEmpty();
    }

    // ------------------------------------------------------------------ figures

    @Test
    void statsShowAnswersParticipationAndStreaks() {
        for (int day = 14; day <= 16; day++) {
            LocalDate d = LocalDate.of(2026, 12, day);
            tickAt(LocalDateTime.of(2026, 12, day, 9, 0), LONDON);
            sandbox.reply(BEN, OAKFIELD_QOTD, id(questionPosts(OAKFIELD, d).get(0)), "Ben on the " + day + "th");
            if (day >= 15)
                sandbox.reply(
                        DAN, RIVERSIDE_QOTD, id(questionPosts(RIVERSIDE, d).get(0)), "Dan on the " + day + "th");
        }
        LocalDate wed = LocalDate.of(2026, 12, 16);
        sandbox.reply(BEN, OAKFIELD_QOTD, id(questionPosts(OAKFIELD, wed).get(0)), "And another thought");
        sandbox.reply(AMARA, OAKFIELD_QOTD, id(questionPosts(OAKFIELD, wed).get(0)), "Amara agrees");
        sandbox.reply(JAVIER, SEVILLA_QOTD, id(questionPosts(SEVILLA, wed).get(0)), "Javier también");
        chat.awaitDelivered(Duration.ofSeconds(5));

        Figures.Day figuresWed = figures.days(wed, 1).get(0);
        assertThat(figuresWed.schools())
                .extracting(f -> f.school().id() + "=" + f.answers() + "/" + f.answerers())
                .containsExactly("oakfield=3/2", "riverside=1/1", "hillcrest=0/0", "sevilla=1/1");
        assertThat(figures.streaks(wed))
                .extracting(s -> s.name() + "=" + s.days())
                .startsWith("Ben Hughes=3", "Dan Whitfield=2")
                .contains("Javier Moreno=1", "Amara Okafor=1");

        sandbox.command(FARID_SLACK, OAKFIELD_STAFFROOM, "/qotd stats");
        Seen stats = sandbox.lastPrivateAnswer(FARID_SLACK, OAKFIELD_STAFFROOM).orElseThrow();
        Map<String, String> fields = fields(stats);
        String wedLabel = "Wed 16 Dec · " + figuresWed.prompt().questionId();
        assertThat(fields.get(wedLabel))
                .isEqualTo(figuresWed.prompt().text()
                        + "\nOakfield: 3 answers from 2 people (5% of 42 staff)"
                        + "\nRiverside: 1 answer from 1 person (3% of 35 staff)"
                        + "\nHillcrest: no answers yet"
                        + "\nSevilla: 1 answer from 1 person (3% of 30 staff)");
        assertThat(fields.get("Answer streaks (school days in a row)"))
                .startsWith("Ben Hughes (Oakfield): 3 days\nDan Whitfield (Riverside): 2 days\n");

        // Thursday's question is out but Ben has not answered yet: the day is not over, his streak stands.
        tickAt(LocalDateTime.of(2026, 12, 17, 9, 0), LONDON);
        assertThat(figures.streaks(LocalDate.of(2026, 12, 17)))
                .extracting(s -> s.name() + "=" + s.days())
                .startsWith("Ben Hughes=3");

        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/qotd stats");
        assertThat(answer(BEN, OAKFIELD_STAFFROOM))
                .isEqualTo("Only coordinators can use /qotd stats. To suggest a question, use /qotd suggest.");
    }

    @Test
    void coordinatorsAreWarnedOncePerCycleWhenTheUnusedPoolRunsLow() {
        // Leave six unused questions in the cycle by retiring the rest for this test.
        clock.set(LocalDateTime.of(2027, 1, 31, 12, 0), LONDON);
        int cycle = prompts.currentCycle();
        var used = prompts.usedIn(cycle);
        List<String> keep = questions.all().stream()
                .filter(Question::askable)
                .filter(q -> !used.contains(q.id()))
                .limit(6)
                .map(Question::id)
                .toList();
        assertThat(keep).hasSize(6);
        jdbc.sql(
                        "update qotd_question set retired = true, retired_by = 'low-pool-test' where retired = false and id not in ("
                                + String.join(
                                        ",",
                                        keep.stream().map(k -> "'" + k + "'").toList()) + ")")
                .update();
        try {
            tickAt(LocalDateTime.of(2027, 2, 1, 9, 0), LONDON);
            tickAt(LocalDateTime.of(2027, 2, 2, 9, 0), LONDON);
            for (String coordinator : List.of(FARID_SLACK, KATE_DISCORD, CHLOE)) {
                assertThat(sandbox.messages(coordinator, dm(coordinator)))
                        .filteredOn(s -> s.contains("unused question"))
                        .singleElement()
                        .satisfies(
                                s -> assertThat(s.text())
                                        .startsWith(
                                                "Only 5 unused questions left in the question-of-the-day bank; after that it starts again from the beginning."));
            }
            assertThat(sandbox.messages(ISABEL, dm(ISABEL)))
                    .filteredOn(s -> s.contains("preguntas sin usar"))
                    .singleElement()
                    .satisfies(s -> assertThat(s.text()).startsWith("Solo quedan 5 preguntas sin usar"));
            assertThat(sandbox.messages(BEN, dm(BEN))).noneMatch(s -> s.contains("unused question"));
        } finally {
            jdbc.sql("update qotd_question set retired = false, retired_by = null where retired_by = 'low-pool-test'")
                    .update();
        }
    }

    // ------------------------------------------------------------------ helpers

    private void tickAt(LocalDateTime local, ZoneId zone) {
        clock.set(local, zone);
        ticker.tickNow();
        assertThat(chat.awaitDelivered(Duration.ofSeconds(10))).isTrue();
    }

    /** The daily (or now) question posts of {@code date} in a school's channel, by their thread title. */
    private List<Seen> questionPosts(Where w, LocalDate date) {
        String title = (w.locale().getLanguage().equals("es") ? "Respuestas · " : "Answers · ")
                + QotdMessages.day(date, w.locale());
        return sandbox.topLevel(w.as(), w.channel()).stream()
                .filter(s -> s.bot()
                        && !s.ephemeral()
                        && s.raw().get("message") != null
                        && !s.raw().get("message").isNull())
                .filter(s ->
                        title.equals(s.raw().get("message").get("threadTitle").asString(null)))
                .filter(s -> !s.text().contains("a question from") && !s.text().contains("una pregunta de"))
                .toList();
    }

    private Seen relayIn(Where w, Seen question, String from) {
        return sandbox.thread(w.as(), w.channel(), question.id()).stream()
                .filter(s -> s.bot() && (s.deleted() || s.text().startsWith(from)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no copy from " + from + " in " + w.school()));
    }

    /** The message the bot posted under a delivery key, as a school's observer sees it. */
    private Seen posted(Where w, String key) {
        String messageId = chat.delivery(key)
                .orElseThrow(() -> new AssertionError("nothing posted under " + key))
                .message()
                .id();
        return sandbox.messages(w.as(), w.channel()).stream()
                .filter(s -> Long.toString(s.id()).equals(messageId))
                .findFirst()
                .orElseThrow(() -> new AssertionError(key + " is not in " + w.school() + "'s channel"));
    }

    private Seen card(String coordinator, String text) {
        return sandbox.messages(coordinator, dm(coordinator)).stream()
                .filter(s -> s.bot() && !s.ephemeral() && s.contains(text))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no card for " + coordinator));
    }

    private String answer(String as, String channel) {
        return sandbox.lastPrivateAnswer(as, channel).orElseThrow().text();
    }

    private static String id(Seen s) {
        return Long.toString(s.id());
    }

    /** A bot message's fields by label, values flattened. */
    private static Map<String, String> fields(Seen s) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (JsonNode f : s.raw().get("message").get("fields")) {
            StringBuilder sb = new StringBuilder();
            f.get("value").forEach(span -> sb.append(span.get("text").asString()));
            out.put(f.get("label").asString(), sb.toString());
        }
        return out;
    }

    private void editConfig(String file, String from, String to) {
        try {
            Path p = CONFIG.resolve(file);
            String text = Files.readString(p);
            assertThat(text).contains(from);
            Files.writeString(p, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(trustConfig.reload()).isTrue();
    }

    private static Path copyOfSampleConfig() {
        try {
            // Under target/, so that mvn clean takes it away.
            Files.createDirectories(Path.of("target"));
            Path dir = Files.createTempDirectory(Path.of("target"), "qotd-config");
            try (Stream<Path> files = Files.list(Path.of("bot-config"))) {
                for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
