package org.staffroom.qotd;

import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.directory.Caller;

/** One {@code /qotd} subcommand: does its work through a service and returns the private answer. */
interface QotdSubcommand {

    String name();

    /** Throws {@link Refusal} for anything the caller can put right. */
    Message handle(ChatEvent.CommandInvoked event, Caller caller);
}
