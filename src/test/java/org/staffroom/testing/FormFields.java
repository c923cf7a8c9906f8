package org.staffroom.testing;

import java.util.List;
import org.staffroom.chat.Form;
import org.staffroom.chat.Form.FormField.Kind;

/**
 * The form fields tests build that {@link Form.FormField} has no factory for: fields with choices, and dates.
 * They carry no placeholder or length limit unless said.
 */
public final class FormFields {

    private FormFields() {}

    /** A select, multi-select or checkbox field: its choices, and what is chosen at first. */
    public static Form.FormField choices(
            String id, String label, Kind kind, boolean required, List<Form.Choice> choices, List<String> initial) {
        return new Form.FormField(id, label, kind, required, choices, initial, null, 0);
    }

    /** A date field: the day it starts on (none, or one) and its placeholder (or null). */
    public static Form.FormField date(
            String id, String label, boolean required, List<String> initial, String placeholder) {
        return new Form.FormField(id, label, Kind.DATE, required, List.of(), initial, placeholder, 0);
    }
}
