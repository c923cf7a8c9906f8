/**
 * The web side of Staffroom: staff sign in with a one-time link the bot sends in chat, then see
 * dashboards of the workflows by role (today's question across schools, the question bank for
 * coordinators, PD chats and archives, their own drafts, the approvers' queue, the configuration
 * and display links for admins); the public wall of approved posts, its JSON and RSS feeds, the
 * embeddable wall, screen display links and the chats' iCal feed need no sign-in. Pages are
 * server-rendered (Thymeleaf) with a JSON API behind each; every change goes through the
 * workflows' own services, so it is checked and audited exactly as in chat.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {
            "chat",
            "config",
            "directory",
            "qotd",
            "drafts",
            "approvals",
            "pdchat",
            "outbox",
            "publishing"
        })
package org.staffroom.web;
