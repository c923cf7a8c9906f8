package org.staffroom.chat;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.staffroom.outbox.OutboxTable;

/** The delivery table as an outbox: its dead letters are listed to admins with their idempotency keys. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeliverySettings.class)
class DeliveryOutbox {

    /** The delivery table predates the standard column names: {@code not_before} and {@code error}. */
    static final OutboxTable TABLE =
            new OutboxTable("delivery", "kind || ' ' || idempotency_key", "not_before", "error", 1000);

    @Bean
    OutboxTable deliveryOutboxTable() {
        return TABLE;
    }
}
