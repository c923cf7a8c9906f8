package org.staffroom.pdchat.tags;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.staffroom.chat.CatalogEntries;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.CommandSpec.Option;
import org.staffroom.config.Role;
import org.staffroom.directory.Caller;

/** Declares /tag, /follow and /unfollow: commands that take a hashtag directly, all answered by {@link TagHandlers}. */
@Configuration(proxyBeanMethods = false)
@Import(TagCommands.Entries.class)
class TagCommands {

    static final String TAG = "tag";
    static final String FOLLOW = "follow";
    static final String UNFOLLOW = "unfollow";

    static final class Entries extends CatalogEntries<Caller> {
        @Override
        protected void declare(Table<Caller> table) {
            table.command(command(TAG, true))
                    .command(command(FOLLOW, false).inDirectMessages(""))
                    .command(command(UNFOLLOW, true).inDirectMessages(""));
            table.handledBy(TagHandlers.class)
                    .commands(TAG, TagHandlers::run, "")
                    .commands(FOLLOW, TagHandlers::run, "")
                    .commands(UNFOLLOW, TagHandlers::run, "");
        }

        /** {@code /name <tag>}: one command without subcommands, its text and description named after it. */
        private static CommandSpec command(String name, boolean tagRequired) {
            return new CommandSpec(
                    name,
                    "tags.command." + name,
                    List.of(CommandSpec.Subcommand.of(
                            "",
                            "tags." + name + ".description",
                            Role.TEACHER,
                            Option.text("tag", "tags.option.tag", tagRequired))));
        }
    }
}
