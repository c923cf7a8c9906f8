package org.staffroom.testing.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Destination;
import org.staffroom.chat.Message;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;

/**
 * The workflows on a third platform that has no reactions, no forms and no private answers, added
 * in this package alone: Elmwood's staff get the question of the day on the console and answer it
 * in its thread, submit drafts through the form asked in their direct messages, and their head
 * approves one and rejects the other with the card's buttons (the reason asked in direct messages
 * too); help and every private answer arrive as direct messages.
 */
@StaffroomTest
@Import(ConsoleAdapter.class)
class ConsoleEndToEndTest extends StaffroomEndToEnd {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Path CONFIG = ConsoleTrust.config();
    static final Duration PATIENCE = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void configDir(DynamicPropertyRegistry registry) {
        registry.add("staffroom.config-dir", CONFIG::toString);
    }

    @Autowired
    Console console;

    @Autowired
    ConsoleConnector connector;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void helpIsAnsweredInTheDirectMessagesSinceTheConsoleCannotAnswerPrivately() {
        console.enter("nora in elmwood-staffroom: /staffroom help");

        ConsoleConnector.Posted help = awaitMessage("dm-nora", p -> p.printed().startsWith("Commands you can use"));
        assertThat(help.printed()).contains("Nora").contains("/draft").contains("/staffroom");
        assertThat(connector.in("elmwood-staffroom"))
                .extracting(ConsoleConnector.Posted::author)
                .containsOnly("nora");
    }

    @Test
    void theQuestionOfTheDayIsPostedOnTheConsoleAndAnAnswerInItsThreadReachesTheOtherSchools() {
        clock.set(LocalDateTime.of(2026, 12, 2, 8, 15), LONDON); // a Wednesday in term
        ticker.tickNow();
        assertThat(chat.awaitDelivered(PATIENCE)).isTrue();

        ConsoleConnector.Posted question = awaitMessage(
                "elmwood-qotd",
                p -> p.author().equals("Staffroom")
                        && p.printed().startsWith("Good morning, Elmwood! Question of the day:"));
        assertThat(question.threadId()).as("a top-level post").isNull();

        String answer = "Baking bread with Year 2 " + question.id();
        console.enter("nora in elmwood-qotd re " + question.id() + ": " + answer);
        assertThat(chat.awaitDelivered(PATIENCE)).isTrue();

        assertThat(jdbc.sql(
                                "select school_id || '/' || platform || '/' || author_key from qotd_answer where answer_text = ?")
                        .param(answer)
                        .query(String.class)
                        .list())
                .containsExactly("elmwood/CONSOLE/nora-quinn");
        // Shared live: the answer is copied into Oakfield's thread (on the Slack sandbox) under Nora's name.
        assertThat(jdbc.sql(
                                "select count(*) from sandbox_message where channel_id = 'C0OAKQOTD01' and thread_id is not null"
                                        + " and payload like ?")
                        .param("%" + answer + "%")
                        .query(Long.class)
                        .single())
                .isEqualTo(1L);
    }

    @Test
    void aDraftIsSubmittedByTheFormInDirectMessagesAndApprovedWithTheCardsButton() {
        long draft = submitDraft("Our Year 3 class planted spring bulbs in the school garden today.");

        ConsoleConnector.Posted card = awaitCard(draft);
        assertThat(card.printed())
                .contains("[✅ Approve]")
                .contains("[❌ Reject]")
                .contains("[✏️ Request changes]")
                .as("reactions are only hints where the buttons already offer the choice")
                .doesNotContain("[✅]");

        console.enter("olu presses " + card.id() + " ✅ Approve");

        assertThat(awaitMessage("dm-olu", p -> p.printed().startsWith("You approved"))
                        .printed())
                .contains("Elmwood");
        await().atMost(PATIENCE).until(() -> state(draft).equals("APPROVED"));
        assertThat(chat.awaitDelivered(PATIENCE)).isTrue();
        assertThat(connector.message(card.id()).orElseThrow().printed())
                .as("the card, edited in place")
                .doesNotContain("[✅ Approve]");
    }

    @Test
    void aDraftIsRejectedWithTheReasonAskedInDirectMessages() {
        long draft = submitDraft("Sports day is moved to Friday afternoon; parents are welcome.");
        ConsoleConnector.Posted card = awaitCard(draft);

        console.enter("olu presses " + card.id() + " ❌ Reject");
        ConsoleConnector.Posted ask =
                awaitMessage("dm-olu", p -> p.printed().contains("Reason (the author will see this)"));
        assertThat(ask.printed()).startsWith("Why reject it?").contains("Reply cancel to stop.");

        console.enter("olu in dm: -");
        awaitMessage("dm-olu", p -> p.printed().startsWith("This one needs an answer."));
        console.enter("olu in dm: The date is not confirmed yet.");

        await().atMost(PATIENCE).until(() -> state(draft).equals("REJECTED"));
        assertThat(awaitMessage("dm-olu", p -> p.printed().startsWith("You rejected"))
                        .printed())
                .contains("Nora Quinn");
        assertThat(awaitMessage("dm-nora", p -> p.printed().contains("The date is not confirmed yet."))
                        .author())
                .isEqualTo("Staffroom");
    }

    @Test
    void aFormAskedInDirectMessagesCanBeStoppedAndNothingIsSubmitted() {
        long before = drafts();
        console.enter("nora in elmwood-staffroom: /draft A draft she thinks better of.");
        awaitMessage("dm-nora", p -> p.printed().startsWith("New post draft: 5 questions"));
        console.enter("nora in dm: .");
        awaitMessage("dm-nora", p -> p.printed().startsWith("2/5 Post on"));
        console.enter("nora in dm: .");
        ConsoleConnector.Posted networks =
                awaitMessage("dm-nora", p -> p.printed().startsWith("3/5 Networks"));
        assertThat(networks.printed())
                .containsPattern("\\d\\. Facebook")
                .contains("Reply with their numbers, separated by commas.");
        console.enter("nora in dm: 9");
        assertThat(awaitMessage("dm-nora", p -> p.printed().startsWith("“9” is not one of the choices"))
                        .printed())
                .as("asked again")
                .contains("3/5 Networks");

        console.enter("nora in dm: cancel");

        awaitMessage("dm-nora", p -> p.printed().equals("Stopped: nothing from “New post draft” was sent."));
        console.enter("nora in dm: ."); // no exchange open any more: an ordinary direct message
        assertThat(chat.awaitDelivered(PATIENCE)).isTrue();
        assertThat(drafts()).isEqualTo(before);
        assertThat(last("dm-nora", p -> p.author().equals("Staffroom"))
                        .orElseThrow()
                        .printed())
                .startsWith("Stopped");
    }

    @Test
    void aReactionOfferedOnAMessageWithoutButtonsBecomesAButtonWhosePressIsTheReaction() {
        ChannelRef staffroom = new ChannelRef(ConsoleConnector.CONSOLE, ConsoleAdapter.SERVER, "elmwood-staffroom");
        String key = "console-test:vote";
        jdbcTransaction(() -> {
            chat.post(Destination.channel(staffroom), Message.of("Cake in the staffroom on Friday?"), key);
            chat.react(key, "👍");
            chat.react(key, "👎");
        });
        assertThat(chat.awaitDelivered(PATIENCE)).isTrue();
        ConsoleConnector.Posted vote =
                awaitMessage("elmwood-staffroom", p -> p.printed().startsWith("Cake"));
        assertThat(vote.printed()).endsWith("[👍] [👎]");

        console.enter("nora presses " + vote.id() + " 👍");

        await().atMost(PATIENCE)
                .until(() -> jdbc.sql("select count(*) from reaction_state where message_key = ? and user_key = ?"
                                        + " and emoji = '👍' and present")
                                .params(
                                        vote.channel().key() + ":" + vote.id(),
                                        "console:" + ConsoleAdapter.SERVER + ":nora")
                                .query(Long.class)
                                .single()
                        == 1L);
    }

    private void jdbcTransaction(Runnable work) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> work.run());
    }

    /** /draft in the staffroom, then the form's five questions answered one by one in Nora's DMs. */
    private long submitDraft(String text) {
        long before = drafts();
        console.enter("nora in elmwood-staffroom: /draft " + text);
        ConsoleConnector.Posted first =
                awaitMessage("dm-nora", p -> p.printed().startsWith("New post draft: 5 questions"));
        assertThat(first.printed()).contains("1/5 Post text").contains(text).contains("Reply . to keep");
        int seen = connector.in("dm-nora").size();
        for (String answer : List.of(".", ".", "1", "1", "-")) {
            console.enter("nora in dm: " + answer);
            if (!answer.equals("-")) {
                int now = seen;
                await().atMost(PATIENCE)
                        .until(() -> connector.in("dm-nora").size() >= now + 2); // her line and the next question
                seen = connector.in("dm-nora").size();
            }
        }
        await().atMost(PATIENCE).until(() -> drafts() == before + 1);
        long id = jdbc.sql("select max(id) from draft").query(Long.class).single();
        assertThat(state(id)).isEqualTo("IN_REVIEW");
        awaitMessage("dm-nora", p -> p.printed().contains("#" + id));
        return id;
    }

    private ConsoleConnector.Posted awaitCard(long draft) {
        assertThat(chat.awaitDelivered(PATIENCE)).isTrue();
        return awaitMessage(
                "elmwood-review",
                p -> p.author().equals("Staffroom")
                        && p.printed().contains("#" + draft)
                        && p.printed().contains("Approve]"));
    }

    private ConsoleConnector.Posted awaitMessage(String channel, Predicate<ConsoleConnector.Posted> which) {
        chat.awaitDelivered(PATIENCE);
        await().atMost(PATIENCE).until(() -> last(channel, which).isPresent());
        return last(channel, which).orElseThrow();
    }

    private Optional<ConsoleConnector.Posted> last(String channel, Predicate<ConsoleConnector.Posted> which) {
        List<ConsoleConnector.Posted> all = connector.in(channel);
        for (int i = all.size() - 1; i >= 0; i--) if (which.test(all.get(i))) return Optional.of(all.get(i));
        return Optional.empty();
    }

    private long drafts() {
        return jdbc.sql("select count(*) from draft").query(Long.class).single();
    }

    private String state(long draft) {
        return jdbc.sql("select state from draft where id = ?")
                .param(draft)
                .query(String.class)
                .single();
    }
}
