package org.staffroom.slack;

import java.time.Clock;
import java.time.Duration;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.chat.spi.OutboundPost;

/**
 * What the reliability suite ({@code org.staffroom.reliability}) may see of the Slack adapter's
 * insides, which are package-private: the Socket Mode connection, its backoff, and a send that
 * bypasses the delivery table (to leave a post on Slack whose record was "lost").
 */
public final class SlackProbe {

    private SlackProbe() {}

    /** New sockets announced as reconnects since start. */
    public static int reconnects(ApplicationContext app) {
        return app.getBean(SlackSocketMode.class).reconnects();
    }

    public static ConnectorStatus socketStatus(ApplicationContext app) {
        return app.getBean(SlackSocketMode.class).status();
    }

    /** Posts straight through the connector, with {@code post.marker()} in the message metadata. */
    public static MessageRef send(ApplicationContext app, OutboundPost post) throws DeliveryException {
        return app.getBean(SlackConnector.class).send(post);
    }

    /** The wait before connect attempt {@code attempt} with the given settings (jitter included). */
    public static Duration backoff(Duration first, Duration longest, int attempt) {
        SlackProperties p = properties(first, longest);
        return new SlackSocketMode(null, p, Clock.systemUTC(), e -> {}, new StandardEnvironment()).backoff(attempt);
    }

    /**
     * A second Socket Mode connection of the same Bolt app with its own backoff settings, started
     * now: to watch how it retries while Slack refuses {@code apps.connections.open}.
     */
    public static AutoCloseable startSocketMode(ApplicationContext app, Duration first, Duration longest) {
        SlackProperties base = app.getBean(SlackProperties.class);
        SlackProperties p = new SlackProperties(
                base.botToken(),
                base.appToken(),
                base.signingSecret(),
                base.mode(),
                base.clientId(),
                base.clientSecret(),
                base.apiUrl(),
                base.authorizeUrl(),
                base.socketConcurrency(),
                base.ackWait(),
                Duration.ofHours(1),
                Duration.ofHours(1),
                first,
                longest,
                base.userCacheTtl(),
                base.groupCacheTtl());
        SlackSocketMode socket =
                new SlackSocketMode(app.getBean(SlackBolt.class), p, Clock.systemUTC(), app, app.getEnvironment());
        socket.start();
        return socket::stop;
    }

    private static SlackProperties properties(Duration first, Duration longest) {
        return new SlackProperties(
                null,
                null,
                null,
                SlackProperties.Mode.SOCKET,
                null,
                null,
                null,
                null,
                8,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                first,
                longest,
                Duration.ofHours(1),
                Duration.ofSeconds(60));
    }
}
