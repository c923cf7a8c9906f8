package org.staffroom.discord;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JDA's session controller, changed in two ways. The gateway URL is asked from the configured REST
 * base ({@code GET gateway}, as Discord documents it) instead of JDA's fixed
 * {@code wss://gateway.discord.gg/}, so the bot follows whatever Discord-compatible endpoint
 * {@code staffroom.discord.api-url} names. And every new session (IDENTIFY) first passes the
 * {@link IdentifyGuard}, which spaces them out and stops a storm; resumes do not come through here.
 */
class GatewayLookup extends SessionControllerAdapter {

    private static final Logger log = LoggerFactory.getLogger(GatewayLookup.class);

    private final String apiUrl;
    private final IdentifyGuard guard;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private volatile String gateway;

    GatewayLookup(String apiUrl, IdentifyGuard guard) {
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
        this.guard = guard;
    }

    /** Asked once per login; Discord says to cache the URL and ask again only when connecting fails. */
    @Override
    public String getGateway() {
        String known = gateway;
        if (known == null) {
            known = fetch();
            gateway = known;
        }
        return known;
    }

    /** Forgets the cached URL so the next login asks again (after a failed connection). */
    void forget() {
        gateway = null;
    }

    private String fetch() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + "gateway"))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + apiUrl + "gateway answered " + response.statusCode());
            }
            String url = DataObject.fromJson(response.body()).getString("url", null);
            if (url == null || url.isBlank()) {
                throw new IllegalStateException("GET " + apiUrl + "gateway returned no url");
            }
            log.info("Discord gateway for {} is {}", apiUrl, url);
            return url;
        } catch (IOException e) {
            throw new IllegalStateException("GET " + apiUrl + "gateway failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking for the gateway URL", e);
        }
    }

    /**
     * Each node is a new session (JDA resumes without the controller). The guard may wait for the
     * spacing; when it refuses, JDA is told by an exception and shuts the session down.
     */
    @Override
    public void appendSession(SessionConnectNode node) {
        try {
            guard.beforeIdentify();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before IDENTIFY", e);
        }
        super.appendSession(node);
    }

    /** The guard already spaces IDENTIFYs out (persistently); the worker need not wait again. */
    @Override
    protected void runWorker() {
        synchronized (lock) {
            if (workerHandle == null) {
                workerHandle = new QueueWorker(0L);
                workerHandle.start();
            }
        }
    }
}
