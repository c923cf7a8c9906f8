package org.staffroom.qotd;

import org.staffroom.chat.CommandHandler;
import org.staffroom.chat.CommandSpec;
import org.staffroom.directory.Caller;

/** One {@code /qotd} subcommand: does its work through a service and returns the private answer. */
interface QotdSubcommand extends CommandHandler<Caller> {

    String name();

    @Override
    default String command() {
        return QotdCommands.COMMAND;
    }

    @Override
    default String subcommand() {
        return name();
    }

    @Override
    default org.staffroom.chat.Refusal refusedRole(
            CommandSpec.Subcommand spec, org.staffroom.chat.ChatEvent.CommandInvoked event) {
        return new Refusal("qotd.not-allowed", spec.name());
    }
}
