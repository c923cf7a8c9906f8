package org.staffroom.chat;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring for the chat port. */
@Configuration
class ChatConfiguration {

    // The application event multicaster is Spring's default: a listener's failure reaches whoever
    // published the event. Inbound events and ticks go to each listener on its own (ChatListeners).

    /** Spring's own message source is the feature bundles, so web templates use the same texts. */
    @Bean
    MessageSource messageSource(Texts texts) {
        return texts.messageSource();
    }
}
