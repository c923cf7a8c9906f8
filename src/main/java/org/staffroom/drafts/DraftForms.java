package org.staffroom.drafts;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Form;
import org.staffroom.config.Approvals;
import org.staffroom.config.Policy;
import org.staffroom.config.School;
import org.staffroom.config.TrustConfig;

/**
 * The draft forms. The draft's own fields fit the five a Discord modal allows: a new draft asks
 * for the text, the account, the networks and the category, and then either the media-consent
 * answer (when the draft brings photos) or the wanted date (when it does not: without photos there
 * is nothing to consent to). A photo draft gets its wanted date from a "Set wanted date" button on
 * the answer, or from the edit form. Consent is a required select, not a checkbox, so "not
 * answered" can never be mistaken for "no" or "yes". The edit form has no account field: changing
 * the account changes who approves, so that is a new draft.
 *
 * <p>After the draft's own fields come the photos' descriptions (alt text), one field per photo
 * ({@code alt.<photo number>}): Slack and the sandbox show them all; Discord has no room left and
 * shows the form's note instead, so the author describes the photos with "Describe photos". The
 * edit form asks only about photos without a description, so an edit never overwrites one.
 */
@Component
class DraftForms {

    /** Slack's limit for a form's text input (Discord's is 4,000): a draft must fit the form it is edited in. */
    static final int MAX_TEXT = 3000;

    static final String NEW = "drafts.new";
    static final String EDIT = "drafts.edit";
    static final String DATE = "drafts.date";
    static final String PUBLISHED = "drafts.published";
    static final String ALT = "drafts.alt";

    private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
            DateTimeFormatter.ofPattern("uuuu-M-d").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d-M-uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d.M.uuuu").withResolverStyle(ResolverStyle.STRICT));

    private final DraftMessages messages;
    private final TrustConfig config;
    private final Clock clock;

    DraftForms(DraftMessages messages, TrustConfig config, Clock clock) {
        this.messages = messages;
        this.config = config;
        this.clock = clock;
    }

    /** Something the author must put right in what they typed: a bundle key and its arguments. */
    static final class Problem extends Exception {
        final String key;
        final transient Object[] args;

        Problem(String key, Object... args) {
            super(key, null, false, false);
            this.key = key;
            this.args = args;
        }
    }

    /** The answers of a draft form; null where the form had no such field. */
    record Answers(
            String text,
            Approvals.Target target,
            List<String> networks,
            Category category,
            String consent,
            LocalDate wanted,
            boolean wantedGiven,
            PhotoDescriptions alts) {}

    /** A new draft's form; {@code photos} is how many photos it brings (each gets a description field). */
    Form newDraft(Locale locale, School school, String text, int photos, String context) {
        boolean withPhotos = photos > 0;
        List<Form.FormField> fields = new ArrayList<>();
        fields.add(Form.FormField.longText(
                "text", messages.t(locale, "drafts.form.text"), true, blankToNull(text), MAX_TEXT));
        fields.add(Form.FormField.choice(
                "target",
                messages.t(locale, "drafts.form.target"),
                Form.FormField.Kind.SELECT,
                true,
                List.of(
                        new Form.Choice("school", messages.t(locale, "drafts.account.school", school.shortName())),
                        new Form.Choice(
                                "trust",
                                messages.t(
                                        locale,
                                        "drafts.account.trust",
                                        config.get().trust().name()))),
                List.of("school")));
        fields.add(networksField(locale, List.of()));
        fields.add(categoryField(locale, null));
        fields.add(withPhotos ? consentField(locale, null, false) : dateField(locale, null));
        for (int i = 1; i <= photos; i++) fields.add(altField(locale, i, null));
        return new Form(
                NEW,
                messages.t(locale, "drafts.form.new.title"),
                messages.t(locale, "drafts.form.submit"),
                context,
                fields,
                messages.t(locale, "drafts.form.alt.extras"));
    }

    /** The edit form; {@code photos} are the revision's photos, and only those without a description are asked about. */
    Form edit(Locale locale, DraftStore.DraftRow draft, DraftStore.RevisionRow rev, List<DraftStore.ImageRow> photos) {
        List<Form.FormField> fields = new ArrayList<>();
        fields.add(Form.FormField.longText("text", messages.t(locale, "drafts.form.text"), true, rev.text(), MAX_TEXT));
        fields.add(networksField(locale, rev.networks()));
        fields.add(categoryField(locale, rev.category()));
        if (!rev.imageIds().isEmpty()) fields.add(consentField(locale, rev.consent() ? "yes" : "no", true));
        fields.add(dateField(locale, rev.wantedDate()));
        for (int i = 0; i < photos.size(); i++) {
            if (PhotoDescriptions.blank(photos.get(i).altText())) fields.add(altField(locale, i + 1, null));
        }
        return new Form(
                EDIT,
                messages.t(locale, "drafts.form.edit.title", String.valueOf(draft.id())),
                messages.t(locale, "drafts.form.save"),
                draft.id() + ":" + rev.number(),
                fields,
                messages.t(locale, "drafts.form.alt.extras"));
    }

    Form date(Locale locale, DraftStore.DraftRow draft, DraftStore.RevisionRow rev) {
        return new Form(
                DATE,
                messages.t(locale, "drafts.form.date.title"),
                messages.t(locale, "drafts.form.save"),
                draft.id() + ":" + rev.number(),
                List.of(dateField(locale, rev.wantedDate())));
    }

    /**
     * "Describe photos": one field per photo, prefilled with its description. Photos without one
     * come first, so on Discord, which shows five, pressing the button again reaches the rest.
     */
    Form alt(Locale locale, DraftStore.DraftRow draft, DraftStore.RevisionRow rev, List<DraftStore.ImageRow> photos) {
        List<Form.FormField> undescribed = new ArrayList<>();
        List<Form.FormField> described = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            String alt = photos.get(i).altText();
            (PhotoDescriptions.blank(alt) ? undescribed : described).add(altField(locale, i + 1, alt));
        }
        List<Form.FormField> fields = new ArrayList<>(undescribed);
        fields.addAll(described);
        return new Form(
                ALT,
                messages.t(locale, "drafts.form.alt.title"),
                messages.t(locale, "drafts.form.save"),
                draft.id() + ":" + rev.number(),
                fields,
                messages.t(locale, "drafts.form.alt.more"));
    }

    /** Photo {@code number}'s description: optional, so a platform without room can leave it out. */
    private Form.FormField altField(Locale locale, int number, String initial) {
        return new Form.FormField(
                PhotoDescriptions.FIELD + number,
                messages.t(locale, "drafts.form.alt.photo", String.valueOf(number)),
                Form.FormField.Kind.LONG_TEXT,
                false,
                List.of(),
                initial == null ? List.of() : List.of(initial),
                messages.t(locale, "drafts.form.alt.hint"),
                PhotoDescriptions.MAX_LENGTH);
    }

    Form published(Locale locale, DraftStore.DraftRow draft) {
        return new Form(
                PUBLISHED,
                messages.t(locale, "drafts.form.published.title"),
                messages.t(locale, "drafts.form.save"),
                String.valueOf(draft.id()),
                List.of(Form.FormField.text(
                        "url", messages.t(locale, "drafts.form.url"), true, draft.publishedUrl(), 1000)));
    }

    private Form.FormField networksField(Locale locale, List<String> initial) {
        List<Form.Choice> choices = config.get().policy().networks().values().stream()
                .sorted(Comparator.comparing(Policy.NetworkLimits::label))
                .map(n -> new Form.Choice(n.id(), n.label()))
                .toList();
        return Form.FormField.choice(
                "networks",
                messages.t(locale, "drafts.form.networks"),
                Form.FormField.Kind.MULTI_SELECT,
                true,
                choices,
                initial);
    }

    /** One answer out of {@code choices}, which must be given; {@code initial} (or null) is chosen to begin with. */
    private static Form.FormField requiredSelect(String id, String label, List<Form.Choice> choices, String initial) {
        return Form.FormField.choice(
                id, label, Form.FormField.Kind.SELECT, true, choices, initial == null ? List.of() : List.of(initial));
    }

    private Form.FormField categoryField(Locale locale, Category initial) {
        List<Form.Choice> choices = new ArrayList<>();
        for (Category c : Category.values()) choices.add(new Form.Choice(c.id(), messages.category(c, locale)));
        return requiredSelect(
                "category", messages.t(locale, "drafts.form.category"), choices, initial == null ? null : initial.id());
    }

    private Form.FormField consentField(Locale locale, String initial, boolean offerRemove) {
        List<Form.Choice> choices = new ArrayList<>(List.of(
                new Form.Choice("yes", messages.t(locale, "drafts.form.consent.yes")),
                new Form.Choice("no", messages.t(locale, "drafts.form.consent.no"))));
        if (offerRemove) choices.add(new Form.Choice("remove", messages.t(locale, "drafts.form.consent.remove")));
        return requiredSelect("consent", messages.t(locale, "drafts.form.consent"), choices, initial);
    }

    private Form.FormField dateField(Locale locale, LocalDate initial) {
        return new Form.FormField(
                "date",
                messages.t(locale, "drafts.form.date"),
                Form.FormField.Kind.DATE,
                false,
                List.of(),
                initial == null ? List.of() : List.of(initial.toString()),
                "YYYY-MM-DD",
                10);
    }

    // ------------------------------------------------------------------ reading answers

    Answers read(ChatEvent.FormSubmitted form, School school, boolean editing) throws Problem {
        String text = XmlText.strip(form.value("text")).strip(); // a control character would break the RSS feed
        if (text.isEmpty()) throw new Problem("drafts.error.text-empty");
        if (text.length() > MAX_TEXT) throw new Problem("drafts.error.text-too-long", MAX_TEXT, text.length());
        Approvals.Target target = null;
        if (!editing) {
            String t = form.value("target");
            if (t.equals("school")) target = Approvals.Target.SCHOOL;
            else if (t.equals("trust")) target = Approvals.Target.TRUST;
            else throw new Problem("drafts.error.target");
        }
        Policy policy = config.get().policy();
        List<String> networks = form.values("networks").stream()
                .filter(n -> n != null && policy.networks().containsKey(n))
                .distinct()
                .toList();
        if (networks.isEmpty()) throw new Problem("drafts.error.networks");
        Category category = Category.of(form.value("category")).orElseThrow(() -> new Problem("drafts.error.category"));
        String consent = form.values().containsKey("consent") ? form.value("consent") : null;
        if (consent != null && !List.of("yes", "no", "remove").contains(consent))
            throw new Problem("drafts.error.consent");
        boolean dateGiven = form.values().containsKey("date");
        LocalDate wanted = dateGiven ? date(form.value("date"), school) : null;
        return new Answers(text, target, networks, category, consent, wanted, dateGiven, alts(form));
    }

    /** The photo description fields the form showed, as typed: control characters removed, each within its limit. */
    static PhotoDescriptions alts(ChatEvent.FormSubmitted form) throws Problem {
        java.util.Map<Integer, String> given = new java.util.TreeMap<>();
        for (String field : form.values().keySet()) {
            int number = PhotoDescriptions.number(field);
            if (number < 1) continue;
            String alt = XmlText.strip(form.value(field)).strip();
            if (alt.length() > PhotoDescriptions.MAX_LENGTH)
                throw new Problem("drafts.error.alt-too-long", number, PhotoDescriptions.MAX_LENGTH, alt.length());
            given.put(number, alt);
        }
        return new PhotoDescriptions(given);
    }

    /** A wanted date as typed: ISO or day/month/year; today or later, within a year. Blank means none. */
    LocalDate date(String typed, School school) throws Problem {
        String s = typed == null ? "" : typed.strip();
        if (s.isEmpty()) return null;
        LocalDate d = null;
        for (DateTimeFormatter f : DATE_FORMATS) {
            try {
                d = LocalDate.parse(s, f);
                break;
            } catch (DateTimeParseException e) {
                // try the next way of writing a date
            }
        }
        if (d == null) throw new Problem("drafts.error.date-format", s);
        LocalDate today = LocalDate.now(clock.withZone(school.zone()));
        if (d.isBefore(today)) throw new Problem("drafts.error.date-past", DraftMessages.day(d, school.locale()));
        if (d.isAfter(today.plusYears(1)))
            throw new Problem("drafts.error.date-far", DraftMessages.day(d, school.locale()));
        return d;
    }

    static String url(String typed) throws Problem {
        String s = typed == null ? "" : typed.strip();
        if (s.length() > 1000 || !(s.startsWith("https://") || s.startsWith("http://")) || s.contains(" ")) {
            throw new Problem("drafts.error.url");
        }
        try {
            java.net.URI u = java.net.URI.create(s);
            if (u.getHost() == null) throw new Problem("drafts.error.url");
        } catch (IllegalArgumentException e) {
            throw new Problem("drafts.error.url");
        }
        return s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
