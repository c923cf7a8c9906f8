package org.staffroom.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way into the core for adapters. {@link #accept} records the event (so it survives a
 * crash and a redelivery is recognised), then hands it to the inbox worker and returns at once,
 * so adapters can acknowledge within the platforms' three seconds however long the work takes.
 */
@Service
public class InboundEvents {

    private static final Logger log = LoggerFactory.getLogger(InboundEvents.class);

    private final InboxStore store;
    private final TransactionTemplate tx;
    private final Inbox inbox;
    private final Clock clock;

    InboundEvents(InboxStore store, TransactionTemplate tx, Inbox inbox, Clock clock) {
        this.store = store;
        this.tx = tx;
        this.inbox = inbox;
        this.clock = clock;
    }

    /** What became of an event handed in. */
    public record Acceptance(boolean duplicate, CompletableFuture<Void> processed) {
        static Acceptance ofDuplicate() {
            return new Acceptance(true, CompletableFuture.completedFuture(null));
        }
    }

    /**
     * Records and hands off {@code event}. A duplicate (same platform event id, same content key,
     * or a reaction that is already in the reported state) is recognised and changes nothing.
     * {@code processed} completes when every feature has handled the event.
     */
    public Acceptance accept(ChatEvent event) {
        String eventKey = event.platform().name().toLowerCase() + ":" + event.eventId();
        String contentKey = contentKey(event);
        try {
            Long id = tx.execute(status -> {
                if (store.seen(eventKey)) return null;
                if (!reactionChanges(event)) return null;
                if (contentKey != null && store.seenContent(contentKey)) return null;
                return store.insert(
                        eventKey,
                        contentKey,
                        event.platform().name(),
                        event.getClass().getSimpleName(),
                        ChatJson.write(event),
                        clock.instant());
            });
            if (id == null) {
                log.debug("Duplicate {} ignored", eventKey);
                return Acceptance.ofDuplicate();
            }
            return new Acceptance(false, inbox.submit(id, event));
        } catch (DuplicateKeyException e) {
            // Another thread or instance recorded the same event a moment ago.
            return Acceptance.ofDuplicate();
        }
    }

    /** How many events were recorded but not yet handled (for health and tests). */
    public long backlog() {
        return store.backlog();
    }

    /** The latest handlings that failed, newest first: retrying, or given up (for the admin page). */
    public List<InboundFailure> failures(int limit) {
        return store.failures(limit);
    }

    /**
     * For reactions the state is the truth: "added" when the reaction is already there, or a report
     * older than the last change, is a duplicate even under a new event id.
     */
    private boolean reactionChanges(ChatEvent event) {
        MessageRef message;
        String emoji;
        boolean present;
        if (event instanceof ChatEvent.ReactionAdded r) {
            message = r.message();
            emoji = r.emoji();
            present = true;
        } else if (event instanceof ChatEvent.ReactionRemoved r) {
            message = r.message();
            emoji = r.emoji();
            present = false;
        } else {
            return true;
        }
        String messageKey = message.key();
        String userKey = event.actor().user().key();
        Optional<Object[]> known = store.reactionState(messageKey, userKey, emoji);
        if (known.isEmpty()) {
            store.insertReactionState(messageKey, userKey, emoji, present, event.at());
            return true;
        }
        boolean was = (Boolean) known.get()[0];
        Instant changedAt = (Instant) known.get()[1];
        if (was == present || event.at().isBefore(changedAt)) return false;
        store.updateReactionState(messageKey, userKey, emoji, present, event.at());
        return true;
    }

    /** A key that is the same for two deliveries of the same happening, whatever their event ids. */
    static String contentKey(ChatEvent event) {
        if (event instanceof ChatEvent.MessagePosted m)
            return "posted:" + m.message().key();
        if (event instanceof ChatEvent.MessageDeleted m)
            return "deleted:" + m.message().key();
        if (event instanceof ChatEvent.MessageEdited m)
            return "edited:" + m.message().key() + ":" + digest(m.text());
        return null;
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
