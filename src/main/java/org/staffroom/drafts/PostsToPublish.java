package org.staffroom.drafts;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.approvals.AuditLog;
import org.staffroom.approvals.Reviews;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.UserRef;

/**
 * What publishing may know of a draft: the approved content of a post that is still public, the
 * people to tell, and the record that it went out. Publishing never reads drafts' tables.
 */
@Service
public class PostsToPublish {

    private final DraftStore store;
    private final ImageStore images;
    private final DraftMessages messages;
    private final Reviews reviews;
    private final AuditLog audit;
    private final Chat chat;

    PostsToPublish(
            DraftStore store, ImageStore images, DraftMessages messages, Reviews reviews, AuditLog audit, Chat chat) {
        this.store = store;
        this.images = images;
        this.messages = messages;
        this.reviews = reviews;
        this.audit = audit;
        this.chat = chat;
    }

    /**
     * An approved post as it goes out.
     *
     * @param trustAccount for the trust's own accounts rather than the school's
     * @param authorUser   the author's account to message
     * @param voters       the accounts of everyone who voted on it
     */
    public record Post(
            long id,
            String schoolId,
            boolean trustAccount,
            String text,
            List<String> networks,
            List<Photo> photos,
            LocalDate wantedDate,
            String title,
            String authorUser,
            String authorName,
            List<String> voters,
            Locale locale,
            boolean pulled) {}

    /** A photo on disk (metadata stripped) and its unguessable public address. */
    public record Photo(Path file, String mimeType, long sizeBytes, String altText, String publicUrl) {}

    /** The post, approved or published and not purged; {@link Post#pulled()} says whether it was pulled since. */
    @Transactional(readOnly = true)
    public Optional<Post> find(long draftId) {
        Optional<DraftStore.DraftRow> found = store.draft(draftId);
        if (found.isEmpty() || found.get().purged() || !found.get().state().approved()) return Optional.empty();
        DraftStore.DraftRow d = found.get();
        return store.revision(d.id(), d.revision()).map(rev -> {
            Locale locale = messages.localeOf(d);
            List<Photo> photos = store.images(rev.imageIds()).stream()
                    .map(i -> new Photo(
                            images.directory().resolve(i.fileName()),
                            i.mimeType(),
                            i.size(),
                            i.altText(),
                            images.publicUrl(i)))
                    .toList();
            return new Post(
                    d.id(),
                    d.schoolId(),
                    d.target() == org.staffroom.config.Approvals.Target.TRUST,
                    rev.text(),
                    rev.networks(),
                    photos,
                    rev.wantedDate(),
                    messages.title(d, locale),
                    d.authorUser(),
                    d.authorName(),
                    d.reviewId() == null ? List.of() : reviews.voterAccounts(d.reviewId()),
                    locale,
                    d.pulledAt() != null);
        });
    }

    /** The first network's link becomes the post's published link (the wall links to it); the author is told. */
    @Transactional
    public void published(long draftId, String networkLabel, String url, Instant at) {
        store.lock(draftId);
        Optional<DraftStore.DraftRow> found = store.draft(draftId);
        if (found.isEmpty() || found.get().pulledAt() != null) return;
        DraftStore.DraftRow d = found.get();
        if (d.publishedAt() == null) store.setPublished(draftId, url, "Staffroom", at);
        audit.record(
                at,
                new AuditLog.Step(
                        DraftService.KIND,
                        String.valueOf(draftId),
                        d.reviewId(),
                        "PUBLISHED",
                        null,
                        "Staffroom",
                        null,
                        null,
                        "on " + networkLabel + ": " + url));
        if (d.reviewId() != null) reviews.refresh(d.reviewId());
        Locale locale = messages.localeOf(d);
        chat.sendDirect(
                UserRef.parse(d.authorUser()),
                Message.of(
                        Rich.of(messages.t(locale, "drafts.dm.published-on", messages.title(d, locale), networkLabel))
                                .newline()
                                .link(url, url)),
                "drafts:published-on:" + draftId + ":" + networkLabel);
    }

    /** Authors and approvers of the post's route (and admins) may reschedule or cancel it before it goes out. */
    @Transactional(readOnly = true)
    public boolean mayManage(org.staffroom.directory.Caller caller, long draftId) {
        return store.draft(draftId)
                .filter(d -> !d.purged())
                .map(d -> DraftService.isAuthor(caller, d)
                        || caller.isAdmin()
                        || reviews.isApproverFor(caller, d.schoolId(), d.target()))
                .orElse(false);
    }

    /** Approvers of the post's route (and admins) may retry a failed publication or mark a takedown done. */
    @Transactional(readOnly = true)
    public boolean mayApprove(org.staffroom.directory.Caller caller, long draftId) {
        return store.draft(draftId)
                .map(d -> caller.isAdmin() || reviews.isApproverFor(caller, d.schoolId(), d.target()))
                .orElse(false);
    }

    /** Refreshes the post's review cards (their status lines changed). */
    public void refreshCards(long draftId) {
        store.draft(draftId).map(DraftStore.DraftRow::reviewId).ifPresent(reviews::refresh);
    }
}
