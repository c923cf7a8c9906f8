/**
 * The Slack adapter: Bolt for Java in Socket Mode (default) or HTTP mode, one workspace by bot
 * token or several by OAuth install. Slack's events, commands and interactions become chat
 * events handed to {@link org.staffroom.chat.InboundEvents} (acknowledged within Slack's three
 * seconds, retries recognised), and the core's messages, forms and reactions are rendered as
 * Block Kit with user text escaped so it can never ping a channel or smuggle a link. Also serves
 * the app manifest generated from the command catalog. Only the trust's own workspaces (Slack
 * spaces in schools.yml) are served or may install the app by OAuth; the bot tokens OAuth installs
 * store are encrypted. Nothing here is registered unless Slack tokens are configured; the sandbox
 * stands in otherwise.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"chat", "chat :: spi", "config", "config :: spi", "directory"})
package org.staffroom.slack;
