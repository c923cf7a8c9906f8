package org.staffroom.drafts;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.staffroom.chat.ButtonHandler;
import org.staffroom.chat.CommandHandler;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.CommandSpec.Option;
import org.staffroom.chat.CommandSpec.Subcommand;
import org.staffroom.chat.FormHandler;
import org.staffroom.chat.Interaction;
import org.staffroom.chat.Refusal;
import org.staffroom.config.Role;
import org.staffroom.directory.Caller;

/**
 * {@code /draft} and the "Submit as post draft" message action. {@code /draft} on its own (or
 * {@code /draft new}, for Discord, where a command with subcommands cannot be run bare) opens the
 * form; any text typed after it prefills the post text.
 */
@Configuration
class DraftCommands {

    static final String COMMAND = "draft";
    static final String INTAKE_START = "drafts.intake.start";
    static final String INTAKE_DISMISS = "drafts.intake.dismiss";
    static final String EDIT_BUTTON = "drafts.edit";
    static final String DATE_BUTTON = "drafts.date";
    static final String PUBLISHED_BUTTON = "drafts.published";

    @Bean
    CommandSpec draftCommand() {
        Option id = Option.of("id", "drafts.option.id", Option.Type.NUMBER, true);
        return new CommandSpec(
                        COMMAND,
                        "drafts.command",
                        List.of(
                                Subcommand.of(
                                        "",
                                        "drafts.command.new",
                                        Role.TEACHER,
                                        Option.text("text", "drafts.option.text", false)),
                                Subcommand.of(
                                        "new",
                                        "drafts.command.new",
                                        Role.TEACHER,
                                        Option.text("text", "drafts.option.text", false)),
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

    // One handler for each subcommand, button and form; the dispatcher checks the role first.

    @Bean
    CommandHandler<Caller> draftNewBareCommand(DraftIntake intake) {
        return CommandHandler.of(COMMAND, "", intake::command);
    }

    @Bean
    CommandHandler<Caller> draftNewCommand(DraftIntake intake) {
        return CommandHandler.of(COMMAND, "new", intake::command);
    }

    @Bean
    CommandHandler<Caller> draftListCommand(DraftCommandHandler drafts) {
        return CommandHandler.of(COMMAND, "list", drafts::run);
    }

    @Bean
    CommandHandler<Caller> draftEditCommand(DraftCommandHandler drafts) {
        return CommandHandler.of(COMMAND, "edit", drafts::run);
    }

    @Bean
    CommandHandler<Caller> draftWithdrawCommand(DraftCommandHandler drafts) {
        return CommandHandler.of(COMMAND, "withdraw", drafts::run);
    }

    @Bean
    CommandHandler<Caller> draftAuditCommand(DraftCommandHandler drafts) {
        return CommandHandler.of(
                COMMAND,
                "audit",
                drafts::run,
                e -> new Refusal(
                        "drafts.error.not-allowed-audit",
                        e.option("id") == null ? "" : e.option("id").strip().replaceFirst("^#", "")));
    }

    @Bean
    Interaction draftIntakeStartButton() {
        return Interaction.button(INTAKE_START, Role.TEACHER);
    }

    @Bean
    ButtonHandler<Caller> draftIntakeStartButtonHandler(DraftIntake intake) {
        return ButtonHandler.of(INTAKE_START, intake::button);
    }

    @Bean
    Interaction draftIntakeDismissButton() {
        return Interaction.button(INTAKE_DISMISS, Role.TEACHER);
    }

    @Bean
    ButtonHandler<Caller> draftIntakeDismissButtonHandler(DraftIntake intake) {
        return ButtonHandler.of(INTAKE_DISMISS, intake::button);
    }

    @Bean
    Interaction draftEditButtonButton() {
        return Interaction.button(EDIT_BUTTON, Role.TEACHER);
    }

    @Bean
    ButtonHandler<Caller> draftEditButtonButtonHandler(DraftEdits edits) {
        return ButtonHandler.of(EDIT_BUTTON, edits::button);
    }

    @Bean
    Interaction draftDateButtonButton() {
        return Interaction.button(DATE_BUTTON, Role.TEACHER);
    }

    @Bean
    ButtonHandler<Caller> draftDateButtonButtonHandler(DraftEdits edits) {
        return ButtonHandler.of(DATE_BUTTON, edits::button);
    }

    @Bean
    Interaction draftPublishedButtonButton() {
        return Interaction.button(PUBLISHED_BUTTON, Role.TEACHER);
    }

    @Bean
    ButtonHandler<Caller> draftPublishedButtonButtonHandler(DraftEdits edits) {
        return ButtonHandler.of(PUBLISHED_BUTTON, edits::button);
    }

    @Bean
    Interaction draftNewForm() {
        return Interaction.form(DraftForms.NEW, Role.TEACHER);
    }

    @Bean
    FormHandler<Caller> draftNewFormHandler(DraftIntake intake) {
        return FormHandler.of(DraftForms.NEW, intake::form);
    }

    @Bean
    Interaction draftEditForm() {
        return Interaction.form(DraftForms.EDIT, Role.TEACHER);
    }

    @Bean
    FormHandler<Caller> draftEditFormHandler(DraftEdits edits) {
        return FormHandler.of(DraftForms.EDIT, edits::form);
    }

    @Bean
    Interaction draftDateForm() {
        return Interaction.form(DraftForms.DATE, Role.TEACHER);
    }

    @Bean
    FormHandler<Caller> draftDateFormHandler(DraftEdits edits) {
        return FormHandler.of(DraftForms.DATE, edits::form);
    }

    @Bean
    Interaction draftPublishedForm() {
        return Interaction.form(DraftForms.PUBLISHED, Role.TEACHER);
    }

    @Bean
    FormHandler<Caller> draftPublishedFormHandler(DraftEdits edits) {
        return FormHandler.of(DraftForms.PUBLISHED, edits::form);
    }
}
