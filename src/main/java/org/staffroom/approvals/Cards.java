package org.staffroom.approvals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Destination;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Approvals;
import org.staffroom.config.ChannelPurpose;
import org.staffroom.config.Person;
import org.staffroom.config.School;
import org.staffroom.directory.Directory;

/**
 * Review cards: where a stage's card goes (the school's review channel, the trust's, or each
 * approver's DMs), what it shows (the subject's own body, the stage, its state, who decided and
 * when) and keeping every copy up to date in place as votes come in.
 */
@Component
record Cards(
        Chat chat, Texts texts, Directory directory, Stages stages, ReviewStore store, List<ReviewContent> contents) {

    static final String KEY_PREFIX = "approvals:card:";

    /** Where one copy of a card goes. */
    record Place(Destination destination, String slug, Locale locale, boolean backup) {}

    /** Posts the round's cards and adds the ✅ ❌ ✏️ hints. Idempotent by delivery key. */
    void post(ReviewStore.ReviewRow review, ReviewStore.RoundRow round, Stages.Resolved stage, Instant now) {
        for (Place place : places(review, stage.stage())) {
            postOne(review, round, place, now);
        }
    }

    /** On escalation: a card in each backup approver's DMs. */
    void postBackup(ReviewStore.ReviewRow review, ReviewStore.RoundRow round, List<Person> backups, Instant now) {
        for (Person p : backups) {
            Optional<UserRef> account = directory.account(p);
            if (account.isEmpty()) continue;
            postOne(
                    review,
                    round,
                    new Place(
                            Destination.direct(account.get()),
                            "backup:" + account.get().key(),
                            directory.localeOf(p),
                            true),
                    now);
        }
    }

    private void postOne(ReviewStore.ReviewRow review, ReviewStore.RoundRow round, Place place, Instant now) {
        String key = KEY_PREFIX + review.id() + ":" + round.round() + ":" + place.slug();
        String destination = place.destination().isDirect()
                ? "dm:" + place.destination().directTo().key()
                : place.destination().channel().key();
        store.insertCard(
                review.id(), round.round(), key, destination, place.locale().toLanguageTag(), place.backup(), now);
        chat.post(place.destination(), render(review, round, place.locale()), key);
        for (Choice c : Choice.values()) chat.react(key, c.emoji);
    }

    List<Place> places(ReviewStore.ReviewRow review, Approvals.Stage stage) {
        List<Place> out = new ArrayList<>();
        Optional<School> school = stages.school(review.schoolId());
        if (stage.postTo() == Approvals.PostTo.SCHOOL_REVIEW && school.isPresent()) {
            directory
                    .channel(school.get(), ChannelPurpose.REVIEW)
                    .ifPresent(ch -> out.add(new Place(
                            Destination.channel(ch), ch.key(), school.get().locale(), false)));
        }
        if (stage.postTo() == Approvals.PostTo.TRUST_REVIEW) {
            Approvals.ChannelLocation t = stages.config().approvals().trustReview();
            if (t != null) {
                directory
                        .channel(t.spaceId(), t.channelId())
                        .ifPresent(ch -> out.add(new Place(
                                Destination.channel(ch),
                                ch.key(),
                                stages.config().trust().locale(),
                                false)));
            }
        }
        // Direct messages when asked for, and when the school has no review channel to post in.
        if (out.isEmpty()) {
            for (Stages.Approver a : stages.approvers(review, stage)) {
                if (a.account() != null) {
                    out.add(new Place(
                            Destination.direct(a.account()), "dm:" + a.account().key(), a.locale(), false));
                }
            }
        }
        return out;
    }

    /** Re-renders every copy of the round's card in place. */
    void refresh(long reviewId, int roundNo) {
        Optional<ReviewStore.ReviewRow> review = store.review(reviewId);
        Optional<ReviewStore.RoundRow> round = store.round(reviewId, roundNo);
        if (review.isEmpty() || round.isEmpty()) return;
        for (ReviewStore.CardRow card : store.cards(reviewId, roundNo)) {
            chat.edit(card.deliveryKey(), render(review.get(), round.get(), Locale.forLanguageTag(card.locale())));
        }
    }

    /** Channel copies of the round's card, for replies in their threads (reminders, escalation). */
    List<ChannelCard> channelCards(long reviewId, int roundNo) {
        List<ChannelCard> out = new ArrayList<>();
        for (ReviewStore.CardRow card : store.cards(reviewId, roundNo)) {
            if (card.destination().startsWith("dm:")) continue;
            out.add(new ChannelCard(
                    ChannelRef.parse(card.destination()), card.deliveryKey(), Locale.forLanguageTag(card.locale())));
        }
        return out;
    }

    record ChannelCard(ChannelRef channel, String key, Locale locale) {}

    Message render(ReviewStore.ReviewRow review, ReviewStore.RoundRow round, Locale locale) {
        ReviewContent content = content(review.subjectKind());
        Message body = content == null
                ? Message.of(texts.get(locale, "approvals.card.unknown", review.subjectKind(), review.subjectId()))
                : content.card(review.subjectId(), locale);
        Optional<Stages.Resolved> stage = stages.stageOf(review, round);
        int count = stage.map(Stages.Resolved::stageCount).orElse(round.stageNo());
        Rich text = Rich.empty()
                .bold(texts.get(
                        locale,
                        "approvals.card.stage",
                        round.stageName(),
                        String.valueOf(round.stageNo()),
                        String.valueOf(count)))
                .newline()
                .append(body.text());
        List<Message.Field> fields = new ArrayList<>(body.fields());
        // Pulled (consent withdrawn) overrides everything else on the card, whatever the round's state.
        Optional<String> halted = content == null ? Optional.empty() : content.halted(review.subjectId(), locale);
        fields.add(new Message.Field(
                texts.get(locale, "approvals.card.status"),
                halted.map(Rich::of).orElseGet(() -> statusLine(review, round, stage, locale))));
        List<Message.Button> buttons = new ArrayList<>();
        Rich footer = Rich.empty();
        if (halted.isPresent()) {
            // Pulled: nothing left to decide or publish.
        } else if (round.open() && review.open() && review.currentRound() == round.round()) {
            String value = review.id() + ":" + round.round();
            buttons.add(new Message.Button(
                    "approvals.approve",
                    texts.get(locale, "approvals.button.approve"),
                    value,
                    Message.Button.Style.PRIMARY));
            buttons.add(new Message.Button(
                    "approvals.changes",
                    texts.get(locale, "approvals.button.changes"),
                    value,
                    Message.Button.Style.DEFAULT));
            buttons.add(new Message.Button(
                    "approvals.reject",
                    texts.get(locale, "approvals.button.reject"),
                    value,
                    Message.Button.Style.DANGER));
            String who =
                    stage.map(s -> stages.whoDecides(review, s.stage(), locale)).orElse("");
            footer = Rich.of(texts.get(locale, "approvals.card.hint", who));
        } else if ("APPROVED".equals(review.state())
                && "APPROVED".equals(round.state())
                && stage.map(Stages.Resolved::last).orElse(true)
                && content != null) {
            buttons.addAll(content.afterApproval(review.subjectId(), locale));
        }
        String title = content == null ? "#" + review.subjectId() : content.title(review.subjectId(), locale);
        return new Message(text, fields, body.images(), buttons, footer, false, title);
    }

    /** The card's status line for a round: waiting, votes so far, approved, rejected, … */
    String status(ReviewStore.ReviewRow review, ReviewStore.RoundRow round, Locale locale) {
        return statusLine(review, round, stages.stageOf(review, round), locale).plain();
    }

    private Rich statusLine(
            ReviewStore.ReviewRow review, ReviewStore.RoundRow round, Optional<Stages.Resolved> stage, Locale locale) {
        String s = status(review, round, stage, locale);
        if (!"APPROVED".equals(round.state())
                || !"APPROVED".equals(review.state())
                || stage.flatMap(st -> stages.stageAt(review, st.stageNo() + 1)).isPresent()) {
            return Rich.of(s);
        }
        // The last stage approved: what became of the post since (published, pulled), else "Ready to publish."
        ReviewContent content = content(review.subjectKind());
        Optional<Rich> after =
                content == null ? Optional.empty() : content.afterApprovalState(review.subjectId(), locale);
        return Rich.of(s + " ").append(after.orElse(Rich.of(texts.get(locale, "approvals.card.status.final"))));
    }

    private String status(
            ReviewStore.ReviewRow review, ReviewStore.RoundRow round, Optional<Stages.Resolved> stage, Locale locale) {
        ZoneId zone = stages.school(review.schoolId())
                .map(School::zone)
                .orElse(stages.config().trust().zone());
        String when = round.decidedAt() == null ? "" : time(round.decidedAt(), zone, locale);
        List<String> approvers = store.votes(review.id(), round.round()).stream()
                .filter(v -> Choice.APPROVE.name().equals(v.decision()))
                .map(ReviewStore.VoteRow::voterName)
                .toList();
        String reason = round.reason() == null ? texts.get(locale, "approvals.card.reason-to-follow") : round.reason();
        switch (round.state()) {
            case "OPEN": {
                String s = round.quorum() > 1 || !approvers.isEmpty()
                        ? texts.get(
                                locale,
                                "approvals.card.status.votes",
                                String.valueOf(approvers.size()),
                                String.valueOf(round.quorum()),
                                approvers.isEmpty() ? "—" : String.join(", ", approvers))
                        : texts.get(locale, "approvals.card.status.waiting");
                Optional<String> waitingOn = waitingOn(review, round, stage, locale);
                if (waitingOn.isPresent()) s += " " + waitingOn.get();
                Optional<String> undone = store.undoneBy(round.id());
                if (undone.isPresent()) s += " " + texts.get(locale, "approvals.card.status.undone", undone.get());
                if (round.escalatedAt() != null && stage.isPresent()) {
                    List<String> backups = stages.backups(review, stage.get().stage()).stream()
                            .map(Person::name)
                            .toList();
                    if (!backups.isEmpty())
                        s += " " + texts.get(locale, "approvals.card.status.escalated", String.join(", ", backups));
                }
                return s;
            }
            case "APPROVED": {
                String s = texts.get(
                        locale,
                        "approvals.card.status.approved",
                        String.join(
                                ", ", approvers.isEmpty() ? List.of(String.valueOf(round.decidedByName())) : approvers),
                        when);
                Optional<Stages.Resolved> next = stage.flatMap(st -> stages.stageAt(review, st.stageNo() + 1));
                if (next.isPresent())
                    s += " "
                            + texts.get(
                                    locale,
                                    "approvals.card.status.next",
                                    next.get().stage().name());
                return s;
            }
            case "REJECTED":
                return texts.get(locale, "approvals.card.status.rejected", round.decidedByName(), when, reason);
            case "CHANGES_REQUESTED":
                return texts.get(locale, "approvals.card.status.changes", round.decidedByName(), when, reason);
            case "SUPERSEDED":
                return texts.get(locale, "approvals.card.status.superseded");
            default: {
                String note = round.closedNote() == null
                        ? "closed"
                        : round.closedNote().toLowerCase(Locale.ROOT);
                return texts.get(locale, "approvals.card.status.closed." + note);
            }
        }
    }

    /** Cards show at most this many names of those still to decide, then how many more. */
    static final int NAMES_SHOWN = 6;

    /** "Waiting on Amara Okafor, Sam Newman." — the stage's approvers who have not approved yet. */
    private Optional<String> waitingOn(
            ReviewStore.ReviewRow review, ReviewStore.RoundRow round, Optional<Stages.Resolved> stage, Locale locale) {
        if (stage.isEmpty()) return Optional.empty();
        List<ReviewStore.VoteRow> votes = store.votes(review.id(), round.round());
        List<String> names = stages.approvers(review, stage.get().stage()).stream()
                .filter(a -> votes.stream().noneMatch(a::cast))
                .map(Stages.Approver::name)
                .toList();
        if (names.isEmpty()) return Optional.empty();
        String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
        if (names.size() > NAMES_SHOWN) {
            shown = texts.get(locale, "approvals.card.status.more", shown, String.valueOf(names.size() - NAMES_SHOWN));
        }
        return Optional.of(texts.get(locale, "approvals.card.status.waiting-on", shown));
    }

    ReviewContent content(String kind) {
        return contents.stream().filter(c -> c.kind().equals(kind)).findFirst().orElse(null);
    }

    String title(ReviewStore.ReviewRow review, Locale locale) {
        ReviewContent c = content(review.subjectKind());
        return c == null ? "#" + review.subjectId() : c.title(review.subjectId(), locale);
    }

    static String time(Instant at, ZoneId zone, Locale locale) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale)
                .format(at.atZone(zone));
    }
}
