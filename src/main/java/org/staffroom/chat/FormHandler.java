package org.staffroom.chat;

/** Handles one form of the catalog, by its form id, once the caller holds its role (see {@link CommandHandler}). */
public interface FormHandler<C> {

    String formId();

    /** The private answer, or null when the handler has answered already (it opened a form, say). */
    Message handle(ChatEvent.FormSubmitted event, C caller);

    /** What a caller without the entry's role is told (the event names what they pressed, for a precise answer). */
    default Refusal refusedRole(Interaction spec, ChatEvent.FormSubmitted event) {
        return new Refusal("chat.refused.interaction");
    }

    /** A handler from a function, for a feature that declares its handlers as beans. */
    static <C> FormHandler<C> of(String id, java.util.function.BiFunction<ChatEvent.FormSubmitted, C, Message> work) {
        return of(id, work, null);
    }

    /** The same, telling a caller without the role what {@code refused} makes of the event (null: the default). */
    static <C> FormHandler<C> of(
            String id,
            java.util.function.BiFunction<ChatEvent.FormSubmitted, C, Message> work,
            java.util.function.Function<ChatEvent.FormSubmitted, Refusal> refused) {
        return new FormHandler<>() {
            @Override
            public String formId() {
                return id;
            }

            @Override
            public Message handle(ChatEvent.FormSubmitted event, C caller) {
                return work.apply(event, caller);
            }

            @Override
            public Refusal refusedRole(Interaction spec, ChatEvent.FormSubmitted event) {
                return refused == null ? FormHandler.super.refusedRole(spec, event) : refused.apply(event);
            }

            @Override
            public String toString() {
                return id;
            }
        };
    }
}
