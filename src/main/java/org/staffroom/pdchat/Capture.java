package org.staffroom.pdchat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.staffroom.chat.Attachment;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.MessageRef;
import org.staffroom.config.ChannelPurpose;
import org.staffroom.config.School;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;
import org.staffroom.pdchat.tags.Hashtags;

/**
 * Captures chat messages from participating pd channels while a run is on, attributes them to a
 * question and queues their relay; applies edits, deletions and hides to what was captured. Each
 * method runs in the caller's transaction and returns the relay channels to flush after commit.
 */
@Service
record Capture(
        OccurrenceStore occurrences, CapturedMessageStore captured, Relay relay, Directory directory, Chat chat) {

    /** The longest message a platform delivers (Slack's 40,000 characters): anything longer is cut before it is read. */
    static final int LONGEST = 40_000;

    Set<String> posted(ChatEvent.MessagePosted e, Instant now) {
        if (e.direct()) return Set.of();
        ChannelRef channel = e.message().channel();
        Optional<School> school = directory.schoolOf(channel);
        if (school.isEmpty() || directory.purposeOf(channel).orElse(null) != ChannelPurpose.PD) return Set.of();
        if (chat.keyOf(e.message()).isPresent()) return Set.of(); // one of our own posts, never relayed back
        List<Occurrence> runs = occurrences.capturing(e.at()).stream()
                .filter(o -> o.schoolIds().contains(school.get().id()))
                .toList();
        if (runs.isEmpty()) return Set.of();

        String text = text(CapturedMessageStore.truncate(e.text(), LONGEST), e.attachments());
        Occurrence run = null;
        Integer threadQuestion = null;
        if (e.message().inThread()) {
            Optional<ChatLifecycle.StepRef> step =
                    chat.keyOf(e.message().root()).flatMap(ChatLifecycle.StepRef::parse);
            if (step.isPresent() && step.get().question().isPresent()) {
                run = runs.stream()
                        .filter(o -> o.id() == step.get().occurrenceId())
                        .findFirst()
                        .orElse(null);
                if (run != null) threadQuestion = step.get().question().get();
            }
        }
        if (run == null)
            run = runs.stream()
                    .filter(o -> Hashtags.carries(text, o.hashtag()))
                    .findFirst()
                    .orElse(runs.get(0));

        List<Occurrence.Question> questions = occurrences.questions(run.id());
        Optional<CaptureRules.Attribution> a = CaptureRules.attribute(
                text, run.hashtag(), questions.size(), threadQuestion, current(questions, e.at()));
        if (a.isEmpty()) return Set.of();
        Caller author = directory.caller(e.actor(), channel);
        Optional<Long> id = captured.insert(
                run.id(), a.get(), e.message(), school.get().id(), author.personKey(), author.name(), text, e.at());
        if (id.isEmpty()) return Set.of(); // the same message again
        List<ChannelRef> targets = new ArrayList<>();
        for (School s : schoolsOf(run)) {
            if (s.id().equals(school.get().id())) continue;
            directory.channel(s, ChannelPurpose.PD).ifPresent(targets::add);
        }
        relay.enqueue(id.get(), targets, now);
        return targets.stream().map(ChannelRef::key).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** An edit changes the archive and the copies; an edit that adds the hashtag during a run captures it. */
    Set<String> edited(ChatEvent.MessageEdited e, Instant now) {
        List<CapturedMessageStore.Captured> found = captured.of(e.message());
        if (found.isEmpty()) {
            return posted(
                    new ChatEvent.MessagePosted(
                            e.eventId(), e.at(), e.actor(), e.message(), e.text(), List.of(), false),
                    now);
        }
        Set<String> lanes = new LinkedHashSet<>();
        for (CapturedMessageStore.Captured c : found) {
            List<Occurrence.Question> questions = occurrences.questions(c.occurrenceId());
            OptionalInt answer = CaptureRules.answerNumber(e.text(), questions.size());
            CaptureRules.Attribution a;
            if (answer.isPresent()) {
                a = new CaptureRules.Attribution(answer.getAsInt(), CaptureRules.How.ANSWER_NUMBER);
            } else if (c.how() == CaptureRules.How.ANSWER_NUMBER) {
                // The answer number was edited away: fall back as if it had never been there.
                a = threadQuestion(e.message(), c.occurrenceId())
                        .map(q -> new CaptureRules.Attribution(q, CaptureRules.How.THREAD))
                        .orElse(new CaptureRules.Attribution(
                                current(questions, c.postedAt()), CaptureRules.How.CURRENT));
            } else {
                a = new CaptureRules.Attribution(c.question(), c.how());
            }
            captured.edited(c.id(), e.text(), a, e.at());
            lanes.addAll(relay.changed(c.id(), false));
        }
        return lanes;
    }

    Set<String> deleted(ChatEvent.MessageDeleted e) {
        Set<String> lanes = new LinkedHashSet<>();
        for (CapturedMessageStore.Captured c : captured.of(e.message())) {
            if (captured.deleted(c.id())) lanes.addAll(relay.changed(c.id(), true));
        }
        return lanes;
    }

    /**
     * The captured messages a "hide" on {@code target} means: the message itself, or, for one of our
     * relayed copies, the message it copies (a rolling copy of several cannot say which).
     */
    List<CapturedMessageStore.Captured> resolve(MessageRef target) {
        List<CapturedMessageStore.Captured> direct = captured.of(target);
        if (!direct.isEmpty()) return direct;
        return chat.keyOf(target)
                .filter(k -> k.startsWith("pdchat:relay:"))
                .map(k -> relay.copiedIn(Long.parseLong(k.substring("pdchat:relay:".length()))))
                .filter(ids -> ids.size() == 1)
                .map(captured::byIds)
                .orElse(List.of());
    }

    Set<String> hide(List<CapturedMessageStore.Captured> messages, String by) {
        Set<String> lanes = new LinkedHashSet<>();
        for (CapturedMessageStore.Captured c : messages) {
            if (captured.hide(c.id(), by)) lanes.addAll(relay.changed(c.id(), true));
        }
        return lanes;
    }

    private Optional<Integer> threadQuestion(MessageRef message, long occurrenceId) {
        if (!message.inThread()) return Optional.empty();
        return chat.keyOf(message.root())
                .flatMap(ChatLifecycle.StepRef::parse)
                .filter(s -> s.occurrenceId() == occurrenceId)
                .flatMap(ChatLifecycle.StepRef::question);
    }

    /** The last question due at {@code at} (0 before the first). */
    static int current(List<Occurrence.Question> questions, Instant at) {
        int n = 0;
        for (Occurrence.Question q : questions) {
            if (!q.dueAt().isAfter(at)) n = Math.max(n, q.number());
        }
        return n;
    }

    private List<School> schoolsOf(Occurrence run) {
        return run.schoolIds().stream()
                .map(id -> directory.school(id).orElse(null))
                .filter(s -> s != null)
                .toList();
    }

    /** What the archive and the copies show: the text, and the names of attachments it came with. */
    private static String text(String text, List<Attachment> attachments) {
        if (attachments.isEmpty()) return text;
        String files =
                String.join(", ", attachments.stream().map(Attachment::name).toList());
        return text.isBlank() ? "📎 " + files : text + " 📎 " + files;
    }
}
