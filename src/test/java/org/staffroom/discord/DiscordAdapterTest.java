package org.staffroom.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.staffroom.discord.SampleDiscord.*;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.chat.Attachment;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.CommandCatalog;
import org.staffroom.chat.Connectors;
import org.staffroom.chat.Delivery;
import org.staffroom.chat.Destination;
import org.staffroom.chat.Message;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.chat.UserRef;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.chat.spi.OutboundPost;
import org.staffroom.config.ConfigReloaded;
import org.staffroom.config.Platform;
import org.staffroom.config.Role;
import org.staffroom.directory.Directory;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.discord.Dispatch;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.discord.LiveDiscord;
import org.staffroom.testing.discord.RecordedCall;
import org.staffroom.testing.discord.RestFault;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Discord adapter end to end: the whole application with the real JDA 6.5 client inside,
 * pointed (REST base and, through it, the gateway) at a loopback {@link FakeDiscord} holding the
 * sample trust's guilds, channels and people from bot-config. Events are pushed through the fake's
 * gateway and must reach the port as {@link ChatEvent}s with the right person and school; what the
 * core sends must arrive at the fake in the shape Discord documents; faults must lose and double nothing.
 */
@StaffroomTest
@Import(DiscordTestSupport.class)
class DiscordAdapterTest extends StaffroomEndToEnd {

    static final FakeDiscord discord = SampleDiscord.start();
    static final HttpServer files = files();

    @DynamicPropertySource
    static void discordProperties(DynamicPropertyRegistry registry) {
        LiveDiscord.properties(registry, discord);
        registry.add("staffroom.discord.attachment-hosts", () -> "cdn.discordapp.com,127.0.0.1");
    }

    @AfterAll
    static void closeFakes() {
        discord.close();
        files.stop(0);
    }

    @Autowired
    Connectors connectors;

    @Autowired
    DiscordTestSupport.Recorder recorder;

    @Autowired
    DiscordTestSupport.Feature feature;

    @Autowired
    DiscordClient client;

    @Autowired
    DiscordConnector connector;

    @Autowired
    CommandRegistrar registrar;

    @Autowired
    GatewaySessions sessions;

    @Autowired
    DiscordStore store;

    @Autowired
    CommandCatalog catalog;

    @Autowired
    Texts texts;

    @Autowired
    Directory directory;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationEventPublisher events;

    @BeforeEach
    void connected() {
        // No first poll delay (Awaitility's default is its 100 ms poll interval): the client is usually up already.
        await().pollDelay(Duration.ZERO)
                .atMost(20, TimeUnit.SECONDS)
                .until(() -> status().state() == ConnectorStatus.State.UP);
    }

    @AfterEach
    void clearFaults() {
        discord.clearFaults();
    }

    // ---------------------------------------------------------------------------------------------
    // Connection and commands

    @Test
    void reachesReadyWithTheIntentsItNeedsAndAnswersStaffroomHelpPrivately() {
        JsonNode identify = discord.gateway().identifies().get(0);
        // GUILDS (added by JDA), GUILD_MESSAGES, GUILD_MESSAGE_REACTIONS, DIRECT_MESSAGES, DIRECT_MESSAGE_REACTIONS,
        // MESSAGE_CONTENT; not GUILD_MEMBERS.
        assertThat(identify.get("intents").asInt()).isEqualTo(1 | 1 << 9 | 1 << 10 | 1 << 12 | 1 << 13 | 1 << 15);
        assertThat(discord.calls("GET", "gateway")).isNotEmpty();
        assertThat(status().detail()).contains("connected as staffroom-bot in 2 guild(s)");

        Dispatch help = discord.push(discord.events()
                .slashCommand(HILLCREST_STAFFROOM, HARRY, "staffroom")
                .subcommand("help")
                .build());

        JsonNode callback = discord.awaitInteractionCallback(help);
        assertThat(callback.get("type").asInt()).isEqualTo(4);
        assertThat(callback.get("data").get("flags").asInt() & 64).isEqualTo(64);
        assertThat(callback.get("data").get("content").asString())
                .contains("Commands you can use, Harry Jones")
                .contains("/staffroom help");
        assertThat(callback.get("data").get("allowed_mentions").get("parse")).isEmpty();
        assertThat(discord.interactionAckMillis(help).getAsLong()).isLessThan(3000);
        assertThat(discord.messages(HILLCREST_STAFFROOM))
                .as("ephemeral: not in the channel")
                .noneMatch(m -> m.content().contains("Commands you can use"));
    }

    @Test
    void registersTheCatalogAsGuildCommandsOnceAndNotAgainAfterARestart() throws Exception {
        // Every slash command and message action in the catalog (the workflows' and this test's own).
        int expected = catalog.commands().size() + catalog.messageActions().size();
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> discord.guildCommands(HILLCREST).size() == expected
                        && discord.guildCommands(SEVILLA).size() == expected);
        List<ObjectNode> commands = discord.guildCommands(HILLCREST);

        JsonNode staffroom = named(commands, "staffroom");
        assertThat(staffroom.get("description").asString()).isEqualTo("Staffroom: help and sign-in");
        assertThat(staffroom.get("description_localizations").get("es-ES").asString())
                .isEqualTo("Staffroom: ayuda e inicio de sesión");
        assertThat(named(staffroom.get("options"), "help").get("type").asInt())
                .as("subcommand")
                .isEqualTo(1);

        JsonNode run = named(named(commands, "stafftest").get("options"), "run");
        JsonNode message = named(run.get("options"), "message");
        assertThat(message.get("type").asInt()).as("TEXT → string").isEqualTo(3);
        assertThat(message.get("required").asBoolean()).isTrue();
        assertThat(run.get("options").get(0).get("name").asString())
                .as("required options first")
                .isEqualTo("message");
        JsonNode schools = named(run.get("options"), "schools");
        assertThat(schools.get("type").asInt()).isEqualTo(3);
        assertThat(schools.get("autocomplete").asBoolean()).isTrue();
        JsonNode on = named(run.get("options"), "on");
        assertThat(on.get("type").asInt()).as("DATE → string").isEqualTo(3);
        assertThat(on.get("description").asString()).isEqualTo("Which day (YYYY-MM-DD)");
        assertThat(on.get("description_localizations").get("es-ES").asString()).isEqualTo("Qué día (AAAA-MM-DD)");
        assertThat(named(run.get("options"), "count").get("type").asInt())
                .as("NUMBER → integer")
                .isEqualTo(4);
        assertThat(named(run.get("options"), "word").get("type").asInt()).isEqualTo(3);

        JsonNode tag = named(commands, "tagtest");
        assertThat(tag.get("options"))
                .as("a subcommand named \"\" puts its options on the command")
                .hasSize(1);
        assertThat(tag.get("options").get(0).get("name").asString()).isEqualTo("tag");
        assertThat(tag.get("options").get(0).get("type").asInt()).isEqualTo(3);

        JsonNode nominate = named(commands, "Nominate test");
        assertThat(nominate.get("name").asString()).isEqualTo("Nominate test");
        assertThat(nominate.get("name_localizations").get("es-ES").asString()).isEqualTo("Nominar prueba");
        assertThat(discord.guildCommands(SEVILLA))
                .extracting(c -> c.get("name").asString())
                .contains(
                        "staffroom",
                        "stafftest",
                        "tagtest",
                        "Nominate test",
                        "qotd",
                        "pdchat",
                        "draft",
                        "Submit as post draft");
        // Once at start (and once more if an out-of-date command made a refresh before this test ran).
        int hillcrest = puts(HILLCREST).size();
        int sevilla = puts(SEVILLA).size();
        assertThat(hillcrest).isEqualTo(sevilla).isBetween(1, 2);

        // Restart the adapter: a new session, the same catalog, no PUT.
        int passes = registrar.passes();
        int identifies = discord.gateway().identifyCount();
        client.stop();
        client.start();
        await().atMost(20, TimeUnit.SECONDS).until(() -> registrar.passes() > passes);
        assertThat(discord.gateway().identifyCount()).isEqualTo(identifies + 1);
        assertThat(puts(HILLCREST)).hasSize(hillcrest);
        assertThat(puts(SEVILLA)).hasSize(sevilla);
        // A configuration edit checks every guild again; nothing changed, nothing written.
        int beforeReload = registrar.passes();
        events.publishEvent(new ConfigReloaded(directory.config(), directory.config()));
        await().atMost(10, TimeUnit.SECONDS).until(() -> registrar.passes() > beforeReload);
        assertThat(puts(HILLCREST)).hasSize(hillcrest);
        // Only the database remembers: a registrar built afresh has nothing to write either.
        CommandRegistrar fresh = new CommandRegistrar(catalog, texts, directory, new DiscordStore(jdbc), true);
        assertThat(fresh.registerAll(client.connected())).isEmpty();
        // A different hash (the catalog changed) writes the guild again.
        jdbc.sql("update discord_command_set set hash = 'older catalog' where guild_id = ?")
                .param(id(HILLCREST))
                .update();
        assertThat(fresh.registerAll(client.connected())).containsExactly(id(HILLCREST));
        assertThat(puts(HILLCREST)).hasSize(hillcrest + 1);
        assertThat(puts(SEVILLA)).hasSize(sevilla);
    }

    @Test
    void autocompleteSuggestsSchoolsForSchoolsOptions() {
        Dispatch typed = discord.events()
                .slashCommand(HILLCREST_STAFFROOM, HARRY, "stafftest")
                .subcommand("run")
                .option("schools", "hillcrest,se")
                .build();
        typed.data().put("type", 4);
        for (JsonNode o : typed.data().get("data").get("options").get(0).get("options")) {
            if (o.get("name").asString().equals("schools")) ((ObjectNode) o).put("focused", true);
        }
        discord.push(typed);

        JsonNode callback = discord.awaitInteractionCallback(typed);
        assertThat(callback.get("type").asInt()).isEqualTo(8);
        JsonNode choices = callback.get("data").get("choices");
        assertThat(choices).hasSize(1);
        assertThat(choices.get(0).get("value").asString()).isEqualTo("hillcrest,sevilla");
        assertThat(choices.get(0).get("name").asString()).isEqualTo("hillcrest, Colegio Británico de Sevilla");
    }

    // ---------------------------------------------------------------------------------------------
    // Inbound

    @Test
    void messagesReachThePortWithThePersonAndTheSchool() {
        Dispatch post = discord.push(discord.events()
                .message(HILLCREST_STAFFROOM, HARRY, "Great lesson today #science")
                .attachment("board.png", "image/png", 2048)
                .build());
        Dispatch spanish = discord.push(discord.events()
                .message(SEVILLA_STAFFROOM, JAVIER, "¡Buenos días!")
                .build());

        DiscordTestSupport.Recorder.Seen seen =
                awaitOne(ChatEvent.MessagePosted.class, m -> m.message().id().equals(id(post)));
        ChatEvent.MessagePosted m = (ChatEvent.MessagePosted) seen.event();
        assertThat(m.actor().user()).isEqualTo(user(HILLCREST, HARRY));
        assertThat(m.actor().displayName()).isEqualTo("Harry Jones");
        assertThat(m.message()).isEqualTo(new MessageRef(channel(HILLCREST, HILLCREST_STAFFROOM), id(post), null));
        assertThat(m.text()).isEqualTo("Great lesson today #science");
        assertThat(m.direct()).isFalse();
        assertThat(m.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("board.png");
            assertThat(a.mimeType()).isEqualTo("image/png");
            assertThat(a.size()).isEqualTo(2048);
            assertThat(a.url()).startsWith("https://cdn.discordapp.com/attachments/");
        });
        assertThat(seen.caller().person().id()).isEqualTo("harry-jones");
        assertThat(seen.caller().school().id()).isEqualTo("hillcrest");

        DiscordTestSupport.Recorder.Seen sevilla =
                awaitOne(ChatEvent.MessagePosted.class, e -> e.message().id().equals(id(spanish)));
        assertThat(sevilla.caller().person().id()).isEqualTo("javier-moreno");
        assertThat(sevilla.caller().school().id()).isEqualTo("sevilla");
        assertThat(sevilla.caller().locale().getLanguage()).isEqualTo("es");
    }

    @Test
    void threadRepliesCarryTheirRootAndEditsAndDeletionsFollow() {
        Delivery question = post(
                Destination.channel(channel(HILLCREST, HILLCREST_QOTD)),
                Message.of("What made you smile this week?").withThread("Answers"),
                "test:qotd:thread");
        String root = question.message().id();
        RecordedCall thread =
                discord.awaitCall("POST", "channels/" + HILLCREST_QOTD + "/messages/" + root + "/threads");
        assertThat(thread.body().get("name").asString()).isEqualTo("Answers");
        assertThat(discord.channel(Long.parseLong(root)))
                .as("the thread has the message's id")
                .isPresent();

        await().atMost(5, TimeUnit.SECONDS).until(() -> client.connected().getThreadChannelById(root) != null);
        Dispatch reply = discord.push(discord.events()
                .message(Long.parseLong(root), GRACE, "Our choir")
                .build());
        ChatEvent.MessagePosted posted = event(
                awaitOne(ChatEvent.MessagePosted.class, e -> e.message().id().equals(id(reply))));
        assertThat(posted.message()).isEqualTo(new MessageRef(channel(HILLCREST, HILLCREST_QOTD), id(reply), root));
        assertThat(chat.keyOf(posted.message().root())).contains("test:qotd:thread");

        discord.push(discord.events().messageUpdate(Long.parseLong(root), reply.id(), "Our choir won"));
        ChatEvent.MessageEdited edited = event(
                awaitOne(ChatEvent.MessageEdited.class, e -> e.message().id().equals(id(reply))));
        assertThat(edited.message()).isEqualTo(posted.message());
        assertThat(edited.text()).isEqualTo("Our choir won");
        assertThat(edited.actor().user()).isEqualTo(user(HILLCREST, GRACE));

        discord.push(discord.events().messageDelete(Long.parseLong(root), reply.id()));
        ChatEvent.MessageDeleted deleted = event(
                awaitOne(ChatEvent.MessageDeleted.class, e -> e.message().id().equals(id(reply))));
        assertThat(deleted.message()).isEqualTo(posted.message());
    }

    @Test
    void reactionsAddedAndRemovedCarryTheReactorsRoles() {
        Dispatch card = discord.push(discord.events()
                .message(HILLCREST_REVIEW, TESS, "Draft: Year 6 trip")
                .build());
        awaitOne(ChatEvent.MessagePosted.class, e -> e.message().id().equals(id(card)));

        discord.push(discord.events().reactionAdd(HILLCREST_REVIEW, card.id(), SAM, "✅"));
        DiscordTestSupport.Recorder.Seen added = awaitOne(
                ChatEvent.ReactionAdded.class,
                e -> e.message().id().equals(id(card)) && e.actor().user().id().equals(id(SAM)));
        ChatEvent.ReactionAdded tick = event(added);
        assertThat(tick.emoji()).isEqualTo("✅");
        assertThat(tick.message()).isEqualTo(new MessageRef(channel(HILLCREST, HILLCREST_REVIEW), id(card), null));
        assertThat(tick.actor().displayName()).isEqualTo("Sam Senior");
        assertThat(tick.actor().groups()).containsExactly(id(SENIOR_LEADERSHIP));
        assertThat(added.caller().person()).as("not in people.yml").isNull();
        assertThat(added.caller().has(Role.APPROVER, "hillcrest"))
                .as("by the Discord role")
                .isTrue();

        discord.push(
                discord.events().reactionAdd(HILLCREST_REVIEW, card.id(), OMAR, "partyparrot:1180000000000000999"));
        ChatEvent.ReactionAdded custom = event(awaitOne(
                ChatEvent.ReactionAdded.class,
                e -> e.message().id().equals(id(card)) && e.actor().user().id().equals(id(OMAR))));
        assertThat(custom.emoji()).isEqualTo(":partyparrot:");

        discord.push(discord.events().reactionRemove(HILLCREST_REVIEW, card.id(), SAM, "✅"));
        DiscordTestSupport.Recorder.Seen removed =
                awaitOne(ChatEvent.ReactionRemoved.class, e -> e.message().id().equals(id(card)));
        assertThat(((ChatEvent.ReactionRemoved) removed.event()).emoji()).isEqualTo("✅");
        assertThat(removed.event().actor().groups())
                .as("member fetched: removals carry none")
                .containsExactly(id(SENIOR_LEADERSHIP));
        assertThat(removed.caller().has(Role.APPROVER, "hillcrest")).isTrue();
    }

    /**
     * A command Discord's client still offers but this version does not (an old name, a retired
     * subcommand, an option it no longer has) is answered truthfully and privately in the person's
     * language, reaches no feature, and makes the commands be registered again in every guild.
     */
    @Test
    void anOutOfDateCommandIsSaidToBeSoAndTheCommandsAreRegisteredAgain() {
        int hillcrest = puts(HILLCREST).size();
        int sevilla = puts(SEVILLA).size();
        Dispatch retired = discord.push(discord.events()
                .slashCommand(HILLCREST_STAFFROOM, HARRY, "announce")
                .build());
        JsonNode answer = discord.awaitInteractionCallback(retired);
        assertThat(answer.get("type").asInt()).isEqualTo(4);
        assertThat(answer.get("data").get("flags").asInt() & 64).as("ephemeral").isEqualTo(64);
        assertThat(answer.get("data").get("content").asString())
                .isEqualTo("That command is out of date; Staffroom has refreshed its commands — try again.");
        await().atMost(15, TimeUnit.SECONDS)
                .until(() -> puts(HILLCREST).size() > hillcrest && puts(SEVILLA).size() > sevilla);

        Dispatch oldSubcommand = discord.events()
                .slashCommand(SEVILLA_STAFFROOM, JAVIER, "stafftest")
                .subcommand("walk")
                .build();
        oldSubcommand.data().put("locale", "es-ES");
        discord.push(oldSubcommand);
        assertThat(discord.awaitInteractionCallback(oldSubcommand)
                        .get("data")
                        .get("content")
                        .asString())
                .isEqualTo(
                        "Ese comando está desactualizado; Staffroom ha actualizado sus comandos: vuelve a intentarlo.");
        Dispatch oldOption = discord.push(discord.events()
                .slashCommand(SEVILLA_STAFFROOM, ISABEL, "stafftest")
                .subcommand("run")
                .option("message", "hola")
                .option("colour", "red")
                .build());
        assertThat(discord.awaitInteractionCallback(oldOption)
                        .get("data")
                        .get("content")
                        .asString())
                .startsWith("That command is out of date");

        assertThat(recorder.of(
                        ChatEvent.CommandInvoked.class,
                        e -> List.of(id(retired), id(oldSubcommand), id(oldOption))
                                .contains(e.interaction().id())))
                .isEmpty();
        // At most one refresh a minute: a second stale command does not write the guilds again.
        assertThat(puts(HILLCREST)).hasSize(hillcrest + 1);
    }

    /**
     * Help, sign-in, drafts, suggesting a question and following a tag work in a direct message with the
     * bot: they are registered as global commands for the bot's DMs only (the guild commands stay
     * guild-only), with just the subcommands that make sense there, and they are answered there.
     */
    @Test
    void commandsThatMakeSenseInADirectMessageWorkThere() {
        await().atMost(15, TimeUnit.SECONDS)
                .until(() -> !discord.globalCommands().isEmpty());
        List<ObjectNode> global = discord.globalCommands();
        assertThat(global)
                .extracting(c -> c.get("name").asString())
                .containsExactlyInAnyOrder("staffroom", "draft", "qotd", "follow", "unfollow");
        // Interaction context types (JDA writes them as strings): 0 a guild, 1 the bot's DMs.
        assertThat(global)
                .allSatisfy(c -> assertThat(c.get("contexts"))
                        .as("bot DMs only")
                        .singleElement()
                        .satisfies(t -> assertThat(t.asString()).isEqualTo("1")));
        assertThat(named(global, "staffroom").get("options"))
                .extracting(o -> o.get("name").asString())
                .containsExactlyInAnyOrder("help", "login");
        assertThat(named(global, "qotd").get("options"))
                .extracting(o -> o.get("name").asString())
                .containsExactly("suggest");
        assertThat(named(global, "draft").get("options"))
                .extracting(o -> o.get("name").asString())
                .containsExactlyInAnyOrder("new", "list", "edit", "withdraw");
        assertThat(named(discord.guildCommands(HILLCREST), "staffroom").get("contexts"))
                .as("guild only")
                .singleElement()
                .satisfies(t -> assertThat(t.asString()).isEqualTo("0"));

        long dm = discord.dmChannel(OMAR);
        Dispatch help = discord.push(discord.events()
                .slashCommand(dm, OMAR, "staffroom")
                .subcommand("help")
                .build());
        JsonNode helped = discord.awaitInteractionCallback(help);
        assertThat(helped.get("type").asInt()).isEqualTo(4);
        assertThat(helped.get("data").get("content").asString()).contains("Commands you can use, Omar Haddad");
        // Help in the DM lists what works in the DM: not /pdchat, not /draft audit (Omar approves at Hillcrest).
        assertThat(helped.get("data").get("content").asString().replace("\\", ""))
                .contains("/staffroom login", "/draft new [text]", "/qotd suggest", "/follow [tag]")
                .doesNotContain("/pdchat", "/draft audit", "/tag ");

        Dispatch follow = discord.push(discord.events()
                .slashCommand(dm, OMAR, "follow")
                .option("tag", "#dmtest")
                .build());
        assertThat(discord.awaitInteractionCallback(follow)
                        .get("data")
                        .get("content")
                        .asString())
                .startsWith("You now follow #dmtest");

        Dispatch suggest = discord.push(discord.events()
                .slashCommand(dm, OMAR, "qotd")
                .subcommand("suggest")
                .option("text", "Which book would you give every new teacher?")
                .build());
        assertThat(discord.awaitInteractionCallback(suggest)
                        .get("data")
                        .get("content")
                        .asString())
                .startsWith("Thanks! Your suggestion is with the coordinators");

        Dispatch draft = discord.push(discord.events()
                .slashCommand(dm, OMAR, "draft")
                .subcommand("new")
                .build());
        assertThat(discord.awaitInteractionCallback(draft).get("type").asInt())
                .as("the draft form, as a modal")
                .isEqualTo(9);

        ChatEvent.CommandInvoked invoked = event(awaitOne(
                ChatEvent.CommandInvoked.class, e -> e.interaction().id().equals(id(help))));
        assertThat(invoked.channel().id()).isEqualTo(Long.toString(dm));
    }

    @Test
    void slashCommandsArriveWithSubcommandAndTypedOptions() {
        Dispatch run = discord.push(discord.events()
                .slashCommand(SEVILLA_STAFFROOM, ISABEL, "stafftest")
                .subcommand("run")
                .option("message", "Hola a todos")
                .option("schools", "sevilla,hillcrest")
                .option("on", "2026-12-01")
                .option("count", 3)
                .build());

        JsonNode answer = discord.awaitInteractionCallback(run);
        assertThat(answer.get("type").asInt()).isEqualTo(4);
        assertThat(answer.get("data").get("content").asString()).isEqualTo("ran: Hola a todos");
        assertThat(answer.get("data").get("flags").asInt() & 64).isEqualTo(64);
        DiscordTestSupport.Recorder.Seen seen = awaitOne(
                ChatEvent.CommandInvoked.class, e -> e.interaction().id().equals(id(run)));
        ChatEvent.CommandInvoked command = event(seen);
        assertThat(command.command()).isEqualTo("stafftest");
        assertThat(command.subcommand()).isEqualTo("run");
        assertThat(command.options())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "message", "Hola a todos", "schools", "sevilla,hillcrest", "on", "2026-12-01", "count", "3"));
        assertThat(command.text()).isEqualTo("Hola a todos");
        assertThat(command.channel()).isEqualTo(channel(SEVILLA, SEVILLA_STAFFROOM));
        assertThat(seen.caller().person().id()).isEqualTo("isabel-garcia");
        assertThat(seen.caller().has(Role.COORDINATOR, "sevilla")).isTrue();

        Dispatch tag = discord.push(discord.events()
                .slashCommand(HILLCREST_PD, HARRY, "tagtest")
                .option("tag", "#phonics")
                .build());
        ChatEvent.CommandInvoked tagged = event(awaitOne(
                ChatEvent.CommandInvoked.class, e -> e.interaction().id().equals(id(tag))));
        assertThat(tagged.subcommand()).isEmpty();
        assertThat(tagged.options()).containsExactly(Map.entry("tag", "#phonics"));
        // Nobody answers /tagtest here: the interaction still gets a private acknowledgement.
        JsonNode done = discord.awaitInteractionCallback(tag);
        assertThat(done.get("type").asInt()).isEqualTo(4);
        assertThat(done.get("data").get("content").asString()).isEqualTo("Done.");
    }

    @Test
    void buttonsOpenFormsAsModalsAndSubmissionsComeBackAsForms() {
        String longValue = "draft-" + "x".repeat(150);
        Delivery card = post(
                Destination.channel(channel(HILLCREST, HILLCREST_REVIEW)),
                Message.of("Draft: sports day")
                        .withButton(Message.Button.of("test.press", "Approve", "42"))
                        .withButton(new Message.Button("test.form", "Edit", "draft-42", Message.Button.Style.DANGER))
                        .withButton(new Message.Button("test.press", "Long", longValue, Message.Button.Style.PRIMARY)),
                "test:card");
        long cardId = Long.parseLong(card.message().id());
        JsonNode buttons = discord.message(HILLCREST_REVIEW, cardId)
                .orElseThrow()
                .json()
                .get("components")
                .get(0)
                .get("components");
        assertThat(buttons).hasSize(3);
        assertThat(buttons.get(0).get("custom_id").asString()).isEqualTo("test.press|42");
        assertThat(buttons.get(0).get("style").asInt()).isEqualTo(2);
        assertThat(buttons.get(1).get("style").asInt()).isEqualTo(4);
        assertThat(buttons.get(2).get("style").asInt()).isEqualTo(1);
        String longId = buttons.get(2).get("custom_id").asString();
        assertThat(longId).startsWith("~").hasSizeLessThanOrEqualTo(100);

        Dispatch press = discord.push(discord.events().button(HILLCREST_REVIEW, GRACE, cardId, "test.press|42"));
        JsonNode pressed = discord.awaitInteractionCallback(press);
        assertThat(pressed.get("type").asInt()).isEqualTo(4);
        assertThat(pressed.get("data").get("content").asString()).isEqualTo("pressed 42");
        DiscordTestSupport.Recorder.Seen seen = awaitOne(
                ChatEvent.ButtonPressed.class, e -> e.interaction().id().equals(id(press)));
        ChatEvent.ButtonPressed button = event(seen);
        assertThat(button.actionId()).isEqualTo("test.press");
        assertThat(button.value()).isEqualTo("42");
        assertThat(button.message()).isEqualTo(card.message());
        assertThat(seen.caller().person().id()).isEqualTo("grace-lin");

        Dispatch pressLong = discord.push(discord.events().button(HILLCREST_REVIEW, GRACE, cardId, longId));
        ChatEvent.ButtonPressed longPress = event(awaitOne(
                ChatEvent.ButtonPressed.class, e -> e.interaction().id().equals(id(pressLong))));
        assertThat(longPress.value()).isEqualTo(longValue);

        Dispatch edit = discord.push(discord.events().button(HILLCREST_REVIEW, GRACE, cardId, "test.form|draft-42"));
        JsonNode modal = discord.awaitInteractionCallback(edit);
        assertThat(modal.get("type").asInt()).isEqualTo(9);
        assertThat(modal.get("data").get("custom_id").asString()).isEqualTo("test.form|draft-42");
        assertThat(modal.get("data").get("title").asString()).isEqualTo("Tell us more");
        JsonNode fields = modal.get("data").get("components");
        assertThat(fields)
                .hasSize(5)
                .allSatisfy(f -> assertThat(f.get("type").asInt()).as("Label").isEqualTo(18));
        JsonNode title = fields.get(0).get("component");
        assertThat(title.get("type").asInt()).isEqualTo(4);
        assertThat(title.get("style").asInt()).as("SHORT").isEqualTo(1);
        assertThat(title.get("value").asString()).isEqualTo("Sports day");
        assertThat(title.get("max_length").asInt()).isEqualTo(80);
        assertThat(fields.get(1).get("component").get("style").asInt())
                .as("PARAGRAPH")
                .isEqualTo(2);
        JsonNode schools = fields.get(2).get("component");
        assertThat(schools.get("type").asInt()).as("string select").isEqualTo(3);
        assertThat(schools.get("max_values").asInt()).isEqualTo(2);
        JsonNode consent = fields.get(3).get("component");
        assertThat(consent.get("custom_id").asString()).isEqualTo("cb:consent");
        assertThat(consent.get("options"))
                .extracting(o -> o.get("label").asString())
                .containsExactly("Yes", "No");
        JsonNode date = fields.get(4).get("component");
        assertThat(date.get("placeholder").asString()).isEqualTo("YYYY-MM-DD");

        Dispatch submit = discord.push(discord.events()
                .modalSubmit(HILLCREST_REVIEW, GRACE, "test.form|draft-42")
                .textInput("title", "Sports day")
                .textInput("body", "")
                .stringSelect("schools", "hillcrest", "sevilla")
                .stringSelect("cb:consent", "true")
                .textInput("on", "2026-12-04")
                .build());
        assertThat(discord.awaitInteractionCallback(submit)
                        .get("data")
                        .get("content")
                        .asString())
                .isEqualTo("thanks for Sports day");
        ChatEvent.FormSubmitted form = event(awaitOne(
                ChatEvent.FormSubmitted.class, e -> e.interaction().id().equals(id(submit))));
        assertThat(form.formId()).isEqualTo("test.form");
        assertThat(form.context()).isEqualTo("draft-42");
        assertThat(form.channel()).isEqualTo(channel(HILLCREST, HILLCREST_REVIEW));
        assertThat(form.values())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "title",
                        List.of("Sports day"),
                        "body",
                        List.of(),
                        "schools",
                        List.of("hillcrest", "sevilla"),
                        "consent",
                        List.of("true"),
                        "on",
                        List.of("2026-12-04")));
    }

    @Test
    void aButtonNobodyAnswersIsAcknowledgedSilently() {
        Delivery card = post(
                Destination.channel(channel(SEVILLA, SEVILLA_REVIEW)),
                Message.of("Tarjeta").withButton(Message.Button.of("test.nobody", "Nada", "1")),
                "test:silent");
        Dispatch press = discord.push(discord.events()
                .button(SEVILLA_REVIEW, JAVIER, Long.parseLong(card.message().id()), "test.nobody|1"));
        assertThat(discord.awaitInteractionCallback(press).get("type").asInt())
                .as("deferred update")
                .isEqualTo(6);
    }

    @Test
    void messageActionsCarryTheTargetMessage() {
        Dispatch target = discord.push(discord.events()
                .message(HILLCREST_STAFFROOM, HARRY, "Our choir won the regional final!")
                .attachment("choir.jpg", "image/jpeg", 1000)
                .build());
        awaitOne(ChatEvent.MessagePosted.class, e -> e.message().id().equals(id(target)));

        Dispatch action =
                discord.push(discord.events().messageCommand(HILLCREST_STAFFROOM, GRACE, "Nominate test", target.id()));

        assertThat(discord.awaitInteractionCallback(action)
                        .get("data")
                        .get("content")
                        .asString())
                .isEqualTo("nominated");
        DiscordTestSupport.Recorder.Seen seen = awaitOne(
                ChatEvent.MessageActionInvoked.class, e -> e.interaction().id().equals(id(action)));
        ChatEvent.MessageActionInvoked invoked = event(seen);
        assertThat(invoked.actionId()).isEqualTo("test.nominate");
        assertThat(invoked.target())
                .isEqualTo(new MessageRef(channel(HILLCREST, HILLCREST_STAFFROOM), id(target), null));
        assertThat(invoked.text()).isEqualTo("Our choir won the regional final!");
        assertThat(invoked.attachments()).extracting(Attachment::name).containsExactly("choir.jpg");
        assertThat(invoked.targetAuthor().user()).isEqualTo(user(HILLCREST, HARRY));
        assertThat(seen.caller().person().id()).isEqualTo("grace-lin");
    }

    @Test
    void directMessagesBothWays() {
        long dm = discord.dmChannel(HARRY);
        Dispatch incoming = discord.push(
                discord.events().message(dm, HARRY, "Can I change my answer?").build());
        DiscordTestSupport.Recorder.Seen seen =
                awaitOne(ChatEvent.MessagePosted.class, e -> e.message().id().equals(id(incoming)));
        ChatEvent.MessagePosted posted = event(seen);
        assertThat(posted.direct()).isTrue();
        assertThat(posted.message().channel()).isEqualTo(new ChannelRef(Platform.DISCORD, "", id(dm)));
        assertThat(posted.actor().user()).isEqualTo(new UserRef(Platform.DISCORD, "", id(HARRY)));
        assertThat(seen.caller().person().id()).isEqualTo("harry-jones");

        Delivery sent =
                post(Destination.direct(user(HILLCREST, HARRY)), Message.of("Yes: edit it in the thread."), "test:dm");

        RecordedCall open = discord.awaitCall(
                "POST",
                "users/@me/channels",
                c -> id(HARRY).equals(c.body().get("recipient_id").asString()));
        assertThat(open.body().get("recipient_id").asString()).isEqualTo(id(HARRY));
        assertThat(sent.message().channel().id()).isEqualTo(id(dm));
        assertThat(discord.messages(dm))
                .extracting(FakeDiscord.StoredMessage::content)
                .containsExactly("Can I change my answer?", "Yes: edit it in the thread.");
    }

    // ---------------------------------------------------------------------------------------------
    // Outbound

    @Test
    void postsRenderAsContentEmbedsAndButtonRows() {
        Message message = Message.of(Rich.of("Good morning, ")
                        .bold("Hillcrest")
                        .text("! See ")
                        .link("https://example.org/plan", "the plan"))
                .withField("When", Rich.of("Friday 09:00"))
                .withImage("https://example.org/photo.png", "A photo")
                .withFooter(Rich.of("Posted by Staffroom"));
        for (int i = 1; i <= 6; i++)
            message = message.withButton(Message.Button.of("test.press", "Option " + i, "" + i));

        Delivery sent = post(Destination.channel(channel(HILLCREST, HILLCREST_PD)), message, "test:render");

        RecordedCall call = lastPost(HILLCREST_PD, "test:render");
        JsonNode body = call.body();
        assertThat(body.get("content").asString())
                .isEqualTo("Good morning, **Hillcrest**! See [the plan](<https://example.org/plan>)");
        JsonNode embed = body.get("embeds").get(0);
        assertThat(embed.get("fields").get(0).get("name").asString()).isEqualTo("When");
        assertThat(embed.get("fields").get(0).get("value").asString()).isEqualTo("Friday 09:00");
        assertThat(embed.get("image").get("url").asString()).isEqualTo("https://example.org/photo.png");
        assertThat(embed.get("footer").get("text").asString()).isEqualTo("Posted by Staffroom");
        JsonNode rows = body.get("components");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("components")).hasSize(5);
        assertThat(rows.get(1).get("components")).hasSize(1);
        assertThat(rows.get(1).get("components").get(0).get("custom_id").asString())
                .isEqualTo("test.press|6");
        assertThat(call.nonce())
                .isEqualTo(DiscordConnector.nonce("test:render"))
                .hasSizeLessThanOrEqualTo(25);
        assertThat(body.get("enforce_nonce").asBoolean()).isTrue();
        assertThat(body.get("allowed_mentions").get("parse")).isEmpty();
        assertThat(discord.message(HILLCREST_PD, Long.parseLong(sent.message().id())))
                .isPresent();
    }

    @Test
    void editsReactionsReadBackPermalinksAndDeletes() throws Exception {
        Delivery sent =
                post(Destination.channel(channel(SEVILLA, SEVILLA_QOTD)), Message.of("Pregunta del día"), "test:edit");
        long id = Long.parseLong(sent.message().id());

        chat.edit("test:edit", Message.of("Pregunta del día (editada)"));
        chat.react("test:edit", "✅");
        assertThat(chat.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        RecordedCall edit = discord.awaitCall("PATCH", "channels/" + SEVILLA_QOTD + "/messages/" + id);
        assertThat(edit.body().get("content").asString()).isEqualTo("Pregunta del día (editada)");
        assertThat(discord.message(SEVILLA_QOTD, id).orElseThrow().content()).isEqualTo("Pregunta del día (editada)");
        assertThat(discord.awaitCall("PUT", "channels/" + SEVILLA_QOTD + "/messages/" + id + "/reactions/✅/@me")
                        .status())
                .isEqualTo(204);

        discord.push(discord.events().reactionAdd(SEVILLA_QOTD, id, JAVIER, "👍"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> discord.reactions(id).containsKey("👍"));
        assertThat(chat.reactions(sent.message()))
                .as("the bot's own reaction is left out")
                .containsExactly(Map.entry("👍", List.of(user(SEVILLA, JAVIER))));
        assertThat(chat.permalink(sent.message()))
                .contains("https://discord.com/channels/" + SEVILLA + "/" + SEVILLA_QOTD + "/" + id);

        chat.delete("test:edit");
        assertThat(chat.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        assertThat(discord.calls("DELETE", "channels/" + SEVILLA_QOTD + "/messages/" + id))
                .hasSize(1);
        assertThat(discord.message(SEVILLA_QOTD, id)).isEmpty();
    }

    @Test
    void aReplyToAMessageWithoutAThreadOpensOneNamedAfterIt() {
        Dispatch root = discord.push(discord.events()
                .message(HILLCREST_PD, TESS, "Anyone tried retrieval practice?\nDetails below")
                .build());
        awaitOne(ChatEvent.MessagePosted.class, e -> e.message().id().equals(id(root)));

        Delivery reply = post(
                Destination.thread(new MessageRef(channel(HILLCREST, HILLCREST_PD), id(root), null)),
                Message.of("Yes, it works well."),
                "test:reply");

        RecordedCall thread =
                discord.awaitCall("POST", "channels/" + HILLCREST_PD + "/messages/" + id(root) + "/threads");
        assertThat(thread.body().get("name").asString()).isEqualTo("Anyone tried retrieval practice?");
        assertThat(reply.message().threadId()).isEqualTo(id(root));
        assertThat(discord.messages(root.id()))
                .extracting(FakeDiscord.StoredMessage::content)
                .containsExactly("Yes, it works well.");
    }

    @Test
    void aSlowWorkflowIsDeferredWithinThreeSecondsThenAnswered() {
        Dispatch slow = discord.push(discord.events()
                .slashCommand(HILLCREST_STAFFROOM, HARRY, "stafftest")
                .subcommand("slow")
                .build());

        JsonNode deferred = discord.awaitInteractionCallback(slow);
        assertThat(deferred.get("type").asInt()).as("deferred reply").isEqualTo(5);
        assertThat(deferred.get("data").get("flags").asInt() & 64).isEqualTo(64);
        assertThat(discord.interactionAckMillis(slow).getAsLong()).isBetween(2000L, 3000L);
        feature.release.countDown();

        RecordedCall answer = discord.awaitCall("PATCH", "webhooks/*/" + slow.token() + "/messages/@original");
        assertThat(answer.body().get("content").asString()).isEqualTo("slow answer");
        RecordedCall more = discord.awaitCall("POST", "webhooks/*/" + slow.token());
        assertThat(more.body().get("content").asString()).isEqualTo("and one more thing");
        assertThat(more.body().get("flags").asInt() & 64).isEqualTo(64);
    }

    @Test
    void userTextCannotPingAnyoneAndOnlyNamedPeopleAreMentioned() {
        Message message = Message.of(Rich.of("@everyone @here <@&" + SENIOR_LEADERSHIP + "> <@" + HARRY
                        + "> **not bold** [x](https://evil.example)\n# big\n")
                .mention(user(HILLCREST, GRACE), "Grace"));

        Delivery sent = post(Destination.channel(channel(HILLCREST, HILLCREST_STAFFROOM)), message, "test:mentions");

        JsonNode body = lastPost(HILLCREST_STAFFROOM, "test:mentions").body();
        assertThat(body.get("allowed_mentions").get("parse")).isEmpty();
        assertThat(body.get("allowed_mentions").get("users"))
                .extracting(JsonNode::asString)
                .containsExactly(id(GRACE));
        String content = body.get("content").asString();
        assertThat(content)
                .contains(
                        "@\u200Beveryone",
                        "@\u200Bhere",
                        "<\u200B@&" + SENIOR_LEADERSHIP + ">",
                        "<\u200B@" + HARRY + ">",
                        "\\*\\*not bold\\*\\*",
                        "\\[x\\]",
                        "\n\\# big",
                        "<@" + GRACE + ">");
        FakeDiscord.StoredMessage stored = discord.message(
                        HILLCREST_STAFFROOM, Long.parseLong(sent.message().id()))
                .orElseThrow();
        assertThat(stored.json().get("mention_everyone").asBoolean()).isFalse();
        assertThat(stored.json().get("mention_roles")).isEmpty();
        assertThat(stored.json().get("mentions"))
                .extracting(u -> u.get("id").asString())
                .containsExactly(id(GRACE));
        org.staffroom.reliability.Figures.report(
                "S5.discord",
                "cases",
                "@everyone,@here,role,user,**,[x](https://evil),#heading",
                "allowed_mentions_parse",
                body.get("allowed_mentions").get("parse").size(),
                "mention_everyone",
                stored.json().get("mention_everyone").asBoolean(),
                "pinged",
                stored.json().get("mentions").size() + "_named_only");
    }

    @Test
    void attachmentsDownloadOnlyFromDiscordsHosts() throws Exception {
        String url = "http://127.0.0.1:" + files.getAddress().getPort() + "/attachments/1/2/notes.txt";
        assertThat(chat.download(Platform.DISCORD, new Attachment("2", "notes.txt", "text/plain", 5, url)))
                .isEqualTo("notes".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> chat.download(
                        Platform.DISCORD,
                        new Attachment("3", "x", "text/plain", 5, "http://169.254.169.254/latest/meta-data")))
                .isInstanceOf(org.staffroom.chat.ChatUnavailableException.class)
                .satisfies(e -> assertThat(((org.staffroom.chat.ChatUnavailableException) e).permanent())
                        .isTrue());
    }

    // ---------------------------------------------------------------------------------------------
    // Duplicates, limits and faults

    @Test
    void duplicateDeliveriesChangeNothing() {
        Dispatch message = discord.push(
                discord.events()
                        .message(HILLCREST_PD, OMAR, "said once, delivered twice")
                        .build(),
                2);
        Dispatch reaction = discord.events().reactionAdd(HILLCREST_PD, message.id(), GRACE, "👏");
        discord.push(reaction, 2);
        Dispatch command = discord.events()
                .slashCommand(HILLCREST_PD, OMAR, "stafftest")
                .subcommand("run")
                .option("message", "once")
                .build();
        discord.push(command, 2);
        Dispatch marker = discord.push(discord.events()
                .message(HILLCREST_PD, OMAR, "after the duplicates")
                .build());

        awaitOne(ChatEvent.MessagePosted.class, e -> e.message().id().equals(id(marker)));
        discord.awaitInteractionCallback(command);
        awaitOne(ChatEvent.CommandInvoked.class, e -> e.interaction().id().equals(id(command)));
        assertThat(recorder.of(
                        ChatEvent.MessagePosted.class, e -> e.message().id().equals(id(message))))
                .hasSize(1);
        assertThat(recorder.of(
                        ChatEvent.ReactionAdded.class, e -> e.message().id().equals(id(message))))
                .hasSize(1);
        assertThat(recorder.of(
                        ChatEvent.CommandInvoked.class,
                        e -> e.interaction().id().equals(id(command))))
                .hasSize(1);
        assertThat(discord.calls("POST", "interactions/" + id(command) + "/*/callback"))
                .hasSize(1);
    }

    @Test
    void a429IsWaitedOutAndThePostArrivesExactlyOnce() {
        discord.injectFault(
                "POST", "channels/" + SEVILLA_PD + "/messages", RestFault.rateLimited(Duration.ofSeconds(1)));

        post(Destination.channel(channel(SEVILLA, SEVILLA_PD)), Message.of("after a 429"), "test:429");

        List<RecordedCall> calls = posts(SEVILLA_PD, "test:429");
        assertThat(calls).extracting(RecordedCall::status).containsExactly(429, 200);
        assertThat(Duration.ofNanos(calls.get(1).nanoTime() - calls.get(0).nanoTime()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(discord.rateLimits().earlyRequests()).isEmpty();
        assertThat(stored(SEVILLA_PD, "test:429")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"502", "reset", "500"})
    void aFailureAfterTheMessageWasCreatedLeavesOneMessage(String fault) {
        String key = "test:after-commit:" + fault;
        discord.injectFault(
                "POST",
                "channels/" + SEVILLA_STAFFROOM + "/messages",
                switch (fault) {
                    case "502" -> RestFault.errorAfterCommit(502); // JDA retries it at once with the same body
                    case "reset" -> RestFault.disconnectAfterCommit(); // OkHttp retries it silently
                    default -> RestFault.errorAfterCommit(500); // not retried by JDA: the delivery is retried later
                });

        Delivery sent = post(
                Destination.channel(channel(SEVILLA, SEVILLA_STAFFROOM)), Message.of("Exactly once, " + fault), key);

        List<RecordedCall> calls = posts(SEVILLA_STAFFROOM, key);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).status()).isEqualTo(200);
        assertThat(calls.get(1).nonce()).isEqualTo(calls.get(0).nonce());
        assertThat(stored(SEVILLA_STAFFROOM, key))
                .singleElement()
                .satisfies(m -> assertThat(id(m.id())).isEqualTo(sent.message().id()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"drop", "close4000"})
    void aDroppedGatewayResumesAndMissedEventsArriveOnce(String fault) {
        int identifies = discord.gateway().identifyCount();
        int resumes = discord.gateway().resumeCount();
        long resumedBefore = sessions.resumedCount();
        if (fault.equals("drop")) {
            discord.gateway().dropConnection();
        } else {
            discord.gateway().close(4000);
        }
        Dispatch missed = discord.push(discord.events()
                .message(SEVILLA_PD, JAVIER, "sent while away (" + fault + ")")
                .build());
        Dispatch reaction = discord.push(discord.events().reactionAdd(SEVILLA_PD, missed.id(), ISABEL, "🎉"));

        await().atMost(15, TimeUnit.SECONDS).until(() -> discord.gateway().resumeCount() == resumes + 1);
        awaitOne(ChatEvent.MessagePosted.class, e -> e.message().id().equals(id(missed)));
        awaitOne(ChatEvent.ReactionAdded.class, e -> e.message().id().equals(id(missed)));
        Dispatch after = discord.push(discord.events()
                .message(SEVILLA_PD, JAVIER, "after resuming (" + fault + ")")
                .build());
        awaitOne(ChatEvent.MessagePosted.class, e -> e.message().id().equals(id(after)));

        assertThat(recorder.of(
                        ChatEvent.MessagePosted.class, e -> e.message().id().equals(id(missed))))
                .hasSize(1);
        assertThat(recorder.of(
                        ChatEvent.ReactionAdded.class, e -> e.message().id().equals(id(missed))))
                .hasSize(1);
        assertThat(reaction.type()).isEqualTo("MESSAGE_REACTION_ADD");
        assertThat(discord.gateway().identifyCount())
                .as("resumed, not re-identified")
                .isEqualTo(identifies);
        await().atMost(5, TimeUnit.SECONDS).until(() -> sessions.resumedCount() == resumedBefore + 1);
    }

    @Test
    void anInvalidatedSessionIsIdentifiedAgainAndCounted() {
        int identifies = discord.gateway().identifyCount();
        long recreated = sessions.recreatedCount();

        discord.gateway().invalidateSession(false);

        await().atMost(15, TimeUnit.SECONDS).until(() -> sessions.recreatedCount() == recreated + 1);
        await().atMost(15, TimeUnit.SECONDS).until(() -> status().state() == ConnectorStatus.State.UP);
        assertThat(discord.gateway().identifyCount()).isEqualTo(identifies + 1);
        assertThat(status().detail()).contains((recreated + 1) + " recreated");
        assertThat(meters.get("staffroom.discord.gateway.sessions")
                        .tag("outcome", "recreated")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1.0);
        Dispatch after = discord.push(discord.events()
                .message(HILLCREST_PD, HARRY, "after the new session")
                .build());
        awaitOne(ChatEvent.MessagePosted.class, e -> e.message().id().equals(id(after)));
    }

    @Test
    void whenDiscordEndsTheSessionForGoodTheClientConnectsAgain() {
        int identifies = discord.gateway().identifyCount();

        // 4004 (authentication failed) cannot be resumed: JDA shuts itself down.
        discord.gateway().close(4004);

        await().atMost(15, TimeUnit.SECONDS).until(() -> discord.gateway().identifyCount() == identifies + 1);
        await().atMost(15, TimeUnit.SECONDS).until(() -> status().state() == ConnectorStatus.State.UP);
        Dispatch after = discord.push(discord.events()
                .message(SEVILLA_STAFFROOM, ISABEL, "after a new client")
                .build());
        awaitOne(ChatEvent.MessagePosted.class, e -> e.message().id().equals(id(after)));
    }

    @Test
    void aPostWhoseRecordWasLostIsFoundAgainByItsFingerprint() throws DeliveryException {
        ChannelRef review = channel(SEVILLA, SEVILLA_REVIEW);
        Instant since = Instant.now().minusSeconds(60);
        MessageRef first =
                connector.send(new OutboundPost(review, null, Message.of("Recuperado tras un fallo"), "test:crash:1"));
        MessageRef second =
                connector.send(new OutboundPost(review, null, Message.of("Recuperado tras un fallo"), "test:crash:2"));
        assertThat(second.id())
                .as("another key, another nonce: another message")
                .isNotEqualTo(first.id());
        // The process died after Discord created both messages, before anything recorded their ids.
        jdbc.sql("update discord_post set message_id = null where marker like 'test:crash:%'")
                .update();

        assertThat(connector.findByMarker(review, null, "test:crash:1", since))
                .get()
                .extracting(MessageRef::id)
                .isEqualTo(first.id());
        assertThat(connector.findByMarker(review, null, "test:crash:2", since))
                .as("not the message the first was matched to")
                .get()
                .extracting(MessageRef::id)
                .isEqualTo(second.id());
        assertThat(connector.findByMarker(review, null, "test:never-sent", since))
                .isEmpty();
        // The fingerprint covers embeds too: same text, different fields, different message.
        MessageRef withField = connector.send(new OutboundPost(
                review,
                null,
                Message.of("Recuperado tras un fallo").withField("Colegio", Rich.of("Sevilla")),
                "test:crash:3"));
        jdbc.sql("update discord_post set message_id = null where marker = 'test:crash:3'")
                .update();
        assertThat(connector.findByMarker(review, null, "test:crash:3", since))
                .get()
                .extracting(MessageRef::id)
                .isEqualTo(withField.id());
        // Sending again under a found key posts nothing new.
        assertThat(connector
                        .send(new OutboundPost(review, null, Message.of("Recuperado tras un fallo"), "test:crash:1"))
                        .id())
                .isEqualTo(first.id());
        assertThat(discord.messages(SEVILLA_REVIEW))
                .filteredOn(m -> m.content().equals("Recuperado tras un fallo"))
                .hasSize(3);

        // In a busy channel the post may be more than a page of history after the attempt.
        ChannelRef busy = channel(SEVILLA, SEVILLA_PD);
        Instant beforeChatter = Instant.now().minusSeconds(60);
        for (int i = 0; i < 150; i++)
            discord.push(
                    discord.events().message(SEVILLA_PD, JAVIER, "charla " + i).build());
        MessageRef late =
                connector.send(new OutboundPost(busy, null, Message.of("Tras mucha charla"), "test:crash:busy"));
        jdbc.sql("update discord_post set message_id = null where marker = 'test:crash:busy'")
                .update();
        assertThat(connector.findByMarker(busy, null, "test:crash:busy", beforeChatter))
                .get()
                .extracting(MessageRef::id)
                .isEqualTo(late.id());
        assertThat(discord.calls("GET", "channels/" + SEVILLA_PD + "/messages"))
                .as("history read page by page")
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void theIdentifyGuardSpacesAndStopsIdentifyStormsAcrossRestarts() throws InterruptedException {
        long used = new IdentifyGuard(store, Duration.ZERO, 1000).usedToday();
        assertThat(used).as("every IDENTIFY of this run was recorded").isGreaterThanOrEqualTo(1);

        IdentifyGuard spaced = new IdentifyGuard(store, Duration.ofMillis(400), 1000);
        spaced.beforeIdentify();
        long started = System.nanoTime();
        spaced.beforeIdentify();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        IdentifyGuard nearlyUsedUp = new IdentifyGuard(store, Duration.ZERO, (int) used + 3);
        nearlyUsedUp.beforeIdentify();
        assertThatThrownBy(nearlyUsedUp::beforeIdentify)
                .isInstanceOf(IdentifyGuard.Exhausted.class)
                .hasMessageContaining("IDENTIFYs in the last 24 h");
    }

    // ---------------------------------------------------------------------------------------------

    private ConnectorStatus status() {
        return connectors.statuses().get(Platform.DISCORD);
    }

    private Delivery post(Destination to, Message message, String key) {
        chat.post(to, message, key);
        assertThat(chat.awaitDelivered(Duration.ofSeconds(20))).isTrue();
        Delivery d = chat.delivery(key).orElseThrow();
        assertThat(d.state()).as("delivery %s: %s", key, d.error()).isEqualTo(Delivery.State.SENT);
        return d;
    }

    private List<RecordedCall> posts(long channelId, String key) {
        String nonce = DiscordConnector.nonce(key);
        return discord.calls("POST", "channels/" + channelId + "/messages").stream()
                .filter(c -> nonce.equals(c.nonce()))
                .toList();
    }

    private RecordedCall lastPost(long channelId, String key) {
        List<RecordedCall> calls = posts(channelId, key);
        assertThat(calls).isNotEmpty();
        return calls.get(calls.size() - 1);
    }

    private List<FakeDiscord.StoredMessage> stored(long channelId, String key) {
        String nonce = DiscordConnector.nonce(key);
        return discord.messages(channelId).stream()
                .filter(m -> nonce.equals(m.nonce()))
                .toList();
    }

    private List<RecordedCall> puts(long guild) {
        return discord.calls("PUT", "applications/*/guilds/" + guild + "/commands");
    }

    private <T extends ChatEvent> DiscordTestSupport.Recorder.Seen awaitOne(Class<T> type, Predicate<T> condition) {
        return await().atMost(15, TimeUnit.SECONDS)
                .until(() -> recorder.of(type, condition).stream().findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static <T extends ChatEvent> T event(DiscordTestSupport.Recorder.Seen seen) {
        return (T) seen.event();
    }

    private static JsonNode named(Iterable<? extends JsonNode> nodes, String name) {
        for (JsonNode n : nodes) {
            if (n.get("name").asString().equals(name)) return n;
        }
        throw new AssertionError("no " + name + " in " + nodes);
    }

    private static ChannelRef channel(long guild, long channel) {
        return new ChannelRef(Platform.DISCORD, id(guild), id(channel));
    }

    private static UserRef user(long guild, long user) {
        return new UserRef(Platform.DISCORD, id(guild), id(user));
    }

    private static String id(long snowflake) {
        return Long.toUnsignedString(snowflake);
    }

    private static String id(Dispatch dispatch) {
        return id(dispatch.id());
    }

    /** A stand-in CDN for attachment downloads. */
    private static HttpServer files() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/attachments/", exchange -> {
                byte[] body = "notes".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
