package org.staffroom.chat;

import java.util.List;

/**
 * A small form the bot asks a user to fill in (Slack modal, Discord modal, sandbox dialog).
 * At most five fields, Discord's limit for a modal. {@code context} travels with the form
 * and comes back on submission (e.g. the id of the draft being revised).
 */
public record Form(String formId, String title, String submitLabel, String context, List<FormField> fields) {

    public static final int MAX_FIELDS = 5;

    public Form {
        fields = List.copyOf(fields);
        if (fields.isEmpty() || fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("a form has 1 to " + MAX_FIELDS + " fields, not " + fields.size());
        }
        context = context == null ? "" : context;
    }

    /** One input. {@code initial} prefills it (one value, or several for a multi-select). */
    public record FormField(
            String id,
            String label,
            Kind kind,
            boolean required,
            List<Choice> choices,
            List<String> initial,
            String placeholder,
            int maxLength) {

        public enum Kind {
            SHORT_TEXT,
            LONG_TEXT,
            SELECT,
            MULTI_SELECT,
            CHECKBOX,
            DATE
        }

        public FormField {
            choices = choices == null ? List.of() : List.copyOf(choices);
            initial = initial == null ? List.of() : List.copyOf(initial);
        }

        public static FormField text(String id, String label, boolean required, String initial, int maxLength) {
            return prefilled(id, label, Kind.SHORT_TEXT, required, initial, maxLength);
        }

        public static FormField longText(String id, String label, boolean required, String initial, int maxLength) {
            return prefilled(id, label, Kind.LONG_TEXT, required, initial, maxLength);
        }

        /** An empty input of {@code kind} showing {@code placeholder} (null: none) until something is typed. */
        public static FormField hinted(
                String id, String label, Kind kind, boolean required, String placeholder, int maxLength) {
            return new FormField(id, label, kind, required, List.of(), List.of(), placeholder, maxLength);
        }

        /** A SELECT or MULTI_SELECT of {@code choices}, with {@code initial} chosen. */
        public static FormField choice(
                String id, String label, Kind kind, boolean required, List<Choice> choices, List<String> initial) {
            return new FormField(id, label, kind, required, choices, initial, null, 0);
        }

        private static FormField prefilled(
                String id, String label, Kind kind, boolean required, String initial, int maxLength) {
            return new FormField(
                    id,
                    label,
                    kind,
                    required,
                    List.of(),
                    initial == null ? List.of() : List.of(initial),
                    null,
                    maxLength);
        }
    }

    public record Choice(String value, String label) {}
}
