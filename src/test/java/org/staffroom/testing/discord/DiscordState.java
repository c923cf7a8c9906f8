package org.staffroom.testing.discord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What "Discord" knows: users, guilds, channels (text, threads, DMs), messages, reactions, commands and
 * interactions, plus the JSON shapes JDA 6.5 needs for each. One monitor guards everything; the fake
 * serves one bot, so contention is not a concern.
 */
final class DiscordState {

    static final int CHANNEL_TEXT = 0;
    static final int CHANNEL_DM = 1;
    static final int CHANNEL_PUBLIC_THREAD = 11;
    static final int CHANNEL_PRIVATE_THREAD = 12;

    /** Message flag: the message has a thread. */
    static final int FLAG_HAS_THREAD = 1 << 5;
    /** Message flag: only the invoking user can see the message. */
    static final int FLAG_EPHEMERAL = 1 << 6;

    record User(long id, String username, String globalName, boolean bot) {}

    record Role(long id, String name, long permissions, int position) {}

    record Member(long userId, List<Long> roleIds, Instant joinedAt) {}

    /** Guild, text, thread or DM channel. Mutable fields change only under the state monitor. */
    static final class Channel {
        final long id;
        final int type;
        final long guildId;
        final long parentId;
        final long recipientId;
        final Instant createdAt;
        String name;
        int position;
        long ownerId;
        int autoArchiveMinutes = 1440;
        boolean archived;
        boolean locked;
        long lastMessageId;
        int messageCount;

        Channel(long id, int type, long guildId, long parentId, long recipientId, String name, Instant createdAt) {
            this.id = id;
            this.type = type;
            this.guildId = guildId;
            this.parentId = parentId;
            this.recipientId = recipientId;
            this.name = name;
            this.createdAt = createdAt;
        }

        boolean isThread() {
            return type == CHANNEL_PUBLIC_THREAD || type == CHANNEL_PRIVATE_THREAD;
        }
    }

    static final class Guild {
        final long id;
        final String name;
        final long ownerId;
        final Instant joinedAt;
        final Map<Long, Role> roles = new LinkedHashMap<>();
        final Map<Long, Member> members = new LinkedHashMap<>();
        final List<Long> channelIds = new ArrayList<>();

        Guild(long id, String name, long ownerId, Instant joinedAt) {
            this.id = id;
            this.name = name;
            this.ownerId = ownerId;
            this.joinedAt = joinedAt;
        }
    }

    /** An interaction the fake dispatched, and what the bot answered. */
    static final class Interaction {
        final long id;
        final String token;
        final int type;
        final long channelId;
        final long guildId;
        final long userId;
        final long sourceMessageId;
        final long dispatchedNanos;
        volatile Integer callbackType;
        volatile long callbackNanos;
        volatile long originalMessageId;

        Interaction(
                long id,
                String token,
                int type,
                long channelId,
                long guildId,
                long userId,
                long sourceMessageId,
                long dispatchedNanos) {
            this.id = id;
            this.token = token;
            this.type = type;
            this.channelId = channelId;
            this.guildId = guildId;
            this.userId = userId;
            this.sourceMessageId = sourceMessageId;
            this.dispatchedNanos = dispatchedNanos;
        }
    }

    private record NonceKey(long channelId, long authorId, String nonce) {}

    private record NonceEntry(long messageId, Instant createdAt) {}

    final long botId;
    final long applicationId;
    final Clock clock;
    final Snowflakes snowflakes;
    final Duration nonceWindow;

    private final Map<Long, User> users = new LinkedHashMap<>();
    private final Map<Long, Guild> guilds = new LinkedHashMap<>();
    private final Map<Long, Channel> channels = new LinkedHashMap<>();
    private final Map<Long, Long> dmByRecipient = new HashMap<>();
    /** channel id → messages in creation order (REST shape: no guild_id, no member). */
    private final Map<Long, List<ObjectNode>> messages = new HashMap<>();

    private final Map<Long, Long> channelOfMessage = new HashMap<>();
    /** message id → emoji key → user ids in reaction order. */
    private final Map<Long, Map<String, LinkedHashSet<Long>>> reactions = new HashMap<>();

    private final Map<NonceKey, NonceEntry> nonces = new HashMap<>();
    private final Map<Long, Interaction> interactions = new LinkedHashMap<>();
    private final Map<String, Interaction> interactionsByToken = new HashMap<>();
    /** "global" or guild id → command name/type key → command JSON. */
    private final Map<String, Map<String, ObjectNode>> commands = new LinkedHashMap<>();

    private final Map<String, Long> commandIds = new HashMap<>();

    /** The CDN's files by path ({@code /attachments/<channel>/<id>/<name>}), served by the REST server's host. */
    final Map<String, byte[]> cdnFiles = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code http://127.0.0.1:<port>}: where the loopback CDN answers, once the REST server has its port. */
    volatile String cdnOrigin;

    DiscordState(long botId, String botName, long applicationId, Clock clock, Duration nonceWindow) {
        this.botId = botId;
        this.applicationId = applicationId;
        this.clock = clock;
        this.snowflakes = new Snowflakes(clock);
        this.nonceWindow = nonceWindow;
        users.put(botId, new User(botId, botName, null, true));
    }

    // ---------------------------------------------------------------------------------------------
    // Model set-up

    synchronized void addGuild(GuildSpec spec) {
        Instant now = clock.instant();
        Guild guild = new Guild(spec.id, spec.name, botId, now);
        guild.roles.put(spec.id, new Role(spec.id, "@everyone", spec.everyonePermissions, 0));
        int position = 1;
        for (GuildSpec.RoleSpec role : spec.roles) {
            guild.roles.put(role.id(), new Role(role.id(), role.name(), role.permissions(), position++));
        }
        guild.members.put(botId, new Member(botId, List.of(), now));
        for (GuildSpec.MemberSpec member : spec.members) {
            users.put(member.userId(), new User(member.userId(), member.username(), member.globalName(), member.bot()));
            guild.members.put(member.userId(), new Member(member.userId(), List.copyOf(member.roleIds()), now));
        }
        int channelPosition = 0;
        for (GuildSpec.ChannelSpec c : spec.channels) {
            Channel channel = new Channel(c.id(), c.type(), spec.id, 0, 0, c.name(), now);
            channel.position = channelPosition++;
            channels.put(c.id(), channel);
            guild.channelIds.add(c.id());
        }
        guilds.put(spec.id, guild);
    }

    /**
     * Gives a member new roles (an admin editing them in the server) and returns the GUILD_MEMBER_UPDATE
     * data Discord then dispatches: the guild id, the member's roles and user, and the member fields.
     */
    synchronized ObjectNode setMemberRoles(long guildId, long userId, List<Long> roleIds) {
        Guild guild = guilds.get(guildId);
        if (guild == null) throw new IllegalArgumentException("Unknown guild " + guildId);
        Member old = guild.members.get(userId);
        if (old == null) throw new IllegalArgumentException("Unknown member " + userId + " of " + guildId);
        for (Long role : roleIds) {
            if (!guild.roles.containsKey(role))
                throw new IllegalArgumentException("Unknown role " + role + " of " + guildId);
        }
        guild.members.put(userId, new Member(userId, List.copyOf(roleIds), old.joinedAt()));
        ObjectNode update = memberJson(guildId, userId, true);
        update.put("guild_id", Json.id(guildId));
        return update;
    }

    synchronized User user(long userId) {
        return users.computeIfAbsent(userId, id -> new User(id, "user" + id, null, false));
    }

    synchronized void addUser(long userId, String username, String globalName, boolean bot) {
        users.put(userId, new User(userId, username, globalName, bot));
    }

    synchronized List<Guild> guilds() {
        return new ArrayList<>(guilds.values());
    }

    synchronized Optional<Guild> guild(long guildId) {
        return Optional.ofNullable(guilds.get(guildId));
    }

    synchronized Optional<Channel> channel(long channelId) {
        return Optional.ofNullable(channels.get(channelId));
    }

    /** The guild id of a channel, 0 for DMs and unknown channels. */
    synchronized long guildOf(long channelId) {
        Channel channel = channels.get(channelId);
        return channel == null ? 0 : channel.guildId;
    }

    synchronized List<Channel> threads(long guildId) {
        List<Channel> out = new ArrayList<>();
        for (Channel channel : channels.values()) {
            if (channel.guildId == guildId && channel.isThread()) {
                out.add(channel);
            }
        }
        return out;
    }

    /** Returns the DM channel with a user, creating it on first use (Discord keeps one per user). */
    synchronized Channel dmChannel(long recipientId) {
        user(recipientId);
        Long existing = dmByRecipient.get(recipientId);
        if (existing != null) {
            return channels.get(existing);
        }
        Channel channel = new Channel(snowflakes.next(), CHANNEL_DM, 0, 0, recipientId, null, clock.instant());
        channels.put(channel.id, channel);
        dmByRecipient.put(recipientId, channel.id);
        return channel;
    }

    synchronized Channel createThread(
            long parentId, long threadId, String name, int type, long ownerId, int autoArchiveMinutes) {
        Channel existing = channels.get(threadId);
        if (existing != null) {
            return existing;
        }
        Channel thread = newThread(parentId, threadId, name, type, ownerId, autoArchiveMinutes);
        channels.put(threadId, thread);
        return thread;
    }

    /** A thread channel object that is not registered yet (for building THREAD_CREATE before it is pushed). */
    synchronized Channel newThread(
            long parentId, long threadId, String name, int type, long ownerId, int autoArchiveMinutes) {
        Channel parent = channels.get(parentId);
        if (parent == null) {
            throw new IllegalArgumentException("Unknown parent channel " + parentId);
        }
        Channel thread = new Channel(threadId, type, parent.guildId, parentId, 0, name, clock.instant());
        thread.ownerId = ownerId;
        thread.autoArchiveMinutes = autoArchiveMinutes;
        return thread;
    }

    // ---------------------------------------------------------------------------------------------
    // Messages

    /**
     * Stores a new message in a channel, honouring Discord's nonce rule: with {@code enforceNonce} the same
     * nonce from the same author in the same channel within the nonce window returns the existing message.
     *
     * @return the stored message and whether it was newly created
     */
    synchronized Created createMessage(ObjectNode message, String nonce, boolean enforceNonce) {
        long channelId = Json.longValue(message, "channel_id", 0);
        long authorId = Json.longValue(message.get("author"), "id", 0);
        Instant now = clock.instant();
        nonces.values().removeIf(entry -> entry.createdAt().plus(nonceWindow).isBefore(now));
        if (enforceNonce && nonce != null) {
            NonceEntry entry = nonces.get(new NonceKey(channelId, authorId, nonce));
            if (entry != null) {
                Optional<ObjectNode> existing = message(channelId, entry.messageId());
                if (existing.isPresent()) {
                    return new Created(existing.get(), false);
                }
            }
        }
        long id = Json.longValue(message, "id", 0);
        messages.computeIfAbsent(channelId, c -> new ArrayList<>()).add(message.deepCopy());
        channelOfMessage.put(id, channelId);
        Channel channel = channels.get(channelId);
        if (channel != null) {
            channel.lastMessageId = id;
            channel.messageCount++;
        }
        if (nonce != null) {
            nonces.put(new NonceKey(channelId, authorId, nonce), new NonceEntry(id, now));
        }
        return new Created(render(message), true);
    }

    record Created(ObjectNode message, boolean isNew) {}

    /** Stores a message that a user "sent" (pushed through the gateway); a second push is a no-op. */
    synchronized void storeIncoming(ObjectNode message) {
        long id = Json.longValue(message, "id", 0);
        if (channelOfMessage.containsKey(id)) {
            return;
        }
        ObjectNode stored = message.deepCopy();
        stored.remove("guild_id");
        stored.remove("member");
        createMessage(stored, Json.text(message, "nonce"), false);
    }

    /** The stored message with reactions rendered, as a copy. */
    synchronized Optional<ObjectNode> message(long channelId, long messageId) {
        ObjectNode raw = rawMessage(channelId, messageId);
        return raw == null ? Optional.empty() : Optional.of(render(raw));
    }

    synchronized Optional<Long> channelOfMessage(long messageId) {
        return Optional.ofNullable(channelOfMessage.get(messageId));
    }

    private ObjectNode rawMessage(long channelId, long messageId) {
        for (ObjectNode message : messages.getOrDefault(channelId, List.of())) {
            if (Json.longValue(message, "id", 0) == messageId) {
                return message;
            }
        }
        return null;
    }

    /** Applies an edit (content, embeds, components, flags, attachments) and stamps edited_timestamp. */
    synchronized Optional<ObjectNode> editMessage(long channelId, long messageId, JsonNode edit) {
        ObjectNode message = rawMessage(channelId, messageId);
        if (message == null) {
            return Optional.empty();
        }
        for (String field : List.of("content", "embeds", "components", "flags", "attachments")) {
            JsonNode value = edit.get(field);
            if (value != null && !value.isNull()) {
                message.set(field, value.deepCopy());
            }
        }
        markRichEmbeds(message);
        message.put("edited_timestamp", Json.timestamp(clock.instant()));
        return Optional.of(render(message));
    }

    synchronized boolean deleteMessage(long channelId, long messageId) {
        List<ObjectNode> list = messages.getOrDefault(channelId, new ArrayList<>());
        boolean removed = list.removeIf(m -> Json.longValue(m, "id", 0) == messageId);
        if (removed) {
            channelOfMessage.remove(messageId);
            reactions.remove(messageId);
        }
        return removed;
    }

    /** Messages of a channel in creation order, as copies with reactions rendered. */
    synchronized List<ObjectNode> messages(long channelId) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode message : messages.getOrDefault(channelId, List.of())) {
            out.add(render(message));
        }
        return out;
    }

    /** History as Discord pages it: newest first, {@code before}/{@code after}/{@code around}, limit. */
    synchronized List<ObjectNode> history(long channelId, Long before, Long after, Long around, int limit) {
        List<ObjectNode> all = new ArrayList<>(messages.getOrDefault(channelId, List.of()));
        all.sort(Comparator.comparingLong((ObjectNode m) -> Json.longValue(m, "id", 0))
                .reversed());
        List<ObjectNode> out = new ArrayList<>();
        if (around != null) {
            List<ObjectNode> older = new ArrayList<>();
            List<ObjectNode> newer = new ArrayList<>();
            for (ObjectNode m : all) {
                long id = Json.longValue(m, "id", 0);
                if (id <= around) {
                    older.add(m);
                } else {
                    newer.add(0, m);
                }
            }
            int half = limit / 2;
            List<ObjectNode> newerPart = newer.subList(0, Math.min(half, newer.size()));
            List<ObjectNode> reversed = new ArrayList<>(newerPart);
            Collections.reverse(reversed);
            out.addAll(reversed);
            out.addAll(older.subList(0, Math.min(limit - reversed.size(), older.size())));
        } else if (after != null) {
            List<ObjectNode> newer = new ArrayList<>();
            for (ObjectNode m : all) {
                if (Json.longValue(m, "id", 0) > after) {
                    newer.add(0, m);
                }
            }
            // the oldest `limit` messages after the id, returned newest first like Discord
            List<ObjectNode> page = new ArrayList<>(newer.subList(0, Math.min(limit, newer.size())));
            Collections.reverse(page);
            out.addAll(page);
        } else {
            for (ObjectNode m : all) {
                if (before == null || Json.longValue(m, "id", 0) < before) {
                    out.add(m);
                }
                if (out.size() == limit) {
                    break;
                }
            }
        }
        List<ObjectNode> rendered = new ArrayList<>();
        for (ObjectNode m : out) {
            rendered.add(render(m));
        }
        return rendered;
    }

    /** Marks the message as having a thread (Discord sets the thread field and flag 32). */
    synchronized void attachThread(long channelId, long messageId, ObjectNode threadJson) {
        ObjectNode message = rawMessage(channelId, messageId);
        if (message != null) {
            message.set("thread", threadJson.deepCopy());
            message.put("flags", message.path("flags").asInt(0) | FLAG_HAS_THREAD);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Reactions

    /** @return true if the reaction is new */
    synchronized boolean addReaction(long messageId, String emoji, long userId) {
        return reactions
                .computeIfAbsent(messageId, m -> new LinkedHashMap<>())
                .computeIfAbsent(emoji, e -> new LinkedHashSet<>())
                .add(userId);
    }

    /** @return true if the reaction existed */
    synchronized boolean removeReaction(long messageId, String emoji, long userId) {
        Map<String, LinkedHashSet<Long>> byEmoji = reactions.get(messageId);
        if (byEmoji == null || !byEmoji.containsKey(emoji)) {
            return false;
        }
        boolean removed = byEmoji.get(emoji).remove(userId);
        if (byEmoji.get(emoji).isEmpty()) {
            byEmoji.remove(emoji);
        }
        return removed;
    }

    synchronized Map<String, List<Long>> reactions(long messageId) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        reactions.getOrDefault(messageId, Map.of()).forEach((emoji, ids) -> out.put(emoji, new ArrayList<>(ids)));
        return out;
    }

    /**
     * Discord returns every embed a bot sent with {@code "type": "rich"}; JDA refuses (logs and drops) an
     * embed without a type, so stored embeds get it as they would on Discord.
     */
    static void markRichEmbeds(ObjectNode message) {
        for (JsonNode embed : Json.elements(message, "embeds")) {
            if (embed.isObject() && !embed.has("type")) {
                ((ObjectNode) embed).put("type", "rich");
            }
        }
    }

    private ObjectNode render(ObjectNode stored) {
        ObjectNode copy = stored.deepCopy();
        markRichEmbeds(copy);
        long id = Json.longValue(stored, "id", 0);
        Map<String, LinkedHashSet<Long>> byEmoji = reactions.get(id);
        if (byEmoji != null && !byEmoji.isEmpty()) {
            ArrayNode array = copy.putArray("reactions");
            byEmoji.forEach((emoji, ids) -> {
                ObjectNode reaction = array.addObject();
                reaction.put("count", ids.size());
                reaction.putObject("count_details").put("burst", 0).put("normal", ids.size());
                reaction.put("me", ids.contains(botId));
                reaction.put("me_burst", false);
                reaction.putArray("burst_colors");
                reaction.set("emoji", emojiJson(emoji));
            });
        }
        return copy;
    }

    // ---------------------------------------------------------------------------------------------
    // Interactions and commands

    synchronized void registerInteraction(Interaction interaction) {
        if (!interactions.containsKey(interaction.id)) {
            interactions.put(interaction.id, interaction);
            interactionsByToken.put(interaction.token, interaction);
        }
    }

    synchronized Optional<Interaction> interaction(long id) {
        return Optional.ofNullable(interactions.get(id));
    }

    synchronized Optional<Interaction> interactionByToken(String token) {
        return Optional.ofNullable(interactionsByToken.get(token));
    }

    /** Replaces the command list of a scope ("global" or a guild id), keeping ids stable by name and type. */
    synchronized List<ObjectNode> putCommands(String scope, long guildId, JsonNode body) {
        Map<String, ObjectNode> list = new LinkedHashMap<>();
        if (body != null && body.isArray()) {
            for (JsonNode command : body) {
                if (!command.isObject()) {
                    continue;
                }
                ObjectNode stored = ((ObjectNode) command).deepCopy();
                upsertCommandFields(scope, guildId, stored);
                list.put(commandKey(stored), stored);
            }
        }
        commands.put(scope, list);
        return copies(list.values());
    }

    synchronized ObjectNode upsertCommand(String scope, long guildId, JsonNode body) {
        ObjectNode stored = body.isObject() ? ((ObjectNode) body).deepCopy() : Json.object();
        upsertCommandFields(scope, guildId, stored);
        commands.computeIfAbsent(scope, s -> new LinkedHashMap<>()).put(commandKey(stored), stored);
        return stored.deepCopy();
    }

    synchronized List<ObjectNode> commands(String scope) {
        return copies(commands.getOrDefault(scope, Map.of()).values());
    }

    /** The id of a registered command with this name in the guild or globally, if any. */
    synchronized Optional<ObjectNode> findCommand(long guildId, String name, int type) {
        for (String scope : List.of(Long.toUnsignedString(guildId), "global")) {
            ObjectNode command = commands.getOrDefault(scope, Map.of()).get(name + "/" + type);
            if (command != null) {
                return Optional.of(command.deepCopy());
            }
        }
        return Optional.empty();
    }

    private void upsertCommandFields(String scope, long guildId, ObjectNode command) {
        if (!command.has("type")) {
            command.put("type", 1);
        }
        String key = scope + "|" + commandKey(command);
        long id = commandIds.computeIfAbsent(key, k -> snowflakes.next());
        command.put("id", Json.id(id));
        command.put("application_id", Json.id(applicationId));
        command.put("version", Json.id(snowflakes.next()));
        if (!command.has("description")) {
            command.put("description", "");
        }
        if (!command.has("default_member_permissions")) {
            command.putNull("default_member_permissions");
        }
        if (guildId != 0) {
            command.put("guild_id", Json.id(guildId));
        }
    }

    private static String commandKey(JsonNode command) {
        return Json.text(command, "name") + "/" + Json.intValue(command, "type", 1);
    }

    private static List<ObjectNode> copies(Collection<ObjectNode> nodes) {
        List<ObjectNode> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.deepCopy()));
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // JSON shapes (what JDA 6.5's EntityBuilder reads)

    synchronized ObjectNode userJson(long userId) {
        User user = user(userId);
        ObjectNode json = Json.object();
        json.put("id", Json.id(user.id()));
        json.put("username", user.username());
        if (user.globalName() == null) {
            json.putNull("global_name");
        } else {
            json.put("global_name", user.globalName());
        }
        json.put("discriminator", "0");
        json.putNull("avatar");
        json.put("public_flags", 0);
        if (user.bot()) {
            json.put("bot", true);
        }
        return json;
    }

    /** The bot's own user, as GET users/@me and READY return it. */
    synchronized ObjectNode selfJson() {
        ObjectNode json = userJson(botId);
        json.put("verified", true);
        json.put("mfa_enabled", false);
        json.put("flags", 0);
        json.putNull("email");
        return json;
    }

    /** A guild member; with {@code withUser} false the user object is left out (MESSAGE_CREATE style). */
    synchronized ObjectNode memberJson(long guildId, long userId, boolean withUser) {
        Guild guild = guilds.get(guildId);
        Member member = guild == null ? null : guild.members.get(userId);
        if (member == null) {
            member = new Member(userId, List.of(), clock.instant());
            if (guild != null) {
                guild.members.put(userId, member);
            }
        }
        ObjectNode json = Json.object();
        if (withUser) {
            json.set("user", userJson(userId));
        }
        ArrayNode roles = json.putArray("roles");
        member.roleIds().forEach(r -> roles.add(Json.id(r)));
        json.putNull("nick");
        json.putNull("avatar");
        json.put("joined_at", Json.timestamp(member.joinedAt()));
        json.putNull("premium_since");
        json.put("deaf", false);
        json.put("mute", false);
        json.put("flags", 0);
        json.put("pending", false);
        json.putNull("communication_disabled_until");
        return json;
    }

    synchronized ObjectNode roleJson(Role role) {
        ObjectNode json = Json.object();
        json.put("id", Json.id(role.id()));
        json.put("name", role.name());
        json.put("color", 0);
        ObjectNode colors = json.putObject("colors");
        colors.put("primary_color", 0);
        colors.putNull("secondary_color");
        colors.putNull("tertiary_color");
        json.put("hoist", false);
        json.putNull("icon");
        json.putNull("unicode_emoji");
        json.put("position", role.position());
        json.put("permissions", Long.toString(role.permissions()));
        json.put("managed", false);
        json.put("mentionable", false);
        json.put("flags", 0);
        return json;
    }

    synchronized ObjectNode channelJson(long channelId) {
        return channelJson(channels.get(channelId));
    }

    synchronized ObjectNode channelJson(Channel channel) {
        ObjectNode json = Json.object();
        json.put("id", Json.id(channel.id));
        json.put("type", channel.type);
        json.put("flags", 0);
        if (channel.lastMessageId == 0) {
            json.putNull("last_message_id");
        } else {
            json.put("last_message_id", Json.id(channel.lastMessageId));
        }
        if (channel.type == CHANNEL_DM) {
            json.putArray("recipients").add(userJson(channel.recipientId));
            return json;
        }
        json.put("guild_id", Json.id(channel.guildId));
        json.put("name", channel.name);
        json.put("rate_limit_per_user", 0);
        if (channel.isThread()) {
            json.put("parent_id", Json.id(channel.parentId));
            json.put("owner_id", Json.id(channel.ownerId));
            json.put("message_count", channel.messageCount);
            json.put("total_message_count", channel.messageCount);
            json.put("member_count", 1);
            ObjectNode meta = json.putObject("thread_metadata");
            meta.put("archived", channel.archived);
            meta.put("auto_archive_duration", channel.autoArchiveMinutes);
            meta.put("archive_timestamp", Json.timestamp(channel.createdAt));
            meta.put("locked", channel.locked);
            meta.put("create_timestamp", Json.timestamp(channel.createdAt));
            if (channel.type == CHANNEL_PRIVATE_THREAD) {
                meta.put("invitable", true);
            }
            return json;
        }
        json.put("position", channel.position);
        json.putArray("permission_overwrites");
        json.putNull("topic");
        json.put("nsfw", false);
        json.putNull("parent_id");
        return json;
    }

    /** The thread member object for the bot, which Discord adds to a thread the bot creates. */
    synchronized ObjectNode selfThreadMemberJson(long threadId) {
        ObjectNode json = Json.object();
        json.put("id", Json.id(threadId));
        json.put("user_id", Json.id(botId));
        json.put("join_timestamp", Json.timestamp(clock.instant()));
        json.put("flags", 1);
        return json;
    }

    /** GUILD_CREATE payload with every array JDA requires (afk_timeout must be a known value). */
    synchronized ObjectNode guildCreateJson(long guildId) {
        Guild guild = guilds.get(guildId);
        ObjectNode json = Json.object();
        json.put("id", Json.id(guild.id));
        json.put("name", guild.name);
        json.putNull("icon");
        json.putNull("splash");
        json.putNull("banner");
        json.putNull("description");
        json.putNull("vanity_url_code");
        json.put("owner_id", Json.id(guild.ownerId));
        json.put("afk_timeout", 300);
        json.putNull("afk_channel_id");
        json.putNull("system_channel_id");
        json.putNull("rules_channel_id");
        json.putNull("public_updates_channel_id");
        json.putNull("safety_alerts_channel_id");
        json.put("verification_level", 0);
        json.put("default_message_notifications", 0);
        json.put("explicit_content_filter", 0);
        json.put("mfa_level", 0);
        json.put("nsfw_level", 0);
        json.put("premium_tier", 0);
        json.put("premium_subscription_count", 0);
        json.put("premium_progress_bar_enabled", false);
        json.put("system_channel_flags", 0);
        json.put("preferred_locale", "en-GB");
        json.put("max_members", 500000);
        json.put("large", false);
        json.put("unavailable", false);
        json.put("joined_at", Json.timestamp(guild.joinedAt));
        json.put("member_count", guild.members.size());
        json.putArray("features");
        ArrayNode roles = json.putArray("roles");
        guild.roles.values().forEach(r -> roles.add(roleJson(r)));
        ArrayNode members = json.putArray("members");
        guild.members.keySet().forEach(u -> members.add(memberJson(guild.id, u, true)));
        ArrayNode channelArray = json.putArray("channels");
        guild.channelIds.forEach(c -> {
            ObjectNode channel = channelJson(c);
            channel.remove("guild_id");
            channelArray.add(channel);
        });
        ArrayNode threads = json.putArray("threads");
        threads(guild.id).forEach(t -> threads.add(channelJson(t.id)));
        json.putArray("emojis");
        json.putArray("stickers");
        json.putArray("voice_states");
        json.putArray("presences");
        json.putArray("guild_scheduled_events");
        json.putArray("stage_instances");
        json.putArray("soundboard_sounds");
        return json;
    }

    /** A message object as REST returns it (no guild_id/member; gateway events add those). */
    synchronized ObjectNode newMessageJson(long id, long channelId, long authorId, String content, int type) {
        ObjectNode json = Json.object();
        json.put("id", Json.id(id));
        json.put("channel_id", Json.id(channelId));
        json.set("author", userJson(authorId));
        json.put("content", content == null ? "" : content);
        json.put("timestamp", Json.timestamp(clock.instant()));
        json.putNull("edited_timestamp");
        json.put("tts", false);
        json.put("mention_everyone", false);
        json.putArray("mentions");
        json.putArray("mention_roles");
        json.putArray("attachments");
        json.putArray("embeds");
        json.putArray("components");
        json.put("pinned", false);
        json.put("type", type);
        json.put("flags", 0);
        return json;
    }

    /** Adds guild_id and the author's member object, as MESSAGE_CREATE/UPDATE carry them. */
    synchronized ObjectNode toGatewayMessage(ObjectNode message) {
        ObjectNode json = message.deepCopy();
        long channelId = Json.longValue(message, "channel_id", 0);
        long guildId = guildOf(channelId);
        if (guildId != 0) {
            json.put("guild_id", Json.id(guildId));
            if (!json.has("webhook_id")) {
                json.set("member", memberJson(guildId, Json.longValue(message.get("author"), "id", 0), false));
            }
        }
        return json;
    }

    /** Unicode emoji as {id:null,name}, custom emoji "name:id" as {id,name,animated}. */
    static ObjectNode emojiJson(String emoji) {
        ObjectNode json = Json.object();
        int colon = emoji.lastIndexOf(':');
        if (colon > 0 && emoji.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            json.put("id", emoji.substring(colon + 1));
            boolean animated = emoji.startsWith("a:");
            json.put("name", emoji.substring(animated ? 2 : 0, colon));
            json.put("animated", animated);
        } else {
            json.putNull("id");
            json.put("name", emoji);
        }
        return json;
    }

    synchronized Set<Long> knownUserIds() {
        return new LinkedHashSet<>(users.keySet());
    }
}
