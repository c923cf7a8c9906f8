package org.staffroom.testing.slack;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Web API methods the fake implements, over {@link Workspace}. Each handler runs under the workspace
 * lock so compound updates (a reply and its parent's thread fields) stay consistent. Errors are thrown as
 * {@link SlackError} and answered the way Slack does: HTTP 200 with {@code "ok":false}.
 */
final class WebApiMethods {

    /** What a handler sees of a request. */
    static final class Call {
        final String method;
        final Map<String, String> params;
        final String tokenKind;
        /** The workspace whose token made the call. */
        final FakeSlack.Team team;

        Call(String method, Map<String, String> params, String tokenKind, FakeSlack.Team team) {
            this.method = method;
            this.params = params;
            this.tokenKind = tokenKind;
            this.team = team;
        }

        String get(String name) {
            String v = params.get(name);
            return v == null || v.isEmpty() ? null : v;
        }

        String require(String name, String error) {
            String v = get(name);
            if (v == null) {
                throw new SlackError(error);
            }
            return v;
        }

        Boolean bool(String name) {
            String v = get(name);
            return v == null ? null : "true".equalsIgnoreCase(v) || "1".equals(v);
        }

        int integer(String name, int fallback) {
            String v = get(name);
            try {
                return v == null ? fallback : Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new SlackError("invalid_arguments");
            }
        }

        JsonElement json(String name, String error) {
            try {
                return Json.parseOrNull(get(name));
            } catch (JsonParseException e) {
                throw new SlackError(error);
            }
        }
    }

    interface Handler {
        JsonObject handle(Call call);
    }

    static final String APP = "app";
    static final String BOT = "bot";
    /** oauth.v2.access authenticated with the app's client id and secret (HTTP Basic). */
    static final String CLIENT = "client";

    private final Workspace ws;
    private final Supplier<String> socketModeUrl;
    private final Map<String, Handler> handlers = new HashMap<>();

    private final String botToken;
    private final String botScopes;
    /** Every workspace the app is installed in, by team id (the first is {@code ws}'s own). */
    private final Map<String, FakeSlack.Team> teams;

    WebApiMethods(
            Workspace ws,
            Supplier<String> socketModeUrl,
            String botToken,
            String botScopes,
            Map<String, FakeSlack.Team> teams) {
        this.ws = ws;
        this.socketModeUrl = socketModeUrl;
        this.botToken = botToken;
        this.botScopes = botScopes;
        this.teams = Map.copyOf(teams);
        handlers.put("auth.test", this::authTest);
        handlers.put("apps.connections.open", this::appsConnectionsOpen);
        handlers.put("bots.info", this::botsInfo);
        handlers.put("chat.postMessage", this::chatPostMessage);
        handlers.put("chat.update", this::chatUpdate);
        handlers.put("chat.delete", this::chatDelete);
        handlers.put("chat.postEphemeral", this::chatPostEphemeral);
        handlers.put("chat.getPermalink", this::chatGetPermalink);
        handlers.put("reactions.add", this::reactionsAdd);
        handlers.put("reactions.remove", this::reactionsRemove);
        handlers.put("reactions.get", this::reactionsGet);
        handlers.put("views.open", c -> viewsOpenOrPush(c, false));
        handlers.put("views.push", c -> viewsOpenOrPush(c, true));
        handlers.put("views.update", this::viewsUpdate);
        handlers.put("views.publish", this::viewsPublish);
        handlers.put("conversations.open", this::conversationsOpen);
        handlers.put("conversations.history", this::conversationsHistory);
        handlers.put("conversations.replies", this::conversationsReplies);
        handlers.put("conversations.info", this::conversationsInfo);
        handlers.put("users.info", this::usersInfo);
        handlers.put("usergroups.users.list", this::usergroupsUsersList);
        handlers.put("team.info", this::teamInfo);
        handlers.put("oauth.v2.access", this::oauthV2Access);
        handlers.put("apps.uninstall", this::appsUninstall);
    }

    boolean knows(String method) {
        return handlers.containsKey(method);
    }

    /** Runs a known method; app-level tokens may only call what Slack allows them to. */
    JsonObject handle(Call call) {
        if (APP.equals(call.tokenKind)
                && !call.method.equals("auth.test")
                && !call.method.equals("apps.connections.open")) {
            throw new SlackError("not_allowed_token_type");
        }
        synchronized (ws) {
            return handlers.get(call.method).handle(call);
        }
    }

    private static JsonObject ok(Object... kv) {
        JsonObject o = Json.obj(kv);
        JsonObject r = Json.obj("ok", true);
        o.entrySet().forEach(e -> r.add(e.getKey(), e.getValue()));
        return r;
    }

    // ------------------------------------------------------------------ auth and connections

    private JsonObject authTest(Call c) {
        return ok(
                "url",
                "https://" + c.team.domain() + ".slack.com/",
                "team",
                c.team.name(),
                "user",
                ws.botName,
                "team_id",
                c.team.id(),
                "user_id",
                ws.botUserId,
                "bot_id",
                ws.botId,
                "app_id",
                ws.appId,
                "is_enterprise_install",
                false);
    }

    /** Exchanges a code from {@code FakeSlack#issueOAuthCode} for this workspace's bot token, once. */
    private JsonObject oauthV2Access(Call c) {
        if (!CLIENT.equals(c.tokenKind)) {
            throw new SlackError("invalid_client_id");
        }
        Workspace.OAuthGrant grant = ws.exchangeOAuthCode(c.get("code"));
        if (grant == null) {
            throw new SlackError("invalid_code");
        }
        return ok(
                "app_id",
                ws.appId,
                "authed_user",
                Json.obj("id", grant.installer()),
                "scope",
                botScopes,
                "token_type",
                "bot",
                "access_token",
                // A workspace of the fake gets its own token; a stranger's (not the fake's) the first one's.
                teams.containsKey(grant.teamId()) ? teams.get(grant.teamId()).botToken() : botToken,
                "bot_user_id",
                ws.botUserId,
                "team",
                Json.obj("id", grant.teamId(), "name", grant.teamName()),
                "enterprise",
                null,
                "is_enterprise_install",
                false);
    }

    /** apps.uninstall with the bot token and the app's client id and secret (checked by the server). */
    private JsonObject appsUninstall(Call c) {
        if (!BOT.equals(c.tokenKind)) {
            throw new SlackError("not_allowed_token_type");
        }
        return ok();
    }

    private JsonObject appsConnectionsOpen(Call c) {
        if (!APP.equals(c.tokenKind)) {
            throw new SlackError("not_allowed_token_type");
        }
        return ok("url", socketModeUrl.get());
    }

    private JsonObject botsInfo(Call c) {
        String bot = c.get("bot");
        if (bot != null && !bot.equals(ws.botId)) {
            throw new SlackError("bot_not_found");
        }
        return ok(
                "bot",
                Json.obj(
                        "id",
                        ws.botId,
                        "deleted",
                        false,
                        "name",
                        ws.botName,
                        "updated",
                        ws.clock().millis() / 1000,
                        "app_id",
                        ws.appId,
                        "user_id",
                        ws.botUserId,
                        "icons",
                        new JsonObject()));
    }

    // ------------------------------------------------------------------ chat

    /** Slack accepts a user id as {@code channel} and posts to the DM with that user. */
    private String resolveChannel(String channel) {
        if (channel == null) {
            throw new SlackError("channel_not_found");
        }
        if (channel.startsWith("U") || channel.startsWith("W")) {
            return ws.dmChannel(channel);
        }
        return ws.channel(channel).id;
    }

    private JsonArray blocks(Call c) {
        JsonElement b = c.json("blocks", "invalid_blocks_format");
        if (b == null) {
            return null;
        }
        if (!b.isJsonArray()) {
            throw new SlackError("invalid_blocks_format");
        }
        BlockKitLimits.checkMessageBlocks(b.getAsJsonArray());
        return b.getAsJsonArray();
    }

    private JsonArray attachments(Call c) {
        JsonElement a = c.json("attachments", "invalid_attachments");
        if (a == null) {
            return null;
        }
        if (!a.isJsonArray()) {
            throw new SlackError("invalid_attachments");
        }
        return a.getAsJsonArray();
    }

    /** {@code metadata} must be {@code {"event_type": "...", "event_payload": {...}}}. */
    private JsonObject metadata(Call c) {
        JsonElement m = c.json("metadata", "invalid_metadata_format");
        if (m == null) {
            return null;
        }
        if (!m.isJsonObject()
                || Json.str(m.getAsJsonObject(), "event_type") == null
                || (m.getAsJsonObject().has("event_payload")
                        && !m.getAsJsonObject().get("event_payload").isJsonObject())) {
            throw new SlackError("invalid_metadata_format");
        }
        return m.getAsJsonObject();
    }

    private JsonObject chatPostMessage(Call c) {
        String channel = resolveChannel(c.get("channel"));
        String text = c.get("text");
        BlockKitLimits.checkText(text);
        JsonArray blocks = blocks(c);
        JsonArray attachments = attachments(c);
        if (text == null && blocks == null && attachments == null && c.get("markdown_text") == null) {
            throw new SlackError("no_text");
        }
        JsonObject metadata = metadata(c);
        Workspace.Msg m = ws.addMessage(channel, ws.botUserId, ws.botId, c.get("thread_ts"));
        m.text = text != null ? text : c.get("markdown_text");
        m.blocks = blocks;
        m.attachments = attachments;
        m.metadata = metadata;
        m.unfurlLinks = c.bool("unfurl_links");
        m.unfurlMedia = c.bool("unfurl_media");
        m.replyBroadcast = m.isReply() && Boolean.TRUE.equals(c.bool("reply_broadcast"));
        if (m.replyBroadcast) {
            m.subtype = "thread_broadcast";
        }
        return ok("channel", channel, "ts", m.ts, "message", m.toApiJson(true));
    }

    private Workspace.Msg ownMessage(Call c, String tsParam, String error) {
        String channel = resolveChannel(c.get("channel"));
        Workspace.Msg m = ws.requireMessage(channel, c.require(tsParam, "message_not_found"));
        if (!ws.botUserId.equals(m.user)) {
            throw new SlackError(error);
        }
        return m;
    }

    private JsonObject chatUpdate(Call c) {
        Workspace.Msg m = ownMessage(c, "ts", "cant_update_message");
        String text = c.get("text");
        BlockKitLimits.checkText(text);
        JsonArray blocks = blocks(c);
        JsonArray attachments = attachments(c);
        JsonObject metadata = metadata(c);
        if (text != null) {
            m.text = text;
        }
        if (blocks != null) {
            m.blocks = blocks;
        }
        if (attachments != null) {
            m.attachments = attachments;
        }
        if (metadata != null) {
            m.metadata = metadata;
        }
        m.editedTs = ws.nextTs();
        return ok("channel", m.channel, "ts", m.ts, "text", m.text, "message", m.toApiJson(true));
    }

    private JsonObject chatDelete(Call c) {
        Workspace.Msg m = ownMessage(c, "ts", "cant_delete_message");
        ws.deleteMessage(m.channel, m.ts);
        return ok("channel", m.channel, "ts", m.ts);
    }

    private JsonObject chatPostEphemeral(Call c) {
        String channel = resolveChannel(c.get("channel"));
        String user = c.require("user", "user_not_found");
        String text = c.get("text");
        BlockKitLimits.checkText(text);
        JsonArray blocks = blocks(c);
        JsonArray attachments = attachments(c);
        if (text == null && blocks == null && attachments == null) {
            throw new SlackError("no_text");
        }
        String ts = ws.nextTs();
        ws.addEphemeral(Json.obj(
                "channel",
                channel,
                "user",
                user,
                "text",
                text,
                "blocks",
                blocks,
                "attachments",
                attachments,
                "thread_ts",
                c.get("thread_ts"),
                "message_ts",
                ts));
        return ok("message_ts", ts);
    }

    private JsonObject chatGetPermalink(Call c) {
        String channel = resolveChannel(c.get("channel"));
        Workspace.Msg m = ws.requireMessage(channel, c.require("message_ts", "message_not_found"));
        String link = "https://" + ws.teamDomain + ".slack.com/archives/" + channel + "/p" + m.ts.replace(".", "");
        if (m.isReply()) {
            link += "?thread_ts=" + m.threadTs + "&cid=" + channel;
        }
        return ok("channel", channel, "permalink", link);
    }

    // ------------------------------------------------------------------ reactions

    private static String emoji(Call c) {
        String name = c.require("name", "invalid_name");
        return name.replace(":", "");
    }

    private JsonObject reactionsAdd(Call c) {
        String channel = resolveChannel(c.get("channel"));
        ws.addReaction(channel, c.require("timestamp", "message_not_found"), emoji(c), ws.botUserId);
        return ok();
    }

    private JsonObject reactionsRemove(Call c) {
        String channel = resolveChannel(c.get("channel"));
        ws.removeReaction(channel, c.require("timestamp", "message_not_found"), emoji(c), ws.botUserId);
        return ok();
    }

    private JsonObject reactionsGet(Call c) {
        String channel = resolveChannel(c.get("channel"));
        Workspace.Msg m = ws.requireMessage(channel, c.require("timestamp", "message_not_found"));
        JsonObject message = m.toApiJson(false);
        message.addProperty(
                "permalink",
                "https://" + ws.teamDomain + ".slack.com/archives/" + channel + "/p" + m.ts.replace(".", ""));
        return ok("type", "message", "channel", channel, "message", message);
    }

    // ------------------------------------------------------------------ views

    private JsonObject viewInput(Call c) {
        JsonElement v = c.json("view", "invalid_arguments");
        if (v == null || !v.isJsonObject()) {
            throw new SlackError("invalid_arguments");
        }
        return v.getAsJsonObject();
    }

    private JsonObject viewsOpenOrPush(Call c, boolean push) {
        String trigger = c.get("trigger_id") != null ? c.get("trigger_id") : c.get("interactivity_pointer");
        JsonObject input = viewInput(c);
        String user = ws.exchangeTrigger(trigger);
        String root = null;
        String previous = null;
        if (push) {
            Optional<StoredView> top = ws.views().stream()
                    .filter(v -> "modal".equals(v.type()) && Objects.equals(user, v.userId()))
                    .reduce((a, b) -> b);
            if (top.isPresent()) {
                root = top.get().rootViewId();
                previous = top.get().id();
            }
        }
        StoredView v = ws.saveView(null, input, user, c.method, root, previous);
        return ok("view", v.view().deepCopy());
    }

    private JsonObject viewsUpdate(Call c) {
        JsonObject input = viewInput(c);
        StoredView existing;
        if (c.get("view_id") != null) {
            existing = ws.view(c.get("view_id")).orElseThrow(() -> new SlackError("not_found"));
        } else if (c.get("external_id") != null) {
            existing = ws.viewByExternalId(c.get("external_id")).orElseThrow(() -> new SlackError("not_found"));
        } else {
            throw new SlackError("invalid_arguments");
        }
        if (c.get("hash") != null && !c.get("hash").equals(existing.hash())) {
            throw new SlackError("hash_conflict");
        }
        StoredView v = ws.saveView(existing.id(), input, existing.userId(), c.method, existing.rootViewId(), null);
        return ok("view", v.view().deepCopy());
    }

    private JsonObject viewsPublish(Call c) {
        String user = c.require("user_id", "user_not_found");
        JsonObject input = viewInput(c);
        if (!"home".equals(Json.str(input, "type"))) {
            throw new SlackError("invalid_arguments");
        }
        Optional<StoredView> existing = ws.homeView(user);
        if (c.get("hash") != null
                && existing.isPresent()
                && !c.get("hash").equals(existing.get().hash())) {
            throw new SlackError("hash_conflict");
        }
        StoredView v = ws.saveView(existing.map(StoredView::id).orElse(null), input, user, c.method, null, null);
        return ok("view", v.view().deepCopy());
    }

    // ------------------------------------------------------------------ conversations

    private JsonObject conversationsOpen(Call c) {
        String users = c.get("users");
        if (users == null && c.get("channel") != null) {
            return ok("channel", Json.obj("id", c.get("channel")));
        }
        if (users == null) {
            throw new SlackError("users_list_not_supplied");
        }
        String[] ids = users.split(",");
        if (ids.length > 1) {
            // Group DMs are not modelled; a stable id per member set keeps repeated opens consistent.
            String id =
                    "G" + Integer.toHexString(String.join(",", ids).hashCode()).toUpperCase(Locale.ROOT);
            ws.addChannel(id, "mpdm-" + String.join("--", ids));
            return ok("channel", Json.obj("id", id));
        }
        String id = ws.dmChannel(ids[0].trim());
        JsonObject channel = Json.obj("id", id);
        if (Boolean.TRUE.equals(c.bool("return_im"))) {
            channel = Json.obj("id", id, "is_im", true, "user", ids[0].trim(), "is_open", true);
        }
        return ok("channel", channel);
    }

    private static int offset(Call c) {
        String cursor = c.get("cursor");
        if (cursor == null) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
            return Integer.parseInt(decoded.substring("offset:".length()));
        } catch (RuntimeException e) {
            throw new SlackError("invalid_cursor");
        }
    }

    private static String cursorFor(int offset) {
        return Base64.getEncoder().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** Pages a newest-first or thread-ordered list with Slack's cursor shape. */
    private static JsonObject page(List<Workspace.Msg> all, Call c, int defaultLimit, boolean withMetadata) {
        int limit = Math.max(1, Math.min(c.integer("limit", defaultLimit), 999));
        int from = Math.min(offset(c), all.size());
        int to = Math.min(from + limit, all.size());
        JsonArray out = new JsonArray();
        for (Workspace.Msg m : all.subList(from, to)) {
            out.add(m.toApiJson(withMetadata));
        }
        boolean more = to < all.size();
        return ok(
                "messages",
                out,
                "has_more",
                more,
                "response_metadata",
                Json.obj("next_cursor", more ? cursorFor(to) : ""));
    }

    /**
     * Metadata is returned only with {@code include_all_metadata=true}; the fake is strict on purpose so
     * that a reconciler that forgets the flag fails here rather than in production.
     */
    private JsonObject conversationsHistory(Call c) {
        String channel = resolveChannel(c.require("channel", "channel_not_found"));
        boolean inclusive = Boolean.TRUE.equals(c.bool("inclusive"));
        List<Workspace.Msg> all = ws.history(channel, c.get("oldest"), c.get("latest"), inclusive);
        JsonObject r = page(all, c, 100, Boolean.TRUE.equals(c.bool("include_all_metadata")));
        r.addProperty("pin_count", 0);
        return r;
    }

    private JsonObject conversationsReplies(Call c) {
        String channel = resolveChannel(c.require("channel", "channel_not_found"));
        String ts = c.require("ts", "thread_not_found");
        boolean inclusive = Boolean.TRUE.equals(c.bool("inclusive"));
        List<Workspace.Msg> all = new ArrayList<>(ws.replies(channel, ts, c.get("oldest"), c.get("latest"), inclusive));
        return page(all, c, 1000, Boolean.TRUE.equals(c.bool("include_all_metadata")));
    }

    private JsonObject conversationsInfo(Call c) {
        String id = c.require("channel", "channel_not_found");
        Workspace.Channel ch = ws.findChannel(id).orElseThrow(() -> new SlackError("channel_not_found"));
        JsonObject o = Json.obj(
                "id",
                ch.id,
                "name",
                ch.isIm() ? null : ch.name,
                "name_normalized",
                ch.isIm() ? null : ch.name,
                "is_channel",
                !ch.isIm() && !ch.isPrivate(),
                "is_group",
                ch.isPrivate(),
                "is_im",
                ch.isIm(),
                "is_mpim",
                false,
                "is_private",
                ch.isPrivate() || ch.isIm(),
                "is_archived",
                false,
                "is_general",
                false,
                "is_member",
                true,
                "is_ext_shared",
                false,
                "created",
                ch.created.getEpochSecond(),
                "user",
                ch.imUser,
                "context_team_id",
                ws.teamId);
        return ok("channel", o);
    }

    private JsonObject usersInfo(Call c) {
        String id = c.require("user", "user_not_found");
        FakeUser u = ws.user(id).orElseThrow(() -> new SlackError("user_not_found"));
        return ok("user", u.toJson());
    }

    private JsonObject usergroupsUsersList(Call c) {
        String id = c.require("usergroup", "no_such_subteam");
        List<String> members = ws.usergroup(id).orElseThrow(() -> new SlackError("no_such_subteam"));
        return ok("users", members);
    }

    private JsonObject teamInfo(Call c) {
        return ok(
                "team",
                Json.obj(
                        "id",
                        c.team.id(),
                        "name",
                        c.team.name(),
                        "domain",
                        c.team.domain(),
                        "email_domain",
                        "",
                        "icon",
                        Json.obj("image_default", true)));
    }
}
