package org.staffroom.pdchat.tags;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.CommandSpec.Option;
import org.staffroom.chat.CommandSpec.Subcommand;
import org.staffroom.config.Role;

/** Declares /tag, /follow and /unfollow: commands that take a hashtag directly. */
@Configuration
class TagCommands {

    static final String TAG = "tag";
    static final String FOLLOW = "follow";
    static final String UNFOLLOW = "unfollow";

    @Bean
    CommandSpec tagCommand() {
        return new CommandSpec(TAG, "tags.command.tag", List.of(
                new Subcommand("", "tags.tag.description", Role.TEACHER, List.of(Option.text("tag", "tags.option.tag", true)))));
    }

    @Bean
    CommandSpec followCommand() {
        return new CommandSpec(FOLLOW, "tags.command.follow", List.of(
                new Subcommand("", "tags.follow.description", Role.TEACHER, List.of(Option.text("tag", "tags.option.tag", false)))))
                .inDirectMessages("");
    }

    @Bean
    CommandSpec unfollowCommand() {
        return new CommandSpec(UNFOLLOW, "tags.command.unfollow", List.of(
                new Subcommand("", "tags.unfollow.description", Role.TEACHER, List.of(Option.text("tag", "tags.option.tag", true)))))
                .inDirectMessages("");
    }
}
