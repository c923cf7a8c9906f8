package org.staffroom.networks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.staffroom.publishing.NetworkException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The JDK HTTP client with JSON, multipart and the error mapping the AT Protocol and Mastodon adapters share. */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> send(HttpRequest request) throws NetworkException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NetworkException(
                    NetworkException.Reason.UNAVAILABLE,
                    "the network could not be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkException(NetworkException.Reason.UNAVAILABLE, "interrupted");
        }
    }

    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("User-Agent", "Staffroom");
    }

    static HttpRequest.BodyPublisher json(Object body) {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8);
    }

    static <T> T read(HttpResponse<String> response, Class<T> type) {
        return JSON.readValue(response.body(), type);
    }

    /** A multipart/form-data body with one file part and text fields. */
    record Multipart(String boundary, byte[] body) {
        static Multipart of(String fileField, String fileName, String mimeType, byte[] file, String... fields) {
            String boundary = "staffroom-" + UUID.randomUUID();
            var out = new java.io.ByteArrayOutputStream();
            for (int i = 0; i + 1 < fields.length; i += 2) {
                if (fields[i + 1] == null) continue;
                out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i]
                                + "\"\r\n\r\n" + fields[i + 1] + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
                            + "\"; filename=\"" + fileName + "\"\r\nContent-Type: " + mimeType + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(file);
            out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return new Multipart(boundary, out.toByteArray());
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }
    }

    /** The wait a 429 asks for: Retry-After seconds, else a reset time (epoch seconds or ISO), else a minute. */
    static Duration retryAfter(HttpResponse<?> response, Instant now) {
        Optional<String> after = response.headers().firstValue("Retry-After");
        if (after.isPresent()) {
            try {
                return Duration.ofSeconds(Long.parseLong(after.get().trim()));
            } catch (NumberFormatException ignored) {
                // an HTTP date: fall through to the reset headers
            }
        }
        for (String name : new String[] {"ratelimit-reset", "X-RateLimit-Reset"}) {
            Optional<String> reset = response.headers().firstValue(name);
            if (reset.isEmpty()) continue;
            try {
                Instant at = reset.get().matches("\\d+")
                        ? Instant.ofEpochSecond(Long.parseLong(reset.get()))
                        : OffsetDateTime.parse(reset.get()).toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ofSeconds(1) : d;
            } catch (RuntimeException ignored) {
                // unreadable: use the default
            }
        }
        return Duration.ofMinutes(1);
    }
}
