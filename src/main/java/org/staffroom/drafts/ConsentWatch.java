package org.staffroom.drafts;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.approvals.Closure;
import org.staffroom.approvals.Reviews;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.UserRef;
import org.staffroom.config.ConfigReloaded;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.config.TrustConfig;

/**
 * Consent withdrawn: at start-up (consent.yml may have been edited while the bot was down) and
 * after every change of the no-media-consent lists (including the good lines of a refused edit),
 * every post that is public or on its way there (in review, changes requested, approved,
 * published) is checked against the full lists in force: its school's, every school's for the
 * trust's account. An approved or published post is pulled from the wall and feeds at once, its
 * undelivered "post.approved" webhook is cancelled and a "post.pulled" one goes out; a draft still
 * on its way is stopped and sent back to its author; the author and everyone who voted on it are
 * told by DM what to take down, and its review cards say so. Idempotent: a pulled or stopped
 * draft is not checked again, webhooks are one per draft and event, DMs one per key.
 */
@Component
class ConsentWatch {

    private static final Logger log = LoggerFactory.getLogger(ConsentWatch.class);
    static final List<DraftState> CHECKED =
            List.of(DraftState.IN_REVIEW, DraftState.CHANGES_REQUESTED, DraftState.APPROVED, DraftState.PUBLISHED);

    private final DraftStore store;
    private final DraftService service;
    private final Reviews reviews;
    private final PublishWebhook webhook;
    private final DraftMessages messages;
    private final Chat chat;
    private final TrustConfig config;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    /** Publishing, when present: which networks Staffroom takes the post down from itself. */
    private List<PublicationStatus> publications = List.of();

    ConsentWatch(
            DraftStore store,
            DraftService service,
            Reviews reviews,
            PublishWebhook webhook,
            DraftMessages messages,
            Chat chat,
            TrustConfig config,
            TransactionTemplate tx,
            Clock clock,
            ApplicationEventPublisher events) {
        this.events = events;
        this.store = store;
        this.service = service;
        this.reviews = reviews;
        this.webhook = webhook;
        this.messages = messages;
        this.chat = chat;
        this.config = config;
        this.tx = tx;
        this.clock = clock;
    }

    @org.springframework.beans.factory.annotation.Autowired(required = false)
    void setPublications(List<PublicationStatus> publications) {
        this.publications = publications;
    }

    /** Edits made while the bot was down count from the first moment it is up. */
    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        recheck(config.get(), "start-up");
    }

    @EventListener
    void on(ConfigReloaded event) {
        if (event.previous() != null
                && event.previous().noConsent().equals(event.current().noConsent())) return;
        recheck(event.current(), "consent change");
    }

    /** What one pass did, for the log and for tests. */
    record Pass(int checked, int pulled, int stopped) {}

    Pass recheck(StaffroomConfig c, String why) {
        int checked = 0;
        int pulled = 0;
        int stopped = 0;
        for (DraftStore.DraftRow d : store.toRecheck()) {
            checked++;
            Optional<DraftStore.RevisionRow> rev = store.revision(d.id(), d.revision());
            if (rev.isEmpty() || named(c, d, rev.get()).isEmpty()) continue;
            try {
                Boolean isPublic = tx.execute(s -> flag(d.id(), c, clock.instant()));
                if (Boolean.TRUE.equals(isPublic)) pulled++;
                else if (Boolean.FALSE.equals(isPublic)) stopped++;
            } catch (RuntimeException e) {
                log.error("Flagging draft {} after a consent check failed", d.id(), e);
            }
        }
        log.info(
                "Consent check ({}): {} post(s) and draft(s) checked against the no-media-consent lists; {} pulled, {} stopped",
                why,
                checked,
                pulled,
                stopped);
        // The pull reaches the webhook now, not on the next tick.
        if (pulled > 0) webhook.sendDue(clock.instant());
        return new Pass(checked, pulled, stopped);
    }

    /**
     * The listed pupils a revision names, in its text or in a photo's description (alt text): the
     * descriptions are published with the photos, so a name there is as public as in the text.
     * Each is read on its own, so words from two descriptions never run together into a name.
     */
    private List<String> named(StaffroomConfig c, DraftStore.DraftRow d, DraftStore.RevisionRow rev) {
        List<String> out = new java.util.ArrayList<>(ConsentScope.named(c, d.schoolId(), d.target(), rev.text()));
        for (DraftStore.ImageRow photo : store.images(rev.imageIds())) {
            if (PhotoDescriptions.blank(photo.altText())) continue;
            for (String n : ConsentScope.named(c, d.schoolId(), d.target(), photo.altText()))
                if (!out.contains(n)) out.add(n);
        }
        return out;
    }

    /** Flags one draft if it still names a listed pupil: true if pulled, false if stopped, null if nothing to do. */
    Boolean flag(long id, StaffroomConfig c, Instant now) {
        Optional<DraftStore.DraftRow> found = service.lockDraft(id);
        if (found.isEmpty()) return null;
        DraftStore.DraftRow d = found.get();
        if (d.pulledAt() != null || !CHECKED.contains(d.state())) return null;
        Optional<DraftStore.RevisionRow> rev = store.revision(id, d.revision());
        if (rev.isEmpty()) return null;
        List<String> named = named(c, d, rev.get());
        if (named.isEmpty()) return null;
        boolean isPublic = d.state().approved();
        store.setFlagged(id, isPublic, now);
        if (isPublic) {
            int cancelled = store.cancelWebhooks(id, PublishWebhook.APPROVED);
            webhook.enqueue(id, PublishWebhook.PULLED, now);
            service.record(
                    now,
                    id,
                    d.reviewId(),
                    null,
                    "PULLED",
                    "a pupil it names was added to the no-media-consent list"
                            + (cancelled > 0 ? "; the undelivered post.approved webhook was cancelled" : ""));
            // Off every social network it went to (or cancelled where not yet out), in this transaction.
            events.publishEvent(
                    new PostPulled(id, d.schoolId(), now, "a pupil it names was added to the no-media-consent list"));
        } else {
            if (d.reviewId() != null && d.state() == DraftState.IN_REVIEW) reviews.close(d.reviewId(), Closure.CONSENT);
            store.setState(id, DraftState.BLOCKED, now);
            service.record(
                    now,
                    id,
                    d.reviewId(),
                    null,
                    "CONSENT_FLAGGED",
                    "stopped: a pupil it names was added to the no-media-consent list");
        }
        if (d.reviewId() != null) reviews.refreshAll(d.reviewId());
        Set<String> recipients = new LinkedHashSet<>();
        recipients.add(d.authorUser());
        if (d.reviewId() != null) recipients.addAll(reviews.voterAccounts(d.reviewId()));
        String names = String.join(", ", named);
        String tag = Integer.toHexString(names.hashCode());
        for (String userKey : recipients) {
            UserRef user = UserRef.parse(userKey);
            Locale locale = messages.localeOf(d);
            // Networks Staffroom publishes to itself it also takes the post down from (and reports on); the rest are by
            // hand.
            List<String> automatic =
                    publications.stream().flatMap(p -> p.automatic(id).stream()).toList();
            List<String> byHand = rev.get().networks().stream()
                    .filter(n -> !automatic.contains(n))
                    .toList();
            String what = !isPublic
                    ? messages.t(locale, "drafts.dm.consent.pending")
                    : byHand.isEmpty() && d.publishedAt() == null
                            ? messages.t(locale, "drafts.dm.consent.cancelled", messages.networks(automatic))
                            : byHand.isEmpty()
                                    ? messages.t(locale, "drafts.dm.consent.automatic", messages.networks(automatic))
                                    : messages.t(
                                            locale,
                                            "drafts.dm.consent.take-down",
                                            messages.networks(byHand),
                                            d.publishedUrl() == null
                                                    ? messages.t(locale, "drafts.dm.consent.no-link")
                                                    : d.publishedUrl());
            Message m = Message.of(Rich.empty()
                    .bold(messages.t(locale, "drafts.dm.consent", messages.title(d, locale), names))
                    .newline()
                    .text(what)
                    .newline()
                    .quote(rev.get().text()));
            if (!isPublic && userKey.equals(d.authorUser())) m = m.withButton(messages.editButton(id, locale));
            chat.sendDirect(user, m, "drafts:consent:" + id + ":" + userKey + ":" + tag);
        }
        return isPublic;
    }
}
