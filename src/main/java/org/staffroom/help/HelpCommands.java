package org.staffroom.help;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.staffroom.chat.CatalogEntries;
import org.staffroom.chat.CommandSpec;
import org.staffroom.config.Role;
import org.staffroom.directory.Caller;

/** Declares {@code /staffroom help}, answered by {@link Help}. Other features add their own subcommands to /staffroom. */
@Configuration(proxyBeanMethods = false)
@Import(HelpCommands.Entries.class)
class HelpCommands {

    static final String COMMAND = "staffroom";

    static final class Entries extends CatalogEntries<Caller> {
        @Override
        protected void declare(Table<Caller> table) {
            table.command(new CommandSpec(
                                    COMMAND,
                                    "command.staffroom",
                                    List.of(CommandSpec.Subcommand.of("help", "help.description", Role.TEACHER)))
                            .inDirectMessages("help"))
                    .handledBy(Help.class)
                    .commands(COMMAND, Help::help, "help");
        }
    }
}
