package org.staffroom.testing.slack;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds the payloads Slack sends, in the shapes Bolt's model classes parse
 * ({@code EventsApiPayload}, {@code MessageEvent}, {@code MessageChangedEvent}, {@code MessageDeletedEvent},
 * {@code MessageFileShareEvent}, {@code ReactionAddedEvent}, {@code AppHomeOpenedEvent},
 * {@code SlashCommandPayload}, {@code BlockActionPayload}, {@code ViewSubmissionPayload},
 * {@code MessageShortcutPayload}).
 *
 * <p>Builders that describe something happening in Slack also apply it to the fake's state first (a user's
 * message is stored, an edit changes it, a reaction is added), so Web API reads such as
 * {@code conversations.history} or {@code reactions.get} agree with the events, and the bot can react to or
 * thread under a message it was told about. Trigger ids and response URLs are issued by the fake, so
 * {@code views.open} and {@code response_url} posts are checked as Slack checks them.
 *
 * <p>Event builders return the inner {@code event}; wrap it with {@link #eventCallback(JsonObject)} (the
 * {@code FakeSlack#pushEvent} helpers do that for you).
 */
public final class SlackPayloads {

    /** The deprecated verification token Slack still puts in payloads; Bolt ignores it. */
    static final String VERIFICATION_TOKEN = "fake-verification-token";

    private final Workspace ws;
    private final String httpBase;
    /** The workspace the payloads come from: the fake's first, or another the app is installed in. */
    private final FakeSlack.Team team;

    SlackPayloads(Workspace ws, String httpBase, FakeSlack.Team team) {
        this.ws = ws;
        this.httpBase = httpBase;
        this.team = team;
    }

    // ------------------------------------------------------------------ Events API wrapper

    /** Wraps an event as Slack's {@code event_callback} body with a fresh {@code event_id}. */
    public JsonObject eventCallback(JsonObject event) {
        return eventCallback(
                event,
                "Ev"
                        + UUID.randomUUID()
                                .toString()
                                .replace("-", "")
                                .substring(0, 10)
                                .toUpperCase(Locale.ROOT));
    }

    public JsonObject eventCallback(JsonObject event, String eventId) {
        long now = ws.clock().instant().getEpochSecond();
        JsonArray authorizations = Json.arr(Json.obj(
                "enterprise_id",
                null,
                "team_id",
                team.id(),
                "user_id",
                ws.botUserId,
                "is_bot",
                true,
                "is_enterprise_install",
                false));
        return Json.obj(
                "token",
                VERIFICATION_TOKEN,
                "team_id",
                team.id(),
                "api_app_id",
                ws.appId,
                "event",
                event,
                "type",
                "event_callback",
                "event_id",
                eventId,
                "event_time",
                now,
                "authorizations",
                authorizations,
                "is_ext_shared_channel",
                false,
                "event_context",
                "4-" + UUID.randomUUID().toString().replace("-", ""));
    }

    // ------------------------------------------------------------------ message events

    /** A user's message in a channel ({@code C…}), private channel ({@code G…}) or DM ({@code D…}). */
    public JsonObject message(String channel, String user, String text) {
        return userMessage(channel, user, text, null);
    }

    /** A reply in the thread under {@code threadTs}. */
    public JsonObject threadReply(String channel, String user, String text, String threadTs) {
        Objects.requireNonNull(threadTs, "threadTs");
        return userMessage(channel, user, text, threadTs);
    }

    /** A message a user sends to the bot in their DM ({@code channel_type: "im"}). */
    public JsonObject directMessage(String user, String text) {
        return userMessage(ws.dmChannel(user), user, text, null);
    }

    private JsonObject userMessage(String channel, String user, String text, String threadTs) {
        Workspace.Msg m;
        String parentUser = null;
        synchronized (ws) {
            m = ws.addMessage(channel, user, null, threadTs);
            m.text = text;
            m.blocks = richText(text);
            if (m.isReply()) {
                parentUser = ws.find(channel, m.threadTs).map(p -> p.user).orElse(null);
            }
        }
        return Json.obj(
                "client_msg_id",
                UUID.randomUUID().toString(),
                "type",
                "message",
                "text",
                text,
                "user",
                user,
                "ts",
                m.ts,
                "blocks",
                richText(text),
                "team",
                team.id(),
                "thread_ts",
                m.threadTs,
                "parent_user_id",
                parentUser,
                "channel",
                m.channel,
                "event_ts",
                m.ts,
                "channel_type",
                ws.channel(m.channel).channelType());
    }

    /** The {@code rich_text} block Slack clients attach to what a user types. */
    private static JsonArray richText(String text) {
        JsonObject section =
                Json.obj("type", "rich_text_section", "elements", Json.arr(Json.obj("type", "text", "text", text)));
        return Json.arr(Json.obj(
                "type",
                "rich_text",
                "block_id",
                "rt" + Math.abs(Objects.hashCode(text) % 10000),
                "elements",
                Json.arr(section)));
    }

    /** A user edited their message: subtype {@code message_changed}, and the stored message changes. */
    public JsonObject messageChanged(String channel, String ts, String newText) {
        String oldText;
        String user;
        String threadTs;
        String editTs = ws.nextTs();
        synchronized (ws) {
            Workspace.Msg m = ws.requireMessage(channel, ts);
            oldText = m.text;
            user = m.user;
            threadTs = m.threadTs;
            m.text = newText;
            m.blocks = m.botIdOfPoster == null ? richText(newText) : m.blocks;
            m.editedTs = editTs;
        }
        JsonObject message = Json.obj(
                "type",
                "message",
                "text",
                newText,
                "user",
                user,
                "team",
                team.id(),
                "edited",
                Json.obj("user", user, "ts", editTs),
                "ts",
                ts,
                "thread_ts",
                threadTs,
                "blocks",
                richText(newText));
        JsonObject previous = Json.obj(
                "type",
                "message",
                "text",
                oldText,
                "user",
                user,
                "team",
                team.id(),
                "ts",
                ts,
                "thread_ts",
                threadTs,
                "blocks",
                richText(oldText));
        return Json.obj(
                "type", "message",
                "subtype", "message_changed",
                "message", message,
                "previous_message", previous,
                "channel", channel,
                "hidden", true,
                "ts", editTs,
                "event_ts", editTs,
                "channel_type", ws.channel(channel).channelType());
    }

    /** A message was deleted: subtype {@code message_deleted}, and it leaves the stored channel. */
    public JsonObject messageDeleted(String channel, String ts) {
        Workspace.Msg m = ws.deleteMessage(channel, ts);
        String eventTs = ws.nextTs();
        JsonObject previous = Json.obj(
                "type",
                "message",
                "text",
                m.text,
                "user",
                m.user,
                "team",
                team.id(),
                "ts",
                ts,
                "thread_ts",
                m.threadTs,
                "bot_id",
                m.botIdOfPoster);
        return Json.obj(
                "type", "message",
                "subtype", "message_deleted",
                "previous_message", previous,
                "channel", channel,
                "hidden", true,
                "deleted_ts", ts,
                "event_ts", eventTs,
                "ts", eventTs,
                "channel_type", ws.channel(channel).channelType());
    }

    /**
     * A file object hosted by the fake: {@code url_private} serves the bytes to the bot token only.
     */
    public JsonObject file(String name, String mimetype, byte[] bytes) {
        Workspace.HostedFile f = ws.hostFile(name, mimetype, bytes);
        String url = httpBase + "/files-pri/" + f.id + "/" + name;
        long now = ws.clock().instant().getEpochSecond();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "binary";
        return Json.obj(
                "id",
                f.id,
                "created",
                now,
                "timestamp",
                now,
                "name",
                name,
                "title",
                name,
                "mimetype",
                mimetype,
                "filetype",
                ext,
                "pretty_type",
                ext.toUpperCase(Locale.ROOT),
                "editable",
                false,
                "size",
                bytes.length,
                "mode",
                "hosted",
                "is_external",
                false,
                "external_type",
                "",
                "is_public",
                true,
                "public_url_shared",
                false,
                "display_as_bot",
                false,
                "url_private",
                url,
                "url_private_download",
                url + "?download=1",
                "permalink",
                "https://" + team.domain() + ".slack.com/files/" + f.id + "/" + name,
                "has_rich_preview",
                false);
    }

    /** A file with a few placeholder bytes. */
    public JsonObject file(String name, String mimetype) {
        return file(name, mimetype, ("fake:" + name).getBytes(StandardCharsets.UTF_8));
    }

    /** A user shared files with a message: subtype {@code file_share}. */
    public JsonObject fileShare(String channel, String user, String text, JsonObject... files) {
        JsonArray fileArray = new JsonArray();
        for (JsonObject f : files) {
            JsonObject copy = f.deepCopy();
            copy.addProperty("user", user);
            copy.addProperty("user_team", team.id());
            fileArray.add(copy);
        }
        Workspace.Msg m;
        synchronized (ws) {
            m = ws.addMessage(channel, user, null, null);
            m.text = text;
            m.subtype = "file_share";
            m.files = fileArray.deepCopy();
        }
        return Json.obj(
                "type",
                "message",
                "subtype",
                "file_share",
                "text",
                text,
                "files",
                fileArray,
                "upload",
                false,
                "user",
                user,
                "display_as_bot",
                false,
                "ts",
                m.ts,
                "channel",
                m.channel,
                "event_ts",
                m.ts,
                "channel_type",
                ws.channel(m.channel).channelType());
    }

    /** A user mentioned the bot ({@code <@bot>} in the text). */
    public JsonObject appMention(String channel, String user, String text) {
        JsonObject e = userMessage(channel, user, text, null);
        e.addProperty("type", "app_mention");
        e.remove("channel_type");
        return e;
    }

    // ------------------------------------------------------------------ reactions and app home

    /** A user added a reaction to the message {@code ts}; the stored message gets it too. */
    public JsonObject reactionAdded(String user, String reaction, String channel, String ts) {
        String itemUser;
        synchronized (ws) {
            Workspace.Msg m = ws.find(channel, ts).orElse(null);
            itemUser = m == null ? null : m.user;
            if (m != null
                    && !m.reactions
                            .computeIfAbsent(reaction, k -> new ArrayList<>())
                            .contains(user)) {
                m.reactions.get(reaction).add(user);
            }
        }
        return reactionEvent("reaction_added", user, reaction, channel, ts, itemUser);
    }

    /** A user removed a reaction; the stored message loses it too. */
    public JsonObject reactionRemoved(String user, String reaction, String channel, String ts) {
        String itemUser;
        synchronized (ws) {
            Workspace.Msg m = ws.find(channel, ts).orElse(null);
            itemUser = m == null ? null : m.user;
            if (m != null && m.reactions.containsKey(reaction)) {
                m.reactions.get(reaction).remove(user);
                if (m.reactions.get(reaction).isEmpty()) {
                    m.reactions.remove(reaction);
                }
            }
        }
        return reactionEvent("reaction_removed", user, reaction, channel, ts, itemUser);
    }

    private JsonObject reactionEvent(
            String type, String user, String reaction, String channel, String ts, String itemUser) {
        return Json.obj(
                "type", type,
                "user", user,
                "reaction", reaction,
                "item_user", itemUser,
                "item", Json.obj("type", "message", "channel", channel, "ts", ts),
                "event_ts", ws.nextTs());
    }

    /** A user opened the app's Home ({@code tab} is {@code home} or {@code messages}). */
    public JsonObject appHomeOpened(String user, String tab) {
        JsonObject e = Json.obj(
                "type",
                "app_home_opened",
                "user",
                user,
                "channel",
                ws.dmChannel(user),
                "tab",
                tab,
                "event_ts",
                ws.nextTs());
        ws.homeView(user).ifPresent(v -> e.add("view", v.view().deepCopy()));
        return e;
    }

    // ------------------------------------------------------------------ slash commands

    /**
     * A slash command as Socket Mode delivers it: the form fields as a flat JSON object of strings
     * (over HTTP the same fields arrive form-encoded; {@link SlackHttpModeClient} does that).
     */
    public JsonObject slashCommand(String command, String text, String user, String channel) {
        return Json.obj(
                "token",
                VERIFICATION_TOKEN,
                "team_id",
                team.id(),
                "team_domain",
                team.domain(),
                "channel_id",
                channel,
                "channel_name",
                channelName(channel),
                "user_id",
                user,
                "user_name",
                userName(user),
                "command",
                command,
                "text",
                text,
                "api_app_id",
                ws.appId,
                "is_enterprise_install",
                "false",
                "response_url",
                newResponseUrl(),
                "trigger_id",
                ws.issueTrigger(user));
    }

    // ------------------------------------------------------------------ interactivity

    /** Starts a {@code block_actions} payload for a button click. */
    public BlockActions blockActions(String user, String actionId) {
        return new BlockActions(user, actionId);
    }

    /** Starts a {@code view_submission} payload. */
    public ViewSubmission viewSubmission(String user, String callbackId) {
        return new ViewSubmission(user, callbackId);
    }

    /** A message shortcut ({@code message_action}) on a stored message. */
    public JsonObject messageShortcut(String callbackId, String user, String channel, String messageTs) {
        JsonObject message = storedMessageJson(channel, messageTs);
        return Json.obj(
                "type",
                "message_action",
                "token",
                VERIFICATION_TOKEN,
                "action_ts",
                ws.nextTs(),
                "team",
                team(),
                "user",
                Json.obj("id", user, "name", userName(user), "team_id", team.id()),
                "channel",
                Json.obj("id", channel, "name", channelName(channel)),
                "is_enterprise_install",
                false,
                "enterprise",
                null,
                "callback_id",
                callbackId,
                "trigger_id",
                ws.issueTrigger(user),
                "response_url",
                newResponseUrl(),
                "message_ts",
                messageTs,
                "message",
                message);
    }

    /** Builder for {@code block_actions}. */
    public final class BlockActions {
        private final String user;
        private final String actionId;
        private String blockId = "actions";
        private String value;
        private String buttonText = "Button";
        private String channel;
        private String messageTs;
        private String viewId;
        private JsonObject customAction;

        private BlockActions(String user, String actionId) {
            this.user = user;
            this.actionId = actionId;
        }

        public BlockActions blockId(String blockId) {
            this.blockId = blockId;
            return this;
        }

        public BlockActions value(String value) {
            this.value = value;
            return this;
        }

        public BlockActions buttonText(String text) {
            this.buttonText = text;
            return this;
        }

        /** The click happened on a message (usually one the bot posted). */
        public BlockActions onMessage(String channel, String ts) {
            this.channel = channel;
            this.messageTs = ts;
            return this;
        }

        /** The click happened inside a view (modal or Home tab). */
        public BlockActions inView(String viewId) {
            this.viewId = viewId;
            return this;
        }

        /** Replaces the default button action with any action object (selects, overflow…). */
        public BlockActions action(JsonObject action) {
            this.customAction = action;
            return this;
        }

        public JsonObject build() {
            if (channel == null && viewId == null) {
                throw new IllegalStateException("call onMessage(channel, ts) or inView(viewId)");
            }
            JsonObject action = customAction != null
                    ? customAction.deepCopy()
                    : Json.obj(
                            "action_id",
                            actionId,
                            "block_id",
                            blockId,
                            "text",
                            Json.obj("type", "plain_text", "text", buttonText, "emoji", true),
                            "value",
                            value,
                            "type",
                            "button",
                            "action_ts",
                            ws.nextTs());
            JsonObject p = Json.obj(
                    "type",
                    "block_actions",
                    "user",
                    Json.obj("id", user, "username", userName(user), "name", userName(user), "team_id", team.id()),
                    "api_app_id",
                    ws.appId,
                    "token",
                    VERIFICATION_TOKEN,
                    "trigger_id",
                    ws.issueTrigger(user),
                    "team",
                    team(),
                    "enterprise",
                    null,
                    "is_enterprise_install",
                    false,
                    "actions",
                    Json.arr(action));
            if (channel != null) {
                p.add(
                        "container",
                        Json.obj(
                                "type",
                                "message",
                                "message_ts",
                                messageTs,
                                "channel_id",
                                channel,
                                "is_ephemeral",
                                false));
                p.add("channel", Json.obj("id", channel, "name", channelName(channel)));
                p.add("message", storedMessageJson(channel, messageTs));
                p.add("state", Json.obj("values", new JsonObject()));
                p.addProperty("response_url", newResponseUrl());
            } else {
                StoredView v = ws.view(viewId).orElseThrow(() -> new IllegalStateException("no view " + viewId));
                p.add("container", Json.obj("type", "view", "view_id", viewId));
                p.add("view", v.view().deepCopy());
            }
            return p;
        }
    }

    /** Builder for {@code view_submission}, with {@code state.values} in the shapes Slack uses. */
    public final class ViewSubmission {
        private final String user;
        private final String callbackId;
        private String privateMetadata = "";
        private StoredView view;
        private final Map<String, JsonObject> values = new LinkedHashMap<>();

        private ViewSubmission(String user, String callbackId) {
            this.user = user;
            this.callbackId = callbackId;
        }

        /** Submits a view the bot opened: id, hash, blocks, title and private metadata come from it. */
        public ViewSubmission of(StoredView view) {
            this.view = view;
            this.privateMetadata = view.privateMetadata();
            return this;
        }

        public ViewSubmission privateMetadata(String privateMetadata) {
            this.privateMetadata = privateMetadata;
            return this;
        }

        private ViewSubmission put(String blockId, String actionId, JsonObject value) {
            values.computeIfAbsent(blockId, k -> new JsonObject()).add(actionId, value);
            return this;
        }

        public ViewSubmission plainText(String blockId, String actionId, String value) {
            return put(blockId, actionId, Json.obj("type", "plain_text_input", "value", value));
        }

        public ViewSubmission staticSelect(String blockId, String actionId, String value, String text) {
            return put(blockId, actionId, Json.obj("type", "static_select", "selected_option", option(value, text)));
        }

        /** {@code optionsValueToText} in display order. */
        public ViewSubmission multiStaticSelect(
                String blockId, String actionId, Map<String, String> optionsValueToText) {
            return put(
                    blockId,
                    actionId,
                    Json.obj("type", "multi_static_select", "selected_options", options(optionsValueToText)));
        }

        public ViewSubmission checkboxes(String blockId, String actionId, Map<String, String> checkedValueToText) {
            return put(
                    blockId, actionId, Json.obj("type", "checkboxes", "selected_options", options(checkedValueToText)));
        }

        /** {@code date} as {@code YYYY-MM-DD}, or null for an untouched optional picker. */
        public ViewSubmission datepicker(String blockId, String actionId, String date) {
            JsonObject v = Json.obj("type", "datepicker");
            v.add("selected_date", Json.toElement(date));
            return put(blockId, actionId, v);
        }

        private JsonObject option(String value, String text) {
            return Json.obj("text", Json.obj("type", "plain_text", "text", text, "emoji", true), "value", value);
        }

        private JsonArray options(Map<String, String> valueToText) {
            JsonArray a = new JsonArray();
            valueToText.forEach((v, t) -> a.add(option(v, t)));
            return a;
        }

        public JsonObject build() {
            JsonObject state = new JsonObject();
            values.forEach(state::add);
            JsonObject v;
            if (view != null) {
                v = view.view().deepCopy();
            } else {
                String id = ws.newId("V");
                v = Json.obj(
                        "id",
                        id,
                        "team_id",
                        team.id(),
                        "type",
                        "modal",
                        "title",
                        Json.obj("type", "plain_text", "text", "Modal", "emoji", true),
                        "blocks",
                        new JsonArray(),
                        "root_view_id",
                        id,
                        "app_id",
                        ws.appId,
                        "bot_id",
                        ws.botId,
                        "hash",
                        ws.clock().millis() + ".fake",
                        "external_id",
                        "",
                        "app_installed_team_id",
                        team.id(),
                        "clear_on_close",
                        false,
                        "notify_on_close",
                        false);
            }
            v.addProperty("callback_id", callbackId);
            v.addProperty("private_metadata", privateMetadata);
            v.add("state", Json.obj("values", state));
            return Json.obj(
                    "type",
                    "view_submission",
                    "team",
                    team(),
                    "user",
                    Json.obj("id", user, "username", userName(user), "name", userName(user), "team_id", team.id()),
                    "api_app_id",
                    ws.appId,
                    "token",
                    VERIFICATION_TOKEN,
                    "trigger_id",
                    ws.issueTrigger(user),
                    "view",
                    v,
                    "response_urls",
                    new JsonArray(),
                    "is_enterprise_install",
                    false,
                    "enterprise",
                    null);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A response URL on the fake; posts to it are recorded and readable via {@code FakeSlack}. */
    public String newResponseUrl() {
        return httpBase + "/respond/" + ws.issueResponseUrlId();
    }

    /** A trigger id the fake will accept once within 3 seconds for {@code views.open}/{@code views.push}. */
    public String newTriggerId(String user) {
        return ws.issueTrigger(user);
    }

    private JsonObject team() {
        return Json.obj("id", team.id(), "domain", team.domain());
    }

    private String userName(String user) {
        return ws.user(user).map(FakeUser::name).orElse(user.toLowerCase(Locale.ROOT));
    }

    private String channelName(String channel) {
        Workspace.Channel c = ws.channel(channel);
        return c.isIm() ? "directmessage" : c.name;
    }

    /** The stored message as Slack embeds it in interactive payloads; a stub if the fake never saw it. */
    private JsonObject storedMessageJson(String channel, String ts) {
        synchronized (ws) {
            return ws.find(channel, ts)
                    .map(m -> m.toApiJson(false))
                    .orElseGet(() -> Json.obj("type", "message", "ts", ts, "text", "", "team", team.id()));
        }
    }
}
