package org.staffroom.discord;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.messages.MessageRequest;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.config.ConfigReloaded;
import org.staffroom.config.Pools;

/**
 * Owns the JDA client: builds it on start (REST at {@code api-url}, the gateway found through it,
 * the intents the workflows need and no more), retries with backoff when Discord cannot be reached,
 * and shuts it down gracefully. JDA resumes dropped sessions and re-identifies invalidated ones by
 * itself; this class only reports the state and hands the client to the connector. With several
 * instances on one database, only the holder of the {@link GatewayLease} connects; the others
 * stand by (and send nothing to Discord) until it stops or dies.
 */
class DiscordClient implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DiscordClient.class);

    /**
     * GUILD_MESSAGES and MESSAGE_CONTENT (privileged: hashtags and answers are read from message text),
     * GUILD_MESSAGE_REACTIONS (votes and approvals), DIRECT_MESSAGES and DIRECT_MESSAGE_REACTIONS (people
     * talk to the bot privately). GUILD_MEMBERS only when {@code staffroom.discord.members-intent} is on (to list
     * a role's members): every event carries its member (roles included), and a member is fetched by id without
     * any intent. JDA adds GUILDS.
     */
    static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(
            GatewayIntent.GUILD_MESSAGES,
            GatewayIntent.MESSAGE_CONTENT,
            GatewayIntent.GUILD_MESSAGE_REACTIONS,
            GatewayIntent.DIRECT_MESSAGES,
            GatewayIntent.DIRECT_MESSAGE_REACTIONS);

    private final DiscordProperties properties;
    private final String token;
    private final DiscordListener listener;
    private final GatewayLookup gateway;
    private final GatewaySessions sessions;
    private final IdentifyGuard guard;
    private final Interactions interactions;
    private final CommandRegistrar registrar;
    private final DiscordStore store;
    private final GatewayLease lease;
    private ScheduledExecutorService retries;
    private ScheduledFuture<?> leaseCheck;
    private volatile JDA jda;
    /** Set when Discord refused the Server Members intent (4014): later sessions connect without it. */
    private volatile boolean membersRefused;

    private volatile String problem = "not started";
    private volatile boolean running;
    private final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
    private ScheduledFuture<?> retry;

    DiscordClient(
            DiscordProperties properties,
            String token,
            DiscordListener listener,
            GatewayLookup gateway,
            GatewaySessions sessions,
            IdentifyGuard guard,
            Interactions interactions,
            CommandRegistrar registrar,
            DiscordStore store,
            GatewayLease lease) {
        this.properties = properties;
        this.token = token;
        this.listener = listener;
        this.gateway = gateway;
        this.sessions = sessions;
        this.guard = guard;
        this.interactions = interactions;
        this.registrar = registrar;
        this.store = store;
        this.lease = lease;
        listener.lifecycle(new DiscordListener.Lifecycle() {
            @Override
            public void ready(JDA which) {
                failures.set(0);
            }

            @Override
            public void shutDown(JDA which, int closeCode) {
                shutDownByJda(which, closeCode);
            }
        });
    }

    @Override
    public synchronized void start() {
        if (running) return;
        running = true;
        // One lease check, at most one connect retry and the odd registration: nothing can pile up.
        retries = Pools.timer("discord-connect-");
        // JDA's default parses every mention in content, @everyone included. Nothing the bot sends may
        // ping except users it names on purpose (set per message too). This setting is JVM-wide.
        MessageRequest.setDefaultMentions(EnumSet.noneOf(Message.MentionType.class));
        MessageRequest.setDefaultMentionRepliedUser(false);
        store.purgePosts(Instant.now().minus(Duration.ofDays(30)));
        if (!lease.enabled()) {
            connect();
            return;
        }
        lead();
        long every = Math.max(100, lease.renewEvery().toMillis());
        leaseCheck = retries.scheduleWithFixedDelay(this::lead, every, every, TimeUnit.MILLISECONDS);
    }

    /** Takes or renews the gateway lease; connects when it is won, disconnects when it is lost. */
    private synchronized void lead() {
        if (!running) return;
        boolean holds = lease.takeOrRenew();
        if (holds && jda == null && (retry == null || retry.isDone())) {
            connect();
        } else if (!holds && jda != null) {
            JDA current = jda;
            jda = null;
            if (retry != null) retry.cancel(false);
            problem = "standing by: another instance holds the Discord gateway";
            log.warn("Lost the Discord gateway lease; closing this instance's session");
            current.shutdownNow();
        } else if (!holds) {
            problem = "standing by: another instance holds the Discord gateway";
        }
    }

    /** False on an instance standing by while another holds the gateway: it sends nothing to Discord. */
    boolean holdsGateway() {
        return lease.held();
    }

    private synchronized void connect() {
        if (!running || jda != null || !lease.held()) return;
        Duration wait = guard.untilAllowed();
        if (!wait.isZero()) {
            // Not even built: a session refused half-way would leave JDA's threads behind.
            problem = "waiting " + wait.toSeconds() + " s before the next IDENTIFY (" + guard.usedToday()
                    + " in the last 24 h)";
            log.warn("Not connecting to Discord yet: {}", problem);
            schedule(wait);
            return;
        }
        try {
            JDA built = builder().build();
            jda = built;
            interactions.connected(built);
            problem = null;
        } catch (InvalidTokenException e) {
            problem = "Discord refused the bot token (check DISCORD_BOT_TOKEN)";
            log.error(problem);
        } catch (IdentifyGuard.Exhausted e) {
            problem = e.getMessage();
            log.error("Not connecting to Discord: {}", problem);
            schedule(e.retryAfter());
        } catch (RuntimeException e) {
            int failed = failures.incrementAndGet();
            gateway.forget();
            problem = "cannot connect to Discord at " + properties.apiUrl() + ": " + e.getMessage();
            Duration backoff = Duration.ofSeconds(Math.min(600, 5L << Math.min(failed, 7)));
            log.warn("{}; trying again in {} s", problem, backoff.toSeconds());
            schedule(backoff);
        }
    }

    /**
     * JDA gave up by itself: Discord closed with a code that cannot be resumed (e.g. 4004 after a token
     * reset, 4014 for a privileged intent not enabled) or the IDENTIFY guard refused a new session.
     * Connect again later, backing off (and the guard still limits IDENTIFYs).
     */
    private void shutDownByJda(JDA which, int closeCode) {
        if (!running || which != jda) return; // our own stop(), or an old client
        ScheduledExecutorService executor = retries;
        if (executor == null) return;
        executor.execute(() -> {
            synchronized (this) {
                if (!running || which != jda) return;
                jda = null;
                if (closeCode == 4014 && asksForMembers()) {
                    // Most likely the switch is on but the portal's toggle is not: keep the bot working without it.
                    membersRefused = true;
                    log.error(
                            "Discord refused the Server Members intent (close code 4014). Turn on \"Server Members Intent\" "
                                    + "under Bot > Privileged Gateway Intents in the Discord Developer Portal, or set "
                                    + "staffroom.discord.members-intent=false. Connecting without it: members of a Discord role "
                                    + "that people.yml makes approvers are reached only once Staffroom has seen them.");
                    which.shutdownNow();
                    schedule(properties.identifyDelay().isZero() ? Duration.ofMillis(200) : properties.identifyDelay());
                    return;
                }
                int failed = failures.incrementAndGet();
                problem = "the Discord client stopped (close code " + closeCode + ")"
                        + (closeCode == 4014 ? ": enable the MESSAGE CONTENT intent in the Developer Portal" : "");
                Duration delay = backoff(failed);
                log.warn("{}; connecting again in {} ms", problem, delay.toMillis());
                which.shutdownNow();
                schedule(delay);
            }
        });
    }

    /** The identify spacing, doubled per failure in a row, at most ten minutes. */
    private Duration backoff(int failed) {
        Duration base = properties.identifyDelay().isZero() ? Duration.ofMillis(200) : properties.identifyDelay();
        Duration delay = base.multipliedBy(1L << Math.min(failed - 1, 12));
        return delay.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : delay;
    }

    private void schedule(Duration delay) {
        if (retry != null) retry.cancel(false);
        retry = retries.schedule(this::connect, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private JDABuilder builder() {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(5, 10, TimeUnit.SECONDS))
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30))
                .writeTimeout(Duration.ofSeconds(30))
                // The one Discord-wide limiter, at the rate of the connector's pace (the sender paces Discord per
                // channel only).
                .addInterceptor(new GlobalRateLimit(DiscordConnector.PACE.globalPerSecond()));
        EnumSet<GatewayIntent> intents = EnumSet.copyOf(INTENTS);
        if (asksForMembers()) intents.add(GatewayIntent.GUILD_MEMBERS);
        return JDABuilder.createLight(token, intents)
                .setRestConfig(new RestConfig().setBaseUrl(properties.apiUrl()))
                .setSessionController(gateway)
                .setCompression(properties.compressed() ? Compression.ZLIB : Compression.NONE)
                .setHttpClientBuilder(http)
                .setEnableShutdownHook(false)
                .addEventListeners(listener);
    }

    /** True while sessions ask for the Server Members intent: switched on, and not refused by Discord. */
    boolean asksForMembers() {
        return properties.membersIntent() && !membersRefused;
    }

    /** True when the current session may list a role's members (it has the Server Members intent). */
    boolean listsMembers() {
        JDA current = jda;
        return current != null && current.getGatewayIntents().contains(GatewayIntent.GUILD_MEMBERS);
    }

    /** The client; REST works as soon as it exists, the cache (guilds, channels) once it is connected. */
    JDA jda() throws DeliveryException {
        JDA current = jda;
        if (current == null) throw DeliveryException.transientFailure("not connected to Discord: " + problem, null);
        return current;
    }

    /**
     * The client once connected, waiting up to {@code readyTimeout}: after a start or an invalidated
     * session JDA's cache of guilds and channels is empty until READY.
     */
    JDA connected() throws DeliveryException {
        JDA current = jda();
        long deadline = System.nanoTime() + properties.readyTimeout().toNanos();
        while (current.getStatus() != JDA.Status.CONNECTED) {
            if (System.nanoTime() > deadline || current.getStatus() == JDA.Status.SHUTDOWN) {
                throw DeliveryException.transientFailure(
                        "Discord gateway not ready (" + current.getStatus() + ")", null);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DeliveryException.transientFailure("interrupted while waiting for Discord", e);
            }
        }
        return current;
    }

    /** The client if it exists (REST works before the gateway is ready). */
    JDA jdaIfStarted() {
        return jda;
    }

    long selfId() throws DeliveryException {
        return jda().getSelfUser().getIdLong();
    }

    boolean isConnected() {
        JDA current = jda;
        return current != null && current.getStatus() == JDA.Status.CONNECTED;
    }

    ConnectorStatus status() {
        JDA current = jda;
        if (current == null && running && lease.enabled() && !lease.held()) {
            // Healthy: another instance talks to Discord for all of them.
            return ConnectorStatus.up("standing by: another instance holds the Discord gateway");
        }
        if (current == null) return ConnectorStatus.down(problem == null ? "not connected" : problem);
        JDA.Status s = current.getStatus();
        String detail = "JDA " + s.name().toLowerCase() + "; " + sessions.summary() + "; IDENTIFYs in 24 h: "
                + guard.usedToday()
                + (membersRefused ? "; Server Members intent refused by Discord (see the log)" : "");
        return switch (s) {
            case CONNECTED ->
                ConnectorStatus.up("connected as " + current.getSelfUser().getName() + " in "
                        + current.getGuilds().size() + " guild(s); " + detail);
            case SHUTTING_DOWN, SHUTDOWN, FAILED_TO_LOGIN -> ConnectorStatus.down(detail);
            default -> new ConnectorStatus(ConnectorStatus.State.CONNECTING, detail);
        };
    }

    /** A config edit may name new guilds: register the commands there (unchanged guilds are skipped). */
    @EventListener
    void on(ConfigReloaded reloaded) {
        JDA current = jda;
        if (current != null && current.getStatus() == JDA.Status.CONNECTED && retries != null) {
            retries.execute(() -> registrar.registerAll(current));
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (retry != null) retry.cancel(false);
        if (leaseCheck != null) leaseCheck.cancel(false);
        if (retries != null) retries.shutdownNow();
        JDA current = jda;
        jda = null;
        problem = "stopped";
        if (current != null) {
            // shutdown(), not shutdownNow(): requests in flight finish, and the session closes cleanly.
            current.shutdown();
            try {
                if (!current.awaitShutdown(Duration.ofSeconds(5))) current.shutdownNow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                current.shutdownNow();
            }
        }
        // After the session closed: the instance that takes over must not overlap with it.
        lease.release();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the inbox (100), before the delivery sender (200): posts go out once a client exists. */
    @Override
    public int getPhase() {
        return 150;
    }
}
