package org.staffroom.testing.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.staffroom.chat.Attachment;
import org.staffroom.chat.Capability;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Form;
import org.staffroom.chat.InteractionRef;
import org.staffroom.chat.Message;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.UserRef;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.chat.spi.OutboundPost;
import org.staffroom.chat.spi.Pace;
import org.staffroom.chat.spi.PlatformConnector;
import org.staffroom.chat.spi.ReactionSnapshot;
import org.staffroom.config.Platform;

/**
 * The console's outbound side: what the bot posts becomes numbered lines ({@code m1}, {@code m2}, …)
 * in the console's transcript, buttons shown as {@code [Label]} under the text. It declares threads,
 * buttons and direct messages only, so the core never asks it for a reaction, a form or a private
 * answer; those calls fail here, loudly, if it ever does.
 */
public class ConsoleConnector implements PlatformConnector {

    public static final Platform CONSOLE = Platform.of("console", "Console");

    /** One message in the console, the bot's or a person's. */
    public record Posted(
            String id, ChannelRef channel, String threadId, String author, Message message, String marker, Instant at) {

        /** The message as the console prints it: text, then its buttons. */
        public String printed() {
            StringBuilder sb = new StringBuilder(message.plain());
            if (!message.buttons().isEmpty()) {
                sb.append('\n');
                for (Message.Button b : message.buttons())
                    sb.append('[').append(b.label()).append("] ");
            }
            return sb.toString().strip();
        }
    }

    private final Map<String, Posted> messages = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final java.time.Clock clock;

    public ConsoleConnector(java.time.Clock clock) {
        this.clock = clock;
    }

    @Override
    public Set<Platform> platforms() {
        return Set.of(CONSOLE);
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.THREADS, Capability.BUTTONS, Capability.DIRECT_MESSAGES);
    }

    @Override
    public ConnectorStatus status() {
        return ConnectorStatus.up("console");
    }

    @Override
    public boolean isDirect(ChannelRef channel) {
        return channel.id().startsWith("dm-");
    }

    @Override
    public Pace pace() {
        return Pace.UNLIMITED;
    }

    @Override
    public synchronized MessageRef send(OutboundPost post) {
        String id = "m" + ids.incrementAndGet();
        messages.put(
                id,
                new Posted(
                        id,
                        post.channel(),
                        post.threadId(),
                        "Staffroom",
                        post.message(),
                        post.marker(),
                        clock.instant()));
        return new MessageRef(post.channel(), id, post.threadId());
    }

    /** A line a person typed, numbered like the bot's. */
    synchronized MessageRef typed(ChannelRef channel, String threadId, String author, String text) {
        String id = "m" + ids.incrementAndGet();
        messages.put(id, new Posted(id, channel, threadId, author, Message.of(text), null, clock.instant()));
        return new MessageRef(channel, id, threadId);
    }

    @Override
    public synchronized Optional<MessageRef> findByMarker(
            ChannelRef channel, String threadId, String marker, Instant since) {
        return messages.values().stream()
                .filter(p -> marker.equals(p.marker()) && p.channel().equals(channel))
                .map(p -> new MessageRef(p.channel(), p.id(), p.threadId()))
                .findFirst();
    }

    @Override
    public synchronized void update(MessageRef message, Message content) throws DeliveryException {
        Posted p = messages.get(message.id());
        if (p == null) throw DeliveryException.permanent("no message " + message.id(), null);
        messages.put(p.id(), new Posted(p.id(), p.channel(), p.threadId(), p.author(), content, p.marker(), p.at()));
    }

    @Override
    public synchronized void delete(MessageRef message) {
        messages.remove(message.id());
    }

    @Override
    public void addReaction(MessageRef message, String emoji) throws DeliveryException {
        throw DeliveryException.permanent("the console has no reactions", null);
    }

    @Override
    public ChannelRef openDirect(UserRef user) {
        return new ChannelRef(CONSOLE, user.spaceId(), "dm-" + user.id());
    }

    @Override
    public void respond(InteractionRef interaction, Message content) throws DeliveryException {
        throw DeliveryException.permanent("the console has no private answers", null);
    }

    @Override
    public void openForm(InteractionRef interaction, Form form) throws DeliveryException {
        throw DeliveryException.permanent("the console has no forms", null);
    }

    @Override
    public List<ReactionSnapshot> reactions(MessageRef message) {
        return List.of();
    }

    @Override
    public byte[] download(Attachment attachment) throws DeliveryException {
        throw DeliveryException.permanent("the console carries no files", null);
    }

    synchronized Optional<Posted> message(String id) {
        return Optional.ofNullable(messages.get(id));
    }

    /** Everything in one channel (or direct-message channel), oldest first. */
    public synchronized List<Posted> in(String channelId) {
        List<Posted> out = new ArrayList<>();
        for (Posted p : messages.values()) if (p.channel().id().equals(channelId)) out.add(p);
        return out;
    }
}
