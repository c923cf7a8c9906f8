package org.staffroom.chat.spi;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.staffroom.chat.Attachment;
import org.staffroom.chat.Capability;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Form;
import org.staffroom.chat.InteractionRef;
import org.staffroom.chat.Message;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Platform;

/**
 * What an adapter does for the core: render and send, edit, react, answer interactions, open
 * forms. Implemented by the Slack, Discord and sandbox adapters; called only by the chat module
 * (workflows use {@link org.staffroom.chat.Chat}). Calls block until the platform answered and
 * fail with {@link DeliveryException}.
 */
public interface PlatformConnector {

    /** The platforms this connector serves. The sandbox serves those no real connector does. */
    Set<Platform> platforms();

    /** A real platform connection wins over the sandbox for the same platform. */
    default boolean isSandbox() {
        return false;
    }

    ConnectorStatus status();

    /**
     * What the platform can do. {@link org.staffroom.chat.Chat} falls back for what is missing, so
     * an adapter never needs to imitate a feature: without {@link Capability#FORMS} its
     * {@link #openForm} is not called, without {@link Capability#EPHEMERAL} its {@link #respond}
     * is not called, without {@link Capability#REACTIONS} its {@link #addReaction} is not called.
     */
    default Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    /** How people give commands their arguments here (help shows each platform its own forms). */
    default org.staffroom.chat.CommandSpec.Style commandStyle() {
        return org.staffroom.chat.CommandSpec.Style.TYPED;
    }

    /** Whether {@code channel} is a direct message with the bot, where such a platform offers fewer commands. */
    default boolean isDirect(ChannelRef channel) {
        return false;
    }

    /**
     * Whether this instance may talk to the platform now. False on an instance that stands by while
     * another one holds the platform's connection (Discord's gateway is held by one instance): the
     * delivery sender leaves that platform's posts to the instance that may send them.
     */
    default boolean sendsHere() {
        return true;
    }

    Pace pace();

    /**
     * The pace one channel of {@code platform} keeps in business time (the relay's per-channel bucket).
     * A real adapter answers its own pace; a local stand-in (the sandbox) answers the pace of the
     * platform it imitates, so what is paced there behaves as it would on the platform.
     */
    default Pace channelPace(org.staffroom.config.Platform platform) {
        return pace();
    }

    /**
     * True when the connector holds every request to the platform at the platform-wide rate itself
     * (Discord's limit counts all REST requests, so its HTTP client limits them all): the delivery
     * sender then paces this platform per channel only, so no post is limited twice.
     */
    default boolean pacesGlobally() {
        return false;
    }

    MessageRef send(OutboundPost post) throws DeliveryException;

    /** A message posted with {@code marker} in the channel (or thread) since {@code since}, if any. */
    Optional<MessageRef> findByMarker(ChannelRef channel, String threadId, String marker, Instant since)
            throws DeliveryException;

    void update(MessageRef message, Message content) throws DeliveryException;

    void delete(MessageRef message) throws DeliveryException;

    void addReaction(MessageRef message, String emoji) throws DeliveryException;

    /** The direct-message channel between the bot and {@code user}, opened if needed. */
    ChannelRef openDirect(UserRef user) throws DeliveryException;

    /** Answers an interaction privately (only the person who acted sees it). */
    void respond(InteractionRef interaction, Message content) throws DeliveryException;

    void openForm(InteractionRef interaction, Form form) throws DeliveryException;

    /** Everyone's reactions on a message, for reconciling votes missed while disconnected. */
    List<ReactionSnapshot> reactions(MessageRef message) throws DeliveryException;

    byte[] download(Attachment attachment) throws DeliveryException;

    /** A link that opens the message in the platform's client, if the platform has one. */
    default Optional<String> permalink(MessageRef message) {
        return Optional.empty();
    }

    /** Shows {@code content} on the user's home tab, where the platform has one (Slack App Home). */
    default void publishHome(UserRef user, Message content) throws DeliveryException {}
}
