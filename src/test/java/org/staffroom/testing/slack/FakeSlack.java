package org.staffroom.testing.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.slack.api.SlackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A loopback fake of Slack: the Web API over HTTP and Socket Mode over WebSocket, both on free ports on
 * 127.0.0.1, with recording, channel state and fault injection. Start one per test (they are cheap) and
 * point Bolt at it with {@link #slackConfig()}:
 *
 * <pre>{@code
 * try (FakeSlack slack = FakeSlack.start()) {
 *     App app = new App(AppConfig.builder().slack(Slack.getInstance(slack.slackConfig()))
 *             .singleTeamBotToken(slack.botToken()).build());
 *     SocketModeApp sm = new SocketModeApp(slack.appToken(), SocketModeClient.Backend.JavaWebSocket, app);
 *     sm.startAsync();
 *     Envelope e = slack.pushEvent(slack.payloads().message("C1", "U1", "hello"));
 *     e.awaitAck(Duration.ofSeconds(3));
 * }
 * }</pre>
 *
 * <p>The app may be installed in more workspaces than the first ({@link Builder#workspace}): each has its
 * own team id and bot token, its channels ({@link Builder#channelIn}) are not found under another's token,
 * {@code auth.test} and {@code oauth.v2.access} answer each its own team and token, workspace-wide rate
 * limits count each workspace apart, and {@link #payloads(String)} builds payloads from it. They share one
 * Socket Mode connection (one app) and one store of users and messages (channel ids are unique across them).
 *
 * <p>All methods are thread-safe. Waiting methods fail with {@link AssertionError} on timeout.
 */
public final class FakeSlack implements AutoCloseable {

    /** {@code chat.postMessage} and friends: scopes reported in {@code x-oauth-scopes} for the bot token. */
    public static final String DEFAULT_SCOPES = "chat:write,reactions:read,reactions:write,channels:history,"
            + "groups:history,im:history,im:write,mpim:history,users:read,usergroups:read,team:read,commands,"
            + "app_mentions:read,files:read";

    /** A workspace the fake's app is installed in: its team and the bot token that speaks there. */
    public record Team(String id, String name, String domain, String botToken) {
        @Override
        public String toString() {
            return "Team[" + id + ", " + name + "]"; // not the token
        }
    }

    private final Workspace ws;
    /** The first workspace (the builder's {@code team}), then the others in the order they were added. */
    private final List<Team> teams;

    private final Map<String, SlackPayloads> payloadsByTeam = new LinkedHashMap<>();
    private final String botToken;
    private final String appToken;
    private final Faults faults = new Faults();
    private final WebApiServer web;
    private final SocketModeServer socket;
    private final SlackPayloads payloads;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Channel id to the team id of its workspace. */
    private final Map<String, String> channelTeams = new ConcurrentHashMap<>();

    private FakeSlack(Builder b) {
        this.ws = new Workspace(b.teamId, b.teamName, b.teamDomain, b.appId, b.botId, b.botUserId, b.botName, b.clock);
        this.botToken = b.botToken;
        this.appToken = b.appToken;
        List<Team> all = new ArrayList<>();
        all.add(new Team(b.teamId, b.teamName, b.teamDomain, b.botToken));
        all.addAll(b.otherTeams);
        this.teams = List.copyOf(all);
        b.users.forEach(ws::addUser);
        b.channels.forEach(ws::addChannel);
        b.channels.keySet().forEach(c -> channelTeams.put(c, b.teamId));
        b.teamChannels.forEach((id, teamAndName) -> {
            ws.addChannel(id, teamAndName[1]);
            channelTeams.put(id, teamAndName[0]);
        });
        b.usergroups.forEach(ws::addUsergroup);
        ws.oauthClient = b.oauthClientId == null ? null : new String[] {b.oauthClientId, b.oauthClientSecret};
        this.socket = new SocketModeServer(b.clock, b.appId);
        socket.sendHello = b.sendHello;
        socket.redeliverOnReconnect = b.redeliverUnackedOnReconnect;
        Map<String, String> tokens = new LinkedHashMap<>();
        Map<String, Team> tokenTeams = new LinkedHashMap<>();
        Map<String, Team> byId = new LinkedHashMap<>();
        for (Team t : teams) {
            tokens.put(t.botToken(), WebApiMethods.BOT);
            tokenTeams.put(t.botToken(), t);
            byId.put(t.id(), t);
        }
        tokens.put(b.appToken, WebApiMethods.APP);
        tokenTeams.put(b.appToken, teams.get(0));
        try {
            this.web = new WebApiServer(
                    ws,
                    new WebApiMethods(ws, this::socketModeUrl, b.botToken, b.scopes, byId),
                    faults,
                    tokens,
                    tokenTeams,
                    channelTeams,
                    b.scopes);
            socket.startAndWait();
            web.start();
        } catch (IOException e) {
            socket.shutdown();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socket.shutdown();
            throw new IllegalStateException(e);
        }
        this.payloads = new SlackPayloads(ws, baseUrl(), teams.get(0));
        payloadsByTeam.put(teams.get(0).id(), payloads);
        for (Team t : teams.subList(1, teams.size())) payloadsByTeam.put(t.id(), new SlackPayloads(ws, baseUrl(), t));
        // The log scan (S7) looks for every one of these in the output of the whole test run.
        org.staffroom.testing.Secrets.register(botToken, appToken, b.oauthClientSecret);
        teams.subList(1, teams.size()).forEach(t -> org.staffroom.testing.Secrets.register(t.botToken()));
    }

    /** A fake with default identities and tokens. */
    public static FakeSlack start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ================================================================== wiring

    /** {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return "http://127.0.0.1:" + web.port();
    }

    /** What to give {@code SlackConfig#setMethodsEndpointUrlPrefix}: {@code http://127.0.0.1:<port>/api/}. */
    public String apiUrlPrefix() {
        return baseUrl() + "/api/";
    }

    /** A fresh Socket Mode URL with a new ticket, as {@code apps.connections.open} returns. */
    public String socketModeUrl() {
        return "ws://127.0.0.1:" + socket.getPort() + "/link/?ticket=" + UUID.randomUUID() + "&app_id=" + ws.appId;
    }

    /** A new {@link SlackConfig} whose Web API calls go to this fake. */
    public SlackConfig slackConfig() {
        SlackConfig c = new SlackConfig();
        c.setMethodsEndpointUrlPrefix(apiUrlPrefix());
        return c;
    }

    public String botToken() {
        return botToken;
    }

    public String appToken() {
        return appToken;
    }

    public String teamId() {
        return ws.teamId;
    }

    public String teamDomain() {
        return ws.teamDomain;
    }

    public String appId() {
        return ws.appId;
    }

    public String botId() {
        return ws.botId;
    }

    public String botUserId() {
        return ws.botUserId;
    }

    /** Payload builders bound to this fake's (first) team, app, trigger ids and response URLs. */
    public SlackPayloads payloads() {
        return payloads;
    }

    /** Payload builders for workspace {@code teamId}: its events and commands carry its team. */
    public SlackPayloads payloads(String teamId) {
        SlackPayloads p = payloadsByTeam.get(teamId);
        if (p == null) throw new IllegalArgumentException("no workspace " + teamId + " in this fake");
        return p;
    }

    /** Every workspace the app is installed in, the first one first. */
    public List<Team> teams() {
        return teams;
    }

    /** The bot token of workspace {@code teamId}. */
    public String botToken(String teamId) {
        return teams.stream()
                .filter(t -> t.id().equals(teamId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no workspace " + teamId + " in this fake"))
                .botToken();
    }

    // ================================================================== Web API recording

    /** Every Web API call so far, in arrival order. */
    public List<RecordedCall> calls() {
        return web.calls.all();
    }

    public List<RecordedCall> calls(String method) {
        return web.calls.matching(c -> c.method().equals(method));
    }

    public int callCount(String method) {
        return calls(method).size();
    }

    /** Waits for a call to {@code method} that matches; fails the test when none comes in time. */
    public RecordedCall awaitCall(String method, Predicate<RecordedCall> match, Duration timeout) {
        return web.calls
                .await(c -> c.method().equals(method) && match.test(c), timeout)
                .orElseThrow(() -> new AssertionError(
                        "no matching " + method + " call within " + timeout + "; calls were: " + summary()));
    }

    public RecordedCall awaitCall(String method, Duration timeout) {
        return awaitCall(method, c -> true, timeout);
    }

    /** Waits until {@code method} has been called at least {@code n} times in all. */
    public void awaitCallCount(String method, int n, Duration timeout) {
        if (!web.calls.awaitCount(c -> c.method().equals(method), n, timeout)) {
            throw new AssertionError(
                    "expected " + n + " " + method + " calls within " + timeout + ", saw " + callCount(method));
        }
    }

    /** Forgets recorded calls and response URL posts (state and faults stay). */
    public void clearCalls() {
        web.calls.clear();
        web.responseUrlPosts.clear();
    }

    private String summary() {
        return calls().stream().map(c -> c.method() + "(" + c.status() + ")").collect(Collectors.joining(", "));
    }

    public List<ResponseUrlPost> responseUrlPosts() {
        return web.responseUrlPosts.all();
    }

    public ResponseUrlPost awaitResponseUrlPost(Predicate<ResponseUrlPost> match, Duration timeout) {
        return web.responseUrlPosts
                .await(match, timeout)
                .orElseThrow(() -> new AssertionError("no matching response_url post within " + timeout));
    }

    // ================================================================== channel state

    /** Top-level messages of a channel (and replies also sent to the channel), oldest first. */
    public List<StoredMessage> messages(String channel) {
        return ws.snapshot(channel, true);
    }

    /** Every message of a channel including thread replies, oldest first. */
    public List<StoredMessage> allMessages(String channel) {
        return ws.snapshot(channel, false);
    }

    /** A thread: the parent, then replies oldest first. */
    public List<StoredMessage> thread(String channel, String threadTs) {
        return ws.threadSnapshot(channel, threadTs);
    }

    public Optional<StoredMessage> message(String channel, String ts) {
        synchronized (ws) {
            return ws.find(channel, ts).map(Workspace.Msg::snapshot);
        }
    }

    /** Every message the bot posted, across channels, oldest first per channel. */
    public List<StoredMessage> botMessages() {
        List<StoredMessage> out = new ArrayList<>();
        for (String c : ws.channelIdsWithMessages()) {
            ws.snapshot(c, false).stream()
                    .filter(m -> ws.botUserId.equals(m.user()))
                    .forEach(out::add);
        }
        return out;
    }

    /** Emoji name to users, for one message (empty if the message is unknown). */
    public Map<String, List<String>> reactions(String channel, String ts) {
        return message(channel, ts).map(StoredMessage::reactions).orElse(Map.of());
    }

    /** Stores a user's message without pushing any event (use {@link SlackPayloads#message} for both). */
    public StoredMessage addUserMessage(String channel, String user, String text) {
        synchronized (ws) {
            Workspace.Msg m = ws.addMessage(channel, user, null, null);
            m.text = text;
            return m.snapshot();
        }
    }

    /** Adds a user's reaction to the stored message without pushing an event. */
    public void addReaction(String channel, String ts, String name, String user) {
        ws.addReaction(channel, ts, name, user);
    }

    public List<StoredView> views() {
        return ws.views();
    }

    public Optional<StoredView> view(String viewId) {
        return ws.view(viewId);
    }

    public Optional<StoredView> homeView(String userId) {
        return ws.homeView(userId);
    }

    /** Ephemeral messages posted with {@code chat.postEphemeral} (channel, user, text, blocks, message_ts). */
    public List<JsonObject> ephemeralMessages() {
        return ws.ephemerals();
    }

    /** The DM channel id the fake uses for a user ({@code D…}). */
    public String dmChannel(String userId) {
        return ws.dmChannel(userId);
    }

    public void addUser(FakeUser user) {
        ws.addUser(user);
    }

    public void addChannel(String id, String name) {
        ws.addChannel(id, name);
        channelTeams.put(id, ws.teamId);
    }

    public void addUsergroup(String id, List<String> members) {
        ws.addUsergroup(id, members);
    }

    // ================================================================== OAuth

    /**
     * The code Slack would put on the redirect after {@code installer} approved the app: oauth.v2.access
     * exchanges it once (with the client id and secret from {@link Builder#oauthClient}) for this fake's bot
     * token, bot user and team.
     */
    public String issueOAuthCode(String installer) {
        return ws.issueOAuthCode(installer);
    }

    /** A code as if {@code installer} had approved the app in another workspace, e.g. one that is not the trust's. */
    public String issueOAuthCode(String installer, String teamId, String teamName) {
        return ws.issueOAuthCode(installer, teamId, teamName);
    }

    // ================================================================== Socket Mode

    /**
     * Pushes an envelope: {@code type} is {@code events_api}, {@code slash_commands} or {@code interactive}.
     * It goes to the newest healthy connection, or waits for the next one.
     */
    public Envelope push(String type, JsonObject payload) {
        return push(type, payload, 0, "");
    }

    public Envelope push(String type, JsonObject payload, int retryAttempt, String retryReason) {
        return socket.push(type, payload, acceptsResponse(type, payload), retryAttempt, retryReason, null);
    }

    /**
     * Pushes an envelope exactly as given, however odd: any {@code type} (Slack may add new ones) and any
     * payload (a string, an array), to show the client acknowledges what it cannot read.
     */
    public Envelope pushRaw(String type, JsonElement payload) {
        return socket.push(type, payload, false, 0, "", null);
    }

    /** Slack offers a response payload for commands, view submissions and suggestions. */
    private static boolean acceptsResponse(String type, JsonObject payload) {
        if ("slash_commands".equals(type)) {
            return true;
        }
        String t = Json.str(payload, "type");
        return "interactive".equals(type) && ("view_submission".equals(t) || "block_suggestion".equals(t));
    }

    /** Pushes an {@code events_api} envelope; a bare event is wrapped with a fresh {@code event_id}. */
    public Envelope pushEvent(JsonObject eventOrCallback) {
        return push("events_api", asCallback(eventOrCallback));
    }

    /** Wrapped for the workspace the event names in {@code team} (the first one when it names none of them). */
    private JsonObject asCallback(JsonObject eventOrCallback) {
        if ("event_callback".equals(Json.str(eventOrCallback, "type"))) return eventOrCallback;
        SlackPayloads p = payloadsByTeam.getOrDefault(Json.str(eventOrCallback, "team"), payloads);
        return p.eventCallback(eventOrCallback);
    }

    public Envelope pushSlashCommand(JsonObject command) {
        return push("slash_commands", command);
    }

    public Envelope pushInteractive(JsonObject payload) {
        return push("interactive", payload);
    }

    /** Waits for the ack of an envelope and returns it (its {@code payload} may be null). */
    public Ack awaitAck(String envelopeId, Duration timeout) {
        return requireEnvelope(envelopeId).awaitAck(timeout);
    }

    public Envelope envelope(String id) {
        return requireEnvelope(id);
    }

    private Envelope requireEnvelope(String id) {
        Envelope e = socket.envelope(id);
        if (e == null) {
            throw new IllegalArgumentException("unknown envelope " + id);
        }
        return e;
    }

    /** Every envelope pushed, retried or redelivered, in order. */
    public List<Envelope> envelopes() {
        return socket.envelopes();
    }

    /** Retries and redeliveries of an envelope (new envelope ids, same payload). */
    public List<Envelope> redeliveriesOf(String envelopeId) {
        return socket.envelopes().stream()
                .filter(e -> envelopeId.equals(e.redeliveryOf()))
                .collect(Collectors.toList());
    }

    /** Waits for a redelivery of an envelope to be acked and returns that redelivery. */
    public Envelope awaitAckedRedelivery(String envelopeId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Envelope e : redeliveriesOf(envelopeId)) {
                if (e.acked()) {
                    return e;
                }
            }
            sleepQuietly(10);
        }
        throw new AssertionError("no acked redelivery of " + envelopeId + " within " + timeout + "; redeliveries: "
                + redeliveriesOf(envelopeId));
    }

    /** Ack latencies of every acked envelope, in push order. */
    public List<Duration> ackLatencies() {
        return socket.envelopes().stream()
                .map(Envelope::ackLatency)
                .flatMap(Optional::stream)
                .collect(Collectors.toList());
    }

    /** Envelopes written to a socket and not (yet) acked. */
    public List<Envelope> unacked() {
        return socket.envelopes().stream()
                .filter(e -> !e.acked() && e.sentAt() != null)
                .collect(Collectors.toList());
    }

    /** Envelopes waiting for a healthy connection (none open, or all half-open). */
    public int queuedEnvelopes() {
        return socket.pendingCount();
    }

    /** Acks whose envelope id the fake never sent. */
    public List<String> strayAcks() {
        return socket.strayAcks.all();
    }

    /** Every frame the client sent (acks included), as text. */
    public List<String> inboundFrames() {
        return socket.inbound.all();
    }

    /**
     * Sends {@code {"type":"disconnect","reason":…}} on every healthy connection (reasons Slack uses:
     * {@code warning}, {@code refresh_requested}, {@code too_many_websockets}); leaves them open, except
     * that after {@code refresh_requested} it closes them 5 s later, as Slack does.
     */
    public void sendDisconnect(String reason) {
        // Slack closes a socket it asked to be refreshed about 5 s later, whether or not the client moved.
        socket.sendDisconnect(reason, "refresh_requested".equals(reason) ? Duration.ofSeconds(5) : null);
    }

    /** Sends {@code disconnect}, then closes those sockets (code 1000) after {@code closeAfter}, as Slack does. */
    public void sendDisconnect(String reason, Duration closeAfter) {
        socket.sendDisconnect(reason, closeAfter);
    }

    /** Closes every socket abruptly, without a close frame (the client sees 1006). */
    public void dropConnections() {
        socket.dropConnections();
    }

    /** Makes the current sockets half-open: no pongs, nothing delivered, client frames lost. */
    public void halfOpen() {
        socket.halfOpen();
    }

    /** Connections that are open and not half-open. */
    public int openConnections() {
        return socket.openConnections();
    }

    /** Every connection so far, in order of opening. */
    public List<ConnectionInfo> connections() {
        return socket.connections();
    }

    public int connectCount() {
        return socket.connections().size();
    }

    /** Waits until the {@code n}-th connection (counting from 1 since start) has opened. */
    public ConnectionInfo awaitConnection(int n, Duration timeout) {
        if (!socket.opened.awaitCount(c -> true, n, timeout)) {
            throw new AssertionError("expected connection #" + n + " within " + timeout + "; saw " + connectCount());
        }
        return socket.connections().get(n - 1);
    }

    /**
     * While on, every frame the client sends (acks included) is lost: as if the process died after
     * receiving an envelope and before its ack left. Un-acked envelopes are retried as usual.
     */
    public void loseAcks(boolean on) {
        socket.loseAcks = on;
    }

    /** On (default): envelopes left un-acked on a closed socket are retried on a healthy one. */
    public void redeliverUnackedOnReconnect(boolean on) {
        socket.redeliverOnReconnect = on;
    }

    /**
     * Retries envelopes not acked within {@code after}, up to {@code maxRetries} times (Slack retries
     * un-acked Events API deliveries; it waits longer, tests compress it). Null turns it off.
     */
    public void retryUnackedAfter(Duration after, int maxRetries) {
        socket.retryUnackedAfter(after, maxRetries);
    }

    /** Retries an envelope now: new envelope id, same payload, {@code retry_attempt + 1}. */
    public Envelope redeliver(String envelopeId, String retryReason) {
        return socket.retry(requireEnvelope(envelopeId), retryReason);
    }

    /** Writes the very same envelope (same envelope id) again. */
    public void resendSameEnvelope(String envelopeId) {
        socket.resend(requireEnvelope(envelopeId));
    }

    /** The same event under a new {@code event_id} and envelope, no retry marks (seen from Slack). */
    public Envelope pushWithNewEventId(String envelopeId) {
        Envelope e = requireEnvelope(envelopeId);
        JsonObject payload = e.payload();
        if (!payload.has("event")) {
            throw new IllegalArgumentException("envelope " + envelopeId + " is not an Events API delivery");
        }
        return push(e.type(), payloads.eventCallback(payload.getAsJsonObject("event")));
    }

    /**
     * Events API envelopes for {@code callbacks}, built and serialised now but not yet sent: a load
     * generator then times only {@link #send}.
     */
    public List<Envelope> prepare(List<JsonObject> callbacks) {
        return socket.prepare("events_api", callbacks, false);
    }

    /** Writes an envelope from {@link #prepare} to the client (thread-safe). */
    public void send(Envelope prepared) {
        socket.send(prepared);
    }

    /** Pushes {@code n} Events API envelopes as fast as the socket takes them. */
    public List<Envelope> pushBurst(int n, IntFunction<JsonObject> eventGenerator) {
        return pushBurst(n, "events_api", i -> asCallback(eventGenerator.apply(i)));
    }

    public List<Envelope> pushBurst(int n, String type, IntFunction<JsonObject> payloadGenerator) {
        List<Envelope> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(push(type, payloadGenerator.apply(i)));
        }
        return out;
    }

    // ================================================================== Web API faults

    /** The next {@code times} calls to {@code method} answer 429, {@code Retry-After: seconds}. */
    public void rateLimitNext(String method, int times, int retryAfterSeconds) {
        faults.script(method, times, new Faults.Fault(429, retryAfterSeconds, "ratelimited"));
    }

    /** The next {@code times} calls to {@code method} answer {@code httpStatus} (e.g. 500, 503). */
    public void failNext(String method, int times, int httpStatus) {
        faults.script(method, times, new Faults.Fault(httpStatus, null, "fatal_error"));
    }

    /** The next {@code times} calls answer 200 {@code {"ok":false,"error":error}}. */
    public void errorNext(String method, int times, String error) {
        faults.script(method, times, new Faults.Fault(200, null, error));
    }

    /** Every call to {@code method} ({@code *} for all) waits this long before it is answered. */
    public void delay(String method, Duration delay) {
        faults.delay(method, delay);
    }

    /**
     * Every call to {@code method} is carried out (a message is stored) and only then answered, this
     * much later: a caller that dies meanwhile never learns its call succeeded.
     */
    public void delayAfterCommit(String method, Duration delay) {
        faults.delayAfterCommit(method, delay);
    }

    /**
     * Records (without refusing) every call to {@code method} beyond {@code perChannelPerSecond} in any
     * one-second window per channel; read them with {@link #rateLimitViolations()}.
     */
    public void rateLimit(String method, int perChannelPerSecond) {
        faults.rateLimit(method, perChannelPerSecond, false);
    }

    /**
     * Like {@link #rateLimit} but answers the excess calls 429 {@code ratelimited}, with {@code Retry-After}
     * the whole seconds until the channel's window frees.
     */
    public void enforceRateLimit(String method, int perChannelPerSecond) {
        faults.rateLimit(method, perChannelPerSecond, true);
    }

    /**
     * Answers 429 {@code ratelimited} to calls to {@code method} beyond {@code limit} in any sliding
     * {@code window} across all channels of a workspace: a workspace-wide ceiling, counted for each workspace
     * apart (by the calling token's team); {@code Retry-After} is the whole seconds until the window frees.
     */
    public void enforceWorkspaceRateLimit(String method, int limit, Duration window) {
        faults.rateLimitWorkspace(method, limit, window, true);
    }

    /**
     * {@code chat.postMessage} as Slack publishes it (https://api.slack.com/methods/chat.postMessage, "Rate
     * limiting"): "1 message per second to a specific channel" and, across the workspace, "several hundred
     * messages per minute", read at its lowest as {@link #POST_PER_WORKSPACE_PER_MINUTE}. Slack also grants
     * short bursts above both but gives no figure, so none is modelled: the fake is stricter than Slack.
     */
    public void enforcePublishedPostLimits() {
        enforceRateLimit("chat.postMessage", POST_PER_CHANNEL_PER_SECOND);
        enforceWorkspaceRateLimit("chat.postMessage", POST_PER_WORKSPACE_PER_MINUTE, Duration.ofMinutes(1));
    }

    /** Slack's published chat.postMessage limit per channel (https://api.slack.com/methods/chat.postMessage). */
    public static final int POST_PER_CHANNEL_PER_SECOND = 1;

    /**
     * Slack's published workspace-wide chat.postMessage limit, "several hundred messages per minute"
     * (https://api.slack.com/methods/chat.postMessage), at its lowest reading.
     */
    public static final int POST_PER_WORKSPACE_PER_MINUTE = 300;

    public List<RecordedCall> rateLimitViolations() {
        return web.rateLimitViolations.all();
    }

    /** Removes scripted faults, delays and rate limits (recorded violations stay). */
    public void clearFaults() {
        faults.clear();
    }

    // ================================================================== lifecycle

    /** Stops both servers; safe to call more than once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            socket.shutdown();
            web.stop();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Identities, tokens and seed data of a fake; every value has a default. */
    public static final class Builder {
        // Unique per fake: the SDK caches token -> team id in a static map (TeamIdCache), so shared
        // tokens would leak one fake's team into the next and hide the app token's auth.test call.
        private final String unique =
                UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        private String botToken = "xoxb-fake-" + unique;
        private String appToken = "xapp-1-fake-" + unique;
        private String teamId = "T0STAFFRM";
        private String teamName = "Staffroom Trust";
        private String teamDomain = "staffroom-trust";
        private String appId = "A0STAFFRM";
        private String botId = "B0STAFFRM";
        private String botUserId = "U0STAFFBOT";
        private String botName = "staffroom";
        private String scopes = DEFAULT_SCOPES;
        private Clock clock = Clock.systemUTC();
        private boolean sendHello = true;
        private boolean redeliverUnackedOnReconnect = true;
        private String oauthClientId;
        private String oauthClientSecret;
        private final List<FakeUser> users = new ArrayList<>();
        private final Map<String, String> channels = new LinkedHashMap<>();
        private final Map<String, List<String>> usergroups = new LinkedHashMap<>();
        private final List<Team> otherTeams = new ArrayList<>();
        /** Channels of a given workspace: id to {team id, name}. */
        private final Map<String, String[]> teamChannels = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Another workspace the app is installed in, with a bot token of its own ({@link FakeSlack#botToken(String)});
         * give it channels with {@link #channelIn}.
         */
        public Builder workspace(String id, String name, String domain) {
            otherTeams.add(new Team(id, name, domain, "xoxb-fake-" + unique + "-" + (otherTeams.size() + 2)));
            return this;
        }

        /** A channel of workspace {@code teamId} (the first one's, or one added with {@link #workspace}). */
        public Builder channelIn(String teamId, String id, String name) {
            teamChannels.put(id, new String[] {teamId, name});
            return this;
        }

        public Builder botToken(String t) {
            this.botToken = t;
            return this;
        }

        public Builder appToken(String t) {
            this.appToken = t;
            return this;
        }

        public Builder team(String id, String name, String domain) {
            this.teamId = id;
            this.teamName = name;
            this.teamDomain = domain;
            return this;
        }

        public Builder app(String appId, String botId, String botUserId, String botName) {
            this.appId = appId;
            this.botId = botId;
            this.botUserId = botUserId;
            this.botName = botName;
            return this;
        }

        /** Comma-separated scopes for {@code x-oauth-scopes}; null sends no header. */
        public Builder scopes(String scopes) {
            this.scopes = scopes;
            return this;
        }

        /** The clock for message ts, event times, trigger and response URL expiry. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder user(FakeUser user) {
            users.add(user);
            return this;
        }

        public Builder channel(String id, String name) {
            channels.put(id, name);
            return this;
        }

        public Builder usergroup(String id, List<String> members) {
            usergroups.put(id, List.copyOf(members));
            return this;
        }

        /** Whether a new socket is greeted with {@code hello} (default true, as Slack does). */
        public Builder sendHello(boolean on) {
            this.sendHello = on;
            return this;
        }

        /** The app's OAuth client, which oauth.v2.access checks (HTTP Basic, as the SDK sends it). */
        public Builder oauthClient(String clientId, String clientSecret) {
            this.oauthClientId = clientId;
            this.oauthClientSecret = clientSecret;
            return this;
        }

        public Builder redeliverUnackedOnReconnect(boolean on) {
            this.redeliverUnackedOnReconnect = on;
            return this;
        }

        public FakeSlack start() {
            return new FakeSlack(this);
        }
    }
}
