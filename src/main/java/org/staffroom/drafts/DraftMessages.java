package org.staffroom.drafts;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.config.Approvals;
import org.staffroom.config.Policy;
import org.staffroom.config.School;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.config.TrustConfig;

/**
 * Renders what drafts say in chat: findings with what to change, the review card body, the final
 * copy, and notices. The author's own words always go in as plain spans (quoted), never as markup.
 */
@Component
record DraftMessages(Texts texts, TrustConfig config, ImageStore images, DraftStore store) {

    String t(Locale locale, String key, Object... args) {
        return texts.get(locale, key, args);
    }

    /** An audit time as the school reads it, to the second: "25 Nov 2026, 07:00:03" (no microseconds, no "T…Z"). */
    String auditTime(java.time.Instant at, DraftStore.DraftRow draft, Locale locale) {
        var c = config.get();
        java.time.ZoneId zone =
                c.school(draft.schoolId()).map(School::zone).orElse(c.trust().zone());
        return DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss", locale).format(at.atZone(zone));
    }

    Locale localeOf(DraftStore.DraftRow draft) {
        StaffroomConfig c = config.get();
        return c.school(draft.schoolId()).map(School::locale).orElse(c.trust().locale());
    }

    String schoolName(String schoolId) {
        return config.get().school(schoolId).map(School::shortName).orElse(schoolId);
    }

    String title(DraftStore.DraftRow draft, Locale locale) {
        return t(locale, "drafts.title", String.valueOf(draft.id()), schoolName(draft.schoolId()));
    }

    String account(String schoolId, Approvals.Target target, Locale locale) {
        return target == Approvals.Target.TRUST
                ? t(locale, "drafts.account.trust", config.get().trust().name())
                : t(locale, "drafts.account.school", schoolName(schoolId));
    }

    String category(Category c, Locale locale) {
        return t(locale, "drafts.category." + c.id());
    }

    String networks(List<String> ids) {
        Policy policy = config.get().policy();
        return String.join(
                ", ",
                ids.stream()
                        .map(id -> policy.networks().containsKey(id)
                                ? policy.networks().get(id).label()
                                : id)
                        .toList());
    }

    String state(DraftState s, Locale locale) {
        return t(locale, "drafts.state." + s.name().toLowerCase(Locale.ROOT));
    }

    String date(LocalDate d, Locale locale) {
        return d == null ? t(locale, "drafts.wanted.none") : day(d, locale);
    }

    /** A wanted date, written one way everywhere (cards, DMs, answers, and the web's "Wed 25 Nov 2026"). */
    static String day(LocalDate d, Locale locale) {
        return DateTimeFormatter.ofPattern("EEE d MMM yyyy", locale).format(d);
    }

    /** One finding as a line: what was found and what to do about it. The match is the author's own text. */
    String finding(Finding f, Locale locale) {
        return t(
                locale,
                "drafts.finding." + f.kind().code(),
                f.match() == null ? "" : f.match(),
                f.network() == null ? "" : f.network(),
                f.limit(),
                f.actual());
    }

    Rich findingLines(List<Finding> findings, Locale locale) {
        Rich r = Rich.empty();
        for (Finding f : findings) r = r.text("• " + finding(f, locale)).newline();
        return r;
    }

    /** The body of the review card: what approvers decide on. */
    Message card(DraftStore.DraftRow draft, DraftStore.RevisionRow rev, Locale locale) {
        if (draft.purged() || rev == null) {
            return Message.of(
                    Rich.empty().bold(title(draft, locale)).newline().italic(t(locale, "drafts.card.purged")));
        }
        // Pulled, or a revision the checks blocked (its author's alone until fixed): no text, no photos.
        // A pulled card's status line says why (ReviewContent.halted), so the body is the title alone.
        if (draft.pulledAt() != null) {
            return Message.of(Rich.empty().bold(title(draft, locale)));
        }
        if (rev.blocked()) {
            return Message.of(
                    Rich.empty().bold(title(draft, locale)).newline().italic(t(locale, "drafts.card.blocked")));
        }
        Rich text = Rich.empty()
                .bold(title(draft, locale))
                .text(" · " + account(draft.schoolId(), draft.target(), locale))
                .newline()
                .quote(rev.text());
        if (draft.flaggedAt() != null) text = text.newline().bold(t(locale, "drafts.flagged"));
        Message m = Message.of(text)
                .withField(
                        t(locale, "drafts.field.author"),
                        Rich.of(t(
                                locale, "drafts.field.author.value", draft.authorName(), schoolName(draft.schoolId()))))
                .withField(t(locale, "drafts.field.category"), Rich.of(category(rev.category(), locale)))
                .withField(t(locale, "drafts.field.networks"), Rich.of(preview(rev, locale)))
                .withField(
                        t(locale, "drafts.field.photos"),
                        Rich.of(
                                rev.imageIds().isEmpty()
                                        ? t(locale, "drafts.photos.none")
                                        : t(
                                                locale,
                                                rev.consent() ? "drafts.photos.consented" : "drafts.photos.unconfirmed",
                                                rev.imageIds().size())))
                .withField(t(locale, "drafts.field.wanted"), Rich.of(date(rev.wantedDate(), locale)));
        List<Finding> warnings =
                rev.findings().stream().filter(f -> !f.blocks()).toList();
        if (!warnings.isEmpty()) m = m.withField(t(locale, "drafts.field.warnings"), findingLines(warnings, locale));
        m = m.withField(t(locale, "drafts.field.revision"), Rich.of(String.valueOf(rev.number())));
        if (draft.publishedUrl() != null) {
            m = m.withField(
                    t(locale, "drafts.field.published"), Rich.empty().link(draft.publishedUrl(), draft.publishedUrl()));
        }
        for (DraftStore.ImageRow img : store.images(rev.imageIds())) {
            m = m.withImage(images.staffUrl(img), t(locale, "drafts.photo.alt", String.valueOf(draft.id())));
        }
        return m;
    }

    /** "Pulled — media consent withdrawn on …", in the school's zone. */
    String pulled(DraftStore.DraftRow draft, Locale locale) {
        StaffroomConfig c = config.get();
        java.time.ZoneId zone =
                c.school(draft.schoolId()).map(School::zone).orElse(c.trust().zone());
        return t(
                locale, "drafts.card.pulled", date(draft.pulledAt().atZone(zone).toLocalDate(), locale));
    }

    /** Each chosen network: characters and photos against its limits. */
    String preview(DraftStore.RevisionRow rev, Locale locale) {
        Policy policy = config.get().policy();
        int length =
                rev.text() == null ? 0 : rev.text().codePointCount(0, rev.text().length());
        List<String> lines = new ArrayList<>();
        for (String id : rev.networks()) {
            Policy.NetworkLimits n = policy.networks().get(id);
            if (n == null) continue;
            lines.add(t(
                    locale,
                    "drafts.network.preview",
                    n.label(),
                    length,
                    n.maxText(),
                    rev.imageIds().size(),
                    n.maxImages()));
        }
        return String.join("\n", lines);
    }

    /** The approved post, for the author to copy: text and photos exactly as approved. */
    Message finalCopy(DraftStore.DraftRow draft, DraftStore.RevisionRow rev, String approvers, Locale locale) {
        Message m = Message.of(Rich.empty()
                        .text(t(
                                locale,
                                "drafts.dm.approved",
                                title(draft, locale),
                                approvers,
                                networks(rev.networks())))
                        .newline()
                        .quote(rev.text()))
                .withFooter(Rich.of(t(locale, "drafts.dm.approved.after")))
                .withButton(new Message.Button(
                        "drafts.published",
                        t(locale, "drafts.button.published"),
                        String.valueOf(draft.id()),
                        Message.Button.Style.PRIMARY));
        for (DraftStore.ImageRow img : store.images(rev.imageIds())) {
            m = m.withImage(images.staffUrl(img), t(locale, "drafts.photo.alt", String.valueOf(draft.id())));
        }
        return m;
    }

    Message.Button editButton(long draftId, Locale locale) {
        return new Message.Button(
                "drafts.edit", t(locale, "drafts.button.edit"), String.valueOf(draftId), Message.Button.Style.PRIMARY);
    }

    Message.Button altButton(long draftId, Locale locale) {
        return new Message.Button(
                "drafts.alt", t(locale, "drafts.button.alt"), String.valueOf(draftId), Message.Button.Style.DEFAULT);
    }

    Message.Button dateButton(long draftId, Locale locale) {
        return new Message.Button(
                "drafts.date", t(locale, "drafts.button.date"), String.valueOf(draftId), Message.Button.Style.DEFAULT);
    }
}
