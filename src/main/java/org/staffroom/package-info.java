/**
 * Staffroom: one Spring Boot service that runs a trust's staff community in Slack and Discord at
 * once. Each feature is a package of its own (qotd, drafts, approvals, pdchat, web…) over the
 * platform-neutral chat port; the slack and discord packages are the thin adapters.
 */
package org.staffroom;
