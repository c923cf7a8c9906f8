/**
 * The service-provider side of the chat port: what each adapter (Slack, Discord, sandbox)
 * implements so the core can deliver posts, plus the pacing and failure vocabulary they share.
 * Workflows never use this package.
 */
@org.springframework.modulith.NamedInterface("spi")
package org.staffroom.chat.spi;
