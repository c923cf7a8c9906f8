package org.staffroom.testing.discord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A loopback Discord for tests: a REST API ({@link #restBaseUrl()}) and a gateway ({@link #gatewayUrl()})
 * on free ports of 127.0.0.1, good enough for the real JDA client to log in, receive events and call the
 * routes a chat bot uses. It records every REST call, keeps messages, reactions, threads, commands and
 * interaction answers, and injects the faults the bot must survive.
 *
 * <pre>{@code
 * try (FakeDiscord discord = FakeDiscord.builder()
 *         .guild(GUILD, "Oakfield Trust", g -> g.textChannel(GENERAL, "general").member(ALICE, "alice", "Alice"))
 *         .start()) {
 *     JDA jda = FakeDiscordJda.lightBuilder(discord, intents).addEventListeners(bot).build().awaitReady();
 *     discord.push(discord.events().message(GENERAL, ALICE, "hello").build());
 *     RecordedCall reply = discord.awaitCall("POST", "channels/{channel_id}/messages");
 * }
 * }</pre>
 */
public final class FakeDiscord implements AutoCloseable {

    /** A message as the fake stores it (REST shape, reactions included). */
    public record StoredMessage(long id, long channelId, ObjectNode json) {

        public String content() {
            return Json.text(json, "content");
        }

        public String nonce() {
            return Json.text(json, "nonce");
        }

        public long authorId() {
            return Json.longValue(json.get("author"), "id", 0);
        }

        public int flags() {
            return Json.intValue(json, "flags", 0);
        }
    }

    /**
     * What the bot answered to an interaction.
     *
     * @param callbackType Discord's response type (4 reply, 5 deferred reply, 6 deferred update, 7 update,
     *                     9 modal), or null if not answered
     * @param ackLatency   time from push to the callback's arrival, if answered
     * @param callback     the callback request body, if answered
     */
    public record InteractionAnswer(
            long interactionId, Integer callbackType, Optional<Duration> ackLatency, Optional<JsonNode> callback) {}

    private record FaultRule(String method, String pattern, RestFault fault, AtomicInteger remaining) {}

    private final String token;
    private final DiscordState state;
    private final DiscordEvents events;
    private final RateLimits rateLimits = new RateLimits();
    private final FakeDiscordGateway gateway;
    private final FakeDiscordRest rest;
    private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
    private final Object callsMonitor = new Object();
    private final List<FaultRule> faults = new CopyOnWriteArrayList<>();
    private final Duration interactionAckDeadline;
    private final Duration awaitTimeout;
    private volatile boolean echoBotActions;

    private FakeDiscord(Builder b) {
        this.token = b.token;
        // The log scan (S7) looks for it in the output of the whole test run.
        org.staffroom.testing.Secrets.register(b.token);
        this.state = new DiscordState(
                b.botId, b.botName, b.applicationId == 0 ? b.botId : b.applicationId, b.clock, b.nonceWindow);
        b.guilds.forEach(state::addGuild);
        this.events = new DiscordEvents(state);
        this.interactionAckDeadline = b.interactionAckDeadline;
        this.awaitTimeout = b.awaitTimeout;
        this.echoBotActions = b.echoBotActions;
        this.gateway = new FakeDiscordGateway(this, state, b.heartbeatInterval);
        try {
            this.rest = new FakeDiscordRest(this, state, rateLimits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts configuring a fake. */
    public static Builder builder() {
        return new Builder();
    }

    private FakeDiscord startServers() {
        gateway.start();
        rest.start();
        return this;
    }

    // ---------------------------------------------------------------------------------------------
    // Where it is

    /** The loopback CDN's host (attachments with bytes are served there): add it to the bot's attachment hosts. */
    public String cdnHost() {
        return java.net.URI.create(state.cdnOrigin).getHost();
    }

    /** The REST base for {@code RestConfig#setBaseUrl}, e.g. {@code http://127.0.0.1:40321/api/v10/}. */
    public String restBaseUrl() {
        return rest.baseUrl();
    }

    /** The gateway URL, e.g. {@code ws://127.0.0.1:40123} (also returned by GET gateway and gateway/bot). */
    public String gatewayUrl() {
        return gateway.url();
    }

    /** The bot token the fake accepts ({@code Authorization: Bot <token>}, IDENTIFY). */
    public String token() {
        return token;
    }

    public long botId() {
        return state.botId;
    }

    public long applicationId() {
        return state.applicationId;
    }

    /** Gateway controls and observations (sessions, IDENTIFY/RESUME counts, fault injection). */
    public FakeDiscordGateway gateway() {
        return gateway;
    }

    /** Builders for the dispatches a test pushes. */
    public DiscordEvents events() {
        return events;
    }

    /** REST rate-limit enforcement and the violations it recorded. */
    public RateLimits rateLimits() {
        return rateLimits;
    }

    // ---------------------------------------------------------------------------------------------
    // Pushing events

    /**
     * Applies the event to the fake's state (a message now exists, a reaction is counted, an interaction can
     * be answered) and dispatches it to every gateway session that may receive it.
     */
    public Dispatch push(Dispatch dispatch) {
        apply(dispatch);
        gateway.dispatch(dispatch);
        return dispatch;
    }

    /**
     * Applies the event to the fake's state without dispatching it: it happened on Discord while no
     * session of the bot could receive it (e.g. between an INVALID_SESSION and the new IDENTIFY), and
     * is not replayed to anyone.
     */
    public Dispatch happenWhileAway(Dispatch dispatch) {
        apply(dispatch);
        return dispatch;
    }

    /** Delivers the same event {@code copies} times, each with its own sequence number (duplicate delivery). */
    public Dispatch push(Dispatch dispatch, int copies) {
        apply(dispatch);
        for (int i = 0; i < copies; i++) {
            gateway.dispatch(dispatch);
        }
        return dispatch;
    }

    /** Pushes {@code count} events made by {@code generator} (given 0..count-1) as fast as possible. */
    public List<Dispatch> pushBurst(int count, IntFunction<Dispatch> generator) {
        List<Dispatch> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(push(generator.apply(i)));
        }
        return out;
    }

    private void apply(Dispatch dispatch) {
        ObjectNode d = dispatch.data();
        switch (dispatch.type()) {
            case "MESSAGE_CREATE" -> state.storeIncoming(d);
            case "MESSAGE_UPDATE" -> state.editMessage(Json.longValue(d, "channel_id", 0), dispatch.id(), d);
            case "MESSAGE_DELETE" -> state.deleteMessage(Json.longValue(d, "channel_id", 0), dispatch.id());
            case "MESSAGE_REACTION_ADD" ->
                state.addReaction(
                        Json.longValue(d, "message_id", 0), emojiKey(d.get("emoji")), Json.longValue(d, "user_id", 0));
            case "MESSAGE_REACTION_REMOVE" ->
                state.removeReaction(
                        Json.longValue(d, "message_id", 0), emojiKey(d.get("emoji")), Json.longValue(d, "user_id", 0));
            case "THREAD_CREATE" ->
                state.createThread(
                        Json.longValue(d, "parent_id", 0),
                        dispatch.id(),
                        Json.text(d, "name"),
                        Json.intValue(d, "type", DiscordState.CHANNEL_PUBLIC_THREAD),
                        Json.longValue(d, "owner_id", 0),
                        Json.intValue(d.get("thread_metadata"), "auto_archive_duration", 1440));
            case "INTERACTION_CREATE" -> {
                long userId = Json.longValue(d.has("member") ? d.get("member").get("user") : d.get("user"), "id", 0);
                state.registerInteraction(new DiscordState.Interaction(
                        dispatch.id(),
                        dispatch.token(),
                        Json.intValue(d, "type", 0),
                        Json.longValue(d, "channel_id", 0),
                        dispatch.guildId(),
                        userId,
                        Json.longValue(d.get("message"), "id", 0),
                        System.nanoTime()));
            }
            default -> {
                // Other events change nothing the fake keeps.
            }
        }
    }

    private static String emojiKey(JsonNode emoji) {
        String id = Json.text(emoji, "id");
        String name = Json.text(emoji, "name");
        return id == null ? name : name + ":" + id;
    }

    /** Dispatches what Discord sends the bot about its own actions (its messages, reactions, threads). */
    void echo(Dispatch dispatch) {
        if (!echoBotActions) {
            return;
        }
        List<Dispatch> held = heldEchoes.get();
        if (held != null) {
            held.add(dispatch);
        } else {
            gateway.dispatch(dispatch);
        }
    }

    /**
     * Runs a REST request's handling with its gateway echoes held back until {@code record} has run: the
     * request is recorded before the bot can see an event it caused (the echo may still reach the bot before
     * the HTTP answer, as on Discord), so a test that saw the event also sees the call.
     */
    <T> T handleThenRecord(Supplier<T> handle, Consumer<T> record) {
        List<Dispatch> held = new ArrayList<>();
        heldEchoes.set(held);
        T result;
        try {
            result = handle.get();
        } finally {
            heldEchoes.remove();
        }
        try {
            record.accept(result);
        } finally {
            held.forEach(gateway::dispatch);
        }
        return result;
    }

    private final ThreadLocal<List<Dispatch>> heldEchoes = new ThreadLocal<>();

    /** Whether the bot receives gateway events for its own actions, as on Discord (default true). */
    public void echoBotActions(boolean on) {
        this.echoBotActions = on;
    }

    // ---------------------------------------------------------------------------------------------
    // Fault injection

    /** Answers the next request matching {@code method} and {@code pattern} with the fault. */
    public void injectFault(String method, String pattern, RestFault fault) {
        injectFault(method, pattern, fault, 1);
    }

    /** Answers the next {@code times} matching requests with the fault. */
    public void injectFault(String method, String pattern, RestFault fault, int times) {
        faults.add(new FaultRule(method, pattern, fault, new AtomicInteger(times)));
    }

    /** Removes faults not yet used. */
    public void clearFaults() {
        faults.clear();
    }

    RestFault takeFault(String method, String path) {
        for (FaultRule rule : faults) {
            if ((rule.method() == null || rule.method().equalsIgnoreCase(method))
                    && RoutePattern.matches(rule.pattern(), path)
                    && rule.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return rule.fault();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // Recorded REST calls

    void record(RecordedCall call) {
        calls.add(call);
        synchronized (callsMonitor) {
            callsMonitor.notifyAll();
        }
    }

    /** Every REST call so far, in arrival order. */
    public List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    /**
     * Calls whose method matches ({@code null} for any) and whose path matches {@code pattern}: segments are
     * literals, {@code *} or {@code {name}} for one segment, {@code **} at the end for any rest. Example:
     * {@code calls("POST", "channels/{channel_id}/messages")} or {@code calls("PUT", "channels/42/**")}.
     */
    public List<RecordedCall> calls(String method, String pattern) {
        return calls.stream().filter(c -> c.matches(method, pattern)).toList();
    }

    /** Calls that hit no route of the fake (404/405): gaps to fill. */
    public List<RecordedCall> unmatchedCalls() {
        return calls.stream()
                .filter(c -> c.route().equals(c.path()) && (c.status() == 404 || c.status() == 405))
                .toList();
    }

    /** Waits for the first matching call. */
    public RecordedCall awaitCall(String method, String pattern) {
        return awaitCall(method, pattern, c -> true);
    }

    /** Waits for the first matching call that also satisfies {@code condition}. */
    public RecordedCall awaitCall(String method, String pattern, Predicate<RecordedCall> condition) {
        return awaitCalls(method, pattern, condition, 1).get(0);
    }

    /** Waits until at least {@code count} matching calls arrived; returns all matching calls. */
    public List<RecordedCall> awaitCalls(String method, String pattern, int count) {
        return awaitCalls(method, pattern, c -> true, count);
    }

    private List<RecordedCall> awaitCalls(String method, String pattern, Predicate<RecordedCall> condition, int count) {
        long deadline = System.nanoTime() + awaitTimeout.toNanos();
        synchronized (callsMonitor) {
            while (true) {
                List<RecordedCall> found = calls.stream()
                        .filter(c -> c.matches(method, pattern) && condition.test(c))
                        .toList();
                if (found.size() >= count) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Timed out after " + awaitTimeout + " waiting for " + count + " × "
                            + method + " " + pattern + "; calls so far: " + calls);
                }
                try {
                    callsMonitor.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("Interrupted", e);
                }
            }
        }
    }

    /** Forgets recorded calls (not messages or other state). */
    public void clearCalls() {
        calls.clear();
    }

    // ---------------------------------------------------------------------------------------------
    // State

    /** Messages of a channel or thread in creation order (ephemeral interaction replies are not in channels). */
    public List<StoredMessage> messages(long channelId) {
        return state.messages(channelId).stream()
                .map(m -> new StoredMessage(Json.longValue(m, "id", 0), channelId, m))
                .toList();
    }

    public Optional<StoredMessage> message(long channelId, long messageId) {
        return state.message(channelId, messageId).map(m -> new StoredMessage(messageId, channelId, m));
    }

    /** Reactions on a message: emoji ({@code 👍} or {@code name:id}) → user ids in order. */
    public Map<String, List<Long>> reactions(long messageId) {
        return state.reactions(messageId);
    }

    /** The DM channel id with a user (created on first use, like POST users/@me/channels). */
    public long dmChannel(long userId) {
        return state.dmChannel(userId).id;
    }

    /** A channel as GET channels/{id} returns it, if it exists (threads included). */
    public Optional<ObjectNode> channel(long channelId) {
        return state.channel(channelId).map(c -> state.channelJson(c.id));
    }

    /**
     * Replaces a member's roles, as a server admin would, and dispatches GUILD_MEMBER_UPDATE (delivered only
     * to sessions with the GUILD_MEMBERS intent, as Discord does). REST and member chunks answer with the new roles.
     */
    public Dispatch memberRoles(long guildId, long userId, long... roleIds) {
        List<Long> roles = new java.util.ArrayList<>();
        for (long r : roleIds) roles.add(r);
        return push(Dispatch.raw("GUILD_MEMBER_UPDATE", state.setMemberRoles(guildId, userId, roles), guildId));
    }

    /** Adds a user the fake knows (authors, reactors); guild members are added by the builder. */
    public void addUser(long userId, String username, String globalName) {
        state.addUser(userId, username, globalName, false);
    }

    /** Global application commands as last registered. */
    public List<ObjectNode> globalCommands() {
        return state.commands("global");
    }

    /** Guild application commands as last registered. */
    public List<ObjectNode> guildCommands(long guildId) {
        return state.commands(Long.toUnsignedString(guildId));
    }

    /** How the bot answered a pushed interaction. */
    public InteractionAnswer interactionAnswer(Dispatch interaction) {
        DiscordState.Interaction i = state.interaction(interaction.id())
                .orElseThrow(() -> new IllegalArgumentException("Not a pushed interaction: " + interaction));
        Integer type = i.callbackType;
        Optional<Duration> latency = interactionLatency(interaction);
        Optional<JsonNode> body = calls("POST", "interactions/" + Long.toUnsignedString(i.id) + "/*/callback").stream()
                .filter(c -> c.status() < 300)
                .map(RecordedCall::body)
                .findFirst();
        return new InteractionAnswer(i.id, type, latency, body);
    }

    /**
     * Time from pushing an interaction to the bot's first callback, if it answered; unlike
     * {@link #interactionAnswer} it does not look through the recorded calls, so load generators can poll it.
     */
    public Optional<Duration> interactionLatency(Dispatch interaction) {
        DiscordState.Interaction i = state.interaction(interaction.id())
                .orElseThrow(() -> new IllegalArgumentException("Not a pushed interaction: " + interaction));
        return i.callbackType == null
                ? Optional.empty()
                : Optional.of(Duration.ofNanos(i.callbackNanos - i.dispatchedNanos));
    }

    /** The id of the message the bot's reply to an interaction became (ephemeral or not), once it answered. */
    public long replyMessageId(Dispatch interaction) {
        return state.interaction(interaction.id())
                .orElseThrow(() -> new IllegalArgumentException("Not a pushed interaction: " + interaction))
                .originalMessageId;
    }

    /** Waits for the bot's callback to a pushed interaction and returns its body. */
    public JsonNode awaitInteractionCallback(Dispatch interaction) {
        return awaitCall(
                        "POST",
                        "interactions/" + Long.toUnsignedString(interaction.id()) + "/*/callback",
                        c -> c.status() < 300)
                .body();
    }

    /** Time between pushing an interaction and the bot's callback, if it answered. */
    public OptionalLong interactionAckMillis(Dispatch interaction) {
        return interactionAnswer(interaction)
                .ackLatency()
                .map(d -> OptionalLong.of(d.toMillis()))
                .orElse(OptionalLong.empty());
    }

    Duration interactionAckDeadline() {
        return interactionAckDeadline;
    }

    @Override
    public void close() {
        rest.close();
        gateway.close();
    }

    // ---------------------------------------------------------------------------------------------

    /** Configures a {@link FakeDiscord}. */
    public static final class Builder {
        private String token = "fake-bot-token";
        private long botId = 900_000_000_000_000_001L;
        private String botName = "staffroom-bot";
        private long applicationId;
        private final List<GuildSpec> guilds = new ArrayList<>();
        private Duration heartbeatInterval = Duration.ofMillis(41_250);
        private Duration interactionAckDeadline = Duration.ofSeconds(3);
        private Duration nonceWindow = Duration.ofMinutes(5);
        private Duration awaitTimeout = Duration.ofSeconds(10);
        private boolean echoBotActions = true;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** The bot token (default {@code fake-bot-token}). */
        public Builder token(String value) {
            this.token = value;
            return this;
        }

        /** The bot user's id and username. */
        public Builder bot(long id, String username) {
            this.botId = id;
            this.botName = username;
            return this;
        }

        /** The application id (default: the bot's id, as for most bots). */
        public Builder applicationId(long id) {
            this.applicationId = id;
            return this;
        }

        /** Adds a guild the bot is in; it is the guild's owner. */
        public Builder guild(long id, String name, Consumer<GuildSpec> spec) {
            GuildSpec guild = new GuildSpec(id, name);
            spec.accept(guild);
            guilds.add(guild);
            return this;
        }

        /** HELLO's heartbeat_interval (Discord: 41250 ms; tests use less). */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = interval;
            return this;
        }

        /** How long an interaction accepts its first callback (Discord: 3 s). */
        public Builder interactionAckDeadline(Duration deadline) {
            this.interactionAckDeadline = deadline;
            return this;
        }

        /** How long a nonce with enforce_nonce dedupes a message (Discord: "a few minutes"). */
        public Builder nonceWindow(Duration window) {
            this.nonceWindow = window;
            return this;
        }

        /** Timeout of the await helpers (default 10 s). */
        public Builder awaitTimeout(Duration timeout) {
            this.awaitTimeout = timeout;
            return this;
        }

        /** Whether the bot gets gateway events for its own actions (default true, as on Discord). */
        public Builder echoBotActions(boolean on) {
            this.echoBotActions = on;
            return this;
        }

        /** Clock for timestamps, snowflakes and the nonce window. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Starts the REST server and gateway on free loopback ports. */
        public FakeDiscord start() {
            return new FakeDiscord(this).startServers();
        }
    }
}
