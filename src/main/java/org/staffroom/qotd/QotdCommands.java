package org.staffroom.qotd;

import static org.staffroom.chat.CommandSpec.Option;
import static org.staffroom.chat.CommandSpec.Subcommand;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.Interaction;
import org.staffroom.config.Role;

/** Declares {@code /qotd} and its subcommands, with the least role each needs. */
@Configuration
class QotdCommands {

    static final String COMMAND = "qotd";

    @Bean
    CommandSpec qotdCommand() {
        return new CommandSpec(
                        COMMAND,
                        "command.qotd",
                        List.of(
                                Subcommand.of(
                                        "suggest",
                                        "qotd.suggest.description",
                                        Role.TEACHER,
                                        Option.of("category", "qotd.option.category", Option.Type.WORD, false),
                                        Option.text("text", "qotd.option.text", true)),
                                Subcommand.of(
                                        "now",
                                        "qotd.now.description",
                                        Role.COORDINATOR,
                                        Option.of("schools", "qotd.option.schools", Option.Type.SCHOOLS, false),
                                        Option.text("text", "qotd.option.now-text", false)),
                                Subcommand.of("upcoming", "qotd.upcoming.description", Role.COORDINATOR),
                                Subcommand.of(
                                        "add",
                                        "qotd.add.description",
                                        Role.COORDINATOR,
                                        Option.of("category", "qotd.option.category", Option.Type.WORD, false),
                                        Option.text("text", "qotd.option.text", true)),
                                Subcommand.of(
                                        "pin",
                                        "qotd.pin.description",
                                        Role.COORDINATOR,
                                        Option.of("id", "qotd.option.id", Option.Type.WORD, true),
                                        Option.of("date", "qotd.option.date", Option.Type.DATE, true)),
                                Subcommand.of(
                                        "retire",
                                        "qotd.retire.description",
                                        Role.COORDINATOR,
                                        Option.of("id", "qotd.option.id", Option.Type.WORD, true)),
                                Subcommand.of("stats", "qotd.stats.description", Role.COORDINATOR)))
                .inDirectMessages("suggest");
    }

    @Bean
    Interaction qotdApproveSuggestion() {
        return Interaction.button(QotdMessages.APPROVE, Role.COORDINATOR);
    }

    @Bean
    Interaction qotdDeclineSuggestion() {
        return Interaction.button(QotdMessages.DECLINE, Role.COORDINATOR);
    }
}
