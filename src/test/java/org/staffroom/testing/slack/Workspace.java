package org.staffroom.testing.slack;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The fake workspace's state: channels, messages with threads and reactions, users, user groups, views,
 * trigger ids and response URLs. One coarse lock keeps it simple and consistent; the fake is not a hot path.
 */
final class Workspace {

    /** Slack lets a {@code trigger_id} be exchanged once, within 3 seconds. */
    static final Duration TRIGGER_TTL = Duration.ofSeconds(3);
    /** Slack documents up to five uses of a {@code response_url} within 30 minutes. */
    static final int RESPONSE_URL_MAX_USES = 5;

    static final Duration RESPONSE_URL_TTL = Duration.ofMinutes(30);

    final String teamId;
    final String teamName;
    final String teamDomain;
    final String appId;
    final String botId;
    final String botUserId;
    final String botName;
    private final Clock clock;

    private long lastTsMicros;
    private long idCounter = 1;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, List<Msg>> messages = new LinkedHashMap<>();
    private final Map<String, FakeUser> users = new LinkedHashMap<>();
    private final Map<String, List<String>> usergroups = new LinkedHashMap<>();
    private final Map<String, StoredView> views = new LinkedHashMap<>();
    private final Map<String, String> homeViewByUser = new LinkedHashMap<>();
    private final List<JsonObject> ephemerals = new ArrayList<>();
    private final Map<String, Trigger> triggers = new LinkedHashMap<>();
    private final Map<String, ResponseUrl> responseUrls = new LinkedHashMap<>();
    private final Map<String, HostedFile> files = new LinkedHashMap<>();
    private final Map<String, OAuthGrant> oauthCodes = new LinkedHashMap<>();

    /** What an OAuth code stands for: who approved the app, in which workspace. */
    record OAuthGrant(String installer, String teamId, String teamName) {}
    /** The OAuth client (id, secret) oauth.v2.access accepts; null when OAuth is not set up. */
    volatile String[] oauthClient;

    Workspace(
            String teamId,
            String teamName,
            String teamDomain,
            String appId,
            String botId,
            String botUserId,
            String botName,
            Clock clock) {
        this.teamId = teamId;
        this.teamName = teamName;
        this.teamDomain = teamDomain;
        this.appId = appId;
        this.botId = botId;
        this.botUserId = botUserId;
        this.botName = botName;
        this.clock = clock;
        users.put(botUserId, new FakeUser(botUserId, botName, botName, botName, "Europe/London", teamId, true));
    }

    Clock clock() {
        return clock;
    }

    // ------------------------------------------------------------------ ids and timestamps

    /**
     * A unique, strictly increasing message ts ({@code seconds.micros}) near the clock's time, so that
     * {@code oldest}/{@code latest} filters behave as with real Slack even under a fixed test clock.
     */
    synchronized String nextTs() {
        Instant now = clock.instant();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000L;
        lastTsMicros = Math.max(micros, lastTsMicros + 100);
        return String.format(Locale.ROOT, "%d.%06d", lastTsMicros / 1_000_000L, lastTsMicros % 1_000_000L);
    }

    synchronized String newId(String prefix) {
        return prefix + String.format(Locale.ROOT, "%08d", idCounter++);
    }

    static int compareTs(String a, String b) {
        return new BigDecimal(a).compareTo(new BigDecimal(b));
    }

    // ------------------------------------------------------------------ channels and users

    static final class Channel {
        final String id;
        final String name;
        final String imUser;
        final Instant created;

        Channel(String id, String name, String imUser, Instant created) {
            this.id = id;
            this.name = name;
            this.imUser = imUser;
            this.created = created;
        }

        boolean isIm() {
            return id.startsWith("D");
        }

        boolean isPrivate() {
            return id.startsWith("G");
        }

        /** {@code channel_type} as Events API message events carry it. */
        String channelType() {
            return isIm() ? "im" : isPrivate() ? "group" : "channel";
        }
    }

    synchronized Channel addChannel(String id, String name) {
        Channel c = new Channel(id, name, null, clock.instant());
        channels.put(id, c);
        return c;
    }

    /** Channels appear on first use, so tests need not declare every channel they post to. */
    synchronized Channel channel(String id) {
        if (id == null || id.isBlank()) {
            throw new SlackError("channel_not_found");
        }
        return channels.computeIfAbsent(id, k -> new Channel(k, k.toLowerCase(Locale.ROOT), null, clock.instant()));
    }

    synchronized Optional<Channel> findChannel(String id) {
        return Optional.ofNullable(channels.get(id));
    }

    /** The DM channel with a user: {@code D} + the user id without its {@code U}, stable per user. */
    synchronized String dmChannel(String userId) {
        String id = "D" + (userId.startsWith("U") || userId.startsWith("W") ? userId.substring(1) : userId);
        channels.computeIfAbsent(id, k -> new Channel(k, k, userId, clock.instant()));
        return id;
    }

    synchronized void addUser(FakeUser user) {
        users.put(user.id(), user.withTeam(teamId));
    }

    synchronized Optional<FakeUser> user(String id) {
        return Optional.ofNullable(users.get(id));
    }

    synchronized void addUsergroup(String id, List<String> members) {
        usergroups.put(id, new ArrayList<>(members));
    }

    synchronized Optional<List<String>> usergroup(String id) {
        return Optional.ofNullable(usergroups.get(id)).map(List::copyOf);
    }

    // ------------------------------------------------------------------ messages

    /** Mutable message; only ever touched under the workspace lock. */
    final class Msg {
        final String channel;
        final String ts;
        String threadTs;
        final String user;
        final String botIdOfPoster;
        String subtype;
        String text;
        JsonArray blocks;
        JsonArray attachments;
        JsonArray files;
        JsonObject metadata;
        Boolean unfurlLinks;
        Boolean unfurlMedia;
        boolean replyBroadcast;
        String editedTs;
        final Map<String, List<String>> reactions = new LinkedHashMap<>();

        Msg(String channel, String ts, String user, String botIdOfPoster) {
            this.channel = channel;
            this.ts = ts;
            this.user = user;
            this.botIdOfPoster = botIdOfPoster;
        }

        boolean isReply() {
            return threadTs != null && !threadTs.equals(ts);
        }

        StoredMessage snapshot() {
            Map<String, List<String>> r = new LinkedHashMap<>();
            reactions.forEach((k, v) -> r.put(k, List.copyOf(v)));
            return new StoredMessage(
                    channel,
                    ts,
                    threadTs,
                    user,
                    botIdOfPoster,
                    text,
                    Json.copy(blocks),
                    Json.copy(metadata),
                    unfurlLinks,
                    unfurlMedia,
                    replyBroadcast,
                    editedTs != null,
                    Collections.unmodifiableMap(r),
                    Json.copy(files));
        }

        /** The message object as {@code conversations.history}, {@code chat.postMessage} etc. return it. */
        JsonObject toApiJson(boolean includeMetadata) {
            JsonObject o = Json.obj(
                    "type",
                    "message",
                    "subtype",
                    subtype,
                    "user",
                    user,
                    "bot_id",
                    botIdOfPoster,
                    "app_id",
                    botIdOfPoster != null ? appId : null,
                    "text",
                    text == null ? "" : text,
                    "ts",
                    ts,
                    "team",
                    teamId,
                    "blocks",
                    Json.copy(blocks),
                    "attachments",
                    Json.copy(attachments),
                    "files",
                    Json.copy(files),
                    "thread_ts",
                    threadTs);
            if (botIdOfPoster != null) {
                o.add(
                        "bot_profile",
                        Json.obj(
                                "id",
                                botIdOfPoster,
                                "app_id",
                                appId,
                                "name",
                                botName,
                                "team_id",
                                teamId,
                                "deleted",
                                false));
            }
            if (isReply()) {
                parent(this).ifPresent(p -> o.addProperty("parent_user_id", p.user));
            } else if (threadTs != null) {
                List<Msg> replies = repliesOf(this);
                o.addProperty("reply_count", replies.size());
                List<String> replyUsers =
                        replies.stream().map(m -> m.user).distinct().collect(Collectors.toList());
                o.add("reply_users", Json.toElement(replyUsers));
                o.addProperty("reply_users_count", replyUsers.size());
                if (!replies.isEmpty()) {
                    o.addProperty("latest_reply", replies.get(replies.size() - 1).ts);
                }
            }
            if (editedTs != null) {
                o.add("edited", Json.obj("user", user, "ts", editedTs));
            }
            if (!reactions.isEmpty()) {
                o.add("reactions", reactionsJson());
            }
            if (includeMetadata && metadata != null) {
                o.add("metadata", metadata.deepCopy());
            }
            return o;
        }

        JsonArray reactionsJson() {
            JsonArray a = new JsonArray();
            reactions.forEach((name, who) -> a.add(Json.obj("name", name, "users", who, "count", who.size())));
            return a;
        }
    }

    private List<Msg> list(String channel) {
        return messages.computeIfAbsent(channel, k -> new ArrayList<>());
    }

    private Optional<Msg> parent(Msg reply) {
        return find(reply.channel, reply.threadTs);
    }

    private List<Msg> repliesOf(Msg parent) {
        return list(parent.channel).stream()
                .filter(m -> parent.ts.equals(m.threadTs) && m.isReply())
                .collect(Collectors.toList());
    }

    synchronized Optional<Msg> find(String channel, String ts) {
        if (channel == null || ts == null) {
            return Optional.empty();
        }
        return list(channel).stream().filter(m -> m.ts.equals(ts)).findFirst();
    }

    synchronized Msg requireMessage(String channel, String ts) {
        return find(channel, ts).orElseThrow(() -> new SlackError("message_not_found"));
    }

    /** Adds a message (from the bot or a user), keeping each channel ordered by ts. */
    synchronized Msg addMessage(String channelId, String user, String botIdOfPoster, String threadTs) {
        Channel channel = channel(channelId);
        Msg m = new Msg(channel.id, nextTs(), user, botIdOfPoster);
        if (threadTs != null && !threadTs.isBlank()) {
            Msg parent = find(channel.id, threadTs).orElse(null);
            if (parent != null && parent.isReply()) {
                threadTs = parent.threadTs; // replies to a reply land in the same thread, as in Slack
            }
            m.threadTs = threadTs;
            if (parent != null && parent.threadTs == null) {
                parent.threadTs = parent.ts;
            }
        }
        List<Msg> l = list(channel.id);
        l.add(m);
        l.sort(Comparator.comparing((Msg x) -> new BigDecimal(x.ts)));
        return m;
    }

    synchronized Msg deleteMessage(String channel, String ts) {
        Msg m = requireMessage(channel, ts);
        list(channel).remove(m);
        return m;
    }

    synchronized List<StoredMessage> snapshot(String channel, boolean topLevelOnly) {
        return list(channel).stream()
                .filter(m -> !topLevelOnly || !m.isReply() || m.replyBroadcast)
                .map(Msg::snapshot)
                .collect(Collectors.toList());
    }

    synchronized List<StoredMessage> threadSnapshot(String channel, String threadTs) {
        return list(channel).stream()
                .filter(m -> m.ts.equals(threadTs) || threadTs.equals(m.threadTs))
                .map(Msg::snapshot)
                .collect(Collectors.toList());
    }

    synchronized List<String> channelIdsWithMessages() {
        return messages.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    /**
     * {@code conversations.history}: top-level messages (and broadcast replies), newest first,
     * {@code oldest}/{@code latest} exclusive unless {@code inclusive}.
     */
    synchronized List<Msg> history(String channel, String oldest, String latest, boolean inclusive) {
        channel(channel);
        List<Msg> out = new ArrayList<>();
        for (Msg m : list(channel)) {
            if (m.isReply() && !m.replyBroadcast) {
                continue;
            }
            if (inWindow(m.ts, oldest, latest, inclusive)) {
                out.add(m);
            }
        }
        Collections.reverse(out);
        return out;
    }

    /** {@code conversations.replies}: the parent first, then replies oldest first. */
    synchronized List<Msg> replies(String channel, String ts, String oldest, String latest, boolean inclusive) {
        Msg parent = find(channel, ts).orElseThrow(() -> new SlackError("thread_not_found"));
        String root = parent.isReply() ? parent.threadTs : parent.ts;
        List<Msg> out = new ArrayList<>();
        for (Msg m : list(channel)) {
            boolean inThread = m.ts.equals(root) || root.equals(m.threadTs);
            if (inThread && (m.ts.equals(root) || inWindow(m.ts, oldest, latest, inclusive))) {
                out.add(m);
            }
        }
        return out;
    }

    private static boolean inWindow(String ts, String oldest, String latest, boolean inclusive) {
        if (oldest != null && !oldest.isBlank() && !"0".equals(oldest)) {
            int c = compareTs(ts, oldest);
            if (c < 0 || (c == 0 && !inclusive)) {
                return false;
            }
        }
        if (latest != null && !latest.isBlank()) {
            int c = compareTs(ts, latest);
            return c < 0 || (c == 0 && inclusive);
        }
        return true;
    }

    synchronized void addReaction(String channel, String ts, String name, String user) {
        Msg m = requireMessage(channel, ts);
        List<String> who = m.reactions.computeIfAbsent(name, k -> new ArrayList<>());
        if (who.contains(user)) {
            throw new SlackError("already_reacted");
        }
        who.add(user);
    }

    synchronized void removeReaction(String channel, String ts, String name, String user) {
        Msg m = requireMessage(channel, ts);
        List<String> who = m.reactions.get(name);
        if (who == null || !who.remove(user)) {
            throw new SlackError("no_reaction");
        }
        if (who.isEmpty()) {
            m.reactions.remove(name);
        }
    }

    synchronized void addEphemeral(JsonObject e) {
        ephemerals.add(e);
    }

    synchronized List<JsonObject> ephemerals() {
        return ephemerals.stream().map(JsonObject::deepCopy).collect(Collectors.toList());
    }

    // ------------------------------------------------------------------ views

    synchronized StoredView saveView(
            String existingId,
            JsonObject viewInput,
            String userId,
            String method,
            String rootViewId,
            String previousViewId) {
        String id = existingId != null ? existingId : newId("V");
        String hash = clock.millis() + "." + UUID.randomUUID().toString().substring(0, 8);
        JsonObject v = viewInput.deepCopy();
        String type = Json.str(v, "type");
        if (type == null) {
            throw new SlackError("invalid_arguments");
        }
        v.addProperty("id", id);
        v.addProperty("team_id", teamId);
        v.addProperty("hash", hash);
        v.addProperty("app_id", appId);
        v.addProperty("bot_id", botId);
        v.addProperty("app_installed_team_id", teamId);
        v.addProperty("root_view_id", rootViewId != null ? rootViewId : id);
        if (previousViewId != null) {
            v.addProperty("previous_view_id", previousViewId);
        }
        if (!v.has("private_metadata")) {
            v.addProperty("private_metadata", "");
        }
        if (!v.has("callback_id")) {
            v.addProperty("callback_id", "");
        }
        if (!v.has("external_id")) {
            v.addProperty("external_id", "");
        }
        if (!v.has("blocks")) {
            v.add("blocks", new JsonArray());
        }
        v.add("state", Json.obj("values", new JsonObject()));
        StoredView sv = new StoredView(
                id,
                type,
                userId,
                Json.str(v, "callback_id"),
                Json.str(v, "private_metadata"),
                Json.str(v, "external_id"),
                hash,
                Json.str(v, "root_view_id"),
                v,
                method);
        views.put(id, sv);
        if ("home".equals(type) && userId != null) {
            homeViewByUser.put(userId, id);
        }
        return sv;
    }

    synchronized Optional<StoredView> view(String id) {
        return Optional.ofNullable(views.get(id));
    }

    synchronized Optional<StoredView> viewByExternalId(String externalId) {
        return views.values().stream()
                .filter(v -> externalId.equals(v.externalId()))
                .findFirst();
    }

    synchronized Optional<StoredView> homeView(String userId) {
        return Optional.ofNullable(homeViewByUser.get(userId)).map(views::get);
    }

    synchronized List<StoredView> views() {
        return List.copyOf(views.values());
    }

    // ------------------------------------------------------------------ triggers and response URLs

    private static final class Trigger {
        final String userId;
        final Instant issued;
        boolean used;

        Trigger(String userId, Instant issued) {
            this.userId = userId;
            this.issued = issued;
        }
    }

    private static final class ResponseUrl {
        final Instant issued;
        int uses;

        ResponseUrl(Instant issued) {
            this.issued = issued;
        }
    }

    synchronized String issueTrigger(String userId) {
        String id = clock.millis() / 1000 + "." + (100_000 + idCounter++) + "."
                + UUID.randomUUID().toString().replace("-", "");
        triggers.put(id, new Trigger(userId, clock.instant()));
        return id;
    }

    /** Exchanges a trigger id once within its TTL, like Slack; returns the user it was issued for. */
    synchronized String exchangeTrigger(String triggerId) {
        Trigger t = triggerId == null ? null : triggers.get(triggerId);
        if (t == null) {
            throw new SlackError("invalid_trigger_id");
        }
        if (t.used) {
            throw new SlackError("trigger_exchanged");
        }
        if (Duration.between(t.issued, clock.instant()).compareTo(TRIGGER_TTL) > 0) {
            throw new SlackError("expired_trigger_id");
        }
        t.used = true;
        return t.userId;
    }

    /** A code oauth.v2.access exchanges once for the bot token; {@code installer} is the authed user. */
    synchronized String issueOAuthCode(String installer) {
        return issueOAuthCode(installer, teamId, teamName);
    }

    /** A code as if the app had been approved in another workspace ({@code teamId}), e.g. a stranger's. */
    synchronized String issueOAuthCode(String installer, String teamId, String teamName) {
        String code = clock.millis() + "." + UUID.randomUUID().toString().replace("-", "");
        oauthCodes.put(code, new OAuthGrant(installer, teamId, teamName));
        return code;
    }

    /** The grant of an unused code (the code is used up), or null. */
    synchronized OAuthGrant exchangeOAuthCode(String code) {
        return code == null ? null : oauthCodes.remove(code);
    }

    synchronized String issueResponseUrlId() {
        String id = UUID.randomUUID().toString().replace("-", "");
        responseUrls.put(id, new ResponseUrl(clock.instant()));
        return id;
    }

    /** Counts one use; false when unknown, used up or expired. */
    synchronized boolean useResponseUrl(String id) {
        ResponseUrl r = responseUrls.get(id);
        if (r == null
                || r.uses >= RESPONSE_URL_MAX_USES
                || Duration.between(r.issued, clock.instant()).compareTo(RESPONSE_URL_TTL) > 0) {
            return false;
        }
        r.uses++;
        return true;
    }

    // ------------------------------------------------------------------ hosted files

    /** Bytes served at a file's {@code url_private}, which needs the bot token as Slack's does. */
    static final class HostedFile {
        final String id;
        final String name;
        final String mimetype;
        final byte[] bytes;

        HostedFile(String id, String name, String mimetype, byte[] bytes) {
            this.id = id;
            this.name = name;
            this.mimetype = mimetype;
            this.bytes = bytes.clone();
        }
    }

    synchronized HostedFile hostFile(String name, String mimetype, byte[] bytes) {
        HostedFile f = new HostedFile(newId("F"), name, mimetype, bytes);
        files.put(f.id, f);
        return f;
    }

    synchronized Optional<HostedFile> hostedFile(String id) {
        return Optional.ofNullable(files.get(id));
    }
}
