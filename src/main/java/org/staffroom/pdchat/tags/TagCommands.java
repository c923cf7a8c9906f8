package org.staffroom.pdchat.tags;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.staffroom.chat.CommandHandler;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.CommandSpec.Option;
import org.staffroom.chat.CommandSpec.Subcommand;
import org.staffroom.config.Role;
import org.staffroom.directory.Caller;

/** Declares /tag, /follow and /unfollow: commands that take a hashtag directly. */
@Configuration
class TagCommands {

    static final String TAG = "tag";
    static final String FOLLOW = "follow";
    static final String UNFOLLOW = "unfollow";

    @Bean
    CommandSpec tagCommand() {
        return new CommandSpec(
                TAG,
                "tags.command.tag",
                List.of(new Subcommand(
                        "",
                        "tags.tag.description",
                        Role.TEACHER,
                        List.of(Option.text("tag", "tags.option.tag", true)))));
    }

    @Bean
    CommandSpec followCommand() {
        return new CommandSpec(
                        FOLLOW,
                        "tags.command.follow",
                        List.of(new Subcommand(
                                "",
                                "tags.follow.description",
                                Role.TEACHER,
                                List.of(Option.text("tag", "tags.option.tag", false)))))
                .inDirectMessages("");
    }

    @Bean
    CommandSpec unfollowCommand() {
        return new CommandSpec(
                        UNFOLLOW,
                        "tags.command.unfollow",
                        List.of(new Subcommand(
                                "",
                                "tags.unfollow.description",
                                Role.TEACHER,
                                List.of(Option.text("tag", "tags.option.tag", true)))))
                .inDirectMessages("");
    }

    @Bean
    CommandHandler<Caller> tagHandler(TagHandlers tags) {
        return CommandHandler.of(TAG, "", tags::run);
    }

    @Bean
    CommandHandler<Caller> followHandler(TagHandlers tags) {
        return CommandHandler.of(FOLLOW, "", tags::run);
    }

    @Bean
    CommandHandler<Caller> unfollowHandler(TagHandlers tags) {
        return CommandHandler.of(UNFOLLOW, "", tags::run);
    }
}
