package org.staffroom.chat.spi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The one way adapters fetch a file people shared: GET without following redirects (a redirect could
 * lead the request, and its credentials, somewhere else), bounded connect and whole-request timeouts,
 * a size cap checked on the announced length and again while reading, and a type check that refuses an
 * HTML page where a file was expected (what a platform answers when the token may not read the file).
 * Failures come back in the delivery vocabulary: 429 as rate-limited with its Retry-After, 408 and 5xx
 * and network faults as transient, everything else as permanent. Each adapter decides first which
 * hosts it trusts and which headers (a token) go with the request; the address is never logged here.
 */
public final class AttachmentDownloader {

    private final HttpClient http;
    private final Duration requestTimeout;

    public AttachmentDownloader(Duration connectTimeout, Duration requestTimeout) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
    }

    /**
     * The file's bytes. {@code what} names the file in error messages (never the URL, which may carry
     * a secret); {@code headers} go with the request as they are.
     */
    public byte[] fetch(URI uri, Map<String, String> headers, long maxBytes, String what) throws DeliveryException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw DeliveryException.permanent(what + " is not on the web", null);
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(requestTimeout).GET();
        headers.forEach(request::header);
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                int status = response.statusCode();
                if (status == 429) {
                    throw DeliveryException.rateLimited(
                            retryAfter(
                                    response.headers().firstValue("Retry-After").orElse(null)),
                            what);
                }
                if (status == 408 || status >= 500)
                    throw DeliveryException.transientFailure(what + ": HTTP " + status, null);
                if (status != 200) throw DeliveryException.permanent(what + ": HTTP " + status, null);
                String type =
                        response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
                if (type.startsWith("text/html")) {
                    throw DeliveryException.permanent(
                            what + " came back as a web page, not the file (no access?)", null);
                }
                OptionalLong announced = response.headers().firstValueAsLong("Content-Length");
                if (announced.isPresent() && announced.getAsLong() > maxBytes) {
                    throw DeliveryException.permanent(what + " is larger than " + maxBytes + " bytes", null);
                }
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes)
                    throw DeliveryException.permanent(what + " is larger than " + maxBytes + " bytes", null);
                return bytes;
            }
        } catch (HttpTimeoutException e) {
            throw DeliveryException.transientFailure(
                    what + ": no answer within " + requestTimeout.toSeconds() + " s", null);
        } catch (IOException e) {
            throw DeliveryException.transientFailure(what + ": " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.transientFailure("interrupted", e);
        }
    }

    /** Retry-After in seconds, between 1 s and an hour; 1 s when missing or not a number. */
    public static Duration retryAfter(String header) {
        try {
            long seconds = header == null ? 1 : Long.parseLong(header.trim());
            return Duration.ofSeconds(Math.max(1, Math.min(seconds, 3600)));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }
}
