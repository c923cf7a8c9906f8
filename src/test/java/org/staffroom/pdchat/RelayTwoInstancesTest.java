package org.staffroom.pdchat;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.chat.Actor;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.Ticker;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Platform;
import org.staffroom.slack.SlackTrust;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.Postgres;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.StoredMessage;

/**
 * Copies exactly once with two instances on PostgreSQL. Two Staffroom instances (two Spring contexts)
 * share one embedded PostgreSQL database and send to one {@link FakeSlack} through the real Bolt
 * client. A live PD chat runs across {@link #SCHOOLS} Slack schools; the participants' messages are
 * handed to the two instances in turn, so both capture, both flush the same channels' rolling messages
 * and both senders edit them. When everything has drained, the final state of each PD channel on the
 * fake must show every message of the other schools exactly once and none of its own.
 */
class RelayTwoInstancesTest {

    static final String TEAM = SlackTrust.TEAM;
    static final int MESSAGES = 200;
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Pattern TOKEN = Pattern.compile("rr(\\d{4})x");

    static EmbeddedPostgres postgres;
    static RelayTrust trust;
    static List<String> SCHOOLS;
    static Map<String, String> PD;
    static FakeSlack slack;
    static final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        postgres = Postgres.startUntilExit(EmbeddedPostgres.builder().setServerConfig("max_connections", "100"));
        String url = Postgres.newDatabase(postgres, "staffroom_relay");
        trust = new RelayTrust(6);
        SCHOOLS = trust.schools();
        PD = trust.pd;
        slack = trust.slack();
        for (int n = 1; n <= 2; n++) // one after the other: the first migrates
        apps.add(trust.instance(
                "staffroom-relay-" + n,
                slack,
                "--spring.profiles.active=postgres",
                "--STAFFROOM_DB_URL=" + url,
                "--STAFFROOM_DB_USER=postgres",
                "--STAFFROOM_DB_PASSWORD=postgres",
                "--STAFFROOM_DB_POOL=6"));
    }

    @AfterAll
    static void stop() throws IOException {
        for (ConfigurableApplicationContext app : apps) app.close();
        if (slack != null) slack.close();
        if (trust != null) trust.delete();
    }

    @Test
    void twoInstancesEditingTheSameRollingMessagesLoseAndDoubleNoCopy() throws Exception {
        Instant opening = RelayTrust.START.atZone(LONDON).toInstant();
        setClocks(opening);
        apps.get(0).getBean(Ticker.class).tickNow(); // the chat opens: intro and Q1 in every PD channel
        assertThat(apps.get(0).getBean(Chat.class).awaitDelivered(Duration.ofSeconds(30)))
                .isTrue();

        // Business time follows real time from here, as in production, so the relay's buckets refill.
        Instant chatFrom = opening.plusSeconds(60);
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> handled = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            long due = t0 + i * 50_000_000L; // 20 messages a second
            while (System.nanoTime() < due) Thread.sleep(1);
            Instant now = chatFrom.plusNanos(System.nanoTime() - t0);
            setClocks(now);
            String school = SCHOOLS.get(i % SCHOOLS.size());
            ConfigurableApplicationContext app = apps.get(i % apps.size());
            handled.add(app.getBean(InboundEvents.class)
                    .accept(posted(i, school, now))
                    .processed());
            if (i % 5 == 0) flushBoth(now);
            // Now and then Slack answers an edit 429 with Retry-After 2 s: the sender that got it waits
            // (inline) before sending that edit again, as the other instance's sender carries on.
            if (i % 4 == 2) slack.rateLimitNext("chat.update", 1, 2);
        }
        CompletableFuture.allOf(handled.toArray(CompletableFuture[]::new))
                .get(60, java.util.concurrent.TimeUnit.SECONDS);

        // The flush timer's work, on both instances, until nothing waits and both senders are idle.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (int round = 0; System.nanoTime() < deadline; round++) {
            if (round < 24 && round % 2 == 0) slack.rateLimitNext("chat.update", 1, 2);
            Instant now = chatFrom.plusNanos(System.nanoTime() - t0);
            setClocks(now);
            flushBoth(now);
            if (relayQuiet()
                    && apps.stream().allMatch(a -> a.getBean(Chat.class).awaitDelivered(Duration.ZERO))) break;
            Thread.sleep(250);
        }
        assertThat(relayQuiet()).as("the relay drained").isTrue();
        for (ConfigurableApplicationContext app : apps)
            assertThat(app.getBean(Chat.class).awaitDelivered(Duration.ofSeconds(30)))
                    .isTrue();

        Map<String, String> problems = new TreeMap<>();
        int copies = 0;
        for (String school : SCHOOLS) {
            int[] seen = new int[MESSAGES];
            for (StoredMessage m : slack.messages(PD.get(school))) {
                Matcher t = TOKEN.matcher(m.text() == null ? "" : m.text());
                while (t.find()) seen[Integer.parseInt(t.group(1))]++;
            }
            List<Integer> missing = new ArrayList<>();
            List<Integer> doubled = new ArrayList<>();
            List<Integer> echoed = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                boolean own = SCHOOLS.get(i % SCHOOLS.size()).equals(school);
                if (own && seen[i] > 0) echoed.add(i);
                if (!own && seen[i] == 0) missing.add(i);
                if (!own && seen[i] > 1) doubled.add(i);
                if (!own) copies += Math.min(seen[i], 1);
            }
            if (!missing.isEmpty() || !doubled.isEmpty() || !echoed.isEmpty())
                problems.put(school, "missing " + missing + ", doubled " + doubled + ", echoed " + echoed);
        }
        long edits = slack.calls("chat.update").stream().filter(c -> c.ok()).count();
        System.out.printf(
                "Two instances on PostgreSQL: %d messages, %d of %d copies in the final state, %d chat.update calls%n",
                MESSAGES, copies, MESSAGES * (SCHOOLS.size() - 1), edits);
        assertThat(edits).as("rolling messages were edited").isPositive();
        assertThat(problems).as("copies per PD channel").isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    static ChatEvent.MessagePosted posted(int i, String school, Instant at) {
        String user = String.format("U0RR%02d%04d", SCHOOLS.indexOf(school), i % 3);
        Actor actor = Actor.of(new UserRef(Platform.SLACK, TEAM, user), "Teacher " + user.substring(4));
        MessageRef message = new MessageRef(
                new ChannelRef(Platform.SLACK, TEAM, PD.get(school)), String.format("1765706400.%06d", i), null);
        String text = String.format("A1 rr%04dx from %s #RaceChat", i, school);
        return new ChatEvent.MessagePosted("EvRR" + i, at, actor, message, text, List.of(), false);
    }

    static void flushBoth(Instant now) {
        List<CompletableFuture<Void>> flushes = new ArrayList<>();
        for (ConfigurableApplicationContext app : apps)
            flushes.add(
                    CompletableFuture.runAsync(() -> app.getBean(Relay.class).flushDue(now)));
        flushes.forEach(CompletableFuture::join);
    }

    static boolean relayQuiet() {
        JdbcClient jdbc = apps.get(0).getBean(JdbcClient.class);
        long waiting = jdbc.sql("select count(*) from pdchat_relay_item where state = 'PENDING'")
                .query(Long.class)
                .single();
        long dirty = jdbc.sql("select count(*) from pdchat_relay_post where dirty = true and deleted = false")
                .query(Long.class)
                .single();
        return waiting == 0 && dirty == 0;
    }

    static void setClocks(Instant at) {
        for (ConfigurableApplicationContext app : apps)
            app.getBean(MutableClock.class).set(at);
    }
}
