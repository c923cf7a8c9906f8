package org.staffroom.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.StaffroomApplication;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Connectors;
import org.staffroom.chat.Ticker;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.config.Platform;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.slack.FakeSlack;

/**
 * The whole Staffroom application started in this JVM, as {@code StaffroomApplication} starts it
 * (system clock, ticker, relay timer, H2 file database), pointed at loopback fakes through its
 * ordinary {@code staffroom.slack.*} / {@code staffroom.discord.*} properties. Classes from the test
 * sources are kept out of its component scan (outside {@code @SpringBootTest} nothing else would).
 */
final class InProcessStaffroom implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private InProcessStaffroom(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Properties every benchmark run shares: quiet logs, a file database in {@code work}, no scheduled tick. */
    static Map<String, Object> baseProperties(Path work, Path config) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", h2Url(work.resolve("db").resolve("staffroom")));
        p.put("staffroom.config-dir", config.toAbsolutePath().toString());
        p.put("staffroom.config-check-interval", "0s");
        // The benchmark calls Ticker.tickNow() itself; the relay's one-second flush timer stays on.
        p.put("staffroom.ticker.interval", "24h");
        p.put("staffroom.ticker.initial-delay", "24h");
        p.put("server.port", "0");
        p.put("spring.main.banner-mode", "off");
        p.put("logging.level.root", "WARN");
        p.put("logging.level.org.staffroom", "WARN");
        p.put("logging.level.com.slack.api", "WARN");
        p.put("logging.level.net.dv8tion", "WARN");
        p.put("logging.level.org.java_websocket", "WARN");
        p.put("logging.level.com.zaxxer", "WARN");
        p.put("logging.level.org.flywaydb", "ERROR");
        p.put("logging.level.org.springframework.boot.security", "ERROR");
        return p;
    }

    /** An H2 file database at {@code file} with the options of the default one in application.properties. */
    static String h2Url(Path file) {
        return "jdbc:h2:file:" + file.toAbsolutePath() + productionH2Options();
    }

    /** What follows the path in application.properties' {@code spring.datasource.url}, e.g. {@code ;DB_CLOSE_ON_EXIT=FALSE}. */
    static String productionH2Options() {
        Properties defaults = new Properties();
        try (InputStream in = StaffroomApplication.class.getResourceAsStream("/application.properties")) {
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = defaults.getProperty("spring.datasource.url");
        int options = url.indexOf(';');
        return options < 0 ? "" : url.substring(options);
    }

    static void slack(Map<String, Object> p, FakeSlack slack) {
        p.put("staffroom.slack.bot-token", slack.botToken());
        p.put("staffroom.slack.app-token", slack.appToken());
        p.put("staffroom.slack.api-url", slack.apiUrlPrefix());
        p.put("staffroom.slack.mode", "socket");
        p.put("staffroom.slack.client-id", "");
        p.put("staffroom.slack.client-secret", "");
    }

    static void discord(Map<String, Object> p, FakeDiscord discord) {
        p.put("staffroom.discord.bot-token", discord.token());
        p.put("staffroom.discord.api-url", discord.restBaseUrl());
        p.put("staffroom.discord.compression", "none");
        p.put("staffroom.discord.identify-delay", "0s");
    }

    /** Staffroom on the base properties, connected to both fakes, once both platforms report it up. */
    static InProcessStaffroom startOnBoth(Path work, Path config, FakeSlack slack, FakeDiscord discord) {
        Map<String, Object> p = baseProperties(work, config);
        slack(p, slack);
        discord(p, discord);
        InProcessStaffroom app = start(p);
        try {
            app.awaitUp(Duration.ofSeconds(60), Platform.SLACK, Platform.DISCORD);
            return app;
        } catch (RuntimeException | Error e) {
            app.close();
            throw e;
        }
    }

    static InProcessStaffroom start(Map<String, Object> properties) {
        // As command-line arguments: they take precedence over application.properties, as for a real deployment.
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(StaffroomApplication.class)
                .initializers(c ->
                        c.getBeanFactory().registerSingleton("benchTestClassesExcluded", new TestClassesExcluded()))
                .run(args);
        return new InProcessStaffroom(ctx);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Publishes an event in Staffroom's context, as one of its workflows would. */
    void publishEvent(Object event) {
        context.publishEvent(event);
    }

    JdbcClient jdbc() {
        return bean(JdbcClient.class);
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Waits until the adapters of {@code platforms} report UP (connected to the fakes). */
    void awaitUp(Duration timeout, Platform... platforms) {
        Connectors connectors = bean(Connectors.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Platform p : platforms) {
            while (true) {
                ConnectorStatus s = connectors.statuses().get(p);
                if (s != null && s.state() == ConnectorStatus.State.UP) break;
                if (System.nanoTime() > deadline) throw new IllegalStateException(p + " did not connect: " + s);
                Bench.sleep(50);
            }
        }
    }

    /** Runs the schedules now (starts the benchmark chat) and waits for the posts they made. */
    void tickAndSettle(Duration timeout) {
        bean(Ticker.class).tickNow();
        if (!bean(Chat.class).awaitDelivered(timeout))
            throw new IllegalStateException("posts not delivered within " + timeout);
    }

    /** Inbound events handled by every feature ({@code inbound_event} rows marked DONE). */
    long handled() {
        return jdbc().sql("select count(*) from inbound_event where state = 'DONE'")
                .query(Long.class)
                .single();
    }

    long recorded() {
        return jdbc().sql("select count(*) from inbound_event")
                .query(Long.class)
                .single();
    }

    long captured() {
        return jdbc().sql("select count(*) from pdchat_message")
                .query(Long.class)
                .single();
    }

    @Override
    public void close() {
        context.close();
    }

    /** Keeps test-source classes (fixtures, @TestConfiguration, the benchmark itself) out of the scan. */
    static final class TestClassesExcluded extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
            return reader.getResource().getURL().toString().contains("/test-classes/");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TestClassesExcluded;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }
}
