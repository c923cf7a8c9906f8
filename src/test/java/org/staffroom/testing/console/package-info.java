/**
 * A third platform, in the test sources only, to prove the platform seam is open: a line-based
 * console with threads, buttons and direct messages but no reactions, no forms and no private
 * answers, so the chat module's fallbacks carry the workflows. It uses only the chat port
 * ({@code chat}, {@code chat.spi}) and the configuration's SPI ({@code config.spi}, the platform
 * name): nothing outside this package was edited to add it (ModuleBoundariesTest checks the
 * dependencies). Its rules for bot-config are registered in
 * {@code src/test/resources/META-INF/services}; its beans come from {@link ConsoleAdapter}.
 */
package org.staffroom.testing.console;
