package org.staffroom.chat;

/**
 * Answers a command typed without a subcommand it has ({@code /qotd}, {@code /qotd frobnicate}) with
 * that command's usage. Exactly one feature provides it (help); the dispatcher decides when, from the
 * catalog.
 */
public interface UsageHandler<C> {

    void usage(ChatEvent.CommandInvoked event, CommandSpec spec, C caller);
}
