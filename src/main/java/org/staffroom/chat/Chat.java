package org.staffroom.chat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.chat.spi.OutboundPost;
import org.staffroom.chat.spi.Pace;
import org.staffroom.chat.spi.PlatformConnector;
import org.staffroom.chat.spi.ReactionSnapshot;
import org.staffroom.config.Platform;

/**
 * What workflows call to talk in chat, on any platform. Posts, edits and reactions are recorded
 * first under an idempotency key (calling twice with the same key posts once, across restarts and
 * instances) and sent after the caller's transaction commits; answers to interactions and forms
 * go out at once because the platforms only accept them for a short time.
 * <p>
 * Where a platform lacks a {@link Capability} Chat falls back, so workflows are written once:
 * a reaction offered as a vote becomes a button, a form becomes an exchange in direct messages
 * ({@link FormExchanges}), a private answer becomes a direct message.
 */
@Service
public class Chat {

    private static final Logger log = LoggerFactory.getLogger(Chat.class);

    private final DeliveryStore store;
    private final DeliverySender sender;
    private final Connectors connectors;
    private final TransactionTemplate nested;
    private final FormExchanges exchanges;

    Chat(
            DeliveryStore store,
            DeliverySender sender,
            Connectors connectors,
            TransactionTemplate tx,
            FormExchanges exchanges) {
        this.store = store;
        this.exchanges = exchanges;
        this.sender = sender;
        this.connectors = connectors;
        this.nested = new TransactionTemplate(tx.getTransactionManager());
        // A savepoint, so that a lost race on the unique key does not spoil the caller's transaction.
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * How fast one channel of {@code platform} takes posts, from the platform's pace. The sandbox takes
     * posts as fast as they come; standing in for a platform, it answers with that platform's rate, so
     * what is paced in business time behaves as it would there.
     */
    public ChannelRate channelRate(Platform platform) {
        PlatformConnector connector = connectors.forPlatform(platform);
        Pace pace = connector.channelPace(platform);
        return new ChannelRate(pace.channelBurst(), pace.channelPerSecond());
    }

    /** Posts {@code message} to {@code to} once per {@code key}. */
    public Delivery post(Destination to, Message message, String key) {
        String payload = ChatJson.write(message);
        if (to.isDirect()) {
            insert(
                    key,
                    DeliveryRow.Kind.POST,
                    to.directTo().platform(),
                    to.directTo().spaceId(),
                    null,
                    null,
                    null,
                    null,
                    to.directTo().id(),
                    payload);
        } else {
            ChannelRef c = to.channel();
            insert(
                    key,
                    DeliveryRow.Kind.POST,
                    c.platform(),
                    c.spaceId(),
                    c.id(),
                    to.threadId(),
                    to.threadOfKey(),
                    null,
                    null,
                    payload);
        }
        return delivery(key).orElseThrow();
    }

    /** Sends {@code message} to {@code user}'s direct messages with the bot, once per {@code key}. */
    public Delivery sendDirect(UserRef user, Message message, String key) {
        return post(Destination.direct(user), message, key);
    }

    /**
     * Replaces the content of the message posted under {@code key}. If it has not gone out yet the
     * new content simply goes out instead; several quick edits go out as one.
     */
    public void edit(String key, Message message) {
        DeliveryRow target = posted(key);
        String payload = ChatJson.write(message);
        if (target.state() == Delivery.State.PENDING && store.replacePendingPayload(target.id(), payload)) {
            wakeAfterCommit();
            return;
        }
        Optional<DeliveryRow> pending = store.pendingEdit(key);
        if (pending.isPresent() && store.replacePendingPayload(pending.get().id(), payload)) {
            wakeAfterCommit();
            return;
        }
        followUp(target, "edit:" + key + ":" + java.util.UUID.randomUUID(), DeliveryRow.Kind.EDIT, payload);
    }

    /** Deletes the message posted under {@code key} (e.g. a relayed copy of a deleted message). */
    public void delete(String key) {
        DeliveryRow target = posted(key);
        followUp(target, "delete:" + key, DeliveryRow.Kind.DELETE, null);
    }

    /**
     * Adds the bot's own reaction to the message posted under {@code key}. On a platform without
     * reactions a message that has buttons already offers its choices by them, so nothing is added;
     * one without buttons (not yet sent) gets the emoji as a button, whose press arrives as the
     * reaction ({@link ReactionButtons}).
     */
    public void react(String key, String emoji) {
        DeliveryRow target = posted(key);
        if (!can(target.platform(), Capability.REACTIONS)) {
            reactionAsButton(target, emoji);
            return;
        }
        followUp(target, "react:" + key + ":" + emoji, DeliveryRow.Kind.REACT, emoji);
    }

    private DeliveryRow posted(String key) {
        return store.find(key).orElseThrow(() -> new IllegalArgumentException("nothing posted under " + key));
    }

    /** A row that changes {@code target} (an edit, a deletion, a reaction) where it was posted. */
    private void followUp(DeliveryRow target, String rowKey, DeliveryRow.Kind kind, String payload) {
        insert(
                rowKey,
                kind,
                target.platform(),
                target.spaceId(),
                target.channelId(),
                target.threadId(),
                null,
                target.key(),
                target.directUserId(),
                payload);
    }

    private void reactionAsButton(DeliveryRow target, String emoji) {
        if (target.state() != Delivery.State.PENDING || target.payload() == null) {
            log.debug(
                    "No reaction {} on {}: {} has no reactions and the message is already sent",
                    emoji,
                    target.key(),
                    target.platform().label());
            return;
        }
        Message message = ChatJson.read(target.payload(), Message.class);
        if (!message.buttons().isEmpty()
                && message.buttons().stream().noneMatch(b -> ReactionButtons.ACTION.equals(b.actionId()))) {
            return; // its own buttons carry the choices
        }
        Message withVote = message.withButton(
                new Message.Button(ReactionButtons.ACTION, emoji, emoji, Message.Button.Style.DEFAULT));
        store.replacePendingPayload(target.id(), ChatJson.write(withVote));
    }

    /** What {@code platform} can do (everything for a platform no connector declares otherwise). */
    public Set<Capability> capabilities(Platform platform) {
        try {
            return connectors.forPlatform(platform).capabilities();
        } catch (IllegalStateException e) {
            return java.util.EnumSet.allOf(Capability.class);
        }
    }

    public boolean can(Platform platform, Capability capability) {
        return capabilities(platform).contains(capability);
    }

    /**
     * Answers the person behind an interaction privately, at once; where the platform cannot show
     * an answer to one person only, as a direct message. Failures are logged, not thrown.
     */
    public void respond(InteractionRef interaction, Message message) {
        try {
            PlatformConnector connector = connectors.forPlatform(interaction.platform());
            if (!connector.capabilities().contains(Capability.EPHEMERAL)) {
                answerDirectly(connector, interaction, message);
                return;
            }
            connector.respond(interaction, message);
        } catch (DeliveryException | RuntimeException e) {
            log.warn(
                    "Could not answer interaction {} on {}: {}",
                    interaction.id(),
                    interaction.platform(),
                    e.getMessage());
        }
    }

    private void answerDirectly(PlatformConnector connector, InteractionRef interaction, Message message)
            throws DeliveryException {
        if (interaction.user() == null) {
            throw new IllegalStateException(
                    interaction.platform().label() + " has no private answers and did not say who acted");
        }
        ChannelRef dm = connector.openDirect(interaction.user());
        connector.send(new OutboundPost(
                dm, null, message, "answer:" + interaction.id() + ":" + Integer.toHexString(message.hashCode())));
    }

    /**
     * Opens a form for the person behind an interaction. Must be called within a few seconds of it.
     * Where the platform has no forms, its fields are asked one by one in direct messages and the
     * answers come back as the same {@link ChatEvent.FormSubmitted}.
     */
    public void openForm(InteractionRef interaction, Form form) {
        try {
            PlatformConnector connector = connectors.forPlatform(interaction.platform());
            if (!connector.capabilities().contains(Capability.FORMS)) {
                exchanges.start(interaction, form);
                return;
            }
            connector.openForm(interaction, form);
        } catch (DeliveryException | RuntimeException e) {
            log.warn("Could not open form {} for interaction {}: {}", form.formId(), interaction.id(), e.getMessage());
        }
    }

    public Optional<Delivery> delivery(String key) {
        return store.find(key).map(DeliveryRow::toDelivery);
    }

    /** The key a bot message was posted under (e.g. to tell which question a thread reply answers). */
    public Optional<String> keyOf(MessageRef message) {
        return store.keyOf(message);
    }

    /** Everyone's reactions on a message now, by emoji, read from the platform. */
    public Map<String, List<UserRef>> reactions(MessageRef message) throws ChatUnavailableException {
        Map<String, List<UserRef>> out = new LinkedHashMap<>();
        if (!can(message.channel().platform(), Capability.REACTIONS)) return out;
        try {
            for (ReactionSnapshot s :
                    connectors.forPlatform(message.channel().platform()).reactions(message)) {
                out.put(s.emoji(), s.users());
            }
        } catch (DeliveryException e) {
            throw new ChatUnavailableException(e.getMessage(), e.permanent(), e);
        }
        return out;
    }

    /** The bytes of a file someone shared (to keep a copy, e.g. a draft's photo). */
    public byte[] download(Platform platform, Attachment attachment) throws ChatUnavailableException {
        try {
            return connectors.forPlatform(platform).download(attachment);
        } catch (DeliveryException e) {
            throw new ChatUnavailableException(e.getMessage(), e.permanent(), e);
        }
    }

    /** Whether {@code channel} is a direct message with the bot on a platform that offers fewer commands there. */
    public boolean isDirect(ChannelRef channel) {
        try {
            return channel != null && connectors.forPlatform(channel.platform()).isDirect(channel);
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** How commands take their arguments on {@code platform} (for help that shows what works there). */
    public CommandSpec.Style commandStyle(Platform platform) {
        try {
            return connectors.forPlatform(platform).commandStyle();
        } catch (IllegalStateException e) {
            return CommandSpec.Style.TYPED;
        }
    }

    public Optional<String> permalink(MessageRef message) {
        return connectors.forPlatform(message.channel().platform()).permalink(message);
    }

    /** Shows {@code message} on the person's home tab where the platform has one; no-op elsewhere. */
    public void publishHome(UserRef user, Message message) {
        try {
            connectors.forPlatform(user.platform()).publishHome(user, message);
        } catch (DeliveryException | RuntimeException e) {
            log.warn("Could not update the home tab on {}: {}", user.platform(), e.getMessage());
        }
    }

    /** Waits until every recorded post has been sent or has failed (tests, orderly shutdown). */
    public boolean awaitDelivered(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            sender.wake();
            if (sender.idle()) return true;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return sender.idle();
    }

    private void insert(
            String key,
            DeliveryRow.Kind kind,
            Platform platform,
            String spaceId,
            String channelId,
            String threadId,
            String threadOfKey,
            String targetKey,
            String directUserId,
            String payload) {
        try {
            nested.executeWithoutResult(s -> store.insert(
                    key, kind, platform, spaceId, channelId, threadId, threadOfKey, targetKey, directUserId, payload));
        } catch (DuplicateKeyException e) {
            // The same key was recorded concurrently: it will be sent once, by whoever recorded it.
        }
        wakeAfterCommit();
    }

    private void wakeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    sender.wake();
                }
            });
        } else {
            sender.wake();
        }
    }
}
