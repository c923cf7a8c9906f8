package org.staffroom.chat;

/**
 * Does one subcommand of the catalog. The {@link Dispatcher} hands it the command only after the
 * caller was found to hold the subcommand's role; a {@link Refusal} thrown here becomes the private
 * answer. {@code C} is the directory's caller (see {@link Callers}).
 */
public interface CommandHandler<C> {

    /** The command's name, without the slash ({@code "qotd"}). */
    String command();

    /** The subcommand's name as the catalog declares it ({@code ""} for the command on its own). */
    String subcommand();

    /** The private answer, or null when the handler has answered already (it opened a form, say). */
    Message handle(ChatEvent.CommandInvoked event, C caller);

    /** What a caller without the subcommand's role is told. */
    default Refusal refusedRole(CommandSpec.Subcommand spec, ChatEvent.CommandInvoked event) {
        String usage = "/" + command() + (spec.name().isEmpty() ? "" : " " + spec.name());
        return new Refusal("chat.refused.role", usage);
    }

    /** A handler from a function, for a feature that declares its handlers as beans. */
    static <C> CommandHandler<C> of(
            String command,
            String subcommand,
            java.util.function.BiFunction<ChatEvent.CommandInvoked, C, Message> work) {
        return of(command, subcommand, work, null);
    }

    /** The same, telling a caller without the role what {@code refused} makes of the command. */
    static <C> CommandHandler<C> of(
            String command,
            String subcommand,
            java.util.function.BiFunction<ChatEvent.CommandInvoked, C, Message> work,
            java.util.function.Function<ChatEvent.CommandInvoked, Refusal> refused) {
        return new CommandHandler<>() {
            @Override
            public Refusal refusedRole(CommandSpec.Subcommand spec, ChatEvent.CommandInvoked event) {
                return refused == null ? CommandHandler.super.refusedRole(spec, event) : refused.apply(event);
            }

            @Override
            public String command() {
                return command;
            }

            @Override
            public String subcommand() {
                return subcommand;
            }

            @Override
            public Message handle(ChatEvent.CommandInvoked event, C caller) {
                return work.apply(event, caller);
            }

            @Override
            public String toString() {
                return "/" + command + " " + subcommand;
            }
        };
    }
}
