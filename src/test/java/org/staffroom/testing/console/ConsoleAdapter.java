package org.staffroom.testing.console;

import java.time.Clock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.staffroom.chat.CommandCatalog;
import org.staffroom.chat.InboundEvents;

/**
 * The console platform's beans, for tests that {@code @Import} it: a connector the chat module
 * finds among the others, and the console people type into. A test configuration, so that it joins
 * only the tests that ask for it (component scanning leaves it out).
 */
@TestConfiguration(proxyBeanMethods = false)
public class ConsoleAdapter {

    /** The console space's {@code server} in bot-config. */
    public static final String SERVER = "staff-console";

    @Bean
    ConsoleConnector consoleConnector(Clock clock) {
        return new ConsoleConnector(clock);
    }

    @Bean
    Console console(ConsoleConnector connector, InboundEvents inbound, CommandCatalog catalog, Clock clock) {
        return new Console(SERVER, connector, inbound, catalog, clock);
    }
}
