package org.staffroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hashtags in wall posts, as the wall links and filters them: whole tags, not pieces of links or addresses. */
class WallTextTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Year 4 read #TheHobbit today #reading       | TheHobbit reading
            Lesson plan at https://example.org/page#top | ''
            Mail office#school@example.org please        | ''
            ¡Semana de la #lectura en #Sevilla!          | lectura Sevilla
            #reading and #Reading again                  | reading Reading
            Score: 3#4 and C# minor                      | ''
            """)
    void tagsAreWholeHashtags(String text, String tags) {
        assertThat(Wall.tags(text)).isEqualTo(tags.isBlank() ? List.of() : List.of(tags.split(" ")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            We planted bulbs #outdoorlearning today | We planted bulbs ,#outdoorlearning=outdoorlearning, today
            #first words                            | #first=first, words
            no tags at all                          | no tags at all
            """)
    void textIsCutIntoPlainPiecesAndTags(String text, String expected) {
        String joined = String.join(
                ",",
                Wall.segments(text).stream()
                        .map(s -> s.tag() == null ? s.text() : s.text() + "=" + s.tag())
                        .toList());
        assertThat(joined).isEqualTo(expected);
        assertThat(String.join(
                        "", Wall.segments(text).stream().map(Wall.Segment::text).toList()))
                .isEqualTo(text);
    }
}
