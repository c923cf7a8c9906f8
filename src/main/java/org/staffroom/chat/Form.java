package org.staffroom.chat;

import java.util.List;

/**
 * A small form the bot asks a user to fill in (Slack modal, Discord modal, sandbox dialog).
 * {@code context} travels with the form and comes back on submission (e.g. the id of the draft
 * being revised). Every platform shows the first {@link #MAX_FIELDS} fields (Discord's limit for a
 * modal); fields after those are optional extras a platform with room shows (Slack, the sandbox)
 * and one without leaves out, saying {@code extrasNote} instead. A field left out is absent from
 * the submission, so the workflow can tell "not asked" from "left blank".
 */
public record Form(
        String formId, String title, String submitLabel, String context, List<FormField> fields, String extrasNote) {

    /** The fields every platform shows. */
    public static final int MAX_FIELDS = 5;

    /** Fields in all, extras included (Slack allows 100 blocks; one per field). */
    public static final int MAX_ALL_FIELDS = 25;

    public Form {
        fields = List.copyOf(fields);
        if (fields.isEmpty() || fields.size() > MAX_ALL_FIELDS) {
            throw new IllegalArgumentException("a form has 1 to " + MAX_ALL_FIELDS + " fields, not " + fields.size());
        }
        if (fields.subList(Math.min(MAX_FIELDS, fields.size()), fields.size()).stream()
                .anyMatch(FormField::required)) {
            throw new IllegalArgumentException("fields after the first " + MAX_FIELDS + " must be optional");
        }
        context = context == null ? "" : context;
    }

    /** A form every platform shows whole. */
    public Form(String formId, String title, String submitLabel, String context, List<FormField> fields) {
        this(formId, title, submitLabel, context, fields, null);
        if (fields.size() > MAX_FIELDS) throw new IllegalArgumentException("extras need an extrasNote");
    }

    /** The fields a platform showing at most {@code max} shows; the rest are left out. */
    public List<FormField> shown(int max) {
        return fields.subList(0, Math.min(max, fields.size()));
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
