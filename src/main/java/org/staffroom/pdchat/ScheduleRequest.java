package org.staffroom.pdchat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.staffroom.config.PdChatDef;
import org.staffroom.pdchat.tags.Hashtags;

/**
 * The /pdchat schedule form, read and checked. Five fields, Discord's limit for a modal: hashtag
 * and title on one line, the start, the questions (one per line), the schools, and mode, interval
 * and repeat together on one line ("live 10 weekly", prefilled with "live 10 once"), so a chat is
 * scheduled in one step with no second form to lose on the way.
 */
record ScheduleRequest(
        String hashtag,
        String title,
        LocalDateTime start,
        List<String> questions,
        List<String> schoolIds,
        PdChatDef.Mode mode,
        int interval,
        PdChatDef.Repeat repeat) {

    static final int MAX_QUESTIONS = 20;
    static final int MAX_QUESTION_LENGTH = 500;
    static final int MAX_TITLE_LENGTH = 200;
    static final String DEFAULT_OPTIONS = "live 10 once";
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("uuuu-MM-dd[ ]['T']HH:mm");

    /** A problem with what was typed: a bundle key and its arguments. */
    record Problem(String key, Object... args) {}

    /** What the form gave, or every problem with it. */
    record Outcome(Optional<ScheduleRequest> request, List<Problem> problems) {}

    static Outcome parse(
            String chatLine,
            String startText,
            String questionsText,
            List<String> schools,
            String options,
            ZoneId zone,
            Instant now,
            Set<String> knownSchools) {
        List<Problem> problems = new ArrayList<>();
        String line = chatLine == null ? "" : chatLine.trim();
        String[] parts = line.split("\\s+", 2);
        Optional<String> tag = parts[0].startsWith("#") ? Hashtags.parse(parts[0]) : Optional.empty();
        String title = parts.length > 1 ? parts[1].trim() : "";
        if (parts[0].isEmpty()) problems.add(new Problem("pdchat.schedule.no-hashtag"));
        else if (tag.isEmpty()) problems.add(new Problem("pdchat.schedule.bad-hashtag", parts[0]));
        else if (!tag.get().matches("#[A-Za-z][A-Za-z0-9_]*"))
            problems.add(new Problem("pdchat.schedule.bad-hashtag", parts[0]));
        if (title.isEmpty()) problems.add(new Problem("pdchat.schedule.no-title"));
        if (title.length() > MAX_TITLE_LENGTH)
            problems.add(new Problem("pdchat.schedule.long-title", MAX_TITLE_LENGTH));

        LocalDateTime start = null;
        try {
            start = LocalDateTime.parse(startText == null ? "" : startText.trim(), START);
            if (!start.atZone(zone).toInstant().isAfter(now)) {
                problems.add(new Problem("pdchat.schedule.past", startText.trim()));
            }
        } catch (DateTimeParseException e) {
            problems.add(new Problem("pdchat.schedule.bad-start", startText == null ? "" : startText.trim()));
        }

        List<String> questions = new ArrayList<>();
        for (String q : (questionsText == null ? "" : questionsText).split("\\R")) {
            if (!q.isBlank()) questions.add(q.trim());
        }
        if (questions.isEmpty()) problems.add(new Problem("pdchat.schedule.no-questions"));
        if (questions.size() > MAX_QUESTIONS)
            problems.add(new Problem("pdchat.schedule.too-many-questions", MAX_QUESTIONS));
        for (int i = 0; i < questions.size(); i++) {
            if (questions.get(i).length() > MAX_QUESTION_LENGTH) {
                problems.add(new Problem("pdchat.schedule.long-question", i + 1, MAX_QUESTION_LENGTH));
            }
        }

        List<String> schoolIds = new ArrayList<>();
        for (String s : schools == null ? List.<String>of() : schools) {
            if (s == null || s.isBlank()) continue;
            if (!knownSchools.contains(s)) problems.add(new Problem("pdchat.schedule.bad-school", s));
            else if (!schoolIds.contains(s)) schoolIds.add(s);
        }

        PdChatDef.Mode mode = PdChatDef.Mode.LIVE;
        PdChatDef.Repeat repeat = PdChatDef.Repeat.NONE;
        int interval = 10;
        String opts = options == null || options.isBlank() ? DEFAULT_OPTIONS : options;
        for (String word : opts.trim().toLowerCase(Locale.ROOT).split("[\\s,;]+")) {
            switch (word) {
                case "live", "vivo", "directo" -> mode = PdChatDef.Mode.LIVE;
                case "slow", "lento" -> mode = PdChatDef.Mode.SLOW;
                case "weekly", "semanal" -> repeat = PdChatDef.Repeat.WEEKLY;
                case "once", "none", "una", "única", "unica" -> repeat = PdChatDef.Repeat.NONE;
                default -> {
                    String digits = word.endsWith("min") ? word.substring(0, word.length() - 3) : word;
                    if (digits.matches("\\d{1,3}")
                            && Integer.parseInt(digits) >= 1
                            && Integer.parseInt(digits) <= 120) {
                        interval = Integer.parseInt(digits);
                    } else {
                        problems.add(new Problem("pdchat.schedule.bad-option", word));
                    }
                }
            }
        }
        if (!problems.isEmpty()) return new Outcome(Optional.empty(), problems);
        return new Outcome(
                Optional.of(new ScheduleRequest(
                        tag.get(),
                        title,
                        start,
                        List.copyOf(questions),
                        List.copyOf(schoolIds),
                        mode,
                        interval,
                        repeat)),
                List.of());
    }

    PdChatDef toDef(String id, String hostKey, ZoneId zone) {
        return new PdChatDef(
                id, hashtag, title, hostKey, start, zone, repeat, mode, interval, 10, schoolIds, questions);
    }
}
