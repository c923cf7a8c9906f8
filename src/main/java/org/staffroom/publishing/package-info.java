/**
 * Publishing approved posts to the schools' and the trust's own social media accounts, and taking
 * them down again. The workflow only: the schedule (the wanted date at the school's publishing
 * time), one row per post and network in the shared outbox ({@link org.staffroom.outbox}), status per network, reschedule and cancel, the
 * takedown when a post is pulled, and reminders for takedowns someone must do by hand. It never
 * talks to a network itself: adapters implement {@link org.staffroom.publishing.SocialNetwork},
 * the SPI defined here, and are found as Spring beans.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"chat", "config", "directory", "approvals", "drafts", "outbox"})
package org.staffroom.publishing;
