/**
 * Reads and validates bot-config (the trust, its schools and spaces, people and roles, the
 * question bank, PD chats, drafts policy, consent lists, calendar and approval routes) into
 * immutable records; reports every problem as {@code file:line:col: message}; reloads on edits.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package org.staffroom.config;
