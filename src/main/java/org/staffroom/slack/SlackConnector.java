package org.staffroom.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.gson.JsonObject;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsOpenResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.methods.response.reactions.ReactionsGetResponse;
import com.slack.api.model.Reaction;
import com.slack.api.webhook.WebhookResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Actor;
import org.staffroom.chat.Attachment;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Form;
import org.staffroom.chat.InteractionRef;
import org.staffroom.chat.Message;
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
import org.staffroom.directory.Directory;

/**
 * Slack behind the chat port. Every post carries its delivery key in message metadata
 * ({@code staffroom_delivery}), so a post whose record was lost in a crash is found again in
 * channel history instead of being posted twice; link previews are off unless asked for.
 * Private answers ride on a slash command's acknowledgement when it has not left yet, else go by
 * response URL, else by {@code chat.postEphemeral}.
 */
@Component
@Conditional(SlackConditions.Configured.class)
class SlackConnector implements PlatformConnector {

    private static final Logger log = LoggerFactory.getLogger(SlackConnector.class);

    static final String MARKER_EVENT = "staffroom_delivery";
    /**
     * Slack: about one message per second per channel, short bursts allowed; Web API tier "special".
     * A burst of two, not three: a request's time between the pacer and Slack varies (most on a cold or
     * busy machine), and with three a fourth post could reach Slack within a second of the first. New
     * posts in a workspace are further held to this instance's share of Slack's workspace limit
     * ({@link SlackLimits}).
     */
    static final Pace PACE = new Pace(2, 1.0, 20.0);

    private static final int HISTORY_PAGES = 10;
    private static final long MAX_DOWNLOAD = 50L * 1024 * 1024;
    /** Slack's own file host puts the team in the path: files-pri/T0123-F0456/name. */
    private static final Pattern FILE_TEAM = Pattern.compile("/files-pri/(T[A-Z0-9]+)-");

    private final SlackApi api;
    private final SlackWorkspaces workspaces;
    private final AckSlots acks;
    private final Directory directory;
    private final Texts texts;
    private final Clock clock;
    private final SlackProperties properties;
    private final ObjectProvider<SlackSocketMode> socketMode;
    private final Pace pace;
    private final AttachmentDownloader downloader =
            new AttachmentDownloader(Duration.ofSeconds(10), Duration.ofSeconds(60));

    SlackConnector(
            SlackApi api,
            SlackWorkspaces workspaces,
            AckSlots acks,
            Directory directory,
            Texts texts,
            Clock clock,
            SlackProperties properties,
            SlackLimits limits,
            ObjectProvider<SlackSocketMode> socketMode) {
        this.api = api;
        this.workspaces = workspaces;
        this.acks = acks;
        this.directory = directory;
        this.texts = texts;
        this.clock = clock;
        this.properties = properties;
        this.socketMode = socketMode;
        this.pace = new Pace(
                PACE.channelBurst(),
                PACE.channelPerSecond(),
                PACE.globalPerSecond(),
                limits.postsHere(),
                limits.workspaceWindow());
    }

    @Override
    public Set<Platform> platforms() {
        return Set.of(Platform.SLACK);
    }

    @Override
    public ConnectorStatus status() {
        if (properties.mode() == SlackProperties.Mode.HTTP) {
            return ConnectorStatus.up("HTTP mode: Slack posts events to /slack/events");
        }
        SlackSocketMode socket = socketMode.getIfAvailable();
        return socket == null ? ConnectorStatus.down("Socket Mode is not running") : socket.status();
    }

    @Override
    public Pace pace() {
        return pace;
    }

    // ------------------------------------------------------------------ posts

    @Override
    public MessageRef send(OutboundPost post) throws DeliveryException {
        ChannelRef channel = post.channel();
        Message m = post.message();
        String blocks = SlackBlocks.json(SlackBlocks.message(m));
        String metadata = marker(post.marker()).toString();
        Instant before = clock.instant();
        try {
            ChatPostMessageResponse r = api.call(
                    channel.spaceId(),
                    "chat.postMessage",
                    c -> c.chatPostMessage(q -> q.channel(channel.id())
                            .threadTs(post.threadId())
                            .text(SlackBlocks.fallback(m))
                            .blocksAsString(blocks)
                            .metadataAsString(metadata)
                            .unfurlLinks(m.unfurl())
                            .unfurlMedia(m.unfurl())
                            .linkNames(false)));
            return new MessageRef(channel, r.getTs(), post.threadId());
        } catch (DeliveryException e) {
            if (e.permanent() || e.retryAfter() != null) throw e;
            // A timeout or 5xx may come after Slack posted: look before the sender tries again.
            Optional<MessageRef> landed = lookQuietly(channel, post.threadId(), post.marker(), before.minusSeconds(60));
            if (landed.isPresent()) {
                log.info("Post {} reached Slack despite an error; not posting it again", post.marker());
                return landed.get();
            }
            throw e;
        }
    }

    /** {@code {"event_type":"staffroom_delivery","event_payload":{"key":…}}}: a string, as Slack keeps it. */
    static JsonObject marker(String key) {
        JsonObject payload = new JsonObject();
        payload.addProperty("key", key);
        JsonObject metadata = new JsonObject();
        metadata.addProperty("event_type", MARKER_EVENT);
        metadata.add("event_payload", payload);
        return metadata;
    }

    private Optional<MessageRef> lookQuietly(ChannelRef channel, String threadId, String marker, Instant since) {
        try {
            return findByMarker(channel, threadId, marker, since);
        } catch (DeliveryException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<MessageRef> findByMarker(ChannelRef channel, String threadId, String marker, Instant since)
            throws DeliveryException {
        String team = channel.spaceId();
        String botUser = workspaces.require(team).botUserId();
        String oldest = ts(since);
        String cursor = null;
        for (int page = 0; page < HISTORY_PAGES; page++) {
            String c = cursor;
            List<com.slack.api.model.Message> messages;
            String next;
            if (threadId != null) {
                ConversationsRepliesResponse r = api.call(
                        team,
                        "conversations.replies",
                        m -> m.conversationsReplies(q -> q.channel(channel.id())
                                .ts(threadId)
                                .oldest(oldest)
                                .includeAllMetadata(true)
                                .limit(200)
                                .cursor(c)));
                messages = r.getMessages();
                next = r.getResponseMetadata() == null
                        ? null
                        : r.getResponseMetadata().getNextCursor();
            } else {
                ConversationsHistoryResponse r = api.call(
                        team,
                        "conversations.history",
                        m -> m.conversationsHistory(q -> q.channel(channel.id())
                                .oldest(oldest)
                                .includeAllMetadata(true)
                                .limit(200)
                                .cursor(c)));
                messages = r.getMessages();
                next = r.getResponseMetadata() == null
                        ? null
                        : r.getResponseMetadata().getNextCursor();
            }
            for (com.slack.api.model.Message m : messages == null ? List.<com.slack.api.model.Message>of() : messages) {
                if (m.getMetadata() == null
                        || !MARKER_EVENT.equals(m.getMetadata().getEventType())) continue;
                Object key = m.getMetadata().getEventPayload() == null
                        ? null
                        : m.getMetadata().getEventPayload().get("key");
                if (!marker.equals(key)) continue;
                if (botUser != null && m.getUser() != null && !botUser.equals(m.getUser())) continue;
                return Optional.of(
                        new MessageRef(channel, m.getTs(), SlackEventMapper.thread(m.getTs(), m.getThreadTs())));
            }
            if (next == null || next.isBlank()) break;
            cursor = next;
        }
        return Optional.empty();
    }

    @Override
    public void update(MessageRef message, Message content) throws DeliveryException {
        String blocks = SlackBlocks.json(SlackBlocks.message(content));
        api.call(
                message.channel().spaceId(),
                "chat.update",
                c -> c.chatUpdate(q -> q.channel(message.channel().id())
                        .ts(message.id())
                        .text(SlackBlocks.fallback(content))
                        .blocksAsString(blocks)
                        .linkNames(false)));
    }

    @Override
    public void delete(MessageRef message) throws DeliveryException {
        // Already gone is what we wanted.
        api.callAccepting(
                message.channel().spaceId(),
                "chat.delete",
                "message_not_found",
                c -> c.chatDelete(q -> q.channel(message.channel().id()).ts(message.id())));
    }

    @Override
    public void addReaction(MessageRef message, String emoji) throws DeliveryException {
        String name = SlackEmoji.toName(emoji)
                .orElseThrow(() -> DeliveryException.permanent("Slack has no emoji name for " + emoji, null));
        api.callAccepting(
                message.channel().spaceId(),
                "reactions.add",
                "already_reacted",
                c -> c.reactionsAdd(q -> q.channel(message.channel().id())
                        .timestamp(message.id())
                        .name(name)));
    }

    @Override
    public ChannelRef openDirect(UserRef user) throws DeliveryException {
        ConversationsOpenResponse r = api.call(
                user.spaceId(), "conversations.open", c -> c.conversationsOpen(q -> q.users(List.of(user.id()))));
        return new ChannelRef(Platform.SLACK, user.spaceId(), r.getChannel().getId());
    }

    // ------------------------------------------------------------------ interactions

    @Override
    public void respond(InteractionRef interaction, Message content) throws DeliveryException {
        SlackInteraction i = SlackInteraction.decode(interaction.token());
        if (i.kind() == SlackInteraction.Kind.COMMAND && acks.offer(interaction.id(), SlackBlocks.ephemeral(content)))
            return;
        if (i.responseUrl() != null && clock.instant().isBefore(interaction.expiresAt())) {
            try {
                WebhookResponse r = api.slack().send(i.responseUrl(), SlackBlocks.ephemeralReply(content));
                if (r.getCode() != null && r.getCode() == 200) return;
                log.info("Response URL refused an answer (HTTP {}); answering with chat.postEphemeral", r.getCode());
            } catch (IOException e) {
                log.info("Response URL failed ({}); answering with chat.postEphemeral", e.getMessage());
            }
        }
        String blocks = SlackBlocks.json(SlackBlocks.message(content));
        if (i.channel() != null) {
            api.call(
                    i.team(),
                    "chat.postEphemeral",
                    c -> c.chatPostEphemeral(q -> q.channel(i.channel())
                            .user(i.user())
                            .text(SlackBlocks.fallback(content))
                            .blocksAsString(blocks)
                            .linkNames(false)));
        } else {
            // A button on the Home tab has no channel: the bot's direct messages with the person.
            api.call(
                    i.team(),
                    "chat.postMessage",
                    c -> c.chatPostMessage(q -> q.channel(i.user())
                            .text(SlackBlocks.fallback(content))
                            .blocksAsString(blocks)
                            .unfurlLinks(false)
                            .unfurlMedia(false)));
        }
    }

    @Override
    public void openForm(InteractionRef interaction, Form form) throws DeliveryException {
        SlackInteraction i = SlackInteraction.decode(interaction.token());
        if (i.triggerId() == null) throw DeliveryException.permanent("no trigger id to open a form with", null);
        ChannelRef channel = i.channel() == null ? null : new ChannelRef(Platform.SLACK, i.team(), i.channel());
        String metadata = new SlackEventMapper.FormMetadata(
                        form.formId(), form.context(), channel == null ? null : channel.key())
                .encode();
        if (metadata.length() > 3000) throw DeliveryException.permanent("form context too long for Slack", null);
        Actor actor = Actor.of(new UserRef(Platform.SLACK, i.team(), i.user()), i.user());
        String cancel = texts.get(directory.caller(actor, channel).locale(), "slack.form.cancel");
        String view = SlackBlocks.json(SlackBlocks.modal(form, metadata, cancel));
        api.call(
                i.team(),
                "views.open",
                c -> c.viewsOpen(q -> q.triggerId(i.triggerId()).viewAsString(view)));
    }

    @Override
    public List<ReactionSnapshot> reactions(MessageRef message) throws DeliveryException {
        String team = message.channel().spaceId();
        String botUser = workspaces.require(team).botUserId();
        ReactionsGetResponse r = api.call(
                team,
                "reactions.get",
                c -> c.reactionsGet(q -> q.channel(message.channel().id())
                        .timestamp(message.id())
                        .full(true)));
        Map<String, Set<String>> byEmoji = new LinkedHashMap<>();
        List<Reaction> reactions = r.getMessage() == null || r.getMessage().getReactions() == null
                ? List.of()
                : r.getMessage().getReactions();
        for (Reaction reaction : reactions) {
            Set<String> users =
                    byEmoji.computeIfAbsent(SlackEmoji.toUnicode(reaction.getName()), k -> new LinkedHashSet<>());
            if (reaction.getUsers() != null) {
                reaction.getUsers().stream().filter(u -> !u.equals(botUser)).forEach(users::add);
            }
        }
        List<ReactionSnapshot> out = new ArrayList<>();
        byEmoji.forEach((emoji, users) -> {
            if (!users.isEmpty()) {
                out.add(new ReactionSnapshot(
                        emoji,
                        users.stream()
                                .map(u -> new UserRef(Platform.SLACK, team, u))
                                .toList()));
            }
        });
        return out;
    }

    /**
     * The file's bytes, fetched with the bot token of its workspace. The token only goes to Slack's
     * own hosts (or the configured API host): a file URL in an event is never trusted with it
     * otherwise. The URL is never logged.
     */
    @Override
    public byte[] download(Attachment attachment) throws DeliveryException {
        if (attachment.url() == null) throw DeliveryException.permanent("the file has no download address", null);
        URI uri;
        try {
            uri = URI.create(attachment.url());
        } catch (IllegalArgumentException e) {
            throw DeliveryException.permanent("the file address is not valid", null);
        }
        if (!trustedFileHost(uri))
            throw DeliveryException.permanent("file " + attachment.id() + " is not on Slack", null);
        Matcher team = FILE_TEAM.matcher(uri.getPath());
        SlackWorkspaces.SlackWorkspace ws = team.find()
                ? workspaces.require(team.group(1))
                : workspaces
                        .only()
                        .orElseThrow(() -> DeliveryException.permanent(
                                "cannot tell which workspace file " + attachment.id() + " belongs to", null));
        return downloader.fetch(
                uri, Map.of("Authorization", "Bearer " + ws.botToken()), MAX_DOWNLOAD, "file " + attachment.id());
    }

    private boolean trustedFileHost(URI uri) {
        String host = uri.getHost();
        if (host == null) return false;
        String scheme = uri.getScheme();
        URI api = URI.create(properties.apiUrl());
        if (host.equalsIgnoreCase(api.getHost()) && scheme != null && scheme.equalsIgnoreCase(api.getScheme()))
            return true;
        return "https".equalsIgnoreCase(scheme)
                && (host.equalsIgnoreCase("slack.com")
                        || host.endsWith(".slack.com")
                        || host.equalsIgnoreCase("slack-files.com")
                        || host.endsWith(".slack-files.com"));
    }

    @Override
    public Optional<String> permalink(MessageRef message) {
        String space = message.channel().spaceId();
        String channel = message.channel().id();
        String base = permalinkBases.getIfPresent(space);
        if (base != null) return Optional.of(permalink(base, message));
        try {
            String link = api.call(
                            space,
                            "chat.getPermalink",
                            c -> c.chatGetPermalink(q -> q.channel(channel).messageTs(message.id())))
                    .getPermalink();
            if (link != null) learnPermalinkBase(space, message, link);
            return Optional.ofNullable(link);
        } catch (DeliveryException | RuntimeException e) {
            log.info(
                    "No permalink for a Slack message in {}: {}",
                    message.channel().key(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /*
     * A workspace's permalinks all read <base>archives/<channel>/p<ts without its dot>, with
     * ?thread_ts=<parent>&cid=<channel> for a reply. Once one answer from chat.getPermalink shows the
     * workspace's base in that form, the others are made here: /tag lists ten posts, and ten calls in
     * a row made its answer wait about half a second under load (latency benchmark). An answer in any
     * other form teaches nothing, and every link keeps coming from Slack.
     */
    private final Cache<String, String> permalinkBases =
            Caffeine.newBuilder().maximumSize(1_000).build();

    private void learnPermalinkBase(String space, MessageRef message, String link) {
        String tail = "archives/" + message.channel().id() + "/p" + message.id().replace(".", "");
        int at = link.indexOf(tail);
        if (at <= 0 || !link.startsWith("https://")) return;
        String base = link.substring(0, at);
        if (permalink(base, message).equals(link)) permalinkBases.asMap().putIfAbsent(space, base);
    }

    private static String permalink(String base, MessageRef message) {
        String channel = message.channel().id();
        String link = base + "archives/" + channel + "/p" + message.id().replace(".", "");
        return message.inThread() ? link + "?thread_ts=" + message.threadId() + "&cid=" + channel : link;
    }

    @Override
    public void publishHome(UserRef user, Message content) throws DeliveryException {
        String view = SlackBlocks.json(SlackBlocks.home(content));
        api.call(
                user.spaceId(),
                "views.publish",
                c -> c.viewsPublish(q -> q.userId(user.id()).viewAsString(view)));
    }

    /** Slack's {@code 1732531200.000100} for an instant. */
    static String ts(Instant instant) {
        return instant.getEpochSecond() + "." + String.format(java.util.Locale.ROOT, "%06d", instant.getNano() / 1000);
    }
}
