package org.staffroom.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatProbe;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.Ticker;
import org.staffroom.testing.SandboxClient.Seen;

/**
 * What the end-to-end tests of a whole Staffroom ({@link StaffroomTest}) drive it with, declared once rather than
 * in every test: its port, the test clock, the ticker, chat and the database; a fresh {@link SandboxClient} for
 * each test (for the platforms that run in the sandbox); waiting until chat has delivered, ticking at an instant,
 * and reading what people see in the sandbox. A test whose events take longer to settle overrides
 * {@link #settle()}.
 */
public abstract class StaffroomEndToEnd {

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected Ticker ticker;

    @Autowired
    protected Chat chat;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    private InboundEvents inboundEvents;

    @Autowired
    private ApplicationContext app;

    /** How often settling looks again: most settles are over in a few milliseconds. */
    private static final Duration POLL = Duration.ofMillis(2);

    protected SandboxClient sandbox;

    /** How long {@link #settle()} waits for chat to deliver what it queued. */
    private final Duration patience;

    protected StaffroomEndToEnd() {
        this(Duration.ofSeconds(15));
    }

    protected StaffroomEndToEnd(Duration patience) {
        this.patience = patience;
    }

    @BeforeEach
    protected void connectSandbox() {
        sandbox = new SandboxClient(port, this::awaitHandled);
    }

    /**
     * Waits until chat has handled every event received so far and delivered every message queued so far, and
     * fails if it has not within the patience. Handling comes first: an event still in the inbox has not queued
     * its messages yet.
     */
    protected void settle() {
        assertThat(awaitHandled()).as("events handled").isTrue();
        assertThat(ChatProbe.awaitDelivered(app, patience, POLL)).isTrue();
    }

    /**
     * Waits (up to the patience) until every event received so far has been handled; a private answer or a form
     * is made while handling. False if events were still waiting; the test's own assertions then say what is
     * missing.
     */
    protected boolean awaitHandled() {
        long deadline = System.nanoTime() + patience.toNanos();
        while (inboundEvents.backlog() > 0) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Runs one tick now and waits for what it sends. */
    protected void tick() {
        ticker.tickNow();
        settle();
    }

    /** Moves the clock to {@code at}, runs one tick and waits for what it sends. */
    protected void tickAt(Instant at) {
        clock.set(at);
        tick();
    }

    /** The message with this id in a channel, as {@code as} sees it. */
    protected Seen message(String as, String channel, long id) {
        return sandbox.message(as, channel, id);
    }

    /** The bot's direct messages to {@code as}. */
    protected List<Seen> dms(String as) {
        return sandbox.botDms(as);
    }

    /** The text of the latest private answer to {@code as} in a channel. */
    protected String lastAnswer(String as, String channel) {
        return sandbox.lastPrivateAnswer(as, channel)
                .orElseThrow(() -> new AssertionError("no private answer for " + as))
                .text();
    }

    /** Hands in a draft with {@code /draft} and its form, waits for what it sends, and returns its id. */
    protected long submitDraft(String as, String channel, Map<String, List<String>> values) {
        long id = SandboxDrafts.submit(sandbox, as, channel, values);
        settle();
        return id;
    }

    /** The newest review card for a draft in a channel, once chat has delivered. */
    protected Seen card(String as, String channel, long draftId) {
        settle();
        return SandboxDrafts.card(sandbox, as, channel, draftId);
    }

    /** A draft's state as stored (e.g. APPROVED). */
    protected String draftState(long id) {
        return jdbc.sql("select state from draft where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }
}
