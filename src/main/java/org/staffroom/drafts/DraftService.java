package org.staffroom.drafts;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.approvals.AuditLog;
import org.staffroom.approvals.Closure;
import org.staffroom.approvals.ReviewRequest;
import org.staffroom.approvals.Reviews;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Approvals;
import org.staffroom.config.Policy;
import org.staffroom.config.School;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.config.TrustConfig;
import org.staffroom.directory.Caller;

/**
 * Submitting and revising drafts. Every submission and revision is kept as a revision with its
 * findings; a blocking finding keeps the draft away from approvers, a clean one opens (or
 * restarts) its review. Locks: the review first (through {@link Reviews#lock}), then the draft,
 * the same order as a decision takes them, so the two never deadlock.
 */
@Service
class DraftService {

    static final String KIND = "draft";

    private final DraftStore store;
    private final Reviews reviews;
    private final AuditLog audit;
    private final TrustConfig config;
    private final ImageStore images;
    private final DraftMessages messages;
    private final Chat chat;
    private final Clock clock;

    private final List<NetworkPhotoRules> photoRules;

    DraftService(
            DraftStore store,
            Reviews reviews,
            AuditLog audit,
            TrustConfig config,
            ImageStore images,
            DraftMessages messages,
            Chat chat,
            Clock clock,
            List<NetworkPhotoRules> photoRules) {
        this.photoRules = List.copyOf(photoRules);
        this.store = store;
        this.reviews = reviews;
        this.audit = audit;
        this.config = config;
        this.images = images;
        this.messages = messages;
        this.chat = chat;
        this.clock = clock;
    }

    /** What the author handed in. Photos are already stripped and on disk. */
    record Submission(
            Caller author,
            String schoolId,
            Approvals.Target target,
            String text,
            List<String> networks,
            Category category,
            boolean consent,
            LocalDate wanted,
            List<ImageStore.Saved> photos,
            String source,
            String sourceNote,
            PhotoDescriptions alts) {}

    /** A revision: null fields keep the previous revision's value. */
    record Change(
            String text,
            List<String> networks,
            Category category,
            Boolean consent,
            boolean removePhotos,
            LocalDate wanted,
            boolean wantedGiven,
            PhotoDescriptions alts) {

        /** Only new descriptions of photos (alt text). */
        static Change altText(PhotoDescriptions alts) {
            return new Change(null, null, null, null, false, null, false, alts);
        }
    }

    /** The result, for the answer to the author. */
    record Outcome(Kind kind, long draftId, DraftState state, List<Finding> findings, String stageName, int revision) {
        enum Kind {
            SUBMITTED,
            REVISED,
            KEPT_VOTES,
            NO_CHANGE,
            NOT_FOUND,
            NOT_AUTHOR,
            NOT_EDITABLE,
            STALE,
            WITHDRAWN,
            PUBLISHED,
            NOT_ALLOWED
        }

        static Outcome of(Kind kind, long draftId, DraftState state) {
            return new Outcome(kind, draftId, state, List.of(), null, 0);
        }
    }

    /** The message this form was for has already become a draft (the form was sent twice). */
    static final class IntakeUsed extends RuntimeException {
        IntakeUsed() {
            super("intake already used", null, false, false);
        }
    }

    /**
     * The photos against each chosen network's formats and largest file, as policy.yml allows them
     * (never looser than the network: checked at load), and, where Staffroom publishes to the network
     * itself, the connected network's own rules too, alt text included.
     */
    private List<Finding> photoFindings(
            String schoolId, Approvals.Target target, List<String> networks, List<PolicyChecks.Photo> photos) {
        if (photos.isEmpty()) return List.of();
        Policy policy = config.get().policy();
        boolean policyLimits = policy.severity(Policy.Check.NETWORK_LIMITS) != Policy.Severity.OFF;
        List<NetworkPhotoRules.Rules> rules = new ArrayList<>();
        for (String network : networks) {
            Policy.NetworkLimits limits = policy.networks().get(network);
            NetworkPhotoRules.Rules r = limits == null || !policyLimits
                    ? null
                    : new NetworkPhotoRules.Rules(limits.label(), limits.formats(), limits.maxPhotoBytes(), false);
            for (NetworkPhotoRules source : photoRules) {
                Optional<NetworkPhotoRules.Rules> connected = source.rules(schoolId, target, network);
                if (connected.isPresent()) r = r == null ? connected.get() : r.and(connected.get());
            }
            if (r != null) rules.add(r);
        }
        return PolicyChecks.photos(photos, rules);
    }

    /** The photos with their descriptions (one per photo, in order) for the network checks. */
    private static List<PolicyChecks.Photo> described(List<String> mimeTypes, List<Long> sizes, List<String> alts) {
        List<PolicyChecks.Photo> out = new ArrayList<>();
        for (int i = 0; i < mimeTypes.size(); i++)
            out.add(new PolicyChecks.Photo(mimeTypes.get(i), sizes.get(i), alts.get(i)));
        return out;
    }

    /** Stores a new draft from {@code s}; {@code intakeId} (or null) is the message it came from, used once only. */
    @Transactional
    public Outcome submit(Submission s, Long intakeId) {
        Instant now = clock.instant();
        images.deleteOnRollback(
                s.photos().stream().map(ImageStore.Saved::fileName).toList());
        if (intakeId != null && !store.useIntake(intakeId, now)) throw new IntakeUsed();
        StaffroomConfig c = config.get();
        School school = c.school(s.schoolId()).orElseThrow();
        List<String> alts = (s.alts() == null ? PhotoDescriptions.NONE : s.alts())
                .forNew(s.photos().size());
        List<Finding> findings = PolicyChecks.check(
                c.policy(),
                ConsentScope.namesFor(c, s.schoolId(), s.target()),
                new PolicyChecks.Content(s.text(), s.networks(), s.photos().size(), s.consent()),
                PhotoDescriptions.joined(alts));
        findings.addAll(photoFindings(
                s.schoolId(),
                s.target(),
                s.networks(),
                described(
                        s.photos().stream().map(ImageStore.Saved::mimeType).toList(),
                        s.photos().stream().map(ImageStore.Saved::size).toList(),
                        alts)));
        boolean blocked = PolicyChecks.blocked(findings);
        Instant expires = expiry(s.wanted(), school);
        long id = store.insertDraft(
                s.schoolId(),
                s.target(),
                s.author().personKey(),
                s.author().name(),
                s.author().user().key(),
                s.source(),
                blocked ? DraftState.BLOCKED : DraftState.IN_REVIEW,
                s.wanted(),
                expires,
                now);
        List<Long> imageIds = new ArrayList<>();
        for (int i = 0; i < s.photos().size(); i++) {
            ImageStore.Saved p = s.photos().get(i);
            imageIds.add(store.insertImage(
                    id,
                    p.publicId(),
                    p.token(),
                    p.fileName(),
                    p.mimeType(),
                    p.width(),
                    p.height(),
                    p.size(),
                    alts.get(i),
                    now));
        }
        store.insertRevision(
                id,
                1,
                s.text(),
                s.networks(),
                s.category(),
                s.consent(),
                s.wanted(),
                imageIds,
                findings,
                blocked,
                true,
                now,
                s.author().name());
        store.setRevision(id, 1, s.wanted(), expires, now);
        record(
                now,
                id,
                null,
                s.author(),
                "SUBMITTED",
                "revision 1 by " + s.source().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + (s.sourceNote() == null ? "" : " (" + s.sourceNote() + ")") + "; " + imageIds.size()
                        + " photo(s)" + describedCount(alts) + "; "
                        + s.networks().size() + " network(s); "
                        + s.target().name().toLowerCase(Locale.ROOT) + " account");
        recordFindings(now, id, null, s.author(), findings);
        String stage = null;
        if (!blocked) {
            long reviewId = reviews.open(new ReviewRequest(
                    KIND,
                    String.valueOf(id),
                    s.schoolId(),
                    s.target(),
                    s.author().personKey(),
                    s.author().name()));
            store.setReview(id, reviewId);
            stage = reviews.status(reviewId).map(Reviews.Status::stageName).orElse(null);
        }
        return new Outcome(
                Outcome.Kind.SUBMITTED, id, blocked ? DraftState.BLOCKED : DraftState.IN_REVIEW, findings, stage, 1);
    }

    /**
     * A new revision by the author, based on revision {@code basedOn} (the one the form showed).
     * Changing the text, photos, networks or consent answer starts the review again from its
     * first stage (every vote was for other content); changing only the wanted date or category
     * keeps the votes and refreshes the cards.
     */
    @Transactional
    public Outcome revise(Caller author, long draftId, int basedOn, Change change) {
        Instant now = clock.instant();
        Optional<DraftStore.DraftRow> found = lockDraft(draftId);
        if (found.isEmpty()) return Outcome.of(Outcome.Kind.NOT_FOUND, draftId, null);
        DraftStore.DraftRow draft = found.get();
        if (!isAuthor(author, draft)) return Outcome.of(Outcome.Kind.NOT_AUTHOR, draftId, draft.state());
        if (!draft.state().editable()) return Outcome.of(Outcome.Kind.NOT_EDITABLE, draftId, draft.state());
        if (basedOn != draft.revision()) return Outcome.of(Outcome.Kind.STALE, draftId, draft.state());
        DraftStore.RevisionRow prev = store.revision(draftId, draft.revision()).orElseThrow();
        StaffroomConfig c = config.get();
        School school = c.school(draft.schoolId()).orElseThrow();
        String text = change.text() == null ? prev.text() : change.text();
        List<String> networks = change.networks() == null ? prev.networks() : change.networks();
        Category category = change.category() == null ? prev.category() : change.category();
        List<Long> imageIds = change.removePhotos() ? List.of() : prev.imageIds();
        boolean consent = !change.removePhotos() && (change.consent() == null ? prev.consent() : change.consent());
        LocalDate wanted = change.wantedGiven() ? change.wanted() : prev.wantedDate();
        List<DraftStore.ImageRow> photos = store.images(imageIds);
        // Photos still there keep their descriptions; only the photos the form asked about change.
        List<String> prevAlts =
                photos.stream().map(DraftStore.ImageRow::altText).toList();
        List<String> alts = change.alts() == null ? prevAlts : change.alts().applyTo(prevAlts);
        List<Integer> altChanged = changedPhotos(prevAlts, alts);
        boolean contentChanged = !altChanged.isEmpty()
                || !Objects.equals(text, prev.text())
                || !networks.equals(prev.networks())
                || !imageIds.equals(prev.imageIds())
                || (!imageIds.isEmpty() && consent != prev.consent());
        if (!contentChanged && category == prev.category() && Objects.equals(wanted, prev.wantedDate())) {
            return Outcome.of(Outcome.Kind.NO_CHANGE, draftId, draft.state());
        }
        List<Finding> findings = PolicyChecks.check(
                c.policy(),
                ConsentScope.namesFor(c, draft.schoolId(), draft.target()),
                new PolicyChecks.Content(text, networks, imageIds.size(), consent),
                PhotoDescriptions.joined(alts));
        for (int n : altChanged) store.setAltText(imageIds.get(n - 1), alts.get(n - 1));
        findings.addAll(photoFindings(
                draft.schoolId(),
                draft.target(),
                networks,
                described(
                        photos.stream().map(DraftStore.ImageRow::mimeType).toList(),
                        photos.stream().map(DraftStore.ImageRow::size).toList(),
                        alts)));
        boolean blocked = PolicyChecks.blocked(findings);
        int number = draft.revision() + 1;
        store.insertRevision(
                draftId,
                number,
                text,
                networks,
                category,
                consent,
                wanted,
                imageIds,
                findings,
                blocked,
                contentChanged,
                now,
                author.name());
        store.setRevision(draftId, number, wanted, expiry(wanted, school), now);
        record(
                now,
                draftId,
                draft.reviewId(),
                author,
                "REVISED",
                "revision " + number + ": "
                        + whatChanged(prev, text, networks, category, imageIds, consent, wanted, altChanged));
        if (!altChanged.isEmpty())
            record(now, draftId, draft.reviewId(), author, "PHOTO_DESCRIBED", describedDetail(altChanged, alts));
        recordFindings(now, draftId, draft.reviewId(), author, findings);
        if (blocked) {
            if (draft.reviewId() != null && draft.state() == DraftState.IN_REVIEW)
                reviews.close(draft.reviewId(), Closure.REVISING);
            store.setState(draftId, DraftState.BLOCKED, now);
            return new Outcome(Outcome.Kind.REVISED, draftId, DraftState.BLOCKED, findings, null, number);
        }
        Outcome.Kind kind = Outcome.Kind.REVISED;
        if (draft.reviewId() == null) {
            long reviewId = reviews.open(new ReviewRequest(
                    KIND,
                    String.valueOf(draftId),
                    draft.schoolId(),
                    draft.target(),
                    draft.authorKey(),
                    draft.authorName()));
            store.setReview(draftId, reviewId);
        } else if (draft.state() == DraftState.IN_REVIEW && !contentChanged) {
            reviews.refresh(draft.reviewId());
            kind = Outcome.Kind.KEPT_VOTES;
        } else {
            reviews.restart(draft.reviewId(), "revision " + number);
        }
        store.setState(draftId, DraftState.IN_REVIEW, now);
        Long reviewId = store.draft(draftId).map(DraftStore.DraftRow::reviewId).orElse(null);
        String stage = reviewId == null
                ? null
                : reviews.status(reviewId).map(Reviews.Status::stageName).orElse(null);
        return new Outcome(kind, draftId, DraftState.IN_REVIEW, findings, stage, number);
    }

    @Transactional
    public Outcome withdraw(Caller author, long draftId) {
        Optional<DraftStore.DraftRow> found = lockDraft(draftId);
        if (found.isEmpty()) return Outcome.of(Outcome.Kind.NOT_FOUND, draftId, null);
        DraftStore.DraftRow draft = found.get();
        if (!isAuthor(author, draft)) return Outcome.of(Outcome.Kind.NOT_AUTHOR, draftId, draft.state());
        Instant now = clock.instant();
        if (!store.moveState(
                draftId,
                List.of(DraftState.BLOCKED, DraftState.IN_REVIEW, DraftState.CHANGES_REQUESTED),
                DraftState.WITHDRAWN,
                now,
                "decided_at")) {
            return Outcome.of(Outcome.Kind.NOT_EDITABLE, draftId, draft.state());
        }
        if (draft.reviewId() != null) reviews.close(draft.reviewId(), Closure.WITHDRAWN);
        record(now, draftId, draft.reviewId(), author, "WITHDRAWN", null);
        return Outcome.of(Outcome.Kind.WITHDRAWN, draftId, DraftState.WITHDRAWN);
    }

    /** The author or an approver of the draft's route records where the approved post went live. */
    @Transactional
    public Outcome markPublished(Caller caller, long draftId, String url) {
        Optional<DraftStore.DraftRow> found = lockDraft(draftId);
        if (found.isEmpty()) return Outcome.of(Outcome.Kind.NOT_FOUND, draftId, null);
        DraftStore.DraftRow draft = found.get();
        if (!mayMarkPublished(caller, draft)) return Outcome.of(Outcome.Kind.NOT_ALLOWED, draftId, draft.state());
        if (!draft.state().approved() || draft.pulledAt() != null)
            return Outcome.of(Outcome.Kind.NOT_EDITABLE, draftId, draft.state());
        Instant now = clock.instant();
        store.setPublished(draftId, url, caller.name(), now);
        record(
                now,
                draftId,
                draft.reviewId(),
                caller,
                "PUBLISHED",
                draft.publishedAt() == null ? "link recorded" : "link changed");
        if (draft.reviewId() != null) reviews.refresh(draft.reviewId());
        if (!isAuthor(caller, draft)) {
            Locale locale = messages.localeOf(draft);
            chat.sendDirect(
                    UserRef.parse(draft.authorUser()),
                    Message.of(Rich.of(messages.t(
                                    locale, "drafts.dm.published-by", messages.title(draft, locale), caller.name()))
                            .newline()
                            .link(url, url)),
                    "drafts:published:" + draftId + ":" + now.toEpochMilli());
        }
        return Outcome.of(Outcome.Kind.PUBLISHED, draftId, DraftState.PUBLISHED);
    }

    boolean mayMarkPublished(Caller caller, DraftStore.DraftRow draft) {
        return isAuthor(caller, draft) || mayReview(caller, draft);
    }

    /**
     * Who may see a draft as its reviewers do (its audit log, its page, its review history): an admin,
     * or an approver for the draft's school and target. The one rule for {@code /draft audit} and the web.
     */
    boolean mayReview(Caller caller, DraftStore.DraftRow draft) {
        return caller.isAdmin() || reviews.isApproverFor(caller, draft.schoolId(), draft.target());
    }

    /** The end of the wanted date in the school's zone: not approved by then, the draft expires. */
    static Instant expiry(LocalDate wanted, School school) {
        return wanted == null
                ? null
                : wanted.plusDays(1).atStartOfDay(school.zone()).toInstant();
    }

    static boolean isAuthor(Caller caller, DraftStore.DraftRow draft) {
        return caller.personKey().equals(draft.authorKey()) || DraftIntake.sameAccount(draft.authorUser(), caller);
    }

    /** Locks the draft's review (if any), then the draft, and reads it afresh. */
    Optional<DraftStore.DraftRow> lockDraft(long draftId) {
        Optional<DraftStore.DraftRow> first = store.draft(draftId);
        if (first.isEmpty() || first.get().purged()) return Optional.empty();
        if (first.get().reviewId() != null) reviews.lock(first.get().reviewId());
        store.lock(draftId);
        DraftStore.DraftRow now = store.draft(draftId).orElseThrow();
        if (!Objects.equals(now.reviewId(), first.get().reviewId())) reviews.lock(now.reviewId());
        return Optional.of(now);
    }

    private static String whatChanged(
            DraftStore.RevisionRow prev,
            String text,
            List<String> networks,
            Category category,
            List<Long> imageIds,
            boolean consent,
            LocalDate wanted,
            List<Integer> altChanged) {
        List<String> parts = new ArrayList<>();
        if (!Objects.equals(text, prev.text())) parts.add("text");
        if (!altChanged.isEmpty()) parts.add("photo description");
        if (!imageIds.equals(prev.imageIds())) parts.add("photos");
        if (!networks.equals(prev.networks())) parts.add("networks");
        if (consent != prev.consent()) parts.add("consent");
        if (category != prev.category()) parts.add("category");
        if (!Objects.equals(wanted, prev.wantedDate())) parts.add("wanted date");
        return String.join(", ", parts) + " changed";
    }

    /** The numbers (from 1) of the photos whose description differs. */
    private static List<Integer> changedPhotos(List<String> before, List<String> after) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            String b = PhotoDescriptions.blank(before.get(i)) ? null : before.get(i);
            String a = PhotoDescriptions.blank(after.get(i)) ? null : after.get(i);
            if (!Objects.equals(a, b)) out.add(i + 1);
        }
        return out;
    }

    /** ", n described" for the audit log, when photos came with descriptions. */
    private static String describedCount(List<String> alts) {
        long n = alts.stream().filter(a -> !PhotoDescriptions.blank(a)).count();
        return n == 0 ? "" : ", " + n + " described";
    }

    /**
     * Which photos' descriptions changed, for the audit log: by photo and length, never the words. The
     * log outlives a purged draft and keeps no content (a description can name a pupil, as a finding
     * can); the draft's page shows the words while the draft exists.
     */
    private static String describedDetail(List<Integer> changed, List<String> alts) {
        return changed.stream()
                .map(n -> "photo " + n + ": "
                        + (PhotoDescriptions.blank(alts.get(n - 1))
                                ? "description removed"
                                : "description set (" + alts.get(n - 1).length() + " characters)"))
                .collect(Collectors.joining("; "));
    }

    void record(Instant at, long draftId, Long reviewId, Caller actor, String action, String detail) {
        audit.record(
                at,
                new AuditLog.Step(
                        KIND,
                        String.valueOf(draftId),
                        reviewId,
                        action,
                        actor == null ? null : actor.personKey(),
                        actor == null ? null : actor.name(),
                        actor == null ? null : actor.user().platform(),
                        null,
                        detail));
    }

    /** Findings go into the audit log by kind only: what was found (a pupil's name, a number) stays out of it. */
    private void recordFindings(Instant at, long draftId, Long reviewId, Caller actor, List<Finding> findings) {
        if (findings.isEmpty()) return;
        String blocks = findings.stream()
                .filter(Finding::blocks)
                .map(f -> f.kind().code())
                .distinct()
                .collect(Collectors.joining(" "));
        String warns = findings.stream()
                .filter(f -> !f.blocks())
                .map(f -> f.kind().code())
                .distinct()
                .collect(Collectors.joining(" "));
        record(
                at,
                draftId,
                reviewId,
                actor,
                "FINDINGS",
                (blocks.isEmpty() ? "" : "block: " + blocks)
                        + (blocks.isEmpty() || warns.isEmpty() ? "" : "; ")
                        + (warns.isEmpty() ? "" : "warn: " + warns));
        if (!blocks.isEmpty()) record(at, draftId, reviewId, actor, "BLOCKED", "not sent to approvers");
    }
}
