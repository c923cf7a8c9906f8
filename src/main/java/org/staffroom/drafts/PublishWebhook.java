package org.staffroom.drafts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import org.staffroom.approvals.AuditLog;
import org.staffroom.config.School;
import org.staffroom.config.Trust;
import org.staffroom.config.TrustConfig;

/**
 * The optional outbound webhook: each approved post (and each post pulled after consent was
 * withdrawn) is POSTed as JSON to the URL in the environment variable that trust.yml names in
 * {@code drafts.webhook-url-env}, signed with HMAC-SHA256 using the secret from the variable named in
 * {@code drafts.webhook-secret-env}: header {@code X-Staffroom-Signature: sha256=<hex>} over
 * {@code <X-Staffroom-Timestamp>.<body>}. Deliveries are rows, sent on the tick and retried with
 * backoff (1 min doubling to 6 h, 12 attempts). Each event carries {@code sequence}, numbered per post
 * in the order the events happened, so a receiver can ignore one older than what it already applied;
 * a {@code post.approved} not yet delivered when the post is pulled is cancelled instead.
 * The secret and the URL's query are never logged.
 */
@Component
class PublishWebhook {

    static final String APPROVED = "post.approved";
    static final String PULLED = "post.pulled";
    static final int MAX_ATTEMPTS = 12;

    private static final Logger log = LoggerFactory.getLogger(PublishWebhook.class);

    private final DraftStore store;
    private final TrustConfig config;
    private final Environment env;
    private final ImageStore images;
    private final AuditLog audit;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PublishWebhook(DraftStore store, TrustConfig config, Environment env, ImageStore images, AuditLog audit, Clock clock) {
        this.store = store;
        this.config = config;
        this.env = env;
        this.images = images;
        this.audit = audit;
        this.clock = clock;
    }

    /** The webhook's URL and secret, when both are configured. */
    record Target(String url, String secret) {
        @Override
        public String toString() {
            return "Target[" + redact(url) + "]";
        }
    }

    Optional<Target> target() {
        Trust.Drafts d = config.get().trust().drafts();
        if (d.webhookUrlEnv() == null || d.webhookSecretEnv() == null) return Optional.empty();
        String url = env.getProperty(d.webhookUrlEnv());
        String secret = env.getProperty(d.webhookSecretEnv());
        if (url == null || url.isBlank() || secret == null || secret.isBlank()) return Optional.empty();
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            log.warn("{} is not an http(s) URL; the publish webhook is off", d.webhookUrlEnv());
            return Optional.empty();
        }
        return Optional.of(new Target(url.strip(), secret));
    }

    /** Queues a delivery (once per draft and event) if a webhook is configured. */
    void enqueue(long draftId, String event, Instant now) {
        if (target().isPresent()) store.enqueueWebhook(draftId, event, now);
    }

    /** Sends what is due. Called on the tick, outside any transaction: each row is claimed, sent, then recorded. */
    void sendDue(Instant now) {
        List<DraftStore.WebhookRow> due = store.dueWebhooks(now, 20);
        if (due.isEmpty()) return;
        Optional<Target> target = target();
        for (DraftStore.WebhookRow row : due) {
            if (!store.claimWebhook(row.id())) continue;
            if (target.isEmpty()) {
                store.webhookRetry(row.id(), now.plus(Duration.ofHours(1)), "webhook not configured", false);
                continue;
            }
            if (APPROVED.equals(row.event()) && store.draft(row.draftId()).map(d -> d.pulledAt() != null).orElse(false)) {
                store.webhookCancelled(row.id());   // pulled meanwhile: never send the pupil's name out again
                continue;
            }
            String error;
            try {
                Optional<String> body = body(row);
                if (body.isEmpty()) {
                    store.webhookSent(row.id(), now);   // purged meanwhile: nothing left to send
                    continue;
                }
                int status = post(target.get(), body.get(), now);
                if (status >= 200 && status < 300) {
                    store.webhookSent(row.id(), clock.instant());
                    audit.record(clock.instant(), new AuditLog.Step(DraftService.KIND, String.valueOf(row.draftId()), null,
                            "WEBHOOK_SENT", null, null, null, null, row.event()));
                    continue;
                }
                error = "HTTP " + status;
            } catch (java.io.IOException e) {
                error = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
            }
            int attempts = row.attempts() + 1;
            boolean giveUp = attempts >= MAX_ATTEMPTS;
            Duration backoff = Duration.ofMinutes(Math.min(360, 1L << Math.min(attempts - 1, 9)));
            store.webhookRetry(row.id(), now.plus(backoff), error, giveUp);
            log.warn("Publish webhook for draft {} ({}) failed: {}; {}", row.draftId(), row.event(), error,
                    giveUp ? "giving up after " + attempts + " attempts" : "retrying in " + backoff.toMinutes() + " min");
            if (giveUp) {
                audit.record(clock.instant(), new AuditLog.Step(DraftService.KIND, String.valueOf(row.draftId()), null,
                        "WEBHOOK_FAILED", null, null, null, null, row.event() + " after " + attempts + " attempts: " + error));
            }
        }
    }

    int post(Target target, String body, Instant now) throws java.io.IOException, InterruptedException {
        String timestamp = String.valueOf(now.getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.url()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Staffroom")
                .header("X-Staffroom-Timestamp", timestamp)
                .header("X-Staffroom-Signature", "sha256=" + sign(target.secret(), timestamp + "." + body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The JSON for an event: the post as approved, with its public photo URLs (none once pulled). */
    Optional<String> body(DraftStore.WebhookRow row) {
        Optional<DraftStore.DraftRow> d = store.draft(row.draftId());
        if (d.isEmpty() || d.get().purged()) return Optional.empty();
        DraftStore.DraftRow draft = d.get();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event", row.event());
        json.put("id", draft.id());
        json.put("sequence", row.sequence());
        json.put("school", draft.schoolId());
        json.put("schoolName", config.get().school(draft.schoolId()).map(School::name).orElse(draft.schoolId()));
        json.put("account", draft.target().name().toLowerCase());
        if (PULLED.equals(row.event())) {
            json.put("reason", "media-consent-withdrawn");
            json.put("publishedUrl", draft.publishedUrl());
        } else {
            DraftStore.RevisionRow rev = store.revision(draft.id(), draft.revision()).orElse(null);
            if (rev == null) return Optional.empty();
            json.put("text", rev.text());
            json.put("networks", rev.networks());
            json.put("category", rev.category().id());
            json.put("wantedDate", rev.wantedDate() == null ? null : rev.wantedDate().toString());
            json.put("approvedAt", draft.approvedAt() == null ? null : draft.approvedAt().toString());
            json.put("images", store.images(rev.imageIds()).stream().map(images::publicUrl).toList());
        }
        return Optional.of(DraftStore.JSON.writeValueAsString(json));
    }

    static String sign(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** Scheme, host and path only: a URL's query may carry a token. */
    static String redact(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
        } catch (RuntimeException e) {
            return "(invalid URL)";
        }
    }
}
