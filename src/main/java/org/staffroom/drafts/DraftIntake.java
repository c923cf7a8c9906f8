package org.staffroom.drafts;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.staffroom.approvals.NoRouteException;
import org.staffroom.approvals.Reviews;
import org.staffroom.chat.Attachment;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.ChatUnavailableException;
import org.staffroom.chat.Message;
import org.staffroom.config.Platform;
import org.staffroom.config.School;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * The three ways a draft comes in: {@code /draft} (a form), "Submit as post draft" on an existing
 * message (the same form, prefilled with its text, keeping its photos), and a direct message to
 * the bot with photos (the bot offers to make a draft; the button opens the form). Photos are
 * downloaded when the form is sent, stripped of metadata and stored; if anything fails, nothing
 * is kept and the author is told what to do.
 */
@Component
record DraftIntake(
        Chat chat,
        Directory directory,
        DraftStore store,
        DraftService service,
        DraftForms forms,
        DraftMessages messages,
        DraftAnswers answers,
        ImageStore images,
        Reviews reviews,
        Clock clock) {

    private static final Logger log = LoggerFactory.getLogger(DraftIntake.class);
    static final String MESSAGE_ACTION = "drafts.submit-message";
    static final int MAX_PHOTOS = 10;

    /** {@code /draft [text]} and {@code /draft new [text]}: the form, prefilled with any text typed. */
    Message command(ChatEvent.CommandInvoked event, Caller caller) {
        Locale locale = caller.locale();
        School school = filedUnder(caller, event.channel());
        if (school == null) {
            chat.respond(event.interaction(), Message.of(messages.t(locale, "drafts.error.no-school")));
            return null;
        }
        String text = event.subcommand().isEmpty() ? event.text() : event.option("text");
        if (text != null && text.length() > DraftForms.MAX_TEXT) text = text.substring(0, DraftForms.MAX_TEXT);
        chat.openForm(
                event.interaction(),
                forms.newDraft(locale, school, text, 0, "cmd:" + school.id() + typedIn(school, event.channel())));
        return null;
    }

    @EventListener
    void on(ChatEvent.MessageActionInvoked event) {
        if (!MESSAGE_ACTION.equals(event.actionId())) return;
        Caller caller = directory.caller(event.actor(), event.target().channel());
        Locale locale = caller.locale();
        School school = filedUnder(caller, event.target().channel());
        List<Attachment> photos =
                event.attachments().stream().filter(Attachment::isImage).toList();
        String text = event.text() == null ? "" : event.text();
        String problem = intakeProblem(school, text, photos);
        if (problem != null) {
            chat.respond(event.interaction(), Message.of(messages.t(locale, problem, DraftForms.MAX_TEXT, MAX_PHOTOS)));
            return;
        }
        String from = event.targetAuthor() == null
                ? null
                : "message by " + event.targetAuthor().displayName();
        long intake = store.insertIntake(
                caller.user().key(), school.id(), "MESSAGE_ACTION", text, photos, from, clock.instant());
        chat.openForm(
                event.interaction(),
                forms.newDraft(
                        locale,
                        school,
                        text,
                        photos.size(),
                        "intake:" + intake + typedIn(school, event.target().channel())));
    }

    /** A direct message to the bot with photos: offer to make it a draft. */
    @EventListener
    void on(ChatEvent.MessagePosted event) {
        if (!event.direct()) return;
        List<Attachment> photos =
                event.attachments().stream().filter(Attachment::isImage).toList();
        if (photos.isEmpty()) return;
        Caller caller = directory.caller(event.actor(), null);
        Locale locale = caller.locale();
        String key = "drafts:offer:" + event.message().key();
        String problem = intakeProblem(caller.school(), event.text(), photos);
        if (problem != null) {
            chat.sendDirect(
                    event.actor().user(),
                    Message.of(messages.t(locale, problem, DraftForms.MAX_TEXT, MAX_PHOTOS)),
                    key);
            return;
        }
        long intake = store.insertIntake(
                caller.user().key(),
                caller.school().id(),
                "DIRECT_MESSAGE",
                event.text(),
                photos,
                null,
                clock.instant());
        String value = String.valueOf(intake);
        chat.sendDirect(
                event.actor().user(),
                Message.of(messages.t(locale, "drafts.offer", caller.school().shortName(), photos.size()))
                        .withButton(new Message.Button(
                                "drafts.intake.start",
                                messages.t(locale, "drafts.button.start"),
                                value,
                                Message.Button.Style.PRIMARY))
                        .withButton(new Message.Button(
                                "drafts.intake.dismiss",
                                messages.t(locale, "drafts.button.dismiss"),
                                value,
                                Message.Button.Style.DEFAULT)),
                key);
    }

    Message button(ChatEvent.ButtonPressed event, Caller caller) {
        Locale locale = caller.locale();
        Optional<DraftStore.IntakeRow> intake = intake(event.value(), caller);
        if (intake.isEmpty()) {
            chat.respond(event.interaction(), Message.of(messages.t(locale, "drafts.error.intake-gone")));
            return null;
        }
        if (event.actionId().equals("drafts.intake.dismiss")) {
            store.useIntake(intake.get().id(), clock.instant());
            chat.respond(event.interaction(), Message.of(messages.t(locale, "drafts.offer.dismissed")));
            return null;
        }
        School school = directory.school(intake.get().schoolId()).orElse(caller.school());
        chat.openForm(
                event.interaction(),
                forms.newDraft(
                        locale,
                        school,
                        intake.get().text(),
                        intake.get().attachments().size(),
                        "intake:" + intake.get().id()));
        return null;
    }

    Message form(ChatEvent.FormSubmitted event, Caller caller) {
        Locale locale = caller.locale();
        School school;
        List<Attachment> photos = List.of();
        Long intakeId = null;
        String source = "COMMAND";
        String note = null;
        // "cmd:<school>" or "intake:<id>", then "@<school typed in>" when the draft is filed elsewhere.
        String context = event.context();
        String typedIn = null;
        int at = context.indexOf('@');
        if (at > 0) {
            typedIn = context.substring(at + 1);
            context = context.substring(0, at);
        }
        if (context.startsWith("intake:")) {
            Optional<DraftStore.IntakeRow> intake = intake(context.substring("intake:".length()), caller);
            if (intake.isEmpty()) {
                chat.respond(event.interaction(), Message.of(messages.t(locale, "drafts.error.intake-gone")));
                return null;
            }
            intakeId = intake.get().id();
            photos = intake.get().attachments();
            source = intake.get().source();
            note = intake.get().sourceNote();
            school = directory.school(intake.get().schoolId()).orElse(null);
        } else {
            school = directory.school(context.replaceFirst("^cmd:", "")).orElse(caller.school());
        }
        if (school == null) {
            chat.respond(event.interaction(), Message.of(messages.t(locale, "drafts.error.no-school")));
            return null;
        }
        DraftForms.Answers a;
        try {
            a = forms.read(event, school, false);
            if (!photos.isEmpty() && a.consent() == null) throw new DraftForms.Problem("drafts.error.consent");
        } catch (DraftForms.Problem p) {
            chat.respond(event.interaction(), answers.problem(p, event.value("text"), locale));
            return null;
        }
        if (reviews.routeFor(school.id(), a.target()).isEmpty()) {
            chat.respond(event.interaction(), noRoute(school, a, locale));
            return null;
        }
        List<ImageStore.Saved> saved = new ArrayList<>();
        try {
            for (Attachment photo : photos) {
                // A photo's file name is text too: "Zoe_Adebayo_sports_day.jpg" says who is in it.
                List<String> named = PolicyChecks.namedInFileName(
                        photo.name(), directory.config().noConsentNames(school.id()));
                if (!named.isEmpty())
                    throw new DraftForms.Problem("drafts.error.photo-name", photo.name(), named.get(0));
            }
            for (Attachment photo : photos) saved.add(fetch(event.platform(), photo));
            DraftService.Outcome outcome = service.submit(
                    new DraftService.Submission(
                            caller,
                            school.id(),
                            a.target(),
                            a.text(),
                            a.networks(),
                            a.category(),
                            "yes".equals(a.consent()),
                            a.wanted(),
                            saved,
                            source,
                            note,
                            a.alts()),
                    intakeId);
            Message answer = answers.answer(outcome, locale);
            Optional<School> elsewhere = typedIn == null ? Optional.empty() : directory.school(typedIn);
            if (elsewhere.isPresent() && !elsewhere.get().id().equals(school.id())) {
                answer = answer.withFooter(org.staffroom.chat.Rich.of(messages.t(
                        locale,
                        "drafts.filed-under",
                        school.shortName(),
                        elsewhere.get().shortName())));
            }
            chat.respond(event.interaction(), answer);
        } catch (DraftForms.Problem p) {
            images.delete(saved.stream().map(ImageStore.Saved::fileName).toList());
            chat.respond(event.interaction(), answers.problem(p, a.text(), locale));
        } catch (DraftService.IntakeUsed e) {
            images.delete(saved.stream().map(ImageStore.Saved::fileName).toList());
            chat.respond(event.interaction(), Message.of(messages.t(locale, "drafts.error.intake-gone")));
        } catch (NoRouteException e) {
            images.delete(saved.stream().map(ImageStore.Saved::fileName).toList());
            chat.respond(event.interaction(), noRoute(school, a, locale));
        } catch (RuntimeException e) {
            images.delete(saved.stream().map(ImageStore.Saved::fileName).toList());
            log.error("Storing a draft failed", e);
            chat.respond(
                    event.interaction(),
                    answers.problem(new DraftForms.Problem("drafts.error.failed"), a.text(), locale));
        }
        return null;
    }

    /** Downloads, strips and stores one photo; a problem names the photo and what to do. */
    private ImageStore.Saved fetch(Platform platform, Attachment photo) throws DraftForms.Problem {
        byte[] bytes;
        try {
            if (photo.size() > ImageSanitizer.MAX_BYTES)
                throw new DraftForms.Problem("drafts.error.photo", photo.name(), "20 MB");
            bytes = chat.download(platform, photo);
        } catch (DraftForms.Problem p) {
            throw p;
        } catch (ChatUnavailableException e) {
            log.warn("Downloading an attachment failed: {}", e.getMessage());
            throw new DraftForms.Problem("drafts.error.download", photo.name());
        }
        try {
            return images.save(bytes);
        } catch (ImageSanitizer.Unreadable e) {
            throw new DraftForms.Problem(e.key(), photo.name(), e.getMessage());
        } catch (IOException e) {
            log.error("Storing a photo failed: {}", e.getMessage());
            throw new DraftForms.Problem("drafts.error.failed");
        }
    }

    /**
     * The school a draft is filed under: the author's own school from people.yml (a trust-wide
     * person drafting from another school's space is still checked against their school's list and
     * routed to its approvers), else the school of the channel they typed in. people.yml gives each
     * person one school, so there is never a choice to ask about.
     */
    private School filedUnder(Caller caller, org.staffroom.chat.ChannelRef channel) {
        Optional<School> home = caller.linkedPerson().map(p -> p.schoolId()).flatMap(directory::school);
        if (home.isPresent()) return home.get();
        return channel == null ? caller.school() : directory.schoolOf(channel).orElse(caller.school());
    }

    /** "@<school>" when the channel typed in belongs to another school than the one filed under. */
    private String typedIn(School filed, org.staffroom.chat.ChannelRef channel) {
        if (channel == null) return "";
        return directory
                .schoolOf(channel)
                .filter(s -> !s.id().equals(filed.id()))
                .map(s -> "@" + s.id())
                .orElse("");
    }

    private static String intakeProblem(School school, String text, List<Attachment> photos) {
        if (school == null) return "drafts.error.no-school";
        if (text != null && text.length() > DraftForms.MAX_TEXT) return "drafts.error.source-too-long";
        if (photos.size() > MAX_PHOTOS) return "drafts.error.too-many-photos";
        return null;
    }

    /** The same account, whether or not the platform said which server it was seen in (a Discord DM does not). */
    static boolean sameAccount(String userKey, Caller caller) {
        org.staffroom.chat.UserRef u = org.staffroom.chat.UserRef.parse(userKey);
        return u.platform() == caller.user().platform()
                && u.id().equals(caller.user().id());
    }

    /** An intake that belongs to the caller and has not been used. */
    private Optional<DraftStore.IntakeRow> intake(String id, Caller caller) {
        try {
            return store.intake(Long.parseLong(id))
                    .filter(i -> i.usedAt() == null && sameAccount(i.ownerUser(), caller));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The school has no approval route for the chosen account: the answers come back to be sent elsewhere. */
    private Message noRoute(School school, DraftForms.Answers a, Locale locale) {
        return answers.problem(
                new DraftForms.Problem("drafts.error.no-route", messages.account(school.id(), a.target(), locale)),
                a.text(),
                locale);
    }
}
