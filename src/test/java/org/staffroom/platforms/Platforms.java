package org.staffroom.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Connectors;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.config.ChannelPurpose;
import org.staffroom.config.ConfigLoader;
import org.staffroom.config.GroupRoles;
import org.staffroom.config.Person;
import org.staffroom.config.Platform;
import org.staffroom.config.School;
import org.staffroom.config.Space;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.testing.TestClockConfiguration;
import org.staffroom.testing.discord.Dispatch;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.slack.Envelope;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.FakeUser;
import org.staffroom.testing.slack.StoredView;

/**
 * The sample trust of {@code bot-config/} on both loopback platforms at once: its Slack workspace
 * (Oakfield and Riverside, the trust review channel, every person with a Slack account, the
 * "oakfield-slt" user group) as a {@link FakeSlack}, and its two Discord guilds (Hillcrest and
 * Sevilla, their channels, the "Senior Leadership" role, every person with a Discord account) as
 * a {@link FakeDiscord}. Both fakes read the time from {@link #CLOCK}, which follows the
 * application's test clock once linked, so Slack message timestamps and Discord snowflakes say
 * the same time as the bot's clock (PD chats capture messages by the time they were written).
 */
public final class Platforms {

    static final StaffroomConfig CONFIG = ConfigLoader.load(Path.of("bot-config"), "bot-config");

    /** The platforms' time: the test clock's start until {@link FollowingClock#follow} links it to the bean. */
    public static final FollowingClock CLOCK =
            new FollowingClock(Clock.fixed(TestClockConfiguration.START, ZoneOffset.UTC));

    // Slack (team T0NWTRUST1)
    static final String TEAM = "T0NWTRUST1";
    public static final String AMARA = "U0AMARA001"; // approver@oakfield
    public static final String BEN = "U0BENHUG01"; // teacher, Oakfield
    static final String DAN = "U0DANWHI01"; // teacher, Riverside
    static final String FARID = "U0FARIDR01"; // trust-wide coordinator
    public static final String OAKFIELD_STAFFROOM = "C0OAKSTAFF1";
    static final String OAKFIELD_QOTD = "C0OAKQOTD01";
    static final String OAKFIELD_PD = "C0OAKPD0001";
    public static final String OAKFIELD_REVIEW = "C0OAKREVW01";
    static final String RIVERSIDE_STAFFROOM = "C0RIVSTAFF1";
    static final String RIVERSIDE_QOTD = "C0RIVQOTD01";
    static final String RIVERSIDE_PD = "C0RIVPD0001";
    static final String TRUST_REVIEW = "C0NWTREVW1";

    // Discord
    static final long HILLCREST = 1180000000000000001L;
    static final long SEVILLA = 1180000000000000002L;
    public static final long HILLCREST_STAFFROOM = 1180000000000000101L;
    static final long HILLCREST_QOTD = 1180000000000000102L;
    static final long HILLCREST_PD = 1180000000000000103L;
    public static final long HILLCREST_REVIEW = 1180000000000000104L;
    static final long SEVILLA_STAFFROOM = 1180000000000000201L;
    static final long SEVILLA_QOTD = 1180000000000000202L;
    static final long SEVILLA_PD = 1180000000000000203L;
    public static final long GRACE = 1180000000000000501L; // approver@hillcrest
    public static final long HARRY = 1180000000000000502L; // teacher, Hillcrest
    public static final long OMAR = 1180000000000000503L; // approver@hillcrest
    static final long ISABEL = 1180000000000000601L; // approver + coordinator@sevilla
    static final long JAVIER = 1180000000000000602L; // teacher, Sevilla

    private Platforms() {}

    /** The trust's Slack workspace, with everyone bot-config gives a Slack account. */
    public static FakeSlack slack() {
        Space space = slackSpace();
        FakeSlack.Builder b = FakeSlack.builder()
                .clock(CLOCK)
                .team(space.externalId(), CONFIG.trust().name(), "northwold");
        for (School school : CONFIG.schoolsIn(space.id())) {
            for (Map.Entry<ChannelPurpose, String> channel : school.channels().entrySet()) {
                b.channel(
                        channel.getValue(),
                        school.id() + "-" + channel.getKey().name().toLowerCase(Locale.ROOT));
            }
        }
        b.channel(TRUST_REVIEW, "trust-review");
        for (Person person : CONFIG.people()) {
            for (Person.Account account : person.accounts()) {
                if (account.spaceId().equals(space.id()))
                    b.user(FakeUser.of(account.userId(), person.id(), person.name()));
            }
        }
        for (GroupRoles group : CONFIG.groups()) {
            if (group.spaceId().equals(space.id())) b.usergroup(group.groupId(), List.of());
        }
        return b.start();
    }

    /** One guild per Discord space, as {@code SampleDiscord} builds them, on the shared clock. */
    public static FakeDiscord discord() {
        return discord((guild, spec) -> {});
    }

    /** As {@link #discord()}, with {@code extra} adding to each guild (its id, its spec): more members, say. */
    static FakeDiscord discord(java.util.function.BiConsumer<Long, org.staffroom.testing.discord.GuildSpec> extra) {
        FakeDiscord.Builder builder = FakeDiscord.builder()
                .clock(CLOCK)
                .heartbeatInterval(Duration.ofSeconds(2))
                .awaitTimeout(Duration.ofSeconds(15));
        for (Space space : CONFIG.spaces()) {
            if (space.platform() != Platform.DISCORD) continue;
            long guildId = Long.parseUnsignedLong(space.externalId());
            builder.guild(guildId, space.name(), g -> {
                for (School school : CONFIG.schoolsIn(space.id())) {
                    for (Map.Entry<ChannelPurpose, String> channel :
                            school.channels().entrySet()) {
                        g.textChannel(
                                Long.parseUnsignedLong(channel.getValue()),
                                school.id() + "-" + channel.getKey().name().toLowerCase(Locale.ROOT));
                    }
                }
                for (GroupRoles group : CONFIG.groups()) {
                    if (group.spaceId().equals(space.id()))
                        g.role(Long.parseUnsignedLong(group.groupId()), "Senior Leadership", 0);
                }
                for (Person person : CONFIG.people()) {
                    for (Person.Account account : person.accounts()) {
                        if (account.spaceId().equals(space.id())) {
                            g.member(Long.parseUnsignedLong(account.userId()), person.id(), person.name());
                        }
                    }
                }
                extra.accept(guildId, g);
            });
        }
        return builder.start();
    }

    /** Points Staffroom at the loopback Discord {@code discord}: each property's name and value to {@code property}. */
    static void discordSettings(java.util.function.BiConsumer<String, String> property, FakeDiscord discord) {
        property.accept("staffroom.discord.bot-token", discord.token());
        property.accept("staffroom.discord.api-url", discord.restBaseUrl());
        property.accept("staffroom.discord.compression", "none");
        property.accept("staffroom.discord.identify-delay", "0s");
    }

    /** As {@link #discordSettings}, into a test's registry. */
    public static void discordProperties(DynamicPropertyRegistry registry, FakeDiscord discord) {
        discordSettings((name, value) -> registry.add(name, () -> value), discord);
    }

    /**
     * Until every event handed in is handled and every post it caused is out; twice, since a post may be an event
     * in its turn.
     */
    public static void settle(InboundEvents inbound, Chat chat, Duration wait) {
        for (int i = 0; i < 2; i++) {
            await().atMost(wait).until(() -> inbound.backlog() == 0);
            assertThat(chat.awaitDelivered(wait)).isTrue();
        }
    }

    /** The number of the draft an answer or a card names. */
    public static long draftId(String text) {
        Matcher m = Pattern.compile("Draft #(\\d+)").matcher(text);
        assertThat(m.find()).as("a draft number in: %s", text).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The action ids of a Slack message's buttons, block by block. */
    static List<String> actionIds(JsonArray blocks) {
        List<String> out = new ArrayList<>();
        for (JsonElement b : blocks) {
            if (!"actions".equals(b.getAsJsonObject().get("type").getAsString())) continue;
            b.getAsJsonObject()
                    .getAsJsonArray("elements")
                    .forEach(e -> out.add(e.getAsJsonObject().get("action_id").getAsString()));
        }
        return out;
    }

    /**
     * Runs /draft new as {@code author} in a Discord {@code channel}, checks the form comes as a modal, submits it
     * for Facebook with no date, and returns the bot's answer.
     */
    static String discordDraftAnswer(
            FakeDiscord discord, long channel, long author, String target, String category, String text) {
        Dispatch command = discord.push(discord.events()
                .slashCommand(channel, author, "draft")
                .subcommand("new")
                .build());
        tools.jackson.databind.JsonNode form = discord.awaitInteractionCallback(command);
        assertThat(form.get("type").asInt())
                .as("the draft form as a modal: %s", form)
                .isEqualTo(9);
        String customId = form.get("data").get("custom_id").asString();
        Dispatch submit = discord.push(discord.events()
                .modalSubmit(channel, author, customId)
                .textInput("text", text)
                .stringSelect("target", target)
                .stringSelect("networks", "facebook")
                .stringSelect("category", category)
                .textInput("date", "")
                .build());
        return discord.awaitInteractionCallback(submit)
                .get("data")
                .get("content")
                .asString();
    }

    /** Links the fakes' time to the application's clock, then waits (30 s at most) until these platforms are up. */
    public static void connected(Clock clock, Connectors connectors, Platform... platforms) {
        CLOCK.follow(clock);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> java.util.Arrays.stream(platforms)
                        .allMatch(p -> state(connectors, p) == ConnectorStatus.State.UP));
    }

    /** A platform's connector state now, or null before it has one. */
    static ConnectorStatus.State state(Connectors connectors, Platform platform) {
        ConnectorStatus status = connectors.statuses().get(platform);
        return status == null ? null : status.state();
    }

    /** Pushes a Slack event over Socket Mode and waits for Staffroom to acknowledge it. */
    static Envelope pushed(FakeSlack slack, JsonObject event, Duration wait) {
        Envelope e = slack.pushEvent(event);
        e.awaitAck(wait);
        return e;
    }

    /** Runs /draft as {@code user} in a Slack {@code channel} and returns the draft modal it opens. */
    public static StoredView openDraftModal(FakeSlack slack, String user, String channel, Duration wait) {
        int before = slack.views().size();
        slack.pushSlashCommand(slack.payloads().slashCommand("/draft", "", user, channel))
                .awaitAck(wait);
        slack.awaitCall(
                "views.open",
                c -> c.ok()
                        && c.param("view").contains("drafts.new")
                        && slack.views().size() > before,
                wait);
        return slack.views().stream()
                .filter(v -> "drafts.new".equals(v.callbackId()))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    /** A Discord message as people see it: its content, then its embeds' titles, texts, fields and footers. */
    public static String shown(tools.jackson.databind.JsonNode message) {
        StringBuilder out = new StringBuilder(message.path("content").asString(""));
        for (tools.jackson.databind.JsonNode embed : message.path("embeds")) {
            for (String part : List.of("title", "description")) {
                if (embed.has(part)) out.append('\n').append(embed.get(part).asString());
            }
            for (tools.jackson.databind.JsonNode field : embed.path("fields")) {
                out.append('\n')
                        .append(field.get("name").asString())
                        .append('\n')
                        .append(field.get("value").asString());
            }
            if (embed.has("footer"))
                out.append('\n').append(embed.get("footer").get("text").asString());
        }
        return out.toString();
    }

    public static List<String> buttons(FakeDiscord.StoredMessage message) {
        List<String> out = new java.util.ArrayList<>();
        tools.jackson.databind.JsonNode rows = message.json().get("components");
        if (rows == null) return out;
        for (tools.jackson.databind.JsonNode row : rows) {
            for (tools.jackson.databind.JsonNode c : row.get("components"))
                out.add(c.get("custom_id").asString());
        }
        return out;
    }

    private static Space slackSpace() {
        List<Space> slack = new ArrayList<>();
        for (Space s : CONFIG.spaces()) {
            if (s.platform() == Platform.SLACK) slack.add(s);
        }
        if (slack.size() != 1 || !slack.get(0).externalId().equals(TEAM)) {
            throw new IllegalStateException("the sample trust has one Slack workspace, " + TEAM + ": " + slack);
        }
        return slack.get(0);
    }

    static String id(long snowflake) {
        return Long.toUnsignedString(snowflake);
    }

    /** A clock that reads another one; the fakes start before the application's clock bean exists. */
    public static final class FollowingClock extends Clock {
        private final AtomicReference<Clock> source;
        private final ZoneId zone;

        FollowingClock(Clock source) {
            this(new AtomicReference<>(source), ZoneOffset.UTC);
        }

        private FollowingClock(AtomicReference<Clock> source, ZoneId zone) {
            this.source = source;
            this.zone = zone;
        }

        void follow(Clock clock) {
            source.set(clock);
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new FollowingClock(source, zone);
        }

        @Override
        public Instant instant() {
            return source.get().instant();
        }
    }
}
