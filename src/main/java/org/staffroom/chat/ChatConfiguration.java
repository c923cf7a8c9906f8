package org.staffroom.chat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.context.event.SimpleApplicationEventMulticaster;

/** Wiring for the chat port. */
@Configuration
class ChatConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ChatConfiguration.class);

    /**
     * Features handle chat events synchronously, each in its own transaction. One feature failing
     * on an event must not stop the others from handling it, so failures are logged, not rethrown.
     */
    /** Spring's own message source is the feature bundles, so web templates use the same texts. */
    @Bean
    MessageSource messageSource(Texts texts) {
        return texts.messageSource();
    }

    @Bean(name = "applicationEventMulticaster")
    ApplicationEventMulticaster applicationEventMulticaster() {
        SimpleApplicationEventMulticaster multicaster = new SimpleApplicationEventMulticaster();
        multicaster.setErrorHandler(e -> log.error("A feature failed while handling an event", e));
        return multicaster;
    }
}
