package org.staffroom.drafts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.approvals.Closure;
import org.staffroom.approvals.Reviews;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Message;
import org.staffroom.chat.Tick;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Trust;
import org.staffroom.config.TrustConfig;

/**
 * Scheduled work on each tick, each draft in its own transaction and each step idempotent:
 * drafts not approved by the end of their wanted date expire (and are never published); photos
 * of rejected, expired and withdrawn drafts are deleted after {@code rejected-image-retention-days};
 * every draft's content and photos are deleted after {@code retention-days}, keeping the audit
 * log; due webhook deliveries are sent.
 */
@Component
class DraftHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(DraftHousekeeping.class);
    private static final Duration INTAKE_KEPT = Duration.ofDays(7);
    private static final Duration SWEEP_EVERY = Duration.ofHours(1);

    private final DraftStore store;
    private final DraftService service;
    private final Reviews reviews;
    private final ImageStore images;
    private final PublishWebhook webhook;
    private final DraftMessages messages;
    private final Chat chat;
    private final TrustConfig config;
    private final TransactionTemplate tx;
    private volatile Instant lastSweep = Instant.EPOCH;

    DraftHousekeeping(
            DraftStore store,
            DraftService service,
            Reviews reviews,
            ImageStore images,
            PublishWebhook webhook,
            DraftMessages messages,
            Chat chat,
            TrustConfig config,
            TransactionTemplate tx) {
        this.store = store;
        this.service = service;
        this.reviews = reviews;
        this.images = images;
        this.webhook = webhook;
        this.messages = messages;
        this.chat = chat;
        this.config = config;
        this.tx = tx;
    }

    @EventListener
    void on(Tick tick) {
        Instant now = tick.now();
        Trust.Drafts settings = config.get().trust().drafts();
        for (DraftStore.DraftRow d : store.dueToExpire(now)) each(d.id(), "expiry", () -> expire(d.id(), now));
        for (DraftStore.DraftRow d :
                store.imagesDueForPurge(now.minus(Duration.ofDays(settings.rejectedImageRetentionDays())))) {
            each(d.id(), "photo purge", () -> purgeImages(d.id(), now));
        }
        for (DraftStore.DraftRow d : store.dueForPurge(now.minus(Duration.ofDays(settings.retentionDays())))) {
            each(d.id(), "purge", () -> purge(d.id(), now, settings.retentionDays()));
        }
        try {
            webhook.sendDue(now);
            store.deleteIntakesBefore(now.minus(INTAKE_KEPT));
        } catch (RuntimeException e) {
            log.error("Draft housekeeping failed", e);
        }
        // File times are wall-clock times, so the orphan sweep works in real time, not the business clock.
        Instant real = Instant.now();
        if (Duration.between(lastSweep, real).compareTo(SWEEP_EVERY) >= 0) {
            lastSweep = real;
            int removed = images.sweepOrphans(real.minus(Duration.ofDays(1)), store::fileReferenced);
            if (removed > 0) log.info("Removed {} photo file(s) no draft refers to", removed);
        }
    }

    private void each(long draftId, String what, Runnable work) {
        try {
            tx.executeWithoutResult(s -> work.run());
        } catch (RuntimeException e) {
            log.error("Draft {} {} failed", draftId, what, e);
        }
    }

    void expire(long id, Instant now) {
        Optional<DraftStore.DraftRow> found = service.lockDraft(id);
        if (found.isEmpty()) return;
        DraftStore.DraftRow d = found.get();
        if (!d.state().editable() || d.expiresAt() == null || d.expiresAt().isAfter(now)) return;
        if (!store.moveState(
                id,
                List.of(DraftState.BLOCKED, DraftState.IN_REVIEW, DraftState.CHANGES_REQUESTED),
                DraftState.EXPIRED,
                now,
                "decided_at")) {
            return;
        }
        if (d.reviewId() != null) reviews.close(d.reviewId(), Closure.EXPIRED);
        service.record(now, id, d.reviewId(), null, "EXPIRED", "not approved by the end of its wanted date");
        Locale locale = messages.localeOf(d);
        chat.sendDirect(
                UserRef.parse(d.authorUser()),
                Message.of(messages.t(
                        locale, "drafts.dm.expired", messages.title(d, locale), messages.date(d.wantedDate(), locale))),
                "drafts:expired:" + id);
    }

    void purgeImages(long id, Instant now) {
        Optional<DraftStore.DraftRow> d = service.lockDraft(id);
        if (d.isEmpty() || d.get().imagesPurgedAt() != null) return;
        List<String> files =
                store.imagesOf(id).stream().map(DraftStore.ImageRow::fileName).toList();
        store.deleteImages(id);
        store.markImagesPurged(id, now);
        images.deleteAfterCommit(files);
        service.record(
                now,
                id,
                d.get().reviewId(),
                null,
                "IMAGES_PURGED",
                files.size() + " photo(s) deleted after "
                        + config.get().trust().drafts().rejectedImageRetentionDays() + " days");
    }

    void purge(long id, Instant now, int days) {
        Optional<DraftStore.DraftRow> d = service.lockDraft(id);
        if (d.isEmpty()) return;
        List<String> files =
                store.imagesOf(id).stream().map(DraftStore.ImageRow::fileName).toList();
        store.deleteImages(id);
        store.deleteRevisions(id);
        store.markPurged(id, now);
        images.deleteAfterCommit(files);
        if (d.get().reviewId() != null) {
            reviews.forgetContent(d.get().reviewId());
            reviews.refresh(d.get().reviewId());
        }
        service.record(
                now,
                id,
                d.get().reviewId(),
                null,
                "PURGED",
                "text, revisions and " + files.size() + " photo(s) deleted after " + days + " days; this log is kept");
    }
}
