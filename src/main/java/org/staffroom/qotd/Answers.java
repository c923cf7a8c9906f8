package org.staffroom.qotd;

import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Destination;
import org.staffroom.config.ChannelPurpose;
import org.staffroom.config.School;
import org.staffroom.config.Trust;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * Answers are the replies in a question's thread. Each is stored once per platform message with
 * its author and the school whose thread it was given in; with {@code answers: live} it is copied
 * into the other schools' threads under {@code qotd:relay:<answer>:<school>}, and edits and
 * deletions follow into the store and those copies.
 */
@Service
class Answers {

    static final int MAX_LENGTH = 40000;

    private final AnswerStore answers;
    private final PromptStore prompts;
    private final Directory directory;
    private final Chat chat;
    private final QotdMessages messages;

    Answers(AnswerStore answers, PromptStore prompts, Directory directory, Chat chat, QotdMessages messages) {
        this.answers = answers;
        this.prompts = prompts;
        this.directory = directory;
        this.chat = chat;
        this.messages = messages;
    }

    @Transactional
    public void posted(ChatEvent.MessagePosted event) {
        if (event.direct() || !event.message().inThread() || event.text().isBlank()) return;
        Optional<Post> post = chat.keyOf(event.message().root()).flatMap(prompts::postByKey);
        if (post.isEmpty()) return;
        Caller caller = directory.caller(event.actor(), event.message().channel());
        String text = event.text().length() > MAX_LENGTH ? event.text().substring(0, MAX_LENGTH) : event.text();
        Optional<Answer> answer = answers.insert(
                event.message().key(),
                post.get(),
                event.platform().name(),
                caller.personKey(),
                caller.name(),
                event.actor().user().key(),
                text,
                event.at());
        // Empty: the same message was recorded before (a redelivered event), so it was relayed then.
        if (answer.isPresent() && live()) relay(answer.get());
    }

    @Transactional
    public void edited(ChatEvent.MessageEdited event) {
        Optional<Answer> answer = answers.findByMessage(event.message().key());
        if (answer.isEmpty() || answer.get().deleted()) return;
        String text = event.text().length() > MAX_LENGTH ? event.text().substring(0, MAX_LENGTH) : event.text();
        if (!answers.updateText(answer.get().id(), text, event.at())) return;
        Answer updated = answers.findByMessage(event.message().key()).orElseThrow();
        School from = directory.school(updated.schoolId()).orElse(null);
        if (from == null) return;
        for (Post p : prompts.postsOf(updated.promptId())) {
            String key = updated.relayKey(p.schoolId());
            if (p.schoolId().equals(updated.schoolId()) || chat.delivery(key).isEmpty()) continue;
            School to = directory.school(p.schoolId()).orElse(null);
            chat.edit(key, messages.relay(updated, from, to == null ? from.locale() : to.locale()));
        }
    }

    @Transactional
    public void deleted(ChatEvent.MessageDeleted event) {
        Optional<Answer> answer = answers.findByMessage(event.message().key());
        if (answer.isEmpty() || !answers.markDeleted(answer.get().id(), event.at())) return;
        for (Post p : prompts.postsOf(answer.get().promptId())) {
            String key = answer.get().relayKey(p.schoolId());
            if (!p.schoolId().equals(answer.get().schoolId())
                    && chat.delivery(key).isPresent()) chat.delete(key);
        }
    }

    /** Copies the answers other schools gave to {@code prompt} into {@code school}'s new thread. */
    void backfill(Prompt prompt, School school) {
        if (!live()) return;
        for (Answer a : answers.ofPrompt(prompt.id())) {
            if (a.schoolId().equals(school.id())) continue;
            directory.school(a.schoolId()).ifPresent(from -> relayTo(a, from, school));
        }
    }

    private void relay(Answer answer) {
        School from = directory.school(answer.schoolId()).orElse(null);
        if (from == null) return;
        for (Post p : prompts.postsOf(answer.promptId())) {
            if (p.schoolId().equals(answer.schoolId())) continue;
            directory.school(p.schoolId()).filter(s -> !s.paused()).ifPresent(to -> relayTo(answer, from, to));
        }
    }

    private void relayTo(Answer answer, School from, School to) {
        Optional<ChannelRef> channel = directory.channel(to, ChannelPurpose.QOTD);
        Optional<Post> post = prompts.postsOf(answer.promptId()).stream()
                .filter(p -> p.schoolId().equals(to.id()))
                .findFirst();
        if (channel.isEmpty() || post.isEmpty()) return;
        // Into the thread of the question there, once that question has gone out.
        chat.post(
                Destination.threadOf(channel.get(), post.get().claimKey()),
                messages.relay(answer, from, to.locale()),
                answer.relayKey(to.id()));
    }

    private boolean live() {
        return directory.config().trust().qotd().answers() == Trust.AnswerSharing.LIVE;
    }
}
