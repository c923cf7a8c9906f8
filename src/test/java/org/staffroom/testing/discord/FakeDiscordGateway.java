package org.staffroom.testing.discord;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake's gateway: a plain-JSON, uncompressed WebSocket speaking Discord's gateway protocol v10.
 *
 * <p>It sends HELLO on connect, answers IDENTIFY with READY (guilds unavailable) followed by one
 * GUILD_CREATE per guild of the client's shard, acknowledges heartbeats, and keeps a replay buffer per
 * session so that a RESUME replays every dispatch after the client's {@code seq} and then sends RESUMED.
 * Dispatches are filtered by the session's intents and shard, and message content is blanked without the
 * MESSAGE_CONTENT intent, as Discord does. Controls below inject the failures the bot must survive.
 */
public final class FakeDiscordGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FakeDiscordGateway.class);

    /** Discord allows 120 gateway sends per connection per 60 s, then closes with 4008. */
    private static final int SEND_LIMIT = 120;

    /** A gateway session: what RESUME needs (its id, its sequence and the dispatches sent so far). */
    private static final class Session {
        final String id = UUID.randomUUID().toString().replace("-", "");
        final int intents;
        final int shardId;
        final int shardTotal;
        final List<String> buffer = new ArrayList<>();
        long seq;
        volatile WebSocket connection;
        volatile boolean invalid;

        Session(int intents, int shardId, int shardTotal) {
            this.intents = intents;
            this.shardId = shardId;
            this.shardTotal = shardTotal;
        }
    }

    /** Per-connection state, kept as the WebSocket attachment. */
    private static final class Connection {
        final Deque<Long> sendTimes = new ArrayDeque<>();
        Session session;
    }

    /** A frame the client sent (token redacted). */
    public record ClientFrame(int op, JsonNode payload) {}

    private final FakeDiscord fake;
    private final DiscordState state;
    private final Server server;
    private final CountDownLatch started = new CountDownLatch(1);
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final List<ClientFrame> clientFrames = new CopyOnWriteArrayList<>();
    private final List<JsonNode> identifies = new CopyOnWriteArrayList<>();
    private final List<java.time.Instant> identifyTimes = new CopyOnWriteArrayList<>();
    private final AtomicInteger resumes = new AtomicInteger();
    private final AtomicInteger failedResumes = new AtomicInteger();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger replayed = new AtomicInteger();
    private volatile int heartbeatIntervalMillis;
    private volatile boolean acknowledgeHeartbeats = true;
    private volatile boolean enforceSendLimit = true;
    private volatile int allowedIntents = -1;

    FakeDiscordGateway(FakeDiscord fake, DiscordState state, Duration heartbeatInterval) {
        this.fake = fake;
        this.state = state;
        this.heartbeatIntervalMillis = (int) heartbeatInterval.toMillis();
        this.server = new Server(new InetSocketAddress("127.0.0.1", 0));
    }

    void start() {
        server.setReuseAddr(true);
        server.setDaemon(true);
        server.start();
        try {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Fake gateway did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The gateway URL, e.g. {@code ws://127.0.0.1:40123}. */
    public String url() {
        return "ws://127.0.0.1:" + server.getPort();
    }

    // ---------------------------------------------------------------------------------------------
    // Controls

    /** Sends op 9 INVALID_SESSION to every live session; with {@code resumable} false the sessions are dropped. */
    public void invalidateSession(boolean resumable) {
        for (Session session : liveSessions()) {
            synchronized (session) {
                if (!resumable) {
                    session.invalid = true;
                }
                send(session.connection, "{\"op\":9,\"d\":" + resumable + ",\"s\":null,\"t\":null}");
            }
        }
    }

    /** Sends op 7 RECONNECT: the client should reconnect and RESUME. */
    public void requestReconnect() {
        for (Session session : liveSessions()) {
            send(session.connection, "{\"op\":7,\"d\":null,\"s\":null,\"t\":null}");
        }
    }

    /** Sends op 1: the client must heartbeat at once. */
    public void requestHeartbeat() {
        for (Session session : liveSessions()) {
            send(session.connection, "{\"op\":1,\"d\":null,\"s\":null,\"t\":null}");
        }
    }

    /**
     * Closes live connections with a close frame. 4000 (unknown error) leaves the session resumable;
     * 4007 (invalid seq) and 4009 (session timed out) also forget the session, as Discord does.
     */
    public void close(int code) {
        for (Session session : liveSessions()) {
            synchronized (session) {
                if (code == 4007 || code == 4009) {
                    session.invalid = true;
                }
                session.connection.close(code, "closed by FakeDiscord");
            }
        }
    }

    /** Drops live connections at the TCP level, without a close frame (sessions stay resumable). */
    public void dropConnection() {
        for (Session session : liveSessions()) {
            session.connection.closeConnection(1006, "dropped by FakeDiscord");
        }
    }

    /** Stops answering heartbeats (a zombie connection); JDA reconnects after two missed ACKs. */
    public void stopHeartbeatAcks() {
        acknowledgeHeartbeats = false;
    }

    /** Answers heartbeats again. */
    public void resumeHeartbeatAcks() {
        acknowledgeHeartbeats = true;
    }

    /** The heartbeat interval sent in later HELLOs. */
    public void heartbeatInterval(Duration interval) {
        this.heartbeatIntervalMillis = (int) interval.toMillis();
    }

    /** Intents the app may use; IDENTIFY with others is closed with 4014 (default: all allowed). */
    public void allowedIntents(int intents) {
        this.allowedIntents = intents;
    }

    /** Whether to close connections that send more than 120 frames a minute (4008); on by default. */
    public void enforceSendLimit(boolean on) {
        this.enforceSendLimit = on;
    }

    // ---------------------------------------------------------------------------------------------
    // Observations

    /** IDENTIFY payloads received ({@code d}, token redacted), oldest first. */
    public List<JsonNode> identifies() {
        return List.copyOf(identifies);
    }

    /** When each IDENTIFY arrived, oldest first. */
    public List<java.time.Instant> identifyTimes() {
        return List.copyOf(identifyTimes);
    }

    /** Sessions with an open connection right now (two for one shard means events go to both). */
    public int liveSessionCount() {
        return liveSessions().size();
    }

    /** How many IDENTIFYs arrived. */
    public int identifyCount() {
        return identifies.size();
    }

    /** How many RESUMEs succeeded (RESUMED sent). */
    public int resumeCount() {
        return resumes.get();
    }

    /** How many RESUMEs were refused with INVALID_SESSION. */
    public int failedResumeCount() {
        return failedResumes.get();
    }

    /** Dispatches re-sent on RESUME (those after the client's seq), in total. */
    public int replayedCount() {
        return replayed.get();
    }

    /** Heartbeats (op 1) received. */
    public int heartbeatCount() {
        return heartbeats.get();
    }

    /** WebSocket connections opened so far. */
    public int connectionCount() {
        return connections.get();
    }

    /** Every frame the client sent, oldest first (tokens redacted). */
    public List<ClientFrame> clientFrames() {
        return List.copyOf(clientFrames);
    }

    /** Whether some session currently has an open connection that has identified or resumed. */
    public boolean isConnected() {
        return !liveSessions().isEmpty();
    }

    /** The id of the newest session, or null. */
    public String currentSessionId() {
        return sessions.isEmpty() ? null : sessions.get(sessions.size() - 1).id;
    }

    // ---------------------------------------------------------------------------------------------
    // Dispatching

    /**
     * Queues a dispatch for every session that may receive it (shard, intents) and sends it on live
     * connections; a disconnected session keeps it for RESUME.
     *
     * @return how many sessions it was queued for
     */
    int dispatch(Dispatch dispatch) {
        int queued = 0;
        for (Session session : sessions) {
            if (session.invalid || !inShard(session, dispatch.guildId())) {
                continue;
            }
            int required = dispatch.requiredIntent();
            if (required != 0 && (session.intents & required) == 0) {
                continue;
            }
            ObjectNode data = dispatch.data().deepCopy();
            stripContentIfNeeded(session, dispatch, data);
            sendDispatch(session, dispatch.type(), data);
            queued++;
        }
        if (queued == 0) {
            LOG.debug("No gateway session takes {}", dispatch.type());
        }
        return queued;
    }

    private void sendDispatch(Session session, String type, ObjectNode data) {
        synchronized (session) {
            session.seq++;
            ObjectNode frame = Json.object();
            frame.put("op", 0);
            frame.put("s", session.seq);
            frame.put("t", type);
            frame.set("d", data);
            String json = Json.write(frame);
            session.buffer.add(json);
            send(session.connection, json);
        }
    }

    private static boolean inShard(Session session, long guildId) {
        if (session.shardTotal <= 1) {
            return true;
        }
        return (int) ((guildId >>> 22) % session.shardTotal) == session.shardId;
    }

    /** Without MESSAGE_CONTENT, guild messages from others that do not mention the bot arrive blank. */
    private void stripContentIfNeeded(Session session, Dispatch dispatch, ObjectNode data) {
        if (!dispatch.type().equals("MESSAGE_CREATE") && !dispatch.type().equals("MESSAGE_UPDATE")) {
            return;
        }
        if ((session.intents & Dispatch.MESSAGE_CONTENT) != 0 || dispatch.guildId() == 0) {
            return;
        }
        if (Json.longValue(data.get("author"), "id", 0) == state.botId) {
            return;
        }
        for (JsonNode mention : Json.elements(data, "mentions")) {
            if (Json.longValue(mention, "id", 0) == state.botId) {
                return;
            }
        }
        data.put("content", "");
        data.putArray("embeds");
        data.putArray("attachments");
        data.putArray("components");
        data.remove("poll");
    }

    private List<Session> liveSessions() {
        List<Session> out = new ArrayList<>();
        for (Session session : sessions) {
            WebSocket connection = session.connection;
            if (!session.invalid && connection != null && connection.isOpen()) {
                out.add(session);
            }
        }
        return out;
    }

    private static void send(WebSocket connection, String json) {
        if (connection != null && connection.isOpen()) {
            try {
                connection.send(json);
            } catch (RuntimeException e) {
                LOG.debug("Send failed: {}", e.toString());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Protocol

    private void onIdentify(WebSocket connection, Connection conn, JsonNode d) {
        if (d == null || !d.isObject()) {
            connection.close(4002, "Error while decoding payload.");
            return;
        }
        ObjectNode redacted = ((ObjectNode) d).deepCopy();
        redacted.put("token", "<redacted>");
        identifies.add(redacted);
        identifyTimes.add(java.time.Instant.now());
        if (conn.session != null) {
            connection.close(4005, "Already authenticated.");
            return;
        }
        if (!fake.token().equals(Json.text(d, "token"))) {
            connection.close(4004, "Authentication failed.");
            return;
        }
        int intents = Json.intValue(d, "intents", -1);
        if (intents < 0 || (intents & ~((1 << 26) - 1)) != 0) {
            connection.close(4013, "Invalid intent(s).");
            return;
        }
        if (allowedIntents != -1 && (intents & ~allowedIntents) != 0) {
            connection.close(4014, "Disallowed intent(s).");
            return;
        }
        int shardId = 0;
        int shardTotal = 1;
        List<JsonNode> shard = Json.elements(d, "shard");
        if (shard.size() == 2) {
            shardId = shard.get(0).asInt();
            shardTotal = shard.get(1).asInt();
            if (shardTotal < 1 || shardId < 0 || shardId >= shardTotal) {
                connection.close(4010, "Invalid shard.");
                return;
            }
        }
        // A new IDENTIFY for a shard replaces that shard's sessions that have no connection left:
        // they can no longer be resumed by anyone in a test run.
        for (Session old : sessions) {
            if (old.shardId == shardId
                    && old.shardTotal == shardTotal
                    && (old.connection == null || !old.connection.isOpen())) {
                old.invalid = true;
            }
        }
        sessions.removeIf(s -> s.invalid);

        Session session = new Session(intents, shardId, shardTotal);
        synchronized (session) {
            session.connection = connection;
            conn.session = session;
            sessions.add(session);
            sendDispatch(session, "READY", readyJson(session));
            for (DiscordState.Guild guild : state.guilds()) {
                if (inShard(session, guild.id)) {
                    sendDispatch(session, "GUILD_CREATE", state.guildCreateJson(guild.id));
                }
            }
        }
    }

    private ObjectNode readyJson(Session session) {
        ObjectNode ready = Json.object();
        ready.put("v", 10);
        ready.set("user", state.selfJson());
        ArrayNode guilds = ready.putArray("guilds");
        for (DiscordState.Guild guild : state.guilds()) {
            if (inShard(session, guild.id)) {
                guilds.addObject().put("id", Json.id(guild.id)).put("unavailable", true);
            }
        }
        ready.put("session_id", session.id);
        ready.put("session_type", "normal");
        ready.put("resume_gateway_url", url());
        ready.putArray("shard").add(session.shardId).add(session.shardTotal);
        ready.putObject("application").put("id", Json.id(state.applicationId)).put("flags", 0);
        ready.putArray("private_channels");
        ready.putArray("presences");
        ready.putArray("relationships");
        ready.putArray("guild_join_requests");
        ready.putArray("geo_ordered_rtc_regions");
        ready.putObject("auth");
        ready.putArray("_trace").add("[\"fake-discord\",{}]");
        return ready;
    }

    private void onResume(WebSocket connection, Connection conn, JsonNode d) {
        String sessionId = Json.text(d, "session_id");
        long seq = Json.longValue(d, "seq", 0);
        Session session = null;
        for (Session candidate : sessions) {
            if (candidate.id.equals(sessionId)) {
                session = candidate;
            }
        }
        if (!fake.token().equals(Json.text(d, "token"))) {
            connection.close(4004, "Authentication failed.");
            return;
        }
        if (session == null || session.invalid) {
            failedResumes.incrementAndGet();
            send(connection, "{\"op\":9,\"d\":false,\"s\":null,\"t\":null}");
            return;
        }
        synchronized (session) {
            if (seq > session.seq) {
                connection.close(4007, "Invalid seq.");
                return;
            }
            WebSocket previous = session.connection;
            if (previous != null && previous != connection && previous.isOpen()) {
                previous.close(4000, "Session resumed elsewhere");
            }
            session.connection = connection;
            conn.session = session;
            // The buffer holds dispatch s = 1..n at index s-1; replay everything the client has not seen.
            // Counted before sending, so a test that sees a replayed event also sees it counted.
            for (int i = (int) seq; i < session.buffer.size(); i++) {
                replayed.incrementAndGet();
                send(connection, session.buffer.get(i));
            }
            resumes.incrementAndGet();
            ObjectNode resumed = Json.object();
            resumed.putArray("_trace").add("[\"fake-discord\",{}]");
            sendDispatch(session, "RESUMED", resumed);
        }
    }

    private void onFrame(WebSocket connection, String text) {
        Connection conn = connection.getAttachment();
        if (enforceSendLimit && overSendLimit(conn)) {
            connection.close(4008, "Rate limited.");
            return;
        }
        JsonNode frame;
        try {
            frame = Json.parse(text);
        } catch (RuntimeException e) {
            connection.close(4002, "Error while decoding payload.");
            return;
        }
        int op = Json.intValue(frame, "op", -1);
        JsonNode d = frame.get("d");
        JsonNode recorded = frame.deepCopy();
        if (recorded.get("d") instanceof ObjectNode data && data.has("token")) {
            data.put("token", "<redacted>");
        }
        clientFrames.add(new ClientFrame(op, recorded));
        switch (op) {
            case 1 -> {
                heartbeats.incrementAndGet();
                if (acknowledgeHeartbeats) {
                    send(connection, "{\"op\":11,\"d\":null,\"s\":null,\"t\":null}");
                }
            }
            case 2 -> onIdentify(connection, conn, d);
            case 6 -> onResume(connection, conn, d);
            case 3, 4 -> requireSession(connection, conn);
            case 8 -> {
                if (requireSession(connection, conn)) {
                    sendMemberChunk(conn.session, d);
                }
            }
            default -> connection.close(4001, "Unknown opcode.");
        }
    }

    private boolean requireSession(WebSocket connection, Connection conn) {
        if (conn.session == null) {
            connection.close(4003, "Not authenticated.");
            return false;
        }
        return true;
    }

    /** Answers op 8 REQUEST_GUILD_MEMBERS with one chunk of the requested (or all) members. */
    private void sendMemberChunk(Session session, JsonNode d) {
        long guildId = Json.longValue(d, "guild_id", 0);
        state.guild(guildId).ifPresent(guild -> {
            ObjectNode chunk = Json.object();
            chunk.put("guild_id", Json.id(guildId));
            ArrayNode members = chunk.putArray("members");
            List<JsonNode> wanted = Json.elements(d, "user_ids");
            ArrayNode notFound = chunk.putArray("not_found");
            if (wanted.isEmpty() && d.has("user_ids") && d.get("user_ids").isValueNode()) {
                wanted = List.of(d.get("user_ids"));
            }
            if (wanted.isEmpty()) {
                guild.members.keySet().forEach(u -> members.add(state.memberJson(guildId, u, true)));
            } else {
                for (JsonNode id : wanted) {
                    long userId = Long.parseUnsignedLong(id.asString());
                    if (guild.members.containsKey(userId)) {
                        members.add(state.memberJson(guildId, userId, true));
                    } else {
                        notFound.add(Json.id(userId));
                    }
                }
            }
            chunk.put("chunk_index", 0);
            chunk.put("chunk_count", 1);
            if (d.has("nonce")) {
                chunk.put("nonce", Json.text(d, "nonce"));
            }
            sendDispatch(session, "GUILD_MEMBERS_CHUNK", chunk);
        });
    }

    private boolean overSendLimit(Connection conn) {
        long now = System.nanoTime();
        synchronized (conn) {
            conn.sendTimes.addLast(now);
            while (!conn.sendTimes.isEmpty() && conn.sendTimes.peekFirst() < now - TimeUnit.SECONDS.toNanos(60)) {
                conn.sendTimes.pollFirst();
            }
            return conn.sendTimes.size() > SEND_LIMIT;
        }
    }

    private static Map<String, String> query(String resourceDescriptor) {
        Map<String, String> out = new HashMap<>();
        String query = URI.create(resourceDescriptor).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            server.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Server extends WebSocketServer {

        Server(InetSocketAddress address) {
            super(address);
        }

        @Override
        public void onStart() {
            setConnectionLostTimeout(0);
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket connection, ClientHandshake handshake) {
            connections.incrementAndGet();
            connection.setAttachment(new Connection());
            Map<String, String> query = query(handshake.getResourceDescriptor());
            if (query.containsKey("compress")
                    || "etf".equals(query.get("encoding"))
                    || (query.containsKey("v") && !"10".equals(query.get("v")))) {
                // Fail loudly and for good (4012 is not reconnectable): the fake speaks JSON v10 only.
                LOG.error(
                        "FakeDiscord gateway speaks uncompressed JSON v10 only; client asked for {}."
                                + " Use JDABuilder#setCompression(Compression.NONE).",
                        handshake.getResourceDescriptor());
                connection.close(4012, "FakeDiscord supports encoding=json&v=10 without compression only");
                return;
            }
            send(
                    connection,
                    "{\"op\":10,\"d\":{\"heartbeat_interval\":" + heartbeatIntervalMillis
                            + ",\"_trace\":[\"fake-discord\"]},\"s\":null,\"t\":null}");
        }

        @Override
        public void onClose(WebSocket connection, int code, String reason, boolean remote) {
            LOG.debug("Gateway connection closed: {} {} (by client: {})", code, reason, remote);
        }

        @Override
        public void onMessage(WebSocket connection, String message) {
            try {
                onFrame(connection, message);
            } catch (RuntimeException e) {
                LOG.warn("FakeDiscord gateway failed on a client frame", e);
            }
        }

        @Override
        public void onError(WebSocket connection, Exception ex) {
            LOG.debug("Gateway connection error: {}", ex.toString());
        }
    }
}
