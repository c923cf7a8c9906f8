package org.staffroom.slack;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.MessageRef;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.FakeUser;

/**
 * The sample trust's Slack workspace as a {@link FakeSlack} (team T0NWTRUST1 with the people and
 * channels of bot-config), and a listener that records every chat event the core receives with
 * the caller {@link Directory} resolves for it.
 */
public final class SlackTrust {

    public static final String TEAM = "T0NWTRUST1";
    public static final String BEN = "U0BENHUG01"; // teacher, Oakfield
    public static final String AMARA = "U0AMARA001"; // approver@oakfield
    public static final String CHLOE = "U0CHLOE001"; // approver+coordinator@riverside
    public static final String NEW_SLT = "U0SLTNEW01"; // not in people.yml; in the oakfield-slt user group
    public static final String SLT_GROUP = "S0OAKSLT01";
    public static final String OAKFIELD_STAFFROOM = "C0OAKSTAFF1";
    public static final String OAKFIELD_REVIEW = "C0OAKREVW01";
    public static final String RIVERSIDE_STAFFROOM = "C0RIVSTAFF1";
    public static final Duration WAIT = Duration.ofSeconds(10);

    private SlackTrust() {}

    /**
     * Points the application's Slack adapter at {@code fake} in Socket Mode with its single-workspace
     * tokens (no OAuth) and the given first reconnect wait.
     */
    public static void socketMode(DynamicPropertyRegistry r, FakeSlack fake, String reconnectBackoff) {
        r.add("staffroom.slack.bot-token", fake::botToken);
        r.add("staffroom.slack.app-token", fake::appToken);
        r.add("staffroom.slack.api-url", fake::apiUrlPrefix);
        r.add("staffroom.slack.mode", () -> "socket");
        r.add("staffroom.slack.client-id", () -> "");
        r.add("staffroom.slack.client-secret", () -> "");
        r.add("staffroom.slack.reconnect-backoff", () -> reconnectBackoff);
    }

    /**
     * Points the application at {@code fake} in HTTP mode installed by OAuth: no bot token, the
     * client's id and secret, the signing secret, and the key that seals stored tokens.
     */
    public static void httpModeWithOAuth(
            DynamicPropertyRegistry r,
            FakeSlack fake,
            String signingSecret,
            String clientId,
            String clientSecret,
            String secretKey) {
        r.add("staffroom.slack.mode", () -> "http");
        r.add("staffroom.slack.signing-secret", () -> signingSecret);
        r.add("staffroom.slack.client-id", () -> clientId);
        r.add("staffroom.slack.client-secret", () -> clientSecret);
        r.add("staffroom.slack.bot-token", () -> "");
        r.add("staffroom.slack.app-token", () -> "");
        r.add("staffroom.slack.api-url", fake::apiUrlPrefix);
        r.add("staffroom.slack.authorize-url", () -> fake.baseUrl() + "/oauth/v2/authorize");
        r.add("staffroom.secret-key", () -> secretKey);
    }

    public static FakeSlack.Builder fake() {
        return FakeSlack.builder()
                .team(TEAM, "Northwold Learning Trust", "northwold")
                .user(FakeUser.of(BEN, "ben", "Ben Hughes"))
                .user(FakeUser.of(AMARA, "amara", "Amara Okafor"))
                .user(FakeUser.of(CHLOE, "chloe", "Chloe Patel"))
                .user(FakeUser.of(NEW_SLT, "sam", "Sam Newman"))
                .channel(OAKFIELD_STAFFROOM, "oakfield-staffroom")
                .channel(OAKFIELD_REVIEW, "oakfield-review")
                .channel(RIVERSIDE_STAFFROOM, "riverside-staffroom")
                .usergroup(SLT_GROUP, List.of(NEW_SLT));
    }

    /** A chat event as the core saw it, with who the directory says acted. */
    public record Seen(ChatEvent event, Caller caller) {
        public String person() {
            return caller.linkedPerson().map(p -> p.id()).orElse(null);
        }

        public String school() {
            return caller.schoolIfKnown().map(s -> s.id()).orElse(null);
        }
    }

    /** Records every chat event; a bean, so read it through methods (it may be proxied). */
    public static class Recorder {
        private final Directory directory;
        private final List<Seen> seen = new CopyOnWriteArrayList<>();

        public Recorder(Directory directory) {
            this.directory = directory;
        }

        @EventListener
        void on(ChatEvent event) {
            seen.add(new Seen(event, directory.caller(event.actor(), channelOf(event))));
        }

        public List<Seen> all() {
            return List.copyOf(seen);
        }

        public <T extends ChatEvent> List<T> events(Class<T> type, Predicate<T> match) {
            return seen.stream()
                    .map(Seen::event)
                    .filter(type::isInstance)
                    .map(type::cast)
                    .filter(match)
                    .toList();
        }

        /** Waits for the one event of {@code type} that matches, and returns it with its caller. */
        public <T extends ChatEvent> Seen await(Class<T> type, Predicate<T> match) {
            Awaitility.await().atMost(WAIT).until(() -> !events(type, match).isEmpty());
            T event = events(type, match).get(0);
            return seen.stream().filter(s -> s.event() == event).findFirst().orElseThrow();
        }

        static ChannelRef channelOf(ChatEvent e) {
            if (e instanceof ChatEvent.MessagePosted m) return m.message().channel();
            if (e instanceof ChatEvent.MessageEdited m) return m.message().channel();
            if (e instanceof ChatEvent.MessageDeleted m) return m.message().channel();
            if (e instanceof ChatEvent.ReactionAdded r) return r.message().channel();
            if (e instanceof ChatEvent.ReactionRemoved r) return r.message().channel();
            if (e instanceof ChatEvent.CommandInvoked c) return c.channel();
            if (e instanceof ChatEvent.ButtonPressed b)
                return b.message() == null ? null : b.message().channel();
            if (e instanceof ChatEvent.FormSubmitted f) return f.channel();
            if (e instanceof ChatEvent.MessageActionInvoked a) return a.target().channel();
            return null;
        }
    }

    /**
     * Everything logged while a test class runs, to show that no token, secret, file URL or
     * response URL ever reaches the logs (attach after the context started: Spring Boot resets
     * logging when it starts).
     */
    public static final class LogScan {
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        public synchronized void attach() {
            if (appender.isStarted()) return;
            appender.start();
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .addAppender(appender);
        }

        /** The log lines that contain any of {@code secrets}. */
        public List<String> leaks(String... secrets) {
            List<String> out = new ArrayList<>();
            for (ILoggingEvent e : List.copyOf(appender.list)) {
                StringBuilder line = new StringBuilder(e.getFormattedMessage());
                for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t.getMessage());
                }
                for (String secret : secrets) {
                    if (line.indexOf(secret) >= 0) out.add(line.toString());
                }
            }
            return out;
        }

        /** The formatted log lines that contain {@code text}, with their level first. */
        public List<String> containing(String text) {
            return List.copyOf(appender.list).stream()
                    .filter(e -> e.getFormattedMessage().contains(text))
                    .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                    .toList();
        }

        public int lines() {
            return appender.list.size();
        }

        /** Everything logged since {@link #attach()}, in order. */
        public List<ILoggingEvent> events() {
            return List.copyOf(appender.list);
        }
    }

    public static boolean at(MessageRef ref, String channel, String ts) {
        return ref != null && ref.channel().id().equals(channel) && ref.id().equals(ts);
    }
}
