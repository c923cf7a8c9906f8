package org.staffroom.pdchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.staffroom.pdchat.CaptureRules.Attribution;
import org.staffroom.pdchat.CaptureRules.How;

/**
 * Which messages a running chat (#NWTchat, five questions, Q2 being asked) captures, and for which
 * question: the answer number first, then the thread replied in, then the current question.
 */
class CaptureRulesTest {

    private static final String TAG = "#NWTchat";
    private static final int QUESTIONS = 5;
    private static final int CURRENT = 2;

    static Stream<Arguments> cases() {
        return Stream.of(
                // answer numbers, in the spellings people use
                row("A2 We use whole-class feedback #NWTchat", null, 2, How.ANSWER_NUMBER),
                row("A2: exit tickets", null, 2, How.ANSWER_NUMBER),
                row("A2. Exit tickets every lesson", null, 2, How.ANSWER_NUMBER),
                row("a2 - exit tickets", null, 2, How.ANSWER_NUMBER),
                row("a3- quick and lower case", null, 3, How.ANSWER_NUMBER),
                row("A2–with an en dash", null, 2, How.ANSWER_NUMBER),
                row("A2) in brackets", null, 2, How.ANSWER_NUMBER),
                row("**A2:** in bold", null, 2, How.ANSWER_NUMBER),
                row("#NWTchat A3: the tag first", null, 3, How.ANSWER_NUMBER),
                row("   A4 after spaces", null, 4, How.ANSWER_NUMBER),
                row("A5", null, 5, How.ANSWER_NUMBER),
                row("A1/A2 answering two", null, 1, How.ANSWER_NUMBER),
                row("A2,with a comma", null, 2, How.ANSWER_NUMBER),
                row("A1 answering an earlier question in Q3's thread", 3, 1, How.ANSWER_NUMBER),
                // not answer numbers
                row("A22 when there are five questions #NWTchat", null, CURRENT, How.CURRENT),
                none("A22 when there are five questions, no tag"),
                none("a2b is a paper size, not an answer"),
                row("a2b with the tag #NWTchat", null, CURRENT, How.CURRENT),
                none("A0 is not a question"),
                none("A6 is beyond the last question"),
                none("A02 with a leading zero"),
                none("My A2 comes later in the sentence"),
                none("Answer 2: spelled out"),
                // threads
                row("a reply in Q3's thread with no tag", 3, 3, How.THREAD),
                row("a reply to the intro", 0, 0, How.THREAD),
                row("A22 in Q3's thread", 3, 3, How.THREAD),
                // hashtag forms that match
                row("#nwtchat in lower case", null, CURRENT, How.CURRENT),
                row("#NWTCHAT in capitals", null, CURRENT, How.CURRENT),
                row("(#NWTchat) in brackets", null, CURRENT, How.CURRENT),
                row("Great chat tonight #NWTchat.", null, CURRENT, How.CURRENT),
                row("¿Qué opináis? #NWTchat!", null, CURRENT, How.CURRENT),
                row("Feedback is a gift #NWTchat's way", null, CURRENT, How.CURRENT),
                // hashtag forms that must not match
                none("#NWTchat2 is another chat"),
                none("#NWTchat_archive is another tag"),
                none("write to farid#nwtchat@riverside.sch.uk"),
                none("#NWTchat@riverside.org is an address"),
                none("see https://example.org/page#nwtchat for the notes"),
                none("see example.org/#NWTchat for the notes"),
                none("the site #NWTchat.org is a domain"),
                none("an entity &#NWTchat; in HTML"),
                none("<#C0OAKPD0001|pd> is a channel, not the tag"),
                none("no tag, no number, not in a thread"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void capturesAndAttributes(String text, Integer thread, Optional<Attribution> expected) {
        assertThat(CaptureRules.attribute(text, TAG, QUESTIONS, thread, CURRENT))
                .isEqualTo(expected);
    }

    /** The lead before an answer number is read in one pass: a message of 13,000 hashtags neither overflows nor stalls. */
    @Test
    void aLongRunOfHashtagsIsReadInOnePass() {
        String tags = "#NWTchat ".repeat(4_400);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThat(CaptureRules.answerNumber(tags + "A3 at last", QUESTIONS))
                    .hasValue(3);
            assertThat(CaptureRules.attribute("#a ".repeat(13_000), TAG, QUESTIONS, null, CURRENT))
                    .isEmpty();
            assertThat(CaptureRules.attribute(" ".repeat(40_000) + "A4", TAG, QUESTIONS, null, CURRENT))
                    .contains(new Attribution(4, How.ANSWER_NUMBER));
        });
    }

    private static Arguments row(String text, Integer thread, int question, How how) {
        return Arguments.of(text, thread, Optional.of(new Attribution(question, how)));
    }

    private static Arguments none(String text) {
        return Arguments.of(text, null, Optional.empty());
    }
}
