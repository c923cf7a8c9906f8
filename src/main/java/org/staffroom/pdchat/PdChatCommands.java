package org.staffroom.pdchat;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.staffroom.chat.CatalogEntries;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.CommandSpec.Option;
import org.staffroom.chat.CommandSpec.Subcommand;
import org.staffroom.chat.Refusal;
import org.staffroom.config.Role;
import org.staffroom.directory.Caller;

/** Declares /pdchat, its schedule form and the "Hide from chat archive" message action, each with what does it. */
@Configuration(proxyBeanMethods = false)
@Import(PdChatCommands.Entries.class)
class PdChatCommands {

    static final String COMMAND = "pdchat";
    static final String HIDE_ACTION = "pdchat.hide";
    static final String SCHEDULE_FORM = "pdchat.schedule";

    static final class Entries extends CatalogEntries<Caller> {
        @Override
        protected void declare(Table<Caller> table) {
            table.command(pdchatCommand()).messageAction(HIDE_ACTION, "pdchat.hide.label");
            table.handledBy(ListChats.class).commands(COMMAND, ListChats::handle, "list");
            table.handledBy(ArchiveCommand.class).commands(COMMAND, ArchiveCommand::handle, "archive");
            table.handledBy(StartStopChat.class)
                    .commands(COMMAND, (chats, e, caller) -> chats.run(e, caller, true), "start")
                    .commands(COMMAND, (chats, e, caller) -> chats.run(e, caller, false), "stop");
            // Only coordinators schedule; they are told so in those words, whether they typed or submitted.
            table.handledBy(ScheduleChat.class)
                    .command(COMMAND, "schedule", ScheduleChat::open, (chats, e) -> notAllowed())
                    .form(SCHEDULE_FORM, Role.COORDINATOR, ScheduleChat::submitted, (chats, e) -> notAllowed());
        }

        private static Refusal notAllowed() {
            return new Refusal("pdchat.schedule.not-allowed");
        }
    }

    static CommandSpec pdchatCommand() {
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
}
