package org.staffroom.drafts;

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

/**
 * {@code /draft} and the "Submit as post draft" message action. {@code /draft} on its own (or
 * {@code /draft new}, for Discord, where a command with subcommands cannot be run bare) opens the
 * form; any text typed after it prefills the post text.
 */
@Configuration(proxyBeanMethods = false)
@Import(DraftCommands.Entries.class)
class DraftCommands {

    static final String COMMAND = "draft";
    static final String INTAKE_START = "drafts.intake.start";
    static final String INTAKE_DISMISS = "drafts.intake.dismiss";
    static final String EDIT_BUTTON = "drafts.edit";
    static final String DATE_BUTTON = "drafts.date";
    static final String PUBLISHED_BUTTON = "drafts.published";
    static final String ALT_BUTTON = "drafts.alt";

    /** One row for each subcommand, button and form; the dispatcher checks the role first. */
    static final class Entries extends CatalogEntries<Caller> {
        @Override
        protected void declare(Table<Caller> table) {
            table.command(draftCommand()).messageAction(DraftIntake.MESSAGE_ACTION, "drafts.action.submit");
            table.handledBy(DraftIntake.class)
                    .commands(COMMAND, DraftIntake::command, "", "new")
                    .buttons(Role.TEACHER, DraftIntake::button, INTAKE_START, INTAKE_DISMISS)
                    .forms(Role.TEACHER, DraftIntake::form, DraftForms.NEW);
            table.handledBy(DraftCommandHandler.class)
                    .commands(COMMAND, DraftCommandHandler::run, "list", "edit", "withdraw")
                    .command(
                            COMMAND,
                            "audit",
                            DraftCommandHandler::run,
                            (drafts, e) -> new Refusal(
                                    "drafts.error.not-allowed-audit",
                                    e.option("id") == null
                                            ? ""
                                            : e.option("id").strip().replaceFirst("^#", "")));
            table.handledBy(DraftEdits.class)
                    .buttons(Role.TEACHER, DraftEdits::button, EDIT_BUTTON, DATE_BUTTON, ALT_BUTTON, PUBLISHED_BUTTON)
                    .forms(
                            Role.TEACHER,
                            DraftEdits::form,
                            DraftForms.EDIT,
                            DraftForms.DATE,
                            DraftForms.ALT,
                            DraftForms.PUBLISHED);
        }

        private static CommandSpec draftCommand() {
            Option id = Option.of("id", "drafts.option.id", Option.Type.NUMBER, true);
            Option text = Option.text("text", "drafts.option.text", false);
            return new CommandSpec(
                            COMMAND,
                            "drafts.command",
                            List.of(
                                    Subcommand.of("", "drafts.command.new", Role.TEACHER, text),
                                    Subcommand.of("new", "drafts.command.new", Role.TEACHER, text),
                                    Subcommand.of("list", "drafts.command.list", Role.TEACHER),
                                    Subcommand.of("edit", "drafts.command.edit", Role.TEACHER, id),
                                    Subcommand.of("withdraw", "drafts.command.withdraw", Role.TEACHER, id),
                                    Subcommand.of("audit", "drafts.command.audit", Role.APPROVER, id)))
                    .inDirectMessages("", "new", "list", "edit", "withdraw");
        }
    }
}
