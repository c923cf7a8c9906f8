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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.staffroom.approvals.AuditLog;
import org.staffroom.config.School;
import org.staffroom.config.Sql;
import org.staffroom.config.Trust;
import org.staffroom.config.TrustConfig;
import org.staffroom.outbox.Backoff;
import org.staffroom.outbox.Outbox;
import org.staffroom.outbox.OutboxTable;

/**
 * The optional outbound webhook: each approved post (and each post pulled after consent was
 * withdrawn) is POSTed as JSON to the URL in the environment variable that trust.yml names in
 * {@code drafts.webhook-url-env}, signed with HMAC-SHA256 using the secret from the variable named in
 * {@code drafts.webhook-secret-env}: header {@code X-Staffroom-Signature: sha256=<hex>} over
 * {@code <X-Staffroom-Timestamp>.<body>}. Deliveries are rows of an outbox ({@link Outbox}), sent on
 * the tick and retried with backoff (1 min doubling to 6 h, 12 attempts, then a dead letter shown to
 * admins); a claim left by a crash is taken over after {@code staffroom.drafts.webhook-stale-after}
 * and sent again, so a receiver may see an event twice. Each event carries {@code sequence}, numbered per post
 * in the order the events happened, so a receiver can ignore one older than what it already applied;
 * a {@code post.approved} not yet delivered when the post is pulled is cancelled instead.
 * The secret and the URL's query are never logged.
 */
@Component
@EnableConfigurationProperties(DraftsSettings.class)
class PublishWebhook {

    static final String APPROVED = "post.approved";
    static final String PULLED = "post.pulled";
    static final int MAX_ATTEMPTS = 12;
    static final Backoff BACKOFF = new Backoff(Duration.ofMinutes(1), Duration.ofHours(6), MAX_ATTEMPTS);
    static final OutboxTable TABLE = OutboxTable.standard("draft_webhook", "event || ' of draft ' || draft_id");
    /** Rows sent in one pass; the rest wait for the next tick. */
    static final int BATCH = 20;
    /** How long a missing URL or secret puts a row off (not counted as a failure). */
    static final Duration UNCONFIGURED_WAIT = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(PublishWebhook.class);

    private final DraftStore store;
    private final TrustConfig config;
    private final Environment env;
    private final ImageStore images;
    private final AuditLog audit;
    private final Clock clock;
    private final Outbox outbox;
    private final String instance = "webhook-" + UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PublishWebhook(
            DraftStore store,
            TrustConfig config,
            Environment env,
            ImageStore images,
            AuditLog audit,
            Clock clock,
            DraftsSettings settings) {
        this.store = store;
        this.config = config;
        this.env = env;
        this.images = images;
        this.audit = audit;
        this.clock = clock;
        this.outbox = store.webhookOutbox(settings.webhookStaleAfter());
    }

    /** Lists the webhook's dead letters to admins. */
    @Bean
    static OutboxTable draftWebhookOutboxTable() {
        return TABLE;
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

    /**
     * Sends what is due. Called on the tick, outside any transaction: stale claims are taken back
     * first, then each due row is claimed, sent, then recorded. Whatever goes wrong while sending,
     * exceptions included, ends the claim: the row is retried or becomes a dead letter, never stranded.
     */
    void sendDue(Instant now) {
        int recovered = outbox.recoverStale(instance, now);
        if (recovered > 0)
            log.info("Publish webhook: {} deliveries left claimed by a stopped instance will be sent again", recovered);
        List<DraftStore.WebhookRow> due = store.dueWebhooks(now, BATCH);
        if (due.isEmpty()) return;
        Optional<Target> target = target();
        for (DraftStore.WebhookRow row : due) {
            if (!outbox.claim(row.id(), instance, now)) continue; // another instance has it
            try {
                send(row, target, now);
            } catch (RuntimeException e) {
                failed(row, now, e.getClass().getSimpleName());
                log.warn("Publish webhook for draft {} ({}) failed unexpectedly", row.draftId(), row.event(), e);
            }
        }
    }

    /** Sends one claimed row and records the outcome. */
    private void send(DraftStore.WebhookRow row, Optional<Target> target, Instant now) {
        if (target.isEmpty()) {
            outbox.release(row.id(), instance, now.plus(UNCONFIGURED_WAIT), false, "webhook not configured");
            return;
        }
        if (APPROVED.equals(row.event())
                && store.draft(row.draftId()).map(d -> d.pulledAt() != null).orElse(false)) {
            outbox.cancel(row.id(), instance); // pulled meanwhile: never send the pupil's name out again
            return;
        }
        String error;
        try {
            Optional<String> body = body(row);
            if (body.isEmpty()) {
                sent(row, now); // purged meanwhile: nothing left to send
                return;
            }
            int status = post(target.get(), body.get(), now);
            if (status >= 200 && status < 300) {
                sent(row, clock.instant());
                audit.record(
                        clock.instant(),
                        new AuditLog.Step(
                                DraftService.KIND,
                                String.valueOf(row.draftId()),
                                null,
                                "WEBHOOK_SENT",
                                null,
                                null,
                                null,
                                null,
                                row.event()));
                return;
            }
            error = "HTTP " + status;
        } catch (java.io.IOException e) {
            error = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        failed(row, now, error);
    }

    private void sent(DraftStore.WebhookRow row, Instant at) {
        outbox.complete(row.id(), instance, DraftStore.WEBHOOK_SENT, Sql.utc(at));
    }

    private void failed(DraftStore.WebhookRow row, Instant now, String error) {
        Outbox.Retry retry = outbox.retry(row.id(), instance, row.attempts(), now, error);
        log.warn(
                "Publish webhook for draft {} ({}) failed: {}; {}",
                row.draftId(),
                row.event(),
                error,
                retry.gaveUp()
                        ? "giving up after " + retry.attempts() + " attempts"
                        : "retrying in "
                                + Duration.between(now, retry.nextAttempt().get())
                                        .toMinutes() + " min");
        if (retry.gaveUp()) {
            audit.record(
                    clock.instant(),
                    new AuditLog.Step(
                            DraftService.KIND,
                            String.valueOf(row.draftId()),
                            null,
                            "WEBHOOK_FAILED",
                            null,
                            null,
                            null,
                            null,
                            row.event() + " after " + retry.attempts() + " attempts: " + error));
        }
    }

    /** Who this instance claims rows as ({@code draft_webhook.claimed_by}), for tests. */
    String instanceId() {
        return instance;
    }

    Outbox outbox() {
        return outbox;
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
        String schoolName =
                config.get().school(draft.schoolId()).map(School::name).orElse(draft.schoolId());
        String account = draft.target().name().toLowerCase();
        WebhookPayload payload;
        if (PULLED.equals(row.event())) {
            payload = new WebhookPayload.Pulled(
                    row.event(),
                    draft.id(),
                    row.sequence(),
                    draft.schoolId(),
                    schoolName,
                    account,
                    "media-consent-withdrawn",
                    draft.publishedUrl());
        } else {
            DraftStore.RevisionRow rev =
                    store.revision(draft.id(), draft.revision()).orElse(null);
            if (rev == null) return Optional.empty();
            payload = new WebhookPayload.Approved(
                    row.event(),
                    draft.id(),
                    row.sequence(),
                    draft.schoolId(),
                    schoolName,
                    account,
                    rev.text(),
                    rev.networks(),
                    rev.category().id(),
                    rev.wantedDate() == null ? null : rev.wantedDate().toString(),
                    draft.approvedAt() == null ? null : draft.approvedAt().toString(),
                    store.images(rev.imageIds()).stream().map(images::publicUrl).toList());
        }
        return Optional.of(DraftStore.JSON.writeValueAsString(payload));
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
