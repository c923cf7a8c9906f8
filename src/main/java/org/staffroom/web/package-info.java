/**
 * The web side of Staffroom: staff sign in with a one-time link the bot sends in chat, then see
 * dashboards of the workflows; the public wall and feeds need no sign-in. Pages are
 * server-rendered (Thymeleaf) with a JSON API behind each.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"chat", "config", "directory"})
package org.staffroom.web;
