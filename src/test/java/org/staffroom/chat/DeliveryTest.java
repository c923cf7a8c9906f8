package org.staffroom.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.Sample.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;

/** What workflows get from {@link Chat}: once per key, in place edits, threads, direct messages, reactions. */
@StaffroomTest
class DeliveryTest extends StaffroomEndToEnd {

    @Autowired
    TransactionTemplate tx;

    private void delivered() {
        assertThat(chat.awaitDelivered(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void theSameKeyPostsOnceEvenWhenCalledConcurrently() throws InterruptedException {
        ChannelRef channel = ChannelRef.parse(RIVERSIDE_STAFFROOM);
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] =
                    new Thread(() -> chat.post(Destination.channel(channel), Message.of("Once only"), "test:once"));
            threads[i].start();
        }
        for (Thread t : threads) t.join();
        delivered();
        assertThat(sandbox.botMessages(DAN, RIVERSIDE_STAFFROOM))
                .filteredOn(m -> m.contains("Once only"))
                .hasSize(1);
    }

    @Test
    void aPostIsSentOnlyWhenTheCallersTransactionCommits() {
        ChannelRef channel = ChannelRef.parse(RIVERSIDE_QOTD);
        tx.executeWithoutResult(status -> {
            chat.post(Destination.channel(channel), Message.of("Rolled back"), "test:rolled-back");
            status.setRollbackOnly();
        });
        delivered();
        assertThat(chat.delivery("test:rolled-back")).isEmpty();
        assertThat(sandbox.botMessages(DAN, RIVERSIDE_QOTD)).noneMatch(m -> m.contains("Rolled back"));
    }

    @Test
    void editsReplaceTheMessageInPlaceAndRepliesGoInItsThread() {
        ChannelRef channel = ChannelRef.parse(OAKFIELD_PD);
        chat.post(Destination.channel(channel), Message.of("Version 1"), "test:card");
        chat.post(Destination.threadOf(channel, "test:card"), Message.of("A reply"), "test:card:reply");
        delivered();
        chat.edit("test:card", Message.of("Version 2"));
        chat.edit("test:card", Message.of("Version 3"));
        chat.react("test:card", "✅");
        delivered();

        SandboxClient.Seen card = sandbox.topLevel(BEN, OAKFIELD_PD).stream()
                .filter(m -> m.contains("Version"))
                .findFirst()
                .orElseThrow();
        assertThat(card.text()).isEqualTo("Version 3");
        assertThat(card.reactions()).containsKey("✅");
        assertThat(sandbox.thread(BEN, OAKFIELD_PD, card.id()))
                .singleElement()
                .satisfies(r -> assertThat(r.text()).isEqualTo("A reply"));
        assertThat(chat.keyOf(chat.delivery("test:card").orElseThrow().message()))
                .contains("test:card");
        // A reply sent into another post's thread knows its thread (Discord edits and deletes it there).
        assertThat(chat.delivery("test:card:reply").orElseThrow().message().threadId())
                .isEqualTo(Long.toString(card.id()));
    }

    @Test
    void directMessagesReachThePersonOnly() {
        chat.sendDirect(UserRef.parse(HARRY), Message.of("Your draft was approved"), "test:dm");
        delivered();
        assertThat(sandbox.messages(HARRY, dm(HARRY)))
                .singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("Your draft was approved"));
    }

    @Test
    void userTextIsKeptAsPlainTextNotMarkup() {
        chat.post(
                Destination.channel(ChannelRef.parse(OAKFIELD_STAFFROOM)),
                Message.of(
                        Rich.empty().bold("Relay").text(": <!channel> @everyone *not bold* <https://evil.example|x>")),
                "test:plain");
        delivered();
        SandboxClient.Seen m = sandbox.botMessages(BEN, OAKFIELD_STAFFROOM).stream()
                .filter(x -> x.contains("Relay"))
                .findFirst()
                .orElseThrow();
        assertThat(m.raw().get("message").get("text").get(1).get("t").asString())
                .isEqualTo("text");
        assertThat(m.text()).isEqualTo("Relay: <!channel> @everyone *not bold* <https://evil.example|x>");
    }
}
