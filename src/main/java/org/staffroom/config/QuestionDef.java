package org.staffroom.config;

import java.time.LocalDate;
import java.util.Map;

/**
 * A question of the day from questions.yml; {@code date} pins it to one day, or is null.
 * {@code translations} holds its text in other languages, by language code (e.g. "es"), for
 * schools whose locale is in that language; {@code text} is in the trust's language.
 */
public record QuestionDef(String id, String text, String category, LocalDate date, Map<String, String> translations) {

    /** The languages a question may be translated into: those Staffroom has messages in. */
    public static final java.util.List<String> LANGUAGES = java.util.List.of("en", "es");

    public QuestionDef {
        translations = translations == null ? Map.of() : Map.copyOf(translations);
    }

    public QuestionDef(String id, String text, String category, LocalDate date) {
        this(id, text, category, date, Map.of());
    }

    /** The text for a reader of {@code language}: its translation if there is one, else {@link #text}. */
    public String textIn(String language) {
        return translations.getOrDefault(language, text);
    }
}
