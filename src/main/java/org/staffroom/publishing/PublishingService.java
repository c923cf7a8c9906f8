package org.staffroom.publishing;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.approvals.AuditLog;
import org.staffroom.config.Publishing;
import org.staffroom.config.School;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.config.TrustConfig;
import org.staffroom.directory.Caller;
import org.staffroom.drafts.PostApproved;
import org.staffroom.drafts.PostPulled;
import org.staffroom.drafts.PostsToPublish;

/**
 * The schedule. A finally approved post gets one publication per chosen network that has a
 * connected account, due on its wanted date at the school's publishing time in the school's zone,
 * or at once without a date; networks without an account stay "Mark as published" by hand. Authors
 * and approvers reschedule or cancel it until it goes out (chat and web call the same methods);
 * approvers retry a failed one. A pulled post is cancelled where it is not out yet and queued for
 * takedown where it is.
 */
@Service
public class PublishingService {

    static final String KIND = "draft"; // audit entries sit with the draft's own

    private final PublicationStore store;
    private final PostsToPublish posts;
    private final TrustConfig config;
    private final AuditLog audit;
    private final Publisher publisher;
    private final Clock clock;

    PublishingService(
            PublicationStore store,
            PostsToPublish posts,
            TrustConfig config,
            AuditLog audit,
            Publisher publisher,
            Clock clock) {
        this.store = store;
        this.posts = posts;
        this.config = config;
        this.audit = audit;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** What a caller's request came to, for the answer in chat or on the web. */
    public enum Result {
        DONE,
        NOT_FOUND,
        NOT_ALLOWED,
        ALREADY_OUT,
        IN_THE_PAST
    }

    @EventListener
    @Transactional
    public void on(PostApproved e) {
        Optional<PostsToPublish.Post> found = posts.find(e.draftId());
        if (found.isEmpty()) return;
        PostsToPublish.Post post = found.get();
        StaffroomConfig c = config.get();
        String owner = post.trustAccount() ? null : post.schoolId();
        Instant due = dueAt(c, post.schoolId(), post.wantedDate(), e.at());
        List<String> scheduled = new ArrayList<>();
        for (String network : post.networks()) {
            Optional<Publishing.Account> account = c.publishing().account(owner, network);
            if (account.isEmpty()) continue;
            String key = "bluesky".equals(network)
                    ? Tid.of(e.at(), e.draftId())
                    : "staffroom-" + e.draftId() + "-" + network;
            if (store.insert(e.draftId(), network, account.get().owner(), key, due, e.at())) scheduled.add(network);
        }
        if (scheduled.isEmpty()) return;
        record(
                e.at(),
                e.draftId(),
                null,
                "SCHEDULED",
                String.join(", ", scheduled) + " at " + describe(c, post.schoolId(), due));
        posts.refreshCards(e.draftId()); // the card was drawn before the schedule existed
        if (!due.isAfter(e.at())) publisher.kickAfterCommit();
    }

    @EventListener
    @Transactional
    public void on(PostPulled e) {
        int cancelled = 0;
        int takingDown = 0;
        for (Publication p : store.ofDraft(e.draftId())) {
            // One going out right now is neither: the publisher sees the pull when it records, and takes it down.
            if (store.cancel(p.id(), e.reason(), e.at())) {
                cancelled++;
            } else if (store.startTakedown(p.id(), e.reason(), e.at())) {
                takingDown++;
            }
        }
        if (cancelled > 0)
            record(
                    e.at(),
                    e.draftId(),
                    null,
                    "PUBLICATION_CANCELLED",
                    cancelled + " network(s) not yet out: " + e.reason());
        if (cancelled + takingDown > 0) posts.refreshCards(e.draftId());
        if (takingDown > 0) {
            record(e.at(), e.draftId(), null, "TAKEDOWN_STARTED", takingDown + " network(s): " + e.reason());
            publisher.kickAfterCommit();
        }
    }

    /** Every network's publication of a post, for its card, the dashboard and the calendar. */
    @Transactional(readOnly = true)
    public List<Publication> of(long draftId) {
        return store.ofDraft(draftId);
    }

    /** Publications due or published in a period: one owner's (a school id or "trust"), or all (null). */
    @Transactional(readOnly = true)
    public List<Publication> between(Instant from, Instant to, String owner) {
        return store.between(from, to, owner);
    }

    /** Takedowns someone must still do by hand: the admin pages' open items. */
    @Transactional(readOnly = true)
    public List<Publication> openTakedowns() {
        return store.open();
    }

    /** Moves a post not yet out to another day (at the school's publishing time) or, with a time, to that moment. */
    @Transactional
    public Result reschedule(Caller caller, long draftId, LocalDate day, LocalTime time) {
        List<Publication> rows = store.ofDraft(draftId);
        if (rows.isEmpty()) return Result.NOT_FOUND;
        if (!posts.mayManage(caller, draftId)) return Result.NOT_ALLOWED;
        StaffroomConfig c = config.get();
        String schoolId = posts.find(draftId).map(PostsToPublish.Post::schoolId).orElse(null);
        if (schoolId == null) return Result.NOT_FOUND;
        Instant now = clock.instant();
        ZoneId zone = zone(c, schoolId);
        Instant due = day.atTime(time != null ? time : c.publishing().timeFor(schoolId))
                .atZone(zone)
                .toInstant();
        if (due.isBefore(now)) return Result.IN_THE_PAST;
        int moved = 0;
        for (Publication p : rows) if (store.reschedule(p.id(), due, now)) moved++;
        if (moved == 0) return Result.ALREADY_OUT;
        record(now, draftId, caller, "RESCHEDULED", moved + " network(s) to " + describe(c, schoolId, due));
        posts.refreshCards(draftId);
        return Result.DONE;
    }

    /** Cancels what is not yet out; what is out stays out (pulling it is a consent matter). */
    @Transactional
    public Result cancel(Caller caller, long draftId) {
        List<Publication> rows = store.ofDraft(draftId);
        if (rows.isEmpty()) return Result.NOT_FOUND;
        if (!posts.mayManage(caller, draftId)) return Result.NOT_ALLOWED;
        Instant now = clock.instant();
        int cancelled = 0;
        for (Publication p : rows) {
            if (store.cancel(p.id(), "cancelled by " + caller.name(), now)) {
                cancelled++;
            }
        }
        if (cancelled == 0) return Result.ALREADY_OUT;
        record(now, draftId, caller, "PUBLICATION_CANCELLED", cancelled + " network(s) by hand");
        posts.refreshCards(draftId);
        return Result.DONE;
    }

    /** An approver sends a failed publication again now. */
    @Transactional
    public Result retry(Caller caller, long publicationId) {
        Optional<Publication> p = store.find(publicationId);
        if (p.isEmpty()) return Result.NOT_FOUND;
        if (!posts.mayApprove(caller, p.get().draftId())) return Result.NOT_ALLOWED;
        Instant now = clock.instant();
        if (!store.retry(publicationId, now)) return Result.ALREADY_OUT;
        record(now, p.get().draftId(), caller, "PUBLICATION_RETRIED", p.get().network());
        posts.refreshCards(p.get().draftId());
        publisher.kickAfterCommit();
        return Result.DONE;
    }

    /** Someone deleted by hand a post the network's API could not: the open item closes and reminders stop. */
    @Transactional
    public Result markTakenDown(Caller caller, long publicationId) {
        Optional<Publication> p = store.find(publicationId);
        if (p.isEmpty()) return Result.NOT_FOUND;
        if (!posts.mayManage(caller, p.get().draftId())) return Result.NOT_ALLOWED;
        Instant now = clock.instant();
        if (!store.done(publicationId, caller.name(), now)) return Result.ALREADY_OUT;
        record(now, p.get().draftId(), caller, "TAKEDOWN_DONE", p.get().network() + " deleted by hand");
        return Result.DONE;
    }

    /** The wanted date at the school's publishing time in its zone; no date, or a time already past: now. */
    static Instant dueAt(StaffroomConfig c, String schoolId, LocalDate wanted, Instant now) {
        if (wanted == null) return now;
        Instant due = wanted.atTime(c.publishing().timeFor(schoolId))
                .atZone(zone(c, schoolId))
                .toInstant();
        return due.isBefore(now) ? now : due;
    }

    private static ZoneId zone(StaffroomConfig c, String schoolId) {
        return c.school(schoolId)
                .map(School::zone)
                .orElse(
                        c.trust().zone() == null
                                ? ZoneId.of("Europe/London")
                                : c.trust().zone());
    }

    static String describe(StaffroomConfig c, String schoolId, Instant at) {
        ZoneId zone = zone(c, schoolId);
        return DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.UK).format(at.atZone(zone)) + " (" + zone.getId()
                + ")";
    }

    private void record(Instant at, long draftId, Caller actor, String action, String detail) {
        audit.record(
                at,
                new AuditLog.Step(
                        KIND,
                        String.valueOf(draftId),
                        null,
                        action,
                        actor == null ? null : actor.personKey(),
                        actor == null ? null : actor.name(),
                        actor == null ? null : actor.user().platform(),
                        null,
                        detail));
    }
}
