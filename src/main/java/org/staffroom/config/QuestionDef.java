package org.staffroom.config;

import java.time.LocalDate;

/** A question of the day from questions.yml; {@code date} pins it to one day, or is null. */
public record QuestionDef(String id, String text, String category, LocalDate date) {
}
