package org.staffroom.approvals;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.staffroom.chat.ButtonHandler;
import org.staffroom.chat.FormHandler;
import org.staffroom.chat.Interaction;
import org.staffroom.config.Role;
import org.staffroom.directory.Caller;

/**
 * The buttons on a review card and the reason form, with their handlers. Their least role is
 * TEACHER: a stage's approvers may be named people without the approver role, so who may decide
 * is the stage's rule ({@link Decisions}), checked at the moment of the press.
 */
@Configuration
class ApprovalInteractions {

    static final String APPROVE = "approvals.approve";
    static final String CHANGES = "approvals.changes";
    static final String REJECT = "approvals.reject";
    static final String REASON = "approvals.reason";

    @Bean
    Interaction approvalsApproveButton() {
        return Interaction.button(APPROVE, Role.TEACHER);
    }

    @Bean
    Interaction approvalsChangesButton() {
        return Interaction.button(CHANGES, Role.TEACHER);
    }

    @Bean
    Interaction approvalsRejectButton() {
        return Interaction.button(REJECT, Role.TEACHER);
    }

    @Bean
    Interaction approvalsReasonButton() {
        return Interaction.button(REASON, Role.TEACHER);
    }

    @Bean
    Interaction approvalsChangesForm() {
        return Interaction.form(CHANGES, Role.TEACHER);
    }

    @Bean
    Interaction approvalsRejectForm() {
        return Interaction.form(REJECT, Role.TEACHER);
    }

    @Bean
    Interaction approvalsReasonForm() {
        return Interaction.form(REASON, Role.TEACHER);
    }

    @Bean
    ButtonHandler<Caller> approvalsApprove(CardEvents cards) {
        return ButtonHandler.of(APPROVE, cards::button);
    }

    @Bean
    ButtonHandler<Caller> approvalsChanges(CardEvents cards) {
        return ButtonHandler.of(CHANGES, cards::button);
    }

    @Bean
    ButtonHandler<Caller> approvalsReject(CardEvents cards) {
        return ButtonHandler.of(REJECT, cards::button);
    }

    @Bean
    ButtonHandler<Caller> approvalsReason(CardEvents cards) {
        return ButtonHandler.of(REASON, cards::button);
    }

    @Bean
    FormHandler<Caller> approvalsChangesReason(CardEvents cards) {
        return FormHandler.of(CHANGES, cards::form);
    }

    @Bean
    FormHandler<Caller> approvalsRejectReason(CardEvents cards) {
        return FormHandler.of(REJECT, cards::form);
    }

    @Bean
    FormHandler<Caller> approvalsAddReason(CardEvents cards) {
        return FormHandler.of(REASON, cards::form);
    }
}
