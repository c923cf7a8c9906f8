package org.staffroom.qotd;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.chat.Chat;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Person;
import org.staffroom.config.Role;
import org.staffroom.config.School;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * Teachers' question suggestions. Each goes as a card with Approve and Decline buttons to every
 * trust-wide coordinator and the coordinators of the suggester's school, by direct message: there
 * is no channel all coordinators share, and a direct message reaches each on their own platform.
 * The first decision counts (a conditional update); every card is then edited to show it, and the
 * suggester is told by direct message.
 */
@Service
class Suggestions {

    private final SuggestionStore suggestions;
    private final QuestionStore questions;
    private final QuestionBank bank;
    private final Directory directory;
    private final Chat chat;
    private final QotdMessages messages;
    private final Clock clock;

    Suggestions(
            SuggestionStore suggestions,
            QuestionStore questions,
            QuestionBank bank,
            Directory directory,
            Chat chat,
            QotdMessages messages,
            Clock clock) {
        this.suggestions = suggestions;
        this.questions = questions;
        this.bank = bank;
        this.directory = directory;
        this.chat = chat;
        this.messages = messages;
        this.clock = clock;
    }

    /** Records a suggestion and sends the cards; returns how many coordinators were asked. */
    @Transactional
    public int suggest(Caller caller, String text, String category) {
        String clean = QuestionBank.validText(text, "suggest");
        String cat = QuestionBank.validCategory(category);
        questions.findSameText(clean).ifPresent(q -> {
            throw new Refusal("qotd.suggest.already-in-bank", q.id());
        });
        if (suggestions.pendingWithText(clean).isPresent()) throw new Refusal("qotd.suggest.already-pending");
        String schoolId = caller.schoolIfKnown().map(School::id).orElse(null);
        long id = suggestions.insert(
                clean,
                cat,
                caller.personKey(),
                caller.name(),
                caller.user().key(),
                schoolId,
                caller.locale(),
                clock.instant());
        Suggestion s = suggestions.find(id).orElseThrow();
        Set<Person> coordinators = new LinkedHashSet<>(directory.peopleWithTrustWide(Role.COORDINATOR));
        if (schoolId != null) coordinators.addAll(directory.peopleWith(Role.COORDINATOR, schoolId));
        int asked = 0;
        for (Person p : coordinators) {
            Optional<UserRef> account = directory.account(p);
            if (account.isEmpty()) continue;
            Locale locale = directory.localeOf(p);
            String key = "qotd:suggestion:" + id + ":" + p.id();
            chat.sendDirect(account.get(), messages.suggestionCard(s, schoolName(s), locale), key);
            suggestions.addCard(id, key, locale);
            asked++;
        }
        return asked;
    }

    /** Approves (into the bank) or declines a pending suggestion, if {@code caller} may. */
    @Transactional
    public Suggestion decide(long id, boolean approve, Caller caller) {
        Suggestion s = suggestions.find(id).orElseThrow(() -> new Refusal("qotd.decide.unknown"));
        boolean allowed = caller.hasTrustWide(Role.COORDINATOR)
                || (s.schoolId() != null && caller.has(Role.COORDINATOR, s.schoolId()));
        if (!allowed) throw notAllowed(s);
        if (s.state() != Suggestion.State.PENDING) throw already(s);
        String questionId = approve
                ? bank.add(s.text(), s.category(), Question.Source.SUGGESTION, s.suggestedBy())
                        .id()
                : null;
        Suggestion.State state = approve ? Suggestion.State.APPROVED : Suggestion.State.DECLINED;
        if (!suggestions.decide(id, state, caller.name(), questionId, clock.instant())) {
            // Someone decided in the meantime: roll back the question added above.
            throw already(suggestions.find(id).orElseThrow());
        }
        Suggestion decided = suggestions.find(id).orElseThrow();
        for (SuggestionStore.Card card : suggestions.cards(id)) {
            chat.edit(card.deliveryKey(), messages.suggestionCard(decided, schoolName(decided), card.locale()));
        }
        chat.sendDirect(
                UserRef.parse(decided.suggesterUser()),
                messages.suggestionOutcome(decided),
                "qotd:suggestion:" + id + ":outcome");
        return decided;
    }

    /** What someone who may not decide on suggestion {@code id} is told: whose it is to decide. */
    Refusal notAllowed(long id) {
        return suggestions.find(id).map(this::notAllowed).orElseGet(() -> new Refusal("qotd.decide.unknown"));
    }

    private Refusal notAllowed(Suggestion s) {
        return new Refusal("qotd.decide.not-allowed", schoolName(s) == null ? "—" : schoolName(s));
    }

    private static Refusal already(Suggestion s) {
        return new Refusal(
                s.state() == Suggestion.State.APPROVED
                        ? "qotd.decide.already-approved"
                        : "qotd.decide.already-declined",
                s.decidedBy());
    }

    private String schoolName(Suggestion s) {
        return s.schoolId() == null
                ? null
                : directory.school(s.schoolId()).map(School::shortName).orElse(s.schoolId());
    }
}
