package org.staffroom.chat;

import org.staffroom.config.Role;

/**
 * A button or a form a feature puts in front of people, declared (as a bean) next to its commands so
 * that the {@link CommandCatalog} knows every way in and the {@link Dispatcher} can insist on exactly
 * one handler for each. {@code role} is the least role that may press or submit it; finer rules
 * (the author of this draft, an approver of this stage) stay with the use case.
 */
public record Interaction(Kind kind, String id, Role role) {

    public enum Kind {
        BUTTON,
        FORM
    }

    public static Interaction button(String actionId, Role role) {
        return new Interaction(Kind.BUTTON, actionId, role);
    }

    public static Interaction form(String formId, Role role) {
        return new Interaction(Kind.FORM, formId, role);
    }
}
