package org.staffroom.help;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.staffroom.chat.CommandSpec;
import org.staffroom.config.Role;

/** Declares {@code /staffroom help}. Other features add their own subcommands to /staffroom. */
@Configuration
class HelpCommands {

    static final String COMMAND = "staffroom";

    @Bean
    CommandSpec staffroomHelpCommand() {
        return new CommandSpec(
                        COMMAND,
                        "command.staffroom",
                        java.util.List.of(CommandSpec.Subcommand.of("help", "help.description", Role.TEACHER)))
                .inDirectMessages("help");
    }
}
