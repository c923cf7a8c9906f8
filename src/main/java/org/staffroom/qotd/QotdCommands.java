package org.staffroom.qotd;

import static org.staffroom.chat.CommandSpec.Option;
import static org.staffroom.chat.CommandSpec.Subcommand;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.staffroom.chat.CatalogEntries;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.Message;
import org.staffroom.config.Role;
import org.staffroom.directory.Caller;

/**
 * Declares {@code /qotd} and its subcommands, with the least role each needs, and the suggestion card's
 * buttons, each with what does it. Adding, pinning and retiring are {@link QuestionCuration}'s, shared
 * with the web.
 */
@Configuration(proxyBeanMethods = false)
@Import(QotdCommands.Entries.class)
class QotdCommands {

    static final String COMMAND = "qotd";

    static final class Entries extends CatalogEntries<Caller> {
        @Override
        protected void declare(Table<Caller> table) {
            table.command(qotdCommand());
            subcommand(table.handledBy(SuggestionChat.class), "suggest", SuggestionChat::suggest)
                    .button(QotdMessages.APPROVE, Role.COORDINATOR, SuggestionChat::decide, SuggestionChat::notAllowed)
                    .button(QotdMessages.DECLINE, Role.COORDINATOR, SuggestionChat::decide, SuggestionChat::notAllowed);
            subcommand(table.handledBy(NowCommand.class), "now", NowCommand::handle);
            subcommand(table.handledBy(UpcomingCommand.class), "upcoming", UpcomingCommand::handle);
            subcommand(table.handledBy(StatsCommand.class), "stats", StatsCommand::handle);
            Rows<QuestionCuration, Caller> curation = table.handledBy(QuestionCuration.class);
            subcommand(
                    curation,
                    "add",
                    (q, e, caller) ->
                            Message.of(q.add(caller, e.option("text"), e.option("category"), caller.locale())));
            subcommand(
                    curation,
                    "pin",
                    (q, e, caller) -> Message.of(q.pin(caller, e.option("id"), e.option("date"), caller.locale())));
            subcommand(
                    curation,
                    "retire",
                    (q, e, caller) -> Message.of(q.retire(caller, e.option("id"), caller.locale())));
        }

        /** Every /qotd subcommand tells a caller without its role the same thing, naming it. */
        private static <B> Rows<B, Caller> subcommand(
                Rows<B, Caller> rows, String name, Handles<B, ChatEvent.CommandInvoked, Caller> method) {
            return rows.command(COMMAND, name, method, (bean, e) -> new Refusal("qotd.not-allowed", name));
        }
    }

    static CommandSpec qotdCommand() {
        Option category = Option.of("category", "qotd.option.category", Option.Type.WORD, false);
        Option question = Option.text("text", "qotd.option.text", true);
        Option id = Option.of("id", "qotd.option.id", Option.Type.WORD, true);
        return new CommandSpec(
                        COMMAND,
                        "command.qotd",
                        List.of(
                                Subcommand.of("suggest", "qotd.suggest.description", Role.TEACHER, category, question),
                                Subcommand.of(
                                        "now",
                                        "qotd.now.description",
                                        Role.COORDINATOR,
                                        Option.of("schools", "qotd.option.schools", Option.Type.SCHOOLS, false),
                                        Option.text("text", "qotd.option.now-text", false)),
                                Subcommand.of("upcoming", "qotd.upcoming.description", Role.COORDINATOR),
                                Subcommand.of("add", "qotd.add.description", Role.COORDINATOR, category, question),
                                Subcommand.of(
                                        "pin",
                                        "qotd.pin.description",
                                        Role.COORDINATOR,
                                        id,
                                        Option.of("date", "qotd.option.date", Option.Type.DATE, true)),
                                Subcommand.of("retire", "qotd.retire.description", Role.COORDINATOR, id),
                                Subcommand.of("stats", "qotd.stats.description", Role.COORDINATOR)))
                .inDirectMessages("suggest");
    }
}
