package org.staffroom.testing.discord;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;

/**
 * Points a real JDA at a {@link FakeDiscord}: REST through {@code RestConfig#setBaseUrl}, the gateway URL
 * discovered from {@code GET gateway} (JDABuilder never asks Discord for it; it takes
 * {@code SessionController#getGateway()}), compression off (the fake speaks plain JSON).
 */
public final class FakeDiscordJda {

    private FakeDiscordJda() {}

    /** {@code JDABuilder.createLight} wired to the fake. */
    public static JDABuilder lightBuilder(FakeDiscord fake, Collection<GatewayIntent> intents) {
        return wire(JDABuilder.createLight(fake.token(), intents), fake);
    }

    /** Wires any JDABuilder to the fake. */
    public static JDABuilder wire(JDABuilder builder, FakeDiscord fake) {
        return builder.setRestConfig(new RestConfig().setBaseUrl(fake.restBaseUrl()))
                .setSessionController(new GatewayDiscovery(fake.restBaseUrl(), Duration.ZERO))
                .setCompression(Compression.NONE);
    }

    /**
     * A session controller that asks the REST base for the gateway URL (as a production adapter configured
     * with only a REST base can) and starts queued sessions after {@code identifyDelay}. JDA's default
     * {@code ConcurrentSessionController} waits {@code IDENTIFY_DELAY} = 5 s after each IDENTIFY before the
     * next; tests pass zero so a re-IDENTIFY after INVALID_SESSION is immediate.
     */
    public static final class GatewayDiscovery extends SessionControllerAdapter {
        private final String restBaseUrl;
        private final Duration identifyDelay;
        private volatile String gateway;

        public GatewayDiscovery(String restBaseUrl, Duration identifyDelay) {
            this.restBaseUrl = restBaseUrl.endsWith("/") ? restBaseUrl : restBaseUrl + "/";
            this.identifyDelay = identifyDelay;
        }

        @Override
        public String getGateway() {
            String known = gateway;
            if (known == null) {
                known = fetchGateway();
                gateway = known;
            }
            return known;
        }

        private String fetchGateway() {
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(restBaseUrl + "gateway"))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                String url = Json.text(Json.parse(response.body()), "url");
                if (response.statusCode() != 200 || url == null) {
                    throw new IllegalStateException("GET gateway answered " + response.statusCode());
                }
                return url;
            } catch (IOException e) {
                throw new IllegalStateException("GET gateway failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected void runWorker() {
            synchronized (lock) {
                if (workerHandle == null) {
                    workerHandle = new QueueWorker(identifyDelay.toMillis());
                    workerHandle.start();
                }
            }
        }
    }
}
