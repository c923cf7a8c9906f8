package org.staffroom.approvals;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.staffroom.chat.CatalogEntries;
import org.staffroom.config.Role;
import org.staffroom.directory.Caller;

/**
 * The buttons on a review card and the reason form, with their handlers. Their least role is
 * TEACHER: a stage's approvers may be named people without the approver role, so who may decide
 * is the stage's rule ({@link Decisions}), checked at the moment of the press.
 */
@Configuration(proxyBeanMethods = false)
@Import(ApprovalInteractions.Entries.class)
class ApprovalInteractions {

    static final String APPROVE = "approvals.approve";
    static final String CHANGES = "approvals.changes";
    static final String REJECT = "approvals.reject";
    static final String REASON = "approvals.reason";

    /** Every button and form is the card's; Changes, Reject and Reason open a form of the same id. */
    static final class Entries extends CatalogEntries<Caller> {
        @Override
        protected void declare(Table<Caller> table) {
            table.handledBy(CardEvents.class)
                    .buttons(Role.TEACHER, CardEvents::button, APPROVE, CHANGES, REJECT, REASON)
                    .forms(Role.TEACHER, CardEvents::form, CHANGES, REJECT, REASON);
        }
    }
}
