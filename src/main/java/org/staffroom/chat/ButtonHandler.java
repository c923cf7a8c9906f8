package org.staffroom.chat;

/** Handles one button of the catalog, by its action id, once the caller holds its role (see {@link CommandHandler}). */
public interface ButtonHandler<C> {

    String actionId();

    /** The private answer, or null when the handler has answered already (it opened a form, say). */
    Message handle(ChatEvent.ButtonPressed event, C caller);

    /** What a caller without the entry's role is told (the event names what they pressed, for a precise answer). */
    default Refusal refusedRole(Interaction spec, ChatEvent.ButtonPressed event) {
        return new Refusal("chat.refused.interaction");
    }

    /** A handler from a function, for a feature that declares its handlers as beans. */
    static <C> ButtonHandler<C> of(String id, java.util.function.BiFunction<ChatEvent.ButtonPressed, C, Message> work) {
        return of(id, work, null);
    }

    /** The same, telling a caller without the role what {@code refused} makes of the event (null: the default). */
    static <C> ButtonHandler<C> of(
            String id,
            java.util.function.BiFunction<ChatEvent.ButtonPressed, C, Message> work,
            java.util.function.Function<ChatEvent.ButtonPressed, Refusal> refused) {
        return new ButtonHandler<>() {
            @Override
            public String actionId() {
                return id;
            }

            @Override
            public Message handle(ChatEvent.ButtonPressed event, C caller) {
                return work.apply(event, caller);
            }

            @Override
            public Refusal refusedRole(Interaction spec, ChatEvent.ButtonPressed event) {
                return refused == null ? ButtonHandler.super.refusedRole(spec, event) : refused.apply(event);
            }

            @Override
            public String toString() {
                return id;
            }
        };
    }
}
