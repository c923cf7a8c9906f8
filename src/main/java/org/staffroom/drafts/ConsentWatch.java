package org.staffroom.drafts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import org.staffroom.config.School;
import org.staffroom.config.StaffroomConfig;

/**
 * Consent withdrawn: when consent.yml gains a name, every draft of that school whose current text
 * names the pupil is flagged. An approved or published post is pulled from the wall and feeds at
 * once (and a "post.pulled" webhook goes out); a draft still in review is stopped and sent back to
 * its author; the author and everyone who voted on it are told by DM what to take down.
 */
@Component
class ConsentWatch {

    private static final Logger log = LoggerFactory.getLogger(ConsentWatch.class);

    private final DraftStore store;
    private final DraftService service;
    private final Reviews reviews;
    private final PublishWebhook webhook;
    private final DraftMessages messages;
    private final Chat chat;
    private final TransactionTemplate tx;
    private final Clock clock;

    ConsentWatch(DraftStore store, DraftService service, Reviews reviews, PublishWebhook webhook, DraftMessages messages,
                 Chat chat, TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.service = service;
        this.reviews = reviews;
        this.webhook = webhook;
        this.messages = messages;
        this.chat = chat;
        this.tx = tx;
        this.clock = clock;
    }

    @EventListener
    void on(ConfigReloaded event) {
        for (School school : event.current().schools()) {
            List<String> added = added(event.previous(), event.current(), school.id());
            if (added.isEmpty()) continue;
            log.info("{} name(s) added to {}'s no-media-consent list; checking its drafts", added.size(), school.id());
            for (DraftStore.DraftRow d : store.withContent(school.id())) {
                try {
                    tx.executeWithoutResult(s -> flag(d.id(), added, clock.instant()));
                } catch (RuntimeException e) {
                    log.error("Flagging draft {} after a consent change failed", d.id(), e);
                }
            }
        }
    }

    static List<String> added(StaffroomConfig previous, StaffroomConfig current, String schoolId) {
        List<String> before = previous == null ? List.of() : previous.noConsentNames(schoolId);
        List<String> out = new ArrayList<>();
        for (String name : current.noConsentNames(schoolId)) {
            if (before.stream().noneMatch(b -> NoConsentNames.same(b, name))) out.add(name);
        }
        return out;
    }

    void flag(long id, List<String> added, Instant now) {
        Optional<DraftStore.DraftRow> found = service.lockDraft(id);
        if (found.isEmpty()) return;
        DraftStore.DraftRow d = found.get();
        Optional<DraftStore.RevisionRow> rev = store.revision(id, d.revision());
        if (rev.isEmpty()) return;
        List<String> named = NoConsentNames.find(rev.get().text(), added).stream().map(NoConsentNames.Match::name).toList();
        if (named.isEmpty()) return;
        boolean isPublic = d.state().approved();
        store.setFlagged(id, isPublic, now);
        if (isPublic) {
            webhook.enqueue(id, PublishWebhook.PULLED, now);
            service.record(now, id, d.reviewId(), null, "PULLED", "a pupil it names was added to the no-media-consent list");
        } else if (d.state().editable()) {
            if (d.reviewId() != null && d.state() == DraftState.IN_REVIEW) reviews.close(d.reviewId(), Closure.CONSENT);
            store.setState(id, DraftState.BLOCKED, now);
            service.record(now, id, d.reviewId(), null, "CONSENT_FLAGGED", "stopped: a pupil it names was added to the no-media-consent list");
        } else {
            service.record(now, id, d.reviewId(), null, "CONSENT_FLAGGED", "a pupil it names was added to the no-media-consent list");
            return;
        }
        if (d.reviewId() != null) reviews.refresh(d.reviewId());
        Set<String> recipients = new LinkedHashSet<>();
        recipients.add(d.authorUser());
        if (d.reviewId() != null) recipients.addAll(reviews.voterAccounts(d.reviewId()));
        String names = String.join(", ", named);
        String tag = Integer.toHexString(names.hashCode());
        for (String userKey : recipients) {
            UserRef user = UserRef.parse(userKey);
            Locale locale = messages.localeOf(d);
            String what = isPublic
                    ? messages.t(locale, "drafts.dm.consent.take-down", messages.networks(rev.get().networks()),
                            d.publishedUrl() == null ? messages.t(locale, "drafts.dm.consent.no-link") : d.publishedUrl())
                    : messages.t(locale, "drafts.dm.consent.pending");
            Message m = Message.of(Rich.empty().bold(messages.t(locale, "drafts.dm.consent", messages.title(d, locale), names))
                    .newline().text(what).newline().quote(rev.get().text()));
            if (!isPublic && userKey.equals(d.authorUser())) m = m.withButton(messages.editButton(id, locale));
            chat.sendDirect(user, m, "drafts:consent:" + id + ":" + userKey + ":" + tag);
        }
    }
}
