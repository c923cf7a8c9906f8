/**
 * Approval routing, for anything that needs sign-off before it goes public: a subject (a draft)
 * is opened as a review, routed by school and target through the stages in approvals.yml,
 * shown to each stage's approvers as a review card in their channel or DMs, and decided by ✅ ❌ ✏️
 * reactions or the card's buttons. Who may decide is checked against the config in force at the
 * moment of the decision; concurrent decisions resolve to exactly one by a conditional update.
 * Reminders and escalation run on the clock's tick. Every step goes into an audit log. The
 * module knows nothing of drafts: subjects render their card body through {@link
 * org.staffroom.approvals.ReviewContent}, take the outcome by a direct call in the deciding transaction
 * ({@link org.staffroom.approvals.ReviewOutcomes}), and may hear it as {@link org.staffroom.approvals.ReviewDecided}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"chat", "config", "directory"})
package org.staffroom.approvals;
