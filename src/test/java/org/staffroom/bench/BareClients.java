package org.staffroom.bench;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.socket_mode.SocketModeClient;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicLong;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.discord.FakeDiscordJda;
import org.staffroom.testing.slack.FakeSlack;

/**
 * The baselines: the same clients Staffroom uses, with handlers that only acknowledge. A Bolt app in
 * Socket Mode over the same WebSocket backend and concurrency as Staffroom's, and a JDA built the
 * way Staffroom builds it (light, same intents, no compression), counting what it receives.
 */
final class BareClients {

    /** Staffroom's own defaults (SlackProperties.socketConcurrency, DiscordClient.INTENTS). */
    static final int SOCKET_CONCURRENCY = 8;

    static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(
            GatewayIntent.GUILD_MESSAGES,
            GatewayIntent.MESSAGE_CONTENT,
            GatewayIntent.GUILD_MESSAGE_REACTIONS,
            GatewayIntent.DIRECT_MESSAGES,
            GatewayIntent.DIRECT_MESSAGE_REACTIONS);

    private BareClients() {}

    /** A Bolt app that acknowledges every message event and does nothing else. */
    static final class BareBolt implements AutoCloseable {
        private final SocketModeApp socket;
        final AtomicLong handled = new AtomicLong();

        BareBolt(FakeSlack fake) throws Exception {
            SlackConfig config = fake.slackConfig();
            config.setStatsEnabled(false);
            App app = new App(AppConfig.builder()
                    .slack(Slack.getInstance(config))
                    .singleTeamBotToken(fake.botToken())
                    .signingSecret(null)
                    .clientId(null)
                    .clientSecret(null)
                    .build());
            app.event(MessageEvent.class, (req, ctx) -> {
                handled.incrementAndGet();
                return ctx.ack();
            });
            socket = new SocketModeApp(
                    fake.appToken(), app, SocketModeClient.Backend.JavaWebSocket, c -> null, SOCKET_CONCURRENCY);
            socket.startAsync();
        }

        @Override
        public void close() throws Exception {
            SocketModeClient client = socket.getClient();
            socket.close();
            if (client != null) client.close();
        }
    }

    /** A JDA that counts the messages it receives. */
    static final class BareJda implements AutoCloseable {
        private final JDA jda;
        final AtomicLong received = new AtomicLong();

        BareJda(FakeDiscord fake) throws InterruptedException {
            jda = FakeDiscordJda.lightBuilder(fake, INTENTS)
                    .setEnableShutdownHook(false)
                    .addEventListeners(new ListenerAdapter() {
                        @Override
                        public void onMessageReceived(MessageReceivedEvent event) {
                            received.incrementAndGet();
                        }
                    })
                    .build()
                    .awaitReady();
        }

        @Override
        public void close() throws InterruptedException {
            jda.shutdown();
            if (!jda.awaitShutdown(java.time.Duration.ofSeconds(5))) jda.shutdownNow();
        }
    }
}
