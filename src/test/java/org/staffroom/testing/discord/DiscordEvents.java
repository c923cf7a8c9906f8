package org.staffroom.testing.discord;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the dispatches a test pushes, with every field JDA 6.5 requires. Builders do not change the fake's
 * state; {@link FakeDiscord#push(Dispatch)} does (a pushed message exists, so the bot can react to it or
 * fetch it; a pushed reaction shows up in GET reactions; a pushed interaction can be answered).
 */
public final class DiscordEvents {

    /** Every permission bit Discord defines today: what an owner or administrator has. */
    static final String ALL_PERMISSIONS = "2251799813685247";

    private final DiscordState state;

    DiscordEvents(DiscordState state) {
        this.state = state;
    }

    // ---------------------------------------------------------------------------------------------
    // Messages

    /** A user's MESSAGE_CREATE in a guild channel, a thread or a DM channel ({@link FakeDiscord#dmChannel}). */
    public MessageBuilder message(long channelId, long authorId, String content) {
        return new MessageBuilder(channelId, authorId, content);
    }

    /** MESSAGE_UPDATE with new content for a message the fake knows. */
    public Dispatch messageUpdate(long channelId, long messageId, String newContent) {
        ObjectNode message = state.message(channelId, messageId)
                .orElseThrow(() -> new IllegalArgumentException("Unknown message " + messageId));
        message.put("content", newContent);
        message.put("edited_timestamp", Json.timestamp(state.clock.instant()));
        return new Dispatch("MESSAGE_UPDATE", state.toGatewayMessage(message), state.guildOf(channelId));
    }

    /** MESSAGE_DELETE. */
    public Dispatch messageDelete(long channelId, long messageId) {
        ObjectNode data = Json.object();
        data.put("id", Json.id(messageId));
        data.put("channel_id", Json.id(channelId));
        long guildId = state.guildOf(channelId);
        if (guildId != 0) {
            data.put("guild_id", Json.id(guildId));
        }
        return new Dispatch("MESSAGE_DELETE", data, guildId);
    }

    /** MESSAGE_REACTION_ADD by a user; {@code emoji} is a unicode emoji or {@code name:id} for a custom one. */
    public Dispatch reactionAdd(long channelId, long messageId, long userId, String emoji) {
        return reactionDispatch("MESSAGE_REACTION_ADD", channelId, messageId, userId, emoji);
    }

    /** MESSAGE_REACTION_REMOVE by a user. */
    public Dispatch reactionRemove(long channelId, long messageId, long userId, String emoji) {
        return reactionDispatch("MESSAGE_REACTION_REMOVE", channelId, messageId, userId, emoji);
    }

    Dispatch reactionDispatch(String type, long channelId, long messageId, long userId, String emoji) {
        ObjectNode data = Json.object();
        data.put("user_id", Json.id(userId));
        data.put("channel_id", Json.id(channelId));
        data.put("message_id", Json.id(messageId));
        data.set("emoji", DiscordState.emojiJson(emoji));
        data.put("burst", false);
        data.put("type", 0);
        long guildId = state.guildOf(channelId);
        if (guildId != 0) {
            data.put("guild_id", Json.id(guildId));
            if (type.equals("MESSAGE_REACTION_ADD")) {
                // Without the member JDA drops the event when the member is not cached (createLight caches none).
                data.set("member", state.memberJson(guildId, userId, true));
            }
        }
        if (type.equals("MESSAGE_REACTION_ADD")) {
            state.message(channelId, messageId)
                    .ifPresent(m -> data.put("message_author_id", Json.text(m.get("author"), "id")));
            data.putArray("burst_colors");
        }
        return new Dispatch(type, data, guildId);
    }

    /** THREAD_CREATE for a thread a user created (newly_created true). */
    public Dispatch threadCreate(long parentChannelId, long threadId, String name, long ownerId) {
        DiscordState.Channel thread =
                state.newThread(parentChannelId, threadId, name, DiscordState.CHANNEL_PUBLIC_THREAD, ownerId, 1440);
        ObjectNode data = state.channelJson(thread);
        data.put("newly_created", true);
        return new Dispatch("THREAD_CREATE", data, thread.guildId);
    }

    // ---------------------------------------------------------------------------------------------
    // Interactions

    /** A slash command (interaction type 2, command type 1). */
    public SlashCommandBuilder slashCommand(long channelId, long userId, String name) {
        return new SlashCommandBuilder(channelId, userId, name);
    }

    /** A message context-menu command on a message the fake knows (data.type 3, target_id, resolved.messages). */
    public Dispatch messageCommand(long channelId, long userId, String name, long targetMessageId) {
        ObjectNode target = state.message(channelId, targetMessageId)
                .orElseThrow(() -> new IllegalArgumentException("Unknown message " + targetMessageId));
        ObjectNode interaction = interactionBase(2, channelId, userId);
        ObjectNode data = interaction.putObject("data");
        long guildId = state.guildOf(channelId);
        ObjectNode registered = state.findCommand(guildId, name, 3).orElse(null);
        data.put("id", registered == null ? Json.id(state.snowflakes.next()) : Json.text(registered, "id"));
        data.put("name", name);
        data.put("type", 3);
        data.put("target_id", Json.id(targetMessageId));
        if (registered != null && registered.has("guild_id")) {
            data.put("guild_id", Json.text(registered, "guild_id"));
        }
        data.putObject("resolved").putObject("messages").set(Json.id(targetMessageId), target);
        return new Dispatch("INTERACTION_CREATE", interaction, guildId);
    }

    /** A button click (interaction type 3, component_type 2) on a message. */
    public Dispatch button(long channelId, long userId, long messageId, String customId) {
        return component(channelId, userId, messageId, customId, 2, null);
    }

    /** A string select choice (interaction type 3, component_type 3) on a message. */
    public Dispatch stringSelect(long channelId, long userId, long messageId, String customId, String... values) {
        return component(channelId, userId, messageId, customId, 3, values);
    }

    private Dispatch component(
            long channelId, long userId, long messageId, String customId, int componentType, String[] values) {
        ObjectNode interaction = interactionBase(3, channelId, userId);
        ObjectNode data = interaction.putObject("data");
        data.put("custom_id", customId);
        data.put("component_type", componentType);
        if (values != null) {
            ArrayNode array = data.putArray("values");
            for (String value : values) {
                array.add(value);
            }
        }
        // Ephemeral messages are not in the channel; Discord then sends only their id and flags.
        ObjectNode message = state.message(channelId, messageId).orElseGet(() -> {
            ObjectNode partial = Json.object();
            partial.put("id", Json.id(messageId));
            partial.put("flags", DiscordState.FLAG_EPHEMERAL);
            return partial;
        });
        interaction.set("message", message);
        return new Dispatch("INTERACTION_CREATE", interaction, state.guildOf(channelId));
    }

    /** A modal submit (interaction type 5) with JDA 6's Label (type 18) wrappers. */
    public ModalSubmitBuilder modalSubmit(long channelId, long userId, String customId) {
        return new ModalSubmitBuilder(channelId, userId, customId);
    }

    private ObjectNode interactionBase(int type, long channelId, long userId) {
        DiscordState.Channel channel = state.channel(channelId)
                .orElseThrow(() -> new IllegalArgumentException("Unknown channel " + channelId));
        ObjectNode json = Json.object();
        json.put("id", Json.id(state.snowflakes.next()));
        json.put("application_id", Json.id(state.applicationId));
        json.put("type", type);
        json.put("token", "fake-interaction-" + UUID.randomUUID());
        json.put("version", 1);
        json.put("channel_id", Json.id(channelId));
        json.set("channel", state.channelJson(channelId));
        json.put("locale", "en-GB");
        json.put("app_permissions", ALL_PERMISSIONS);
        json.putArray("entitlements");
        json.put("attachment_size_limit", 26_214_400);
        ObjectNode owners = json.putObject("authorizing_integration_owners");
        if (channel.guildId != 0) {
            json.put("guild_id", Json.id(channel.guildId));
            ObjectNode guild = json.putObject("guild");
            guild.put("id", Json.id(channel.guildId));
            guild.put("locale", "en-GB");
            guild.putArray("features");
            json.put("guild_locale", "en-GB");
            ObjectNode member = state.memberJson(channel.guildId, userId, true);
            member.put("permissions", ALL_PERMISSIONS);
            json.set("member", member);
            json.put("context", 0);
            owners.put("0", Json.id(channel.guildId));
        } else {
            json.set("user", state.userJson(userId));
            json.put("context", 1);
            owners.put("0", "0");
        }
        return json;
    }

    // ---------------------------------------------------------------------------------------------
    // Builders

    /** Builds a user's MESSAGE_CREATE. */
    public final class MessageBuilder {
        private final ObjectNode message;
        private final long channelId;

        private MessageBuilder(long channelId, long authorId, String content) {
            if (state.channel(channelId).isEmpty()) {
                throw new IllegalArgumentException("Unknown channel " + channelId);
            }
            this.channelId = channelId;
            this.message = state.newMessageJson(state.snowflakes.next(), channelId, authorId, content, 0);
        }

        /** Adds an attachment as Discord describes it (CDN URL, size, content type). */
        public MessageBuilder attachment(String filename, String contentType, int size) {
            ObjectNode a = message.withArrayProperty("attachments").addObject();
            long id = state.snowflakes.next();
            String url = "https://cdn.discordapp.com/attachments/" + channelId + "/" + id + "/" + filename;
            a.put("id", Json.id(id));
            a.put("filename", filename);
            a.put("size", size);
            a.put("url", url);
            a.put("proxy_url", url.replace("cdn.discordapp.com", "media.discordapp.net"));
            a.put("content_type", contentType);
            if (contentType.startsWith("image/")) {
                a.put("width", 800);
                a.put("height", 600);
            }
            return this;
        }

        /**
         * Adds an attachment whose bytes the fake's loopback CDN serves ({@link FakeDiscord#cdnHost()} stands for
         * {@code cdn.discordapp.com}), so a bot can download it as from Discord.
         */
        public MessageBuilder attachment(String filename, String contentType, byte[] bytes) {
            attachment(filename, contentType, bytes.length);
            ArrayNode all = (ArrayNode) message.get("attachments");
            ObjectNode a = (ObjectNode) all.get(all.size() - 1);
            String path = "/attachments/" + channelId + "/" + a.get("id").asString() + "/" + filename;
            state.cdnFiles.put(path, bytes.clone());
            a.put("url", state.cdnOrigin + path);
            a.put("proxy_url", state.cdnOrigin + path);
            return this;
        }

        /** Users the message pings (the {@code mentions} array; put {@code <@id>} in the content yourself). */
        public MessageBuilder mentions(long... userIds) {
            ArrayNode mentions = message.withArrayProperty("mentions");
            for (long id : userIds) {
                ObjectNode user = state.userJson(id);
                long guildId = state.guildOf(channelId);
                if (guildId != 0) {
                    user.set("member", state.memberJson(guildId, id, false));
                }
                mentions.add(user);
            }
            return this;
        }

        /** Roles the message pings ({@code mention_roles}). */
        public MessageBuilder mentionRoles(long... roleIds) {
            ArrayNode roles = message.withArrayProperty("mention_roles");
            for (long id : roleIds) {
                roles.add(Json.id(id));
            }
            return this;
        }

        /** Sets {@code mention_everyone}. */
        public MessageBuilder mentionEveryone() {
            message.put("mention_everyone", true);
            return this;
        }

        /** Makes it a reply (type 19) to a message the fake knows. */
        public MessageBuilder replyTo(long messageId) {
            ObjectNode target = state.message(channelId, messageId)
                    .orElseThrow(() -> new IllegalArgumentException("Unknown message " + messageId));
            message.put("type", 19);
            ObjectNode reference = message.putObject("message_reference");
            reference.put("type", 0);
            reference.put("message_id", Json.id(messageId));
            reference.put("channel_id", Json.id(channelId));
            long guildId = state.guildOf(channelId);
            if (guildId != 0) {
                reference.put("guild_id", Json.id(guildId));
            }
            message.set("referenced_message", target);
            return this;
        }

        /** Sets the nonce a user's client would send. */
        public MessageBuilder nonce(String nonce) {
            message.put("nonce", nonce);
            return this;
        }

        public Dispatch build() {
            return new Dispatch("MESSAGE_CREATE", state.toGatewayMessage(message), state.guildOf(channelId));
        }
    }

    /** Builds a slash command interaction; options go to the subcommand when one is set. */
    public final class SlashCommandBuilder {
        private final long channelId;
        private final long userId;
        private final String name;
        private String group;
        private String subcommand;
        private final List<ObjectNode> options = new ArrayList<>();
        private final ObjectNode resolved = Json.object();

        private SlashCommandBuilder(long channelId, long userId, String name) {
            this.channelId = channelId;
            this.userId = userId;
            this.name = name;
        }

        public SlashCommandBuilder group(String groupName) {
            this.group = groupName;
            return this;
        }

        public SlashCommandBuilder subcommand(String subcommandName) {
            this.subcommand = subcommandName;
            return this;
        }

        /** A STRING option (type 3). */
        public SlashCommandBuilder option(String optionName, String value) {
            options.add(option(optionName, 3).put("value", value));
            return this;
        }

        /** An INTEGER option (type 4). */
        public SlashCommandBuilder option(String optionName, long value) {
            options.add(option(optionName, 4).put("value", value));
            return this;
        }

        /** A BOOLEAN option (type 5). */
        public SlashCommandBuilder option(String optionName, boolean value) {
            options.add(option(optionName, 5).put("value", value));
            return this;
        }

        /** A USER option (type 6), resolved with user and member like Discord sends it. */
        public SlashCommandBuilder userOption(String optionName, long optionUserId) {
            options.add(option(optionName, 6).put("value", Json.id(optionUserId)));
            resolved.withObjectProperty("users").set(Json.id(optionUserId), state.userJson(optionUserId));
            long guildId = state.guildOf(channelId);
            if (guildId != 0) {
                ObjectNode member = state.memberJson(guildId, optionUserId, false);
                member.put("permissions", ALL_PERMISSIONS);
                resolved.withObjectProperty("members").set(Json.id(optionUserId), member);
            }
            return this;
        }

        /** A CHANNEL option (type 7). */
        public SlashCommandBuilder channelOption(String optionName, long optionChannelId) {
            options.add(option(optionName, 7).put("value", Json.id(optionChannelId)));
            ObjectNode channel = state.channelJson(optionChannelId);
            channel.put("permissions", ALL_PERMISSIONS);
            resolved.withObjectProperty("channels").set(Json.id(optionChannelId), channel);
            return this;
        }

        /** A ROLE option (type 8). */
        public SlashCommandBuilder roleOption(String optionName, long roleId) {
            options.add(option(optionName, 8).put("value", Json.id(roleId)));
            state.guild(state.guildOf(channelId))
                    .map(g -> g.roles.get(roleId))
                    .ifPresent(role -> resolved.withObjectProperty("roles").set(Json.id(roleId), state.roleJson(role)));
            return this;
        }

        private ObjectNode option(String optionName, int type) {
            ObjectNode option = Json.object();
            option.put("name", optionName);
            option.put("type", type);
            return option;
        }

        public Dispatch build() {
            ObjectNode interaction = interactionBase(2, channelId, userId);
            ObjectNode data = interaction.putObject("data");
            long guildId = state.guildOf(channelId);
            ObjectNode registered = state.findCommand(guildId, name, 1).orElse(null);
            data.put("id", registered == null ? Json.id(state.snowflakes.next()) : Json.text(registered, "id"));
            data.put("name", name);
            data.put("type", 1);
            if (registered != null && registered.has("guild_id")) {
                data.put("guild_id", Json.text(registered, "guild_id"));
            }
            ArrayNode leafOptions = Json.array();
            options.forEach(leafOptions::add);
            JsonNode top = leafOptions;
            if (subcommand != null) {
                ObjectNode sub = Json.object().put("name", subcommand).put("type", 1);
                sub.set("options", leafOptions);
                ArrayNode wrapper = Json.array().add(sub);
                top = wrapper;
                if (group != null) {
                    ObjectNode grp = Json.object().put("name", group).put("type", 2);
                    grp.set("options", wrapper);
                    top = Json.array().add(grp);
                }
            }
            data.set("options", top);
            if (!resolved.isEmpty()) {
                data.set("resolved", resolved.deepCopy());
            }
            return new Dispatch("INTERACTION_CREATE", interaction, guildId);
        }
    }

    /** Builds a modal submit: each field is a Label (type 18) wrapping a text input or a select. */
    public final class ModalSubmitBuilder {
        private final long channelId;
        private final long userId;
        private final String customId;
        private final ArrayNode components = Json.array();
        private int nextComponentId = 1;

        private ModalSubmitBuilder(long channelId, long userId, String customId) {
            this.channelId = channelId;
            this.userId = userId;
            this.customId = customId;
        }

        /** A text input (type 4) answer. */
        public ModalSubmitBuilder textInput(String inputId, String value) {
            ObjectNode inner = label().putObject("component");
            inner.put("type", 4);
            inner.put("id", nextComponentId++);
            inner.put("custom_id", inputId);
            inner.put("value", value);
            return this;
        }

        /** A string select (type 3) answer. */
        public ModalSubmitBuilder stringSelect(String selectId, String... values) {
            ObjectNode inner = label().putObject("component");
            inner.put("type", 3);
            inner.put("id", nextComponentId++);
            inner.put("custom_id", selectId);
            ArrayNode array = inner.putArray("values");
            for (String value : values) {
                array.add(value);
            }
            return this;
        }

        private ObjectNode label() {
            ObjectNode label = components.addObject();
            label.put("type", 18);
            label.put("id", nextComponentId++);
            return label;
        }

        public Dispatch build() {
            ObjectNode interaction = interactionBase(5, channelId, userId);
            ObjectNode data = interaction.putObject("data");
            data.put("custom_id", customId);
            data.set("components", components.deepCopy());
            return new Dispatch("INTERACTION_CREATE", interaction, state.guildOf(channelId));
        }
    }
}
