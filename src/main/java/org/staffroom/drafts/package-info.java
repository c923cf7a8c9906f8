/**
 * Drafts of posts for the schools' public social media, handed in from chat ({@code /draft}, the
 * "Submit as post draft" message action, or a DM to the bot with photos). Photos lose all
 * metadata on intake and live on disk, served at {@code /files/<id>}. Every submission and
 * revision is checked against policy.yml and consent.yml (pupils without media consent, contact
 * details, photos without consent, blocked words, network limits); a blocking finding keeps the
 * draft from approvers. Clean drafts go through approvals; approved posts reach the author as a
 * final copy, the optional signed webhook, and the public query the wall and feeds use. Consent
 * withdrawn in consent.yml pulls a post at once. Drafts expire at their wanted date and are
 * purged after the retention periods, with the audit log kept.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"chat", "config", "directory", "approvals", "outbox"})
package org.staffroom.drafts;
