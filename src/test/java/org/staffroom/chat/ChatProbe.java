package org.staffroom.chat;

import org.springframework.context.ApplicationContext;

/** What the reliability suite may see of the port's package-private delivery sender. */
public final class ChatProbe {

    private ChatProbe() {}

    /** The name this instance's delivery sender claims rows under (delivery.claimed_by). */
    public static String senderId(ApplicationContext app) {
        return app.getBean(DeliverySender.class).instanceId();
    }
}
