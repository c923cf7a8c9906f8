package org.staffroom.pdchat;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.staffroom.chat.CommandHandler;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.CommandSpec.Option;
import org.staffroom.chat.CommandSpec.Subcommand;
import org.staffroom.chat.Interaction;
import org.staffroom.config.Role;
import org.staffroom.directory.Caller;

/** Declares /pdchat and the "Hide from chat archive" message action. */
@Configuration
class PdChatCommands {

    static final String COMMAND = "pdchat";
    static final String HIDE_ACTION = "pdchat.hide";
    static final String SCHEDULE_FORM = "pdchat.schedule";

    @Bean
    CommandSpec pdchatCommand() {
        Option hashtag = Option.text("hashtag", "pdchat.option.hashtag", true);
        // archive takes a date after the tag: the tag is a typed option there, the date the rest of the line.
        Option archiveTag = Option.of("hashtag", "pdchat.option.hashtag", Option.Type.HASHTAG, true);
        return new CommandSpec(
                COMMAND,
                "pdchat.command",
                List.of(
                        Subcommand.of("list", "pdchat.list.description", Role.TEACHER),
                        Subcommand.of("schedule", "pdchat.schedule.description", Role.COORDINATOR),
                        // The host may be a teacher: the handlers check host or coordinator.
                        Subcommand.of("start", "pdchat.start.description", Role.TEACHER, hashtag),
                        Subcommand.of("stop", "pdchat.stop.description", Role.TEACHER, hashtag),
                        Subcommand.of(
                                "archive",
                                "pdchat.archive.description",
                                Role.TEACHER,
                                archiveTag,
                                Option.text("date", "pdchat.option.date", false))));
    }

    @Bean
    CommandSpec.MessageAction pdchatHideAction() {
        return new CommandSpec.MessageAction(HIDE_ACTION, "pdchat.hide.label");
    }

    @Bean
    Interaction pdchatScheduleForm() {
        return Interaction.form(SCHEDULE_FORM, Role.COORDINATOR);
    }

    @Bean
    CommandHandler<Caller> pdchatStart(StartStopChat chats) {
        return CommandHandler.of(COMMAND, "start", (e, caller) -> chats.run(e, caller, true));
    }

    @Bean
    CommandHandler<Caller> pdchatStop(StartStopChat chats) {
        return CommandHandler.of(COMMAND, "stop", (e, caller) -> chats.run(e, caller, false));
    }
}
