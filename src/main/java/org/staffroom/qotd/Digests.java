package org.staffroom.qotd;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Destination;
import org.staffroom.chat.Message;
import org.staffroom.config.ChannelPurpose;
import org.staffroom.config.School;
import org.staffroom.directory.Directory;

/**
 * With {@code answers: digest}, each school's morning starts with what colleagues across the trust
 * answered since its last digest ("Yesterday: 23 answers from 4 schools — highlights…"), posted
 * once per school and day (a claim row and the delivery key {@code qotd:digest:<date>:<school>})
 * before the new question.
 */
@Service
record Digests(PromptStore prompts, AnswerStore answers, Directory directory, Chat chat, QotdMessages messages) {

    static final int LOOK_BACK_DAYS = 7;
    static final int MAX_PROMPTS = 3;
    static final int MAX_HIGHLIGHTS = 5;
    static final int HIGHLIGHT_LENGTH = 280;
    static final int MAX_LENGTH = 1900;

    /** Posts {@code school}'s digest for {@code today} unless it was done; runs in the caller's transaction. */
    void post(School school, LocalDate today, Instant now) {
        Optional<ChannelRef> channel = directory.channel(school, ChannelPurpose.QOTD);
        if (channel.isEmpty() || !prompts.claimDigest(school.id(), today, now)) return;
        Set<Long> done = prompts.digested(school.id());
        List<QotdMessages.DigestPart> parts = new ArrayList<>();
        for (Prompt p : prompts.between(today.minusDays(LOOK_BACK_DAYS), today.minusDays(1))) {
            if (done.contains(p.id())) continue;
            prompts.markDigested(school.id(), p.id());
            List<Answer> given = answers.ofPrompt(p.id());
            if (!given.isEmpty()) parts.add(part(p, given));
        }
        if (parts.isEmpty()) return;
        List<QotdMessages.DigestPart> shown = parts.subList(Math.max(0, parts.size() - MAX_PROMPTS), parts.size());
        Message digest = fitted(shown, p -> messages.digest(school, today, p));
        chat.post(Destination.channel(channel.get()), digest, "qotd:digest:" + today + ":" + school.id());
    }

    /**
     * The digest rendered to fit one chat message (Discord takes 2,000 characters): fewer highlights
     * first, then fewer days, the latest kept.
     */
    static Message fitted(
            List<QotdMessages.DigestPart> parts, Function<List<QotdMessages.DigestPart>, Message> render) {
        List<QotdMessages.DigestPart> shown = new ArrayList<>(parts);
        Message digest = render.apply(shown);
        while (digest.plain().length() > MAX_LENGTH && trim(shown)) {
            digest = render.apply(shown);
        }
        return digest;
    }

    /** Drops one highlight from the part with the most (keeping one each), else the oldest part; false if nothing can go. */
    private static boolean trim(List<QotdMessages.DigestPart> parts) {
        QotdMessages.DigestPart fullest = parts.stream()
                .max(Comparator.comparingInt(p -> p.highlights().size()))
                .orElseThrow();
        if (fullest.highlights().size() > 1) {
            parts.set(
                    parts.indexOf(fullest),
                    new QotdMessages.DigestPart(
                            fullest.prompt(),
                            fullest.answers(),
                            fullest.schools(),
                            fullest.highlights().subList(0, fullest.highlights().size() - 1)));
            return true;
        }
        if (parts.size() > 1) {
            parts.remove(0);
            return true;
        }
        return false;
    }

    /** Counts, and highlights taken in turn from each school (its longest answers first), so every school is heard. */
    QotdMessages.DigestPart part(Prompt prompt, List<Answer> given) {
        Map<String, List<Answer>> bySchool = new LinkedHashMap<>();
        for (School s : directory.schools()) bySchool.put(s.id(), new ArrayList<>());
        for (Answer a : given)
            bySchool.computeIfAbsent(a.schoolId(), k -> new ArrayList<>()).add(a);
        bySchool.values()
                .forEach(l ->
                        l.sort(Comparator.comparingInt((Answer a) -> a.text().length())
                                .reversed()
                                .thenComparingLong(Answer::id)));
        Set<String> schools = new LinkedHashSet<>();
        given.forEach(a -> schools.add(a.schoolId()));
        List<QotdMessages.Highlight> highlights = new ArrayList<>();
        for (int round = 0; highlights.size() < MAX_HIGHLIGHTS; round++) {
            boolean any = false;
            for (Map.Entry<String, List<Answer>> e : bySchool.entrySet()) {
                if (round >= e.getValue().size() || highlights.size() >= MAX_HIGHLIGHTS) continue;
                any = true;
                Answer a = e.getValue().get(round);
                String school =
                        directory.school(e.getKey()).map(School::shortName).orElse(e.getKey());
                String text = a.text().length() > HIGHLIGHT_LENGTH
                        ? a.text().substring(0, HIGHLIGHT_LENGTH - 1) + "…"
                        : a.text();
                highlights.add(new QotdMessages.Highlight(a.authorName(), school, text));
            }
            if (!any) break;
        }
        return new QotdMessages.DigestPart(prompt, given.size(), schools.size(), highlights);
    }
}
