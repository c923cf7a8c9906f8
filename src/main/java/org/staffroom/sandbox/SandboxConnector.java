package org.staffroom.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Attachment;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.ChatJson;
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
 * The sandbox as a platform: it stands in for Slack and Discord wherever no tokens are set, and
 * keeps what the bot posts the way those platforms would, for the page at /sandbox to show.
 */
@Component
record SandboxConnector(SandboxStore store, SandboxFeed feed) implements PlatformConnector {

    @Override
    public Set<Platform> platforms() {
        return Set.of(Platform.SLACK, Platform.DISCORD);
    }

    @Override
    public boolean isSandbox() {
        return true;
    }

    @Override
    public ConnectorStatus status() {
        return ConnectorStatus.up("no tokens set: simulated locally");
    }

    @Override
    public Pace pace() {
        return Pace.UNLIMITED;
    }

    /**
     * Posts land locally at once, but a relayed chat keeps the imitated platform's per-channel pace
     * (Slack's about one message a second with a burst of two; Discord's five per five seconds), so
     * a PD chat tried here behaves as it will live.
     */
    @Override
    public Pace channelPace(Platform platform) {
        return platform == Platform.DISCORD ? DISCORD_CHANNEL : SLACK_CHANNEL;
    }

    private static final Pace SLACK_CHANNEL = new Pace(2, 1.0, 20.0);
    private static final Pace DISCORD_CHANNEL = new Pace(5, 1.0, 45.0);

    @Override
    public MessageRef send(OutboundPost post) {
        long id = store.insert(
                post.channel(),
                post.threadId(),
                SandboxStore.BOT,
                "Staffroom",
                true,
                null,
                ChatJson.write(post.message()),
                post.marker(),
                null,
                null);
        feed.channelChanged(post.channel().key());
        return new MessageRef(post.channel(), Long.toString(id), post.threadId());
    }

    @Override
    public Optional<MessageRef> findByMarker(ChannelRef channel, String threadId, String marker, Instant since) {
        return store.findByMarker(channel, marker)
                .map(r -> new MessageRef(channel, Long.toString(r.id()), r.threadId()));
    }

    @Override
    public void update(MessageRef message, Message content) throws DeliveryException {
        long id = id(message);
        store.updatePayload(id, ChatJson.write(content));
        feed.channelChanged(message.channel().key());
    }

    @Override
    public void delete(MessageRef message) throws DeliveryException {
        store.markDeleted(id(message));
        feed.channelChanged(message.channel().key());
    }

    @Override
    public void addReaction(MessageRef message, String emoji) throws DeliveryException {
        store.addReaction(id(message), SandboxStore.BOT, "Staffroom", emoji);
        feed.channelChanged(message.channel().key());
    }

    @Override
    public ChannelRef openDirect(UserRef user) {
        return directChannel(user);
    }

    static ChannelRef directChannel(UserRef user) {
        return new ChannelRef(user.platform(), user.spaceId(), "D-" + user.id());
    }

    @Override
    public void respond(InteractionRef interaction, Message content) throws DeliveryException {
        Token t = Token.parse(interaction.token());
        store.insert(
                t.channel(),
                null,
                SandboxStore.BOT,
                "Staffroom",
                true,
                null,
                ChatJson.write(content),
                null,
                t.userKey(),
                null);
        feed.channelChanged(t.channel().key());
    }

    @Override
    public void openForm(InteractionRef interaction, Form form) {
        Token t = Token.parse(interaction.token());
        String formToken = UUID.randomUUID().toString();
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("token", formToken);
        shown.put("channel", t.channel().key());
        shown.put("form", form);
        feed.openForm(t.userKey(), new SandboxFeed.PendingForm(formToken, shown));
    }

    @Override
    public List<ReactionSnapshot> reactions(MessageRef message) throws DeliveryException {
        Map<String, List<UserRef>> byEmoji = new LinkedHashMap<>();
        for (SandboxStore.Reaction r : store.reactions(List.of(id(message)))) {
            if (r.userKey().equals(SandboxStore.BOT)) continue;
            byEmoji.computeIfAbsent(r.emoji(), e -> new ArrayList<>()).add(UserRef.parse(r.userKey()));
        }
        List<ReactionSnapshot> out = new ArrayList<>();
        byEmoji.forEach((e, users) -> out.add(new ReactionSnapshot(e, users)));
        return out;
    }

    @Override
    public byte[] download(Attachment attachment) throws DeliveryException {
        return store.file(attachment.id())
                .orElseThrow(() -> DeliveryException.permanent("no such sandbox file " + attachment.id(), null))
                .content();
    }

    @Override
    public Optional<String> permalink(MessageRef message) {
        return Optional.of("/sandbox#" + message.channel().key() + "/" + message.id());
    }

    @Override
    public void publishHome(UserRef user, Message content) {
        feed.home(user.key(), content);
    }

    private static long id(MessageRef message) throws DeliveryException {
        try {
            return Long.parseLong(message.id());
        } catch (NumberFormatException e) {
            throw DeliveryException.permanent("not a sandbox message: " + message.id(), e);
        }
    }

    /** What the sandbox puts in an interaction's token: who acted, and in which channel. */
    record Token(String userKey, ChannelRef channel) {
        String encode() {
            return userKey + "|" + channel.key();
        }

        static Token parse(String token) {
            int bar = token.indexOf('|');
            return new Token(token.substring(0, bar), ChannelRef.parse(token.substring(bar + 1)));
        }
    }
}
