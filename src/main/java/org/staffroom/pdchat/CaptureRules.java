package org.staffroom.pdchat;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.staffroom.pdchat.tags.Hashtags;

/**
 * Whether a message in a participating channel belongs to a running chat, and to which question:
 * an answer number at its start ({@code A2}, {@code A2:}, {@code A2.}, {@code a2 -}) first, else the
 * question whose thread it replies in, else the question being asked when it was posted. A message
 * is captured if it carries the chat's hashtag, a valid answer number, or replies in a question's
 * (or the intro's) thread.
 */
final class CaptureRules {

    /** How a captured message was tied to its question. */
    enum How {
        ANSWER_NUMBER,
        THREAD,
        CURRENT
    }

    record Attribution(int question, How how) {}

    /** "A2" followed by the end, a space or punctuation; "A2b" is no answer number, and "A22" is 22, not 2. */
    private static final Pattern ANSWER = Pattern.compile("^[Aa]([1-9][0-9]{0,2})(?=$|[\\s:.,;)\\-–—/*_~])");

    private CaptureRules() {}

    /** The answer number at the start of {@code text}, if it names one of the chat's questions. */
    static OptionalInt answerNumber(String text, int questionCount) {
        if (text == null) return OptionalInt.empty();
        int lead = leadEnd(text);
        Matcher m = ANSWER.matcher(text).region(lead, Math.min(text.length(), lead + 8));
        if (!m.find()) return OptionalInt.empty();
        int n = Integer.parseInt(m.group(1));
        return n >= 1 && n <= questionCount ? OptionalInt.of(n) : OptionalInt.empty();
    }

    /**
     * Where the leading markup, white space and hashtags people put before their answer number end
     * ("**A2:**", "#NWTchat A2"). Read by hand: the regular expression it replaces,
     * {@code ^(?:[\s*_~>]+|#[\p{L}\p{M}\p{N}_]+[\s,:]*)*}, recursed once per hashtag and overflowed the
     * stack on a long message of them.
     */
    static int leadEnd(String text) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (isSpace(c) || c == '*' || c == '_' || c == '~' || c == '>') {
                i++;
                continue;
            }
            if (c != '#') break;
            int end = i + 1;
            while (end < n) {
                int cp = text.codePointAt(end);
                if (!(Character.isLetter(cp) || cp == '_' || isMarkOrNumber(cp))) break;
                end += Character.charCount(cp);
            }
            if (end == i + 1) break;
            while (end < n && (isSpace(text.charAt(end)) || text.charAt(end) == ',' || text.charAt(end) == ':')) end++;
            i = end;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static boolean isMarkOrNumber(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK
                || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    /**
     * Decides capture and attribution. {@code threadQuestion} is the question (0 for the intro) whose
     * thread the message replies in, or null; {@code currentQuestion} the last question due when it
     * was posted (0 before Q1).
     */
    static Optional<Attribution> attribute(
            String text, String hashtag, int questionCount, Integer threadQuestion, int currentQuestion) {
        OptionalInt answer = answerNumber(text, questionCount);
        if (answer.isPresent()) return Optional.of(new Attribution(answer.getAsInt(), How.ANSWER_NUMBER));
        if (threadQuestion != null) return Optional.of(new Attribution(threadQuestion, How.THREAD));
        if (Hashtags.carries(text, hashtag)) return Optional.of(new Attribution(currentQuestion, How.CURRENT));
        return Optional.empty();
    }
}
