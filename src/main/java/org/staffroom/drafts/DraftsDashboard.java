package org.staffroom.drafts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.approvals.AuditEntry;
import org.staffroom.approvals.AuditLog;
import org.staffroom.approvals.Reviews;
import org.staffroom.directory.Caller;

/**
 * What the web dashboard shows of drafts, with the same rules as chat: authors see their own
 * drafts with every revision and its findings; a draft's approvers (and admins) see it too, with
 * its audit log ({@code /draft audit}'s rule), except while it is blocked: then it is its author's
 * alone until fixed (the audit log, which never holds content, stays open to them). Photos are linked by their staff URL (relative to
 * the web root), which works whether or not the post is public.
 */
@Service
public class DraftsDashboard {

    private final DraftStore store;
    private final DraftService service;
    private final DraftMessages messages;
    private final DraftAnswers answers;
    private final Reviews reviews;
    private final AuditLog audit;

    DraftsDashboard(
            DraftStore store,
            DraftService service,
            DraftMessages messages,
            DraftAnswers answers,
            Reviews reviews,
            AuditLog audit) {
        this.store = store;
        this.service = service;
        this.messages = messages;
        this.answers = answers;
        this.reviews = reviews;
        this.audit = audit;
    }

    /** A draft in a list. {@code state} is the {@link DraftState} name; {@code stateLabel} says it in words. */
    public record Summary(
            long id,
            String title,
            String schoolId,
            String schoolName,
            String account,
            String state,
            String stateLabel,
            String stageName,
            int revision,
            String excerpt,
            String authorName,
            LocalDate wantedDate,
            Instant createdAt,
            Instant updatedAt,
            boolean flagged,
            boolean pulled) {}

    /** A photo on the draft's page; {@code description} is the author's alt text (null: none yet), shown beside it. */
    public record Photo(String url, String alt, int width, int height, String description) {}

    /** What a policy check found: a block must be fixed; a warning is for the approvers. */
    public record Check(boolean blocks, String code, String text) {}

    public record Revision(
            int number,
            String text,
            String category,
            String networks,
            List<String> preview,
            boolean consent,
            LocalDate wantedDate,
            List<Photo> photos,
            List<Check> findings,
            boolean blocked,
            boolean contentChanged,
            Instant createdAt,
            String createdBy) {}

    /** A draft with its revisions (newest last). {@code mayAudit}: approvers and admins may read its audit log. */
    public record Detail(
            Summary draft,
            List<Revision> revisions,
            Long reviewId,
            String publishedUrl,
            boolean isAuthor,
            boolean mayAudit,
            boolean mayWithdraw) {
        public Revision current() {
            return revisions.isEmpty() ? null : revisions.get(revisions.size() - 1);
        }
    }

    /** Who may see a draft. */
    public enum Access {
        NOT_FOUND,
        DENIED,
        AUTHOR,
        REVIEWER
    }

    /** The caller's own drafts, newest first. */
    @Transactional(readOnly = true)
    public List<Summary> mine(Caller caller, Locale locale, int limit) {
        return store.byAuthor(caller.personKey(), Math.max(1, Math.min(200, limit))).stream()
                .map(d -> summary(d, locale))
                .toList();
    }

    @Transactional(readOnly = true)
    public Access access(Caller caller, long id) {
        Optional<DraftStore.DraftRow> d = store.draft(id).filter(x -> !x.purged());
        if (d.isEmpty()) return Access.NOT_FOUND;
        if (DraftService.isAuthor(caller, d.get())) return Access.AUTHOR;
        // A blocked draft is its author's alone until fixed: no approver or admin reads what the checks stopped.
        if (d.get().state() == DraftState.BLOCKED) return Access.DENIED;
        return mayReview(caller, d.get()) ? Access.REVIEWER : Access.DENIED;
    }

    /** A draft as its author or one of its approvers sees it; empty for anyone else. */
    @Transactional(readOnly = true)
    public Optional<Detail> detail(Caller caller, long id, Locale locale) {
        Access access = access(caller, id);
        if (access != Access.AUTHOR && access != Access.REVIEWER) return Optional.empty();
        DraftStore.DraftRow d = store.draft(id).orElseThrow();
        List<Revision> revs = new ArrayList<>();
        for (DraftStore.RevisionRow r : store.revisions(id)) revs.add(revision(d, r, locale));
        boolean author = access == Access.AUTHOR;
        return Optional.of(new Detail(
                summary(d, locale),
                revs,
                d.reviewId(),
                d.publishedUrl(),
                author,
                mayReview(caller, d),
                author && d.state().editable()));
    }

    /** Drafts the caller approves for (every draft for an admin), most recently changed first. */
    @Transactional(readOnly = true)
    public List<Summary> history(Caller caller, Locale locale, int limit) {
        List<Summary> out = new ArrayList<>();
        for (DraftStore.DraftRow d : store.recent(500)) {
            if (out.size() >= limit) break;
            if (d.state() != DraftState.BLOCKED && mayReview(caller, d)) out.add(summary(d, locale));
        }
        return out;
    }

    /** The audit log of one draft, for its approvers and admins. */
    @Transactional(readOnly = true)
    public Optional<List<AuditEntry>> audit(Caller caller, long id) {
        Optional<DraftStore.DraftRow> d = store.draft(id);
        if (d.isEmpty() || !mayReview(caller, d.get())) return Optional.empty();
        return Optional.of(audit.entries(DraftService.KIND, String.valueOf(id)));
    }

    /**
     * The audit log of every draft the caller approves for (all of them for an admin) in [from, to),
     * as CSV. Entries of purged drafts stay (they hold no content) and count by school and target.
     */
    @Transactional(readOnly = true)
    public String auditCsv(Caller caller, Instant from, Instant to) {
        List<AuditEntry> entries = audit.entries(DraftService.KIND, from, to);
        if (caller.isAdmin()) return AuditLog.csv(entries);
        java.util.Map<String, Boolean> allowed = new java.util.HashMap<>();
        List<AuditEntry> mine = entries.stream()
                .filter(e -> allowed.computeIfAbsent(e.subjectId(), id -> {
                    try {
                        return store.draft(Long.parseLong(id))
                                .map(d -> mayReview(caller, d))
                                .orElse(false);
                    } catch (NumberFormatException ex) {
                        return false;
                    }
                }))
                .toList();
        return AuditLog.csv(mine);
    }

    /**
     * The author withdraws a draft still with approvers or waiting for changes; the answer says what
     * happened. The use case is {@link DraftService#withdraw}, as for {@code /draft withdraw}, in its transaction.
     */
    public String withdraw(Caller caller, long id, Locale locale) {
        return answers.answer(service.withdraw(caller, id), locale).text().plain();
    }

    private boolean mayReview(Caller caller, DraftStore.DraftRow d) {
        return service.mayReview(caller, d);
    }

    private Summary summary(DraftStore.DraftRow d, Locale locale) {
        String excerpt =
                store.revision(d.id(), d.revision()).map(r -> excerpt(r.text())).orElse("");
        String stage = d.state() == DraftState.IN_REVIEW && d.reviewId() != null
                ? reviews.status(d.reviewId()).map(Reviews.Status::stageName).orElse(null)
                : null;
        return new Summary(
                d.id(),
                messages.title(d, locale),
                d.schoolId(),
                messages.schoolName(d.schoolId()),
                messages.account(d.schoolId(), d.target(), locale),
                d.state().name(),
                messages.state(d.state(), locale),
                stage,
                d.revision(),
                excerpt,
                d.authorName(),
                d.wantedDate(),
                d.createdAt(),
                d.updatedAt(),
                d.flaggedAt() != null,
                d.pulledAt() != null);
    }

    private Revision revision(DraftStore.DraftRow d, DraftStore.RevisionRow r, Locale locale) {
        List<Photo> photos = new ArrayList<>();
        if (d.imagesPurgedAt() == null) {
            for (DraftStore.ImageRow img : store.images(r.imageIds())) {
                String description = PhotoDescriptions.blank(img.altText()) ? null : img.altText();
                photos.add(new Photo(
                        ImageStore.path(img) + "?t=" + img.token(),
                        description == null
                                ? messages.t(locale, "drafts.photo.alt", String.valueOf(d.id()))
                                : description,
                        img.width(),
                        img.height(),
                        description));
            }
        }
        List<Check> checks = r.findings().stream()
                .map(f -> new Check(f.blocks(), f.kind().code(), messages.finding(f, locale)))
                .toList();
        List<String> preview = messages.preview(r, locale).isEmpty()
                ? List.of()
                : List.of(messages.preview(r, locale).split("\n"));
        return new Revision(
                r.number(),
                r.text(),
                messages.category(r.category(), locale),
                messages.networks(r.networks()),
                preview,
                r.consent(),
                r.wantedDate(),
                photos,
                checks,
                r.blocked(),
                r.contentChanged(),
                r.createdAt(),
                r.createdBy());
    }

    private static String excerpt(String text) {
        if (text == null) return "";
        String one = text.replaceAll("\\s+", " ").strip();
        return one.length() <= 90 ? one : one.substring(0, 89) + "…";
    }
}
