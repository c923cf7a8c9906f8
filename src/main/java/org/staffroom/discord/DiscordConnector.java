package org.staffroom.discord;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageReaction;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.attribute.IThreadContainer;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.entities.emoji.Emoji;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.utils.TimeUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.staffroom.chat.Attachment;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.Form;
import org.staffroom.chat.InteractionRef;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.Texts;
import org.staffroom.chat.UserRef;
import org.staffroom.chat.spi.AttachmentDownloader;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.chat.spi.OutboundPost;
import org.staffroom.chat.spi.Pace;
import org.staffroom.chat.spi.PlatformConnector;
import org.staffroom.chat.spi.ReactionSnapshot;
import org.staffroom.config.Platform;

/**
 * Discord behind the chat port. Every post carries a nonce derived from its delivery key with
 * {@code enforce_nonce}, so a retry after a 502, a timeout or a dropped connection returns the
 * message already created instead of a second one; the attempt is recorded before the request so a
 * post whose delivery record was lost in a crash can be found again ({@link #findByMarker}). A post
 * that asks for a thread gets one named after {@code threadTitle}; a reply in a thread that does
 * not exist yet creates it from its root message (Discord gives such a thread the message's id).
 */
class DiscordConnector implements PlatformConnector {

    private static final Logger log = LoggerFactory.getLogger(DiscordConnector.class);
    /** Discord: 5 messages per 5 seconds per channel, 50 requests per second per bot. */
    static final Pace PACE = new Pace(5, 1.0, 45.0);

    private static final int THREAD_NAME_MAX = 100;
    /** How far {@link #findByMarker} reads: 500 messages after the attempt (a crash window is minutes). */
    private static final int HISTORY_PAGES = 5;

    private final DiscordClient client;
    private final DiscordRenderer renderer;
    private final Interactions interactions;
    private final DiscordStore store;
    private final Texts texts;
    private final DiscordProperties properties;
    private final AttachmentDownloader downloader =
            new AttachmentDownloader(Duration.ofSeconds(10), Duration.ofSeconds(60));

    DiscordConnector(
            DiscordClient client,
            DiscordRenderer renderer,
            Interactions interactions,
            DiscordStore store,
            Texts texts,
            DiscordProperties properties) {
        this.client = client;
        this.renderer = renderer;
        this.interactions = interactions;
        this.store = store;
        this.texts = texts;
        this.properties = properties;
    }

    @Override
    public Set<Platform> platforms() {
        return Set.of(Platform.DISCORD);
    }

    /** Slash commands with typed options; see {@link CommandRegistrar}. */
    @Override
    public CommandSpec.Style commandStyle() {
        return CommandSpec.Style.OPTIONS;
    }

    /** A DM has no guild (see {@link EventMapper#place}). */
    @Override
    public boolean isDirect(ChannelRef channel) {
        return channel.spaceId().isEmpty();
    }

    @Override
    public ConnectorStatus status() {
        return client.status();
    }

    @Override
    public Pace pace() {
        return PACE;
    }

    /** Every REST request passes {@link GlobalRateLimit}, built from this pace's global rate. */
    @Override
    public boolean pacesGlobally() {
        return true;
    }

    /** Only the instance holding the gateway talks to Discord; the others leave their posts to it. */
    @Override
    public boolean sendsHere() {
        return client.holdsGateway();
    }

    /** Discord's nonce: at most 25 characters, the same for every attempt at one delivery. */
    static String nonce(String marker) {
        return CustomIds.hash("nonce:" + marker);
    }

    @Override
    public MessageRef send(OutboundPost post) throws DeliveryException {
        DiscordRenderer.Rendered rendered = renderer.render(post.message());
        MessageChannel target =
                post.threadId() != null ? thread(post.channel(), post.threadId(), true) : channel(post.channel());
        String messageId = store.post(post.marker())
                .filter(p -> p.messageId() != null && p.channelId().equals(target.getId()))
                .map(DiscordStore.Post::messageId)
                .orElse(null);
        if (messageId == null) {
            String nonce = nonce(post.marker());
            store.recordAttempt(post.marker(), target.getId(), nonce, rendered.fingerprint());
            Message sent =
                    JdaCalls.call(target.sendMessage(rendered.create()).setNonce(nonce), "post " + post.marker());
            messageId = sent.getId();
            store.recordSent(post.marker(), messageId);
        } else {
            // Sent before (a later step failed, e.g. the thread): not sent again.
            log.debug("Post {} already on Discord as {}", post.marker(), messageId);
        }
        String title = post.message().threadTitle();
        if (title != null && !title.isBlank() && post.threadId() == null && target instanceof IThreadContainer parent) {
            openThread(parent, messageId, title);
        }
        return new MessageRef(post.channel(), messageId, post.threadId());
    }

    private void openThread(IThreadContainer parent, String messageId, String title) throws DeliveryException {
        try {
            JdaCalls.call(parent.createThreadChannel(threadName(title), messageId), "thread on " + messageId);
        } catch (DeliveryException e) {
            if (JdaCalls.is(e, ErrorResponse.THREAD_WITH_THIS_MESSAGE_ALREADY_EXISTS)) return;
            if (!e.permanent()) throw e; // the post is retried without posting again, then the thread
            log.warn("Posted {} but could not open its thread: {}", messageId, e.getMessage());
        }
    }

    @Override
    public Optional<MessageRef> findByMarker(ChannelRef channel, String threadId, String marker, Instant since)
            throws DeliveryException {
        Optional<DiscordStore.Post> attempt = store.post(marker);
        // The attempt is recorded before the request: without it, nothing was ever sent.
        if (attempt.isEmpty()) return Optional.empty();
        DiscordStore.Post p = attempt.get();
        if (p.messageId() != null) return Optional.of(new MessageRef(channel, p.messageId(), threadId));
        MessageChannel where = channel.spaceId().isEmpty()
                ? direct(p.channelId())
                : client.connected().getChannelById(GuildMessageChannel.class, p.channelId());
        if (where == null) return Optional.empty();
        long selfId = client.selfId();
        long after = TimeUtil.getDiscordTimestamp(since.toEpochMilli());
        // Oldest first, a page of 100 at a time: the first of the bot's messages with the same fingerprint
        // that no other post has claimed is this one.
        for (int page = 0; page < HISTORY_PAGES; page++) {
            List<Message> newestFirst = JdaCalls.call(where.getHistoryAfter(after, 100), "history of " + p.channelId())
                    .getRetrievedHistory();
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                Message m = newestFirst.get(i);
                if (m.getAuthor().getIdLong() != selfId) continue;
                if (!DiscordRenderer.fingerprint(m.getContentRaw(), m.getEmbeds())
                        .equals(p.fingerprint())) continue;
                if (store.claimedByOther(m.getId(), marker)) continue;
                store.recordSent(marker, m.getId());
                return Optional.of(new MessageRef(channel, m.getId(), threadId));
            }
            if (newestFirst.size() < 100) break;
            after = newestFirst.get(0).getIdLong();
        }
        return Optional.empty();
    }

    @Override
    public void update(MessageRef message, org.staffroom.chat.Message content) throws DeliveryException {
        MessageChannel where = channelOf(message);
        JdaCalls.call(
                where.editMessageById(message.id(), renderer.render(content).edit()), "edit " + message.id());
    }

    @Override
    public void delete(MessageRef message) throws DeliveryException {
        MessageChannel where = channelOf(message);
        try {
            JdaCalls.call(where.deleteMessageById(message.id()), "delete " + message.id());
        } catch (DeliveryException e) {
            if (!JdaCalls.is(e, ErrorResponse.UNKNOWN_MESSAGE)) throw e; // already gone
        }
    }

    @Override
    public void addReaction(MessageRef message, String emoji) throws DeliveryException {
        if (emoji == null || emoji.isBlank() || (emoji.startsWith(":") && emoji.endsWith(":"))) {
            throw DeliveryException.permanent("only Unicode emoji can be added on Discord, not " + emoji, null);
        }
        MessageChannel where = channelOf(message);
        JdaCalls.call(where.addReactionById(message.id(), Emoji.fromUnicode(emoji)), "react to " + message.id());
    }

    @Override
    public ChannelRef openDirect(UserRef user) throws DeliveryException {
        PrivateChannel dm = JdaCalls.call(client.jda().openPrivateChannelById(user.id()), "open DM with " + user.id());
        store.saveDirectChannel(dm.getId(), user.id());
        return new ChannelRef(Platform.DISCORD, "", dm.getId());
    }

    @Override
    public void respond(InteractionRef interaction, org.staffroom.chat.Message content) throws DeliveryException {
        interactions.respond(interaction, renderer.render(content).create());
    }

    @Override
    public void openForm(InteractionRef interaction, Form form) throws DeliveryException {
        interactions.openForm(interaction, locale -> renderer.modal(form, locale));
    }

    @Override
    public List<ReactionSnapshot> reactions(MessageRef message) throws DeliveryException {
        MessageChannel where = channelOf(message);
        Message m = JdaCalls.call(where.retrieveMessageById(message.id()), "read " + message.id());
        long selfId = client.selfId();
        List<ReactionSnapshot> out = new ArrayList<>();
        for (MessageReaction r : m.getReactions()) {
            List<User> users;
            try {
                users = r.retrieveUsers()
                        .takeRemainingAsync(1000)
                        .get(JdaCalls.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw JdaCalls.failure(e.getCause(), "reactions of " + message.id());
            } catch (TimeoutException e) {
                throw DeliveryException.transientFailure("reactions of " + message.id() + " timed out", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DeliveryException.transientFailure("interrupted", e);
            }
            List<UserRef> people = users.stream()
                    .filter(u -> u.getIdLong() != selfId)
                    .map(u -> new UserRef(Platform.DISCORD, message.channel().spaceId(), u.getId()))
                    .toList();
            if (!people.isEmpty()) out.add(new ReactionSnapshot(EventMapper.emoji(r.getEmoji()), people));
        }
        return out;
    }

    /** Fetches an attachment from Discord's CDN (only the configured hosts, so a URL cannot point inside). */
    @Override
    public byte[] download(Attachment attachment) throws DeliveryException {
        URI uri;
        try {
            uri = URI.create(attachment.url());
        } catch (IllegalArgumentException e) {
            throw DeliveryException.permanent("not a URL: " + attachment.name(), e);
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!properties.attachmentHosts().contains(host)
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw DeliveryException.permanent(
                    "attachments are only fetched from " + properties.attachmentHosts(), null);
        }
        if (attachment.size() > properties.attachmentMaxBytes()) {
            throw DeliveryException.permanent(
                    attachment.name() + " is larger than " + properties.attachmentMaxBytes() + " bytes", null);
        }
        return downloader.fetch(uri, Map.of(), properties.attachmentMaxBytes(), attachment.name());
    }

    @Override
    public Optional<String> permalink(MessageRef message) {
        String guild = message.channel().spaceId().isEmpty()
                ? "@me"
                : message.channel().spaceId();
        String channel =
                message.inThread() ? message.threadId() : message.channel().id();
        return Optional.of("https://discord.com/channels/" + guild + "/" + channel + "/" + message.id());
    }

    // ---------------------------------------------------------------------------------------------
    // Channels

    /** The channel a message is in: its thread when it is a reply in one. */
    private MessageChannel channelOf(MessageRef message) throws DeliveryException {
        return message.inThread() ? thread(message.channel(), message.threadId(), false) : channel(message.channel());
    }

    private MessageChannel channel(ChannelRef ref) throws DeliveryException {
        if (ref.spaceId().isEmpty()) return direct(ref.id());
        JDA jda = client.connected();
        GuildMessageChannel channel = jda.getChannelById(GuildMessageChannel.class, ref.id());
        if (channel == null) {
            // A DM sent to an account known by its guild (a people.yml account, a role member) keeps that
            // guild in its delivery row; the channel itself is the DM this connector opened.
            if (store.directChannelUser(ref.id()).isPresent()) return direct(ref.id());
            throw DeliveryException.permanent(
                    "Discord channel " + ref.id() + " is unknown or the bot cannot see it", null);
        }
        return channel;
    }

    /** A DM channel by id; after a restart JDA has forgotten it, so it is opened again for its user. */
    private MessageChannel direct(String channelId) throws DeliveryException {
        PrivateChannel cached = client.jda().getPrivateChannelById(channelId);
        if (cached != null) return cached;
        String userId = store.directChannelUser(channelId)
                .orElseThrow(() -> DeliveryException.permanent("unknown direct-message channel " + channelId, null));
        return JdaCalls.call(client.jda().openPrivateChannelById(userId), "open DM with " + userId);
    }

    /**
     * The thread whose root message is {@code threadId} in {@code parent}. JDA caches active threads;
     * one that does not exist yet is created from its root message (when {@code create}), one that was
     * archived is looked up among the archived threads.
     */
    private ThreadChannel thread(ChannelRef parent, String threadId, boolean create) throws DeliveryException {
        JDA jda = client.connected();
        ThreadChannel cached = jda.getThreadChannelById(threadId);
        if (cached != null) return cached;
        IThreadContainer container = jda.getChannelById(IThreadContainer.class, parent.id());
        if (container == null) {
            throw DeliveryException.permanent(
                    "Discord channel " + parent.id() + " is unknown or cannot hold threads", null);
        }
        if (create) {
            try {
                return JdaCalls.call(
                        container.createThreadChannel(rootName(container, threadId), threadId),
                        "thread on " + threadId);
            } catch (DeliveryException e) {
                if (!JdaCalls.is(e, ErrorResponse.THREAD_WITH_THIS_MESSAGE_ALREADY_EXISTS)) throw e;
            }
        }
        try {
            List<ThreadChannel> archived = container
                    .retrieveArchivedPublicThreadChannels()
                    .takeAsync(100)
                    .get(JdaCalls.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (ThreadChannel t : archived) {
                if (t.getId().equals(threadId)) return t;
            }
        } catch (ExecutionException e) {
            throw JdaCalls.failure(e.getCause(), "archived threads of " + parent.id());
        } catch (TimeoutException e) {
            throw DeliveryException.transientFailure("archived threads of " + parent.id() + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.transientFailure("interrupted", e);
        }
        throw DeliveryException.permanent("thread " + threadId + " in " + parent.id() + " cannot be found", null);
    }

    /** A thread opened for a reply is named after the first line of its root message. */
    private String rootName(IThreadContainer container, String rootId) throws DeliveryException {
        if (!(container instanceof MessageChannel channel)) {
            throw DeliveryException.permanent(
                    "channel " + container.getId() + " holds no messages to open a thread on", null);
        }
        Message root = JdaCalls.call(channel.retrieveMessageById(rootId), "root message " + rootId);
        String first = root.getContentStripped().strip().split("\n", 2)[0].strip();
        return threadName(first.isEmpty() ? texts.get(Locale.UK, "discord.thread-title") : first);
    }

    private static String threadName(String title) {
        return DiscordMarkdown.truncate(title.replace('\n', ' ').strip(), THREAD_NAME_MAX);
    }
}
