package org.staffroom.drafts;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.CommandSpec.Option;
import org.staffroom.chat.CommandSpec.Subcommand;
import org.staffroom.config.Role;

/**
 * {@code /draft} and the "Submit as post draft" message action. {@code /draft} on its own (or
 * {@code /draft new}, for Discord, where a command with subcommands cannot be run bare) opens the
 * form; any text typed after it prefills the post text.
 */
@Configuration
class DraftCommands {

    @Bean
    CommandSpec draftCommand() {
        Option id = Option.of("id", "drafts.option.id", Option.Type.NUMBER, true);
        return new CommandSpec("draft", "drafts.command", List.of(
                Subcommand.of("", "drafts.command.new", Role.TEACHER, Option.text("text", "drafts.option.text", false)),
                Subcommand.of("new", "drafts.command.new", Role.TEACHER, Option.text("text", "drafts.option.text", false)),
                Subcommand.of("list", "drafts.command.list", Role.TEACHER),
                Subcommand.of("edit", "drafts.command.edit", Role.TEACHER, id),
                Subcommand.of("withdraw", "drafts.command.withdraw", Role.TEACHER, id),
                Subcommand.of("audit", "drafts.command.audit", Role.APPROVER, id)))
                .inDirectMessages("", "new", "list", "edit", "withdraw");
    }

    @Bean
    CommandSpec.MessageAction submitAsDraftAction() {
        return new CommandSpec.MessageAction(DraftIntake.MESSAGE_ACTION, "drafts.action.submit");
    }
}
