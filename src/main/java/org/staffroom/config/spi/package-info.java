/**
 * What an adapter tells the configuration about its platform, so that bot-config can name spaces on
 * any platform without the config module knowing them: the key a space's platform id goes under and
 * the syntax of its ids. Adapters register an implementation with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services} entry), because the configuration is read before, and also without,
 * any Spring context (tests and the config check load it statically).
 */
@org.springframework.modulith.NamedInterface("spi")
package org.staffroom.config.spi;
