package org.staffroom.testing.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.selections.StringSelectMenu;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageReaction;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.emoji.Emoji;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.StringSelectInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageDeleteEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.MessageUpdateEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionRemoveEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Proves {@link FakeDiscord} against the real JDA 6.5 client: every test drives JDA through the fake and
 * asserts what JDA saw and what reached "Discord".
 */
class FakeDiscordTest {

    private static final Logger LOG = LoggerFactory.getLogger(FakeDiscordTest.class);

    static final long GUILD = 1_100_000_000_000_000_001L;
    static final long GENERAL = 1_100_000_000_000_000_101L;
    static final long KUDOS = 1_100_000_000_000_000_102L;
    static final long APPROVER_ROLE = 1_100_000_000_000_000_201L;
    static final long ALICE = 1_100_000_000_000_000_301L;
    static final long BOB = 1_100_000_000_000_000_302L;

    static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(
            GatewayIntent.GUILD_MESSAGES,
            GatewayIntent.MESSAGE_CONTENT,
            GatewayIntent.GUILD_MESSAGE_REACTIONS,
            GatewayIntent.DIRECT_MESSAGES);

    private final List<JDA> clients = new ArrayList<>();
    private final List<FakeDiscord> fakes = new ArrayList<>();
    private FakeDiscord discord;
    private JDA jda;
    private Recorder events;

    @BeforeEach
    void start() throws InterruptedException {
        discord = fake(FakeDiscord.builder());
        events = new Recorder();
        jda = connect(discord, INTENTS, events);
    }

    @AfterEach
    void stop() throws InterruptedException {
        // shutdown() (not shutdownNow) lets in-flight requests finish: interrupting JDA's rate-limit worker
        // between a response and its bucket update only produces noise in the log.
        for (JDA client : clients) {
            client.shutdown();
        }
        for (JDA client : clients) {
            if (!client.awaitShutdown(Duration.ofSeconds(5))) {
                client.shutdownNow();
            }
        }
        fakes.forEach(FakeDiscord::close);
    }

    private FakeDiscord fake(FakeDiscord.Builder builder) {
        FakeDiscord fake = builder.heartbeatInterval(Duration.ofSeconds(1))
                .guild(
                        GUILD,
                        "Oakfield Trust",
                        g -> g.textChannel(GENERAL, "general")
                                .textChannel(KUDOS, "kudos")
                                .role(APPROVER_ROLE, "Approver", 0)
                                .member(ALICE, "alice", "Alice", APPROVER_ROLE)
                                .member(BOB, "bob", "Bob"))
                .start();
        fakes.add(fake);
        return fake;
    }

    private JDA connect(FakeDiscord fake, EnumSet<GatewayIntent> intents, EventListener listener)
            throws InterruptedException {
        long started = System.nanoTime();
        JDA client = FakeDiscordJda.lightBuilder(fake, intents)
                .addEventListeners(listener)
                .build();
        clients.add(client);
        client.awaitReady();
        LOG.info("JDA ready against FakeDiscord in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return client;
    }

    private TextChannel general() {
        return jda.getTextChannelById(GENERAL);
    }

    // ---------------------------------------------------------------------------------------------
    // Login and events

    @Test
    void readyCachesTheGuildAndIdentifiesWithTheRequestedIntents() {
        Guild guild = jda.getGuildById(GUILD);
        assertThat(guild).isNotNull();
        assertThat(guild.getName()).isEqualTo("Oakfield Trust");
        assertThat(guild.getTextChannels()).extracting(TextChannel::getName).containsExactly("general", "kudos");
        assertThat(guild.getSelfMember().getIdLong()).isEqualTo(discord.botId());
        assertThat(guild.getRoleById(APPROVER_ROLE).getName()).isEqualTo("Approver");
        assertThat(jda.getSelfUser().getApplicationIdLong()).isEqualTo(discord.applicationId());

        assertThat(discord.calls("GET", "users/@me")).hasSize(1);
        assertThat(discord.calls("GET", "gateway")).hasSize(1);
        assertThat(discord.gateway().identifyCount()).isEqualTo(1);
        JsonNode identify = discord.gateway().identifies().get(0);
        // JDABuilder always adds GUILDS (bit 0) to the intents it was given.
        assertThat(identify.get("intents").asInt()).isEqualTo(GatewayIntent.getRaw(INTENTS) | Dispatch.GUILDS);
        assertThat(identify.get("token").asString()).isEqualTo("<redacted>");
        assertThat(jda.retrieveApplicationInfo().complete().getIdLong()).isEqualTo(discord.applicationId());
        assertThat(guild.retrieveMemberById(ALICE).complete().getUser().getName())
                .isEqualTo("alice");
        assertThat(discord.unmatchedCalls()).isEmpty();
    }

    @Test
    void wrongTokenIsRefusedAtLogin() {
        assertThatThrownBy(() -> FakeDiscordJda.wire(JDABuilder.createLight("not-the-token", INTENTS), discord)
                        .build())
                .isInstanceOf(InvalidTokenException.class);
        assertThat(discord.calls("GET", "users/@me"))
                .extracting(RecordedCall::status)
                .containsExactly(200, 401);
    }

    @Test
    void shardManagerFindsTheGatewayThroughGatewayBot() throws InterruptedException {
        Recorder shardEvents = new Recorder();
        ShardManager shards = DefaultShardManagerBuilder.createLight(discord.token(), INTENTS)
                .setRestConfig(new RestConfig().setBaseUrl(discord.restBaseUrl()))
                .setCompression(Compression.NONE)
                .addEventListeners(shardEvents)
                .build();
        try {
            JDA shard = shards.getShards().get(0);
            shard.awaitReady();
            assertThat(shard.getGuildById(GUILD)).isNotNull();
            assertThat(discord.calls("GET", "gateway/bot")).isNotEmpty();
            assertThat(discord.gateway().identifies().get(1).get("shard").toString())
                    .isEqualTo("[0,1]");

            Dispatch hello = discord.push(
                    discord.events().message(GENERAL, ALICE, "to both sessions").build());
            shardEvents.awaitOne(MessageReceivedEvent.class, e -> e.getMessageIdLong() == hello.id());
            // Two clients on the same shard both receive every event (why only one instance may hold it).
            events.awaitOne(MessageReceivedEvent.class, e -> e.getMessageIdLong() == hello.id());
        } finally {
            shards.shutdown();
        }
    }

    @Test
    void pushedMessageReachesTheListenerWithContentAttachmentsAndMentions() {
        Dispatch dispatch = discord.push(discord.events()
                .message(KUDOS, ALICE, "Great work <@" + BOB + "> #kudos")
                .attachment("certificate.png", "image/png", 2048)
                .mentions(BOB)
                .build());

        MessageReceivedEvent received =
                events.awaitOne(MessageReceivedEvent.class, e -> e.getMessageIdLong() == dispatch.id());
        assertThat(received.getMessage().getContentRaw()).isEqualTo("Great work <@" + BOB + "> #kudos");
        assertThat(received.getAuthor().getIdLong()).isEqualTo(ALICE);
        assertThat(received.getMember().getRoles())
                .extracting(r -> r.getIdLong())
                .containsExactly(APPROVER_ROLE);
        assertThat(received.getMessage().getAttachments())
                .singleElement()
                .satisfies(a -> assertThat(a.getFileName()).isEqualTo("certificate.png"));
        assertThat(received.getMessage().getMentions().getUsers())
                .extracting(User::getIdLong)
                .containsExactly(BOB);
        // The message now exists on "Discord": the bot can fetch it.
        assertThat(general()
                        .getGuild()
                        .getTextChannelById(KUDOS)
                        .retrieveMessageById(dispatch.id())
                        .complete()
                        .getContentRaw())
                .contains("#kudos");
    }

    @Test
    void withoutMessageContentIntentGuildMessagesArriveBlank() throws InterruptedException {
        Recorder noContent = new Recorder();
        FakeDiscord other = fake(FakeDiscord.builder());
        connect(other, EnumSet.of(GatewayIntent.GUILD_MESSAGES), noContent);

        Dispatch plain = other.push(
                other.events().message(GENERAL, ALICE, "no intent, no text").build());
        Dispatch mention = other.push(other.events()
                .message(GENERAL, ALICE, "<@" + other.botId() + "> hi")
                .mentions(other.botId())
                .build());

        assertThat(noContent
                        .awaitOne(MessageReceivedEvent.class, e -> e.getMessageIdLong() == plain.id())
                        .getMessage()
                        .getContentRaw())
                .isEmpty();
        assertThat(noContent
                        .awaitOne(MessageReceivedEvent.class, e -> e.getMessageIdLong() == mention.id())
                        .getMessage()
                        .getContentRaw())
                .isEqualTo("<@" + other.botId() + "> hi");
    }

    @Test
    void reactionAddReachesTheListenerAndIsVisibleThroughRest() {
        Message card = general().sendMessage("Draft: Year 6 trip").complete();
        discord.push(discord.events().reactionAdd(GENERAL, card.getIdLong(), ALICE, "✅"));

        MessageReactionAddEvent reaction =
                events.awaitOne(MessageReactionAddEvent.class, e -> e.getUserIdLong() == ALICE);
        assertThat(reaction.getMessageIdLong()).isEqualTo(card.getIdLong());
        assertThat(reaction.getEmoji()).isEqualTo(Emoji.fromUnicode("✅"));
        assertThat(reaction.getMember()).isNotNull();
        assertThat(reaction.getMessageAuthorIdLong()).isEqualTo(discord.botId());

        // Reconciliation after a reconnect reads reactions back from REST.
        Message fetched = general().retrieveMessageById(card.getIdLong()).complete();
        MessageReaction tick = fetched.getReaction(Emoji.fromUnicode("✅"));
        assertThat(tick.getCount()).isEqualTo(1);
        assertThat(tick.retrieveUsers().complete()).extracting(User::getIdLong).containsExactly(ALICE);
    }

    @Test
    void botReactionIsStoredAndEchoedLikeDiscordDoes() {
        Dispatch post = discord.push(
                discord.events().message(GENERAL, ALICE, "Thanks all!").build());
        Message message = events.awaitOne(MessageReceivedEvent.class, e -> e.getMessageIdLong() == post.id())
                .getMessage();

        message.addReaction(Emoji.fromUnicode("👍")).complete();

        assertThat(discord.calls("PUT", "channels/{c}/messages/{m}/reactions/👍/@me"))
                .hasSize(1);
        assertThat(discord.reactions(post.id())).containsEntry("👍", List.of(discord.botId()));
        events.awaitOne(MessageReactionAddEvent.class, e -> e.getUserIdLong() == discord.botId());
    }

    @Test
    void botReceivesItsOwnMessagesLikeOnDiscord() {
        Message sent = general().sendMessage("from the bot").complete();

        MessageReceivedEvent echo =
                events.awaitOne(MessageReceivedEvent.class, e -> e.getMessageIdLong() == sent.getIdLong());
        assertThat(echo.getAuthor().getIdLong()).isEqualTo(jda.getSelfUser().getIdLong());
        assertThat(echo.getAuthor().isBot()).isTrue();
    }

    @Test
    void userEditsAndReactionRemovalsReachTheListener() {
        Dispatch post = discord.push(
                discord.events().message(GENERAL, ALICE, "first draft").build());
        discord.push(discord.events().reactionAdd(GENERAL, post.id(), BOB, "🎉"));
        events.awaitOne(MessageReactionAddEvent.class, e -> e.getUserIdLong() == BOB);

        discord.push(discord.events().messageUpdate(GENERAL, post.id(), "second draft"));
        discord.push(discord.events().reactionRemove(GENERAL, post.id(), BOB, "🎉"));

        assertThat(events.awaitOne(MessageUpdateEvent.class, e -> e.getMessageIdLong() == post.id())
                        .getMessage()
                        .getContentRaw())
                .isEqualTo("second draft");
        events.awaitOne(MessageReactionRemoveEvent.class, e -> e.getUserIdLong() == BOB);
        assertThat(discord.reactions(post.id())).isEmpty();
        assertThat(discord.message(GENERAL, post.id()).orElseThrow().content()).isEqualTo("second draft");
    }

    @Test
    void burstOfEventsArrivesInOrder() {
        List<Dispatch> burst = discord.pushBurst(
                50,
                i -> discord.events()
                        .message(GENERAL, i % 2 == 0 ? ALICE : BOB, "message " + i)
                        .build());

        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> events.of(MessageReceivedEvent.class).size() >= 50);
        assertThat(events.of(MessageReceivedEvent.class))
                .extracting(MessageReceivedEvent::getMessageIdLong)
                .containsExactlyElementsOf(burst.stream().map(Dispatch::id).toList());
        assertThat(jda.getResponseTotal())
                .as("sequence numbers increase per dispatch")
                .isGreaterThanOrEqualTo(50 + 1 + 1);
    }

    @Test
    void uploadedFilesBecomeAttachments() {
        Message sent = general()
                .sendMessage("photo")
                .addFiles(FileUpload.fromData(new byte[] {1, 2, 3, 4}, "sports-day.jpg"))
                .complete();

        RecordedCall post = discord.awaitCall("POST", "channels/{channel_id}/messages");
        assertThat(post.files()).containsExactly("sports-day.jpg");
        assertThat(post.body().get("content").asString()).isEqualTo("photo");
        assertThat(sent.getAttachments()).singleElement().satisfies(a -> {
            assertThat(a.getFileName()).isEqualTo("sports-day.jpg");
            assertThat(a.getSize()).isEqualTo(4);
        });
    }

    @Test
    void duplicateDeliveryReachesTheListenerTwice() {
        Dispatch dispatch = discord.push(
                discord.events().message(GENERAL, ALICE, "once, twice").build(), 2);

        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> events.of(MessageReceivedEvent.class).stream()
                                .filter(e -> e.getMessageIdLong() == dispatch.id())
                                .count()
                        == 2);
        assertThat(discord.messages(GENERAL)).hasSize(1);
    }

    // ---------------------------------------------------------------------------------------------
    // Interactions

    @Test
    void slashCommandWithSubcommandAndOptionsGetsAnEphemeralReply() {
        AtomicReference<String> seen = new AtomicReference<>();
        jda.addEventListener(new ListenerAdapter() {
            @Override
            public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
                seen.set(event.getName() + " " + event.getSubcommandName() + " "
                        + event.getOption("who").getAsUser().getName() + " "
                        + event.getOption("reason").getAsString() + " "
                        + event.getOption("points").getAsLong()
                        + " " + event.getOption("public").getAsBoolean());
                event.reply("Kudos recorded").setEphemeral(true).queue();
            }
        });

        Dispatch command = discord.push(discord.events()
                .slashCommand(KUDOS, ALICE, "kudos")
                .subcommand("give")
                .userOption("who", BOB)
                .option("reason", "ran the science fair")
                .option("points", 3)
                .option("public", false)
                .build());

        JsonNode callback = discord.awaitInteractionCallback(command);
        assertThat(callback.get("type").asInt()).isEqualTo(4);
        assertThat(callback.get("data").get("content").asString()).isEqualTo("Kudos recorded");
        assertThat(callback.get("data").get("flags").asInt() & 64).isEqualTo(64);
        assertThat(seen.get()).isEqualTo("kudos give bob ran the science fair 3 false");
        assertThat(discord.interactionAnswer(command).ackLatency()).isPresent();
        assertThat(discord.messages(KUDOS))
                .as("ephemeral replies are not channel messages")
                .isEmpty();
    }

    @Test
    void deferredReplyIsCompletedByEditingTheOriginal() {
        jda.addEventListener(new ListenerAdapter() {
            @Override
            public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
                event.deferReply()
                        .queue(hook -> hook.editOriginal("Done")
                                .queue(done -> hook.sendMessage("Follow-up")
                                        .setEphemeral(true)
                                        .queue()));
            }
        });

        Dispatch command = discord.push(
                discord.events().slashCommand(GENERAL, ALICE, "qotd").build());

        assertThat(discord.awaitInteractionCallback(command).get("type").asInt())
                .isEqualTo(5);
        RecordedCall edit = discord.awaitCall("PATCH", "webhooks/*/" + command.token() + "/messages/@original");
        assertThat(edit.status()).isEqualTo(200);
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> discord.messages(GENERAL).stream()
                        .anyMatch(m -> "Done".equals(m.content()) && (m.flags() & 128) == 0));
        RecordedCall followUp = discord.awaitCall("POST", "webhooks/*/" + command.token());
        assertThat(followUp.status()).isEqualTo(200);
        assertThat(followUp.query()).containsEntry("wait", "true");
        assertThat(followUp.body().get("flags").asInt() & 64).isEqualTo(64);
    }

    @Test
    void stringSelectValuesAreReadable() {
        AtomicReference<List<String>> values = new AtomicReference<>();
        jda.addEventListener(new ListenerAdapter() {
            @Override
            public void onStringSelectInteraction(StringSelectInteractionEvent event) {
                values.set(event.getValues());
                event.deferEdit().queue();
            }
        });
        Message card = general()
                .sendMessage("Which schools?")
                .addComponents(ActionRow.of(StringSelectMenu.create("schools")
                        .addOption("Oakfield", "oakfield")
                        .addOption("Elmwood", "elmwood")
                        .build()))
                .complete();

        Dispatch choice =
                discord.push(discord.events().stringSelect(GENERAL, ALICE, card.getIdLong(), "schools", "elmwood"));

        assertThat(discord.awaitInteractionCallback(choice).get("type").asInt()).isEqualTo(6);
        assertThat(values.get()).containsExactly("elmwood");
    }

    @Test
    void buttonOpensAModal() {
        jda.addEventListener(new ListenerAdapter() {
            @Override
            public void onButtonInteraction(ButtonInteractionEvent event) {
                event.replyModal(Modal.create("reject:" + event.getMessageId(), "Reject draft")
                                .addComponents(Label.of(
                                        "Why",
                                        TextInput.create("why", TextInputStyle.SHORT)
                                                .build()))
                                .build())
                        .queue();
            }
        });
        Message card = general()
                .sendMessage("Draft: sports day")
                .addComponents(ActionRow.of(Button.danger("reject", "Reject")))
                .complete();

        Dispatch click = discord.push(discord.events().button(GENERAL, ALICE, card.getIdLong(), "reject"));

        JsonNode callback = discord.awaitInteractionCallback(click);
        assertThat(callback.get("type").asInt()).isEqualTo(9);
        assertThat(callback.get("data").get("custom_id").asString()).isEqualTo("reject:" + card.getId());
        JsonNode label = callback.get("data").get("components").get(0);
        assertThat(label.get("type").asInt()).isEqualTo(18);
        assertThat(label.get("component").get("custom_id").asString()).isEqualTo("why");
    }

    @Test
    void modalSubmitValuesAreReadable() {
        AtomicReference<String> why = new AtomicReference<>();
        AtomicReference<List<String>> schools = new AtomicReference<>();
        jda.addEventListener(new ListenerAdapter() {
            @Override
            public void onModalInteraction(ModalInteractionEvent event) {
                why.set(event.getValue("why").getAsString());
                schools.set(event.getValue("schools").getAsStringList());
                event.reply("Thanks").setEphemeral(true).queue();
            }
        });

        Dispatch submit = discord.push(discord.events()
                .modalSubmit(GENERAL, ALICE, "reject:42")
                .textInput("why", "Photo shows a pupil without consent")
                .stringSelect("schools", "oakfield", "elmwood")
                .build());

        assertThat(discord.awaitInteractionCallback(submit).get("type").asInt()).isEqualTo(4);
        assertThat(why.get()).isEqualTo("Photo shows a pupil without consent");
        assertThat(schools.get()).containsExactly("oakfield", "elmwood");
    }

    @Test
    void messageContextCommandCarriesTheTargetMessage() {
        AtomicReference<String> target = new AtomicReference<>();
        jda.addEventListener(new ListenerAdapter() {
            @Override
            public void onMessageContextInteraction(MessageContextInteractionEvent event) {
                target.set(event.getTarget().getContentRaw());
                event.reply("Nominated").setEphemeral(true).queue();
            }
        });
        Dispatch post = discord.push(
                discord.events().message(GENERAL, BOB, "Our choir won!").build());

        Dispatch command = discord.push(discord.events().messageCommand(GENERAL, ALICE, "Nominate", post.id()));

        assertThat(discord.awaitInteractionCallback(command).get("type").asInt())
                .isEqualTo(4);
        assertThat(target.get()).isEqualTo("Our choir won!");
    }

    @Test
    void lateInteractionCallbackIsRefusedAsUnknownInteraction() throws InterruptedException {
        Recorder slowEvents = new Recorder();
        FakeDiscord strict = fake(FakeDiscord.builder().interactionAckDeadline(Duration.ofMillis(200)));
        JDA slow = connect(strict, INTENTS, slowEvents);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        slow.addEventListener(new ListenerAdapter() {
            @Override
            public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
                event.getJDA()
                        .getGatewayPool()
                        .schedule(() -> event.reply("late").queue(null, failure::set), 400, TimeUnit.MILLISECONDS);
            }
        });

        strict.push(strict.events().slashCommand(GENERAL, ALICE, "kudos").build());

        await().atMost(5, TimeUnit.SECONDS).until(() -> failure.get() != null);
        assertThat(failure.get()).isInstanceOf(ErrorResponseException.class);
        assertThat(((ErrorResponseException) failure.get()).getErrorCode()).isEqualTo(10062);
    }

    @Test
    void commandRegistrationIsRecordedWithIds() {
        List<Command> global = jda.updateCommands()
                .addCommands(Commands.slash("kudos", "Give kudos")
                        .addSubcommands(new SubcommandData("give", "Give kudos")
                                .addOption(OptionType.USER, "who", "Who", true)
                                .addOption(OptionType.STRING, "reason", "Why", true)))
                .complete();
        List<Command> guild = jda.getGuildById(GUILD)
                .updateCommands()
                .addCommands(Commands.message("Nominate"))
                .complete();

        assertThat(discord.calls("PUT", "applications/{app}/commands")).hasSize(1);
        assertThat(discord.calls("PUT", "applications/{app}/guilds/{guild}/commands"))
                .hasSize(1);
        assertThat(global).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo("kudos");
            assertThat(c.getSubcommands())
                    .extracting(Command.Subcommand::getName)
                    .containsExactly("give");
        });
        assertThat(discord.globalCommands())
                .singleElement()
                .satisfies(c -> assertThat(c.get("id").asString())
                        .isEqualTo(global.get(0).getId()));
        assertThat(guild).singleElement().satisfies(c -> assertThat(c.getType()).isEqualTo(Command.Type.MESSAGE));
        assertThat(discord.guildCommands(GUILD)).hasSize(1);

        // A registered command's interaction carries its id.
        Dispatch command = discord.events()
                .slashCommand(GENERAL, ALICE, "kudos")
                .subcommand("give")
                .build();
        assertThat(command.data().get("data").get("id").asString())
                .isEqualTo(global.get(0).getId());
    }

    // ---------------------------------------------------------------------------------------------
    // Sending: nonces, mentions, threads, DMs, history

    @Test
    void nonceIsSentWithEnforceNonceAndDeduplicatesARepost() {
        Message first = general()
                .sendMessage("QOTD: favourite book?")
                .setNonce("qotd-2026-11-25")
                .complete();
        Message again = general()
                .sendMessage("QOTD: favourite book?")
                .setNonce("qotd-2026-11-25")
                .complete();

        List<RecordedCall> posts = discord.calls("POST", "channels/{channel_id}/messages");
        assertThat(posts).hasSize(2).allSatisfy(c -> {
            assertThat(c.nonce()).isEqualTo("qotd-2026-11-25");
            assertThat(c.body().get("enforce_nonce").asBoolean()).isTrue();
        });
        assertThat(first.getNonce()).isEqualTo("qotd-2026-11-25");
        assertThat(again.getIdLong()).as("same nonce, same message").isEqualTo(first.getIdLong());
        assertThat(discord.messages(GENERAL)).hasSize(1);
    }

    @Test
    void embedsComeBackAsRichEmbedsThatJdaCanRead() {
        Message sent = general()
                .sendMessageEmbeds(new net.dv8tion.jda.api.EmbedBuilder()
                        .addField("When", "Friday", false)
                        .setFooter("Staffroom")
                        .build())
                .complete();

        assertThat(sent.getEmbeds()).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(net.dv8tion.jda.api.entities.EmbedType.RICH);
            assertThat(e.getFields()).extracting(f -> f.getValue()).containsExactly("Friday");
        });
        assertThat(general().retrieveMessageById(sent.getIdLong()).complete().getEmbeds())
                .hasSize(1);
        sent.editMessageEmbeds(new net.dv8tion.jda.api.EmbedBuilder()
                        .setDescription("changed")
                        .build())
                .complete();
        assertThat(general().retrieveMessageById(sent.getIdLong()).complete().getEmbeds())
                .singleElement()
                .satisfies(e -> assertThat(e.getDescription()).isEqualTo("changed"));
    }

    @Test
    void jdaSendsARandomNonceWithEnforceNonceByDefault() {
        general().sendMessage("hello").complete();

        RecordedCall post = discord.awaitCall("POST", "channels/{channel_id}/messages");
        assertThat(post.nonce()).isNotBlank();
        assertThat(post.body().get("enforce_nonce").asBoolean()).isTrue();
    }

    @Test
    void defaultMentionsNoneSendsAnEmptyParseListAndPingsNobody() {
        EnumSet<Message.MentionType> previous = EnumSet.copyOf(MessageRequest.getDefaultMentions());
        try {
            // The setting is JVM-wide and an application sets it once at start (the Discord adapter does):
            // put JDA's factory default back explicitly rather than assume no one changed it.
            MessageRequest.setDefaultMentions(EnumSet.allOf(Message.MentionType.class));
            general().sendMessage("@everyone see <@" + ALICE + ">").complete();
            MessageRequest.setDefaultMentions(EnumSet.noneOf(Message.MentionType.class));
            general().sendMessage("@everyone see <@" + ALICE + ">").complete();
        } finally {
            MessageRequest.setDefaultMentions(previous);
        }

        List<RecordedCall> posts = discord.calls("POST", "channels/{channel_id}/messages");
        assertThat(posts.get(1).body().get("allowed_mentions").get("parse")).isEmpty();
        List<FakeDiscord.StoredMessage> stored = discord.messages(GENERAL);
        assertThat(stored.get(0).json().get("mention_everyone").asBoolean())
                .as("JDA's default parses @everyone")
                .isTrue();
        assertThat(stored.get(1).json().get("mention_everyone").asBoolean()).isFalse();
        assertThat(stored.get(1).json().get("mentions")).isEmpty();
    }

    @Test
    void threadFromMessageHasTheMessageIdAndIsAnnouncedOnTheGateway() {
        Message card = general().sendMessage("Q1: what went well?").complete();

        ThreadChannel thread = card.createThreadChannel("Q1 answers").complete();

        assertThat(thread.getIdLong()).isEqualTo(card.getIdLong());
        assertThat(thread.getParentChannel().getIdLong()).isEqualTo(GENERAL);
        assertThat(discord.channel(thread.getIdLong())).isPresent();
        assertThat(discord.calls("POST", "channels/{c}/messages/{m}/threads"))
                .singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(201));

        Dispatch answer = discord.push(discord.events()
                .message(thread.getIdLong(), ALICE, "Sports day")
                .build());
        MessageReceivedEvent received =
                events.awaitOne(MessageReceivedEvent.class, e -> e.getMessageIdLong() == answer.id());
        assertThat(received.getChannelType()).isEqualTo(ChannelType.GUILD_PUBLIC_THREAD);

        thread.sendMessage("Thanks!").complete();
        assertThat(discord.messages(thread.getIdLong()))
                .extracting(FakeDiscord.StoredMessage::content)
                .containsExactly("Sports day", "Thanks!");
        assertThatThrownBy(() -> card.createThreadChannel("again").complete())
                .isInstanceOf(ErrorResponseException.class);

        ThreadChannel staffOnly =
                general().createThreadChannel("Staff only", true).complete();
        assertThat(staffOnly.getType()).isEqualTo(ChannelType.GUILD_PRIVATE_THREAD);
        await().atMost(5, TimeUnit.SECONDS).until(() -> jda.getThreadChannelById(staffOnly.getIdLong()) != null);
    }

    @Test
    void threadCreatedByAUserIsCachedAndCarriesMessages() {
        long threadId = 1_100_000_000_000_000_999L;
        discord.push(discord.events().threadCreate(KUDOS, threadId, "Shout-outs", ALICE));
        Dispatch inThread = discord.push(
                discord.events().message(threadId, BOB, "Thanks Alice").build());

        MessageReceivedEvent received =
                events.awaitOne(MessageReceivedEvent.class, e -> e.getMessageIdLong() == inThread.id());
        assertThat(received.getChannel().asThreadChannel().getParentChannel().getIdLong())
                .isEqualTo(KUDOS);
        assertThat(received.getChannel().getName()).isEqualTo("Shout-outs");
    }

    @Test
    void directMessagesBothWays() {
        long dm = discord.dmChannel(ALICE);
        Dispatch incoming = discord.push(
                discord.events().message(dm, ALICE, "Can I opt out?").build());
        MessageReceivedEvent received =
                events.awaitOne(MessageReceivedEvent.class, e -> e.getMessageIdLong() == incoming.id());
        assertThat(received.isFromType(ChannelType.PRIVATE)).isTrue();
        assertThat(received.getMessage().getContentRaw()).isEqualTo("Can I opt out?");

        PrivateChannel channel =
                jda.retrieveUserById(ALICE).complete().openPrivateChannel().complete();
        channel.sendMessage("Yes, done.").complete();

        assertThat(channel.getIdLong()).isEqualTo(dm);
        assertThat(discord.messages(dm))
                .extracting(FakeDiscord.StoredMessage::content)
                .containsExactly("Can I opt out?", "Yes, done.");
    }

    @Test
    void historyEditAndDelete() {
        Message one = general().sendMessage("one").complete();
        Message two = general().sendMessage("two").complete();
        Message three = general().sendMessage("three").complete();

        assertThat(general().getHistory().retrievePast(2).complete())
                .extracting(Message::getContentRaw)
                .containsExactly("three", "two");
        assertThat(general().getHistoryBefore(two, 10).complete().getRetrievedHistory())
                .extracting(Message::getContentRaw)
                .containsExactly("one");

        two.editMessage("two (edited)").complete();
        three.delete().complete();

        assertThat(discord.messages(GENERAL))
                .extracting(FakeDiscord.StoredMessage::content)
                .containsExactly("one", "two (edited)");
        events.awaitOne(MessageDeleteEvent.class, e -> e.getMessageIdLong() == three.getIdLong());
        assertThat(one.getIdLong()).isLessThan(two.getIdLong());
    }

    @Test
    void unknownRouteAnswers404AndIsRecorded() {
        Message message = general().sendMessage("pin me").complete();

        assertThatThrownBy(() -> message.pin().complete()).isInstanceOf(ErrorResponseException.class);

        assertThat(discord.unmatchedCalls())
                .singleElement()
                .satisfies(c -> assertThat(c.path()).contains("pins"));
    }

    // ---------------------------------------------------------------------------------------------
    // REST faults and rate limits

    @Test
    void rateLimitedPostIsRetriedAfterRetryAfterAndPostsOnce() {
        discord.injectFault("POST", "channels/*/messages", RestFault.rateLimited(Duration.ofSeconds(1)));

        Message message = general().sendMessage("after the 429").setNonce("r13").complete();

        List<RecordedCall> posts = discord.calls("POST", "channels/*/messages");
        assertThat(posts).extracting(RecordedCall::status).containsExactly(429, 200);
        assertThat(Duration.ofNanos(posts.get(1).nanoTime() - posts.get(0).nanoTime()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(discord.rateLimits().earlyRequests()).isEmpty();
        assertThat(discord.messages(GENERAL))
                .singleElement()
                .satisfies(m -> assertThat(m.id()).isEqualTo(message.getIdLong()));
    }

    @Test
    void globalRateLimitPausesOtherRoutesToo() {
        discord.injectFault("POST", "channels/*/messages", RestFault.globalRateLimited(Duration.ofSeconds(1)));

        var post = general().sendMessage("global").submit();
        RecordedCall limited = discord.awaitCall("POST", "channels/*/messages", c -> c.status() == 429);
        assertThat(limited.status()).isEqualTo(429);
        // Once JDA has read the 429 it holds every other (non-interaction) bucket as well. Wait for that
        // (JDA's internal handle) so the next request cannot race the 429's arrival.
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> ((net.dv8tion.jda.internal.JDAImpl) jda)
                                .getSessionController()
                                .getRateLimitHandle()
                                .getClassic()
                        > System.currentTimeMillis());
        var other = jda.getTextChannelById(KUDOS).sendMessage("other bucket").submit();
        post.join();
        other.join();

        RecordedCall otherCall =
                discord.calls("POST", "channels/" + KUDOS + "/messages").get(0);
        assertThat(Duration.ofNanos(otherCall.nanoTime() - limited.nanoTime()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(discord.rateLimits().earlyRequests()).isEmpty();
        assertThat(discord.messages(GENERAL)).hasSize(1);
        assertThat(discord.messages(KUDOS)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void badGatewayAfterCreateWithTheSameNonceLeavesOneMessage(boolean explicitNonce) {
        discord.injectFault("POST", "channels/*/messages", RestFault.errorAfterCommit(502));

        var action = general().sendMessage("Reminder: reports due Friday");
        Message message = (explicitNonce ? action.setNonce("r14-occurrence-7") : action).complete();

        List<RecordedCall> posts = discord.calls("POST", "channels/*/messages");
        assertThat(posts).extracting(RecordedCall::status).containsExactly(502, 200);
        assertThat(posts.get(1).nonce()).isEqualTo(posts.get(0).nonce());
        assertThat(discord.messages(GENERAL))
                .singleElement()
                .satisfies(m -> assertThat(m.id()).isEqualTo(message.getIdLong()));
    }

    @Test
    void connectionResetAfterCreateIsRetriedByOkHttpAndTheNonceKeepsOneMessage() {
        discord.injectFault("POST", "channels/*/messages", RestFault.disconnectAfterCommit());

        Message message = general().sendMessage("Reset after commit").complete();

        List<RecordedCall> posts = discord.calls("POST", "channels/*/messages");
        assertThat(posts).extracting(RecordedCall::status).containsExactly(0, 200);
        assertThat(posts.get(1).nonce()).isEqualTo(posts.get(0).nonce());
        assertThat(discord.messages(GENERAL))
                .singleElement()
                .satisfies(m -> assertThat(m.id()).isEqualTo(message.getIdLong()));
    }

    @Test
    void delayedAnswerStillSucceeds() {
        discord.injectFault("PUT", "channels/*/messages/*/reactions/**", RestFault.delay(Duration.ofMillis(300)));
        Message message = general().sendMessage("slow reaction").complete();

        long started = System.nanoTime();
        message.addReaction(Emoji.fromUnicode("👀")).complete();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(discord.reactions(message.getIdLong())).containsKey("👀");
    }

    @Test
    void enforcedRateLimitsPaceJdaWithoutViolations() {
        discord.rateLimits().enforce(true);

        List<CompletableFuture<Message>> sent = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sent.add(general().sendMessage("burst " + i).submit());
        }
        sent.forEach(CompletableFuture::join);

        List<RecordedCall> posts = discord.calls("POST", "channels/*/messages");
        assertThat(posts).extracting(RecordedCall::status).containsOnly(200);
        assertThat(posts.get(4).header("content-type")).startsWith("application/json");
        assertThat(Duration.ofNanos(posts.get(5).nanoTime() - posts.get(0).nanoTime()))
                .as("the sixth message waits for the 5 s window")
                .isGreaterThanOrEqualTo(Duration.ofMillis(4900));
        assertThat(discord.rateLimits().violations()).isEmpty();
        assertThat(discord.messages(GENERAL)).hasSize(7);
    }

    @Test
    void enforcementRecordsAClientThatIgnoresTheLimits() throws Exception {
        discord.rateLimits().enforce(true);
        HttpClient client = HttpClient.newHttpClient();
        int tooMany = 0;
        for (int i = 0; i < 6; i++) {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(discord.restBaseUrl() + "channels/" + GENERAL + "/messages"))
                    .header("Authorization", "Bot " + discord.token())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"spam " + i + "\"}"))
                    .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429) {
                tooMany++;
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                assertThat(response.headers().firstValue("Via")).contains("1.1 google");
            } else {
                assertThat(response.headers().firstValue("X-RateLimit-Remaining"))
                        .isPresent();
            }
        }

        assertThat(tooMany).isEqualTo(1);
        assertThat(discord.rateLimits().violations())
                .singleElement()
                .satisfies(v -> assertThat(v.kind()).isEqualTo(RateLimits.Kind.ROUTE_EXCEEDED));
        assertThat(discord.messages(GENERAL)).hasSize(5);
    }

    @Test
    void enforcementAnswersAGlobal429BeyondTheGlobalLimit() throws Exception {
        discord.rateLimits().enforce(true).global(3, Duration.ofSeconds(1));
        HttpClient client = HttpClient.newHttpClient();
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (long channel : new long[] {GENERAL, KUDOS, GENERAL, KUDOS}) {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(discord.restBaseUrl() + "channels/" + channel + "/messages?limit=1"))
                    .header("Authorization", "Bot " + discord.token())
                    .GET()
                    .build();
            responses.add(client.send(request, HttpResponse.BodyHandlers.ofString()));
        }

        assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 200, 429);
        assertThat(responses.get(3).headers().firstValue("X-RateLimit-Global")).contains("true");
        assertThat(Json.parse(responses.get(3).body()).get("global").asBoolean())
                .isTrue();
        assertThat(discord.rateLimits().violations())
                .singleElement()
                .satisfies(v -> assertThat(v.kind()).isEqualTo(RateLimits.Kind.GLOBAL_EXCEEDED));
    }

    // ---------------------------------------------------------------------------------------------
    // Gateway faults

    @ParameterizedTest
    @ValueSource(strings = {"drop", "close4000", "reconnect", "zombie"})
    void resumeReplaysMissedEventsExactlyOnce(String fault) {
        Dispatch before =
                discord.push(discord.events().message(GENERAL, ALICE, "before").build());
        events.awaitOne(MessageReceivedEvent.class, e -> e.getMessageIdLong() == before.id());

        switch (fault) {
            case "drop" -> discord.gateway().dropConnection();
            case "close4000" -> discord.gateway().close(4000);
            case "reconnect" -> discord.gateway().requestReconnect();
            case "zombie" -> {
                discord.gateway().stopHeartbeatAcks();
                await().atMost(10, TimeUnit.SECONDS)
                        .until(() -> discord.gateway().connectionCount() >= 2);
                discord.gateway().resumeHeartbeatAcks();
            }
            default -> throw new IllegalArgumentException(fault);
        }
        // Pushed while the client is away (or about to be): buffered in the session and replayed on RESUME.
        Dispatch missed1 = discord.push(
                discord.events().message(GENERAL, ALICE, "missed 1").build());
        Dispatch missed2 = discord.push(discord.events().reactionAdd(GENERAL, before.id(), BOB, "✅"));

        await().atMost(10, TimeUnit.SECONDS).until(() -> discord.gateway().resumeCount() == 1);
        events.awaitOne(MessageReceivedEvent.class, e -> e.getMessageIdLong() == missed1.id());
        events.awaitOne(MessageReactionAddEvent.class, e -> e.getUserIdLong() == BOB);
        Dispatch after =
                discord.push(discord.events().message(GENERAL, ALICE, "after").build());
        events.awaitOne(MessageReceivedEvent.class, e -> e.getMessageIdLong() == after.id());

        assertThat(events.count(MessageReceivedEvent.class, e -> e.getMessageIdLong() == before.id()))
                .isEqualTo(1);
        assertThat(events.count(MessageReceivedEvent.class, e -> e.getMessageIdLong() == missed1.id()))
                .isEqualTo(1);
        assertThat(events.count(MessageReactionAddEvent.class, e -> e.getUserIdLong() == BOB))
                .isEqualTo(1);
        assertThat(discord.gateway().identifyCount()).isEqualTo(1);
        if (fault.equals("drop") || fault.equals("close4000")) {
            // The connection was gone before the push, so both events can only have come by replay.
            assertThat(discord.gateway().replayedCount()).isGreaterThanOrEqualTo(2);
        }
        assertThat(missed2.type()).isEqualTo("MESSAGE_REACTION_ADD");
    }

    @Test
    void invalidSessionNotResumableMakesJdaIdentifyAgain() {
        discord.gateway().invalidateSession(false);

        await().atMost(10, TimeUnit.SECONDS).until(() -> discord.gateway().identifyCount() == 2);
        events.awaitOne(SessionRecreateEvent.class, e -> true);
        await().atMost(5, TimeUnit.SECONDS).until(() -> jda.getStatus() == JDA.Status.CONNECTED);
        assertThat(jda.getGuildById(GUILD)).isNotNull();
        assertThat(discord.gateway().resumeCount()).isZero();

        Dispatch after = discord.push(
                discord.events().message(GENERAL, ALICE, "after re-identify").build());
        events.awaitOne(MessageReceivedEvent.class, e -> e.getMessageIdLong() == after.id());
    }

    @Test
    void invalidSessionResumableMakesJdaResume() {
        discord.gateway().invalidateSession(true);

        await().atMost(10, TimeUnit.SECONDS).until(() -> discord.gateway().resumeCount() == 1);
        assertThat(discord.gateway().identifyCount()).isEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------------

    /** Collects every JDA event. */
    static final class Recorder implements EventListener {
        private final List<GenericEvent> all = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(GenericEvent event) {
            all.add(event);
        }

        <T> List<T> of(Class<T> type) {
            return all.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T> long count(Class<T> type, Predicate<T> condition) {
            return of(type).stream().filter(condition).count();
        }

        <T> T awaitOne(Class<T> type, Predicate<T> condition) {
            return await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> of(type).stream().filter(condition).findFirst(), Optional::isPresent)
                    .orElseThrow();
        }
    }

    /** Discord's content and embed limits are refused with 50035 on posts and edits alike, and nothing is stored. */
    @Test
    void contentAndEmbedLimitsAreRefusedWithInvalidFormBody() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String messages = discord.restBaseUrl() + "channels/" + GENERAL + "/messages";
        HttpResponse<String> ok = send(client, "POST", messages, "{\"content\":\"" + "x".repeat(2000) + "\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        long id = Json.parse(ok.body()).get("id").asLong();

        List<String> refused = List.of(
                "{\"content\":\"" + "x".repeat(2001) + "\"}",
                "{\"embeds\":[{\"description\":\"" + "d".repeat(4097) + "\"}]}",
                "{\"embeds\":[{\"title\":\"" + "t".repeat(257) + "\"}]}",
                "{\"embeds\":[{\"fields\":[{\"name\":\"n\",\"value\":\"" + "v".repeat(1025) + "\"}]}]}",
                "{\"embeds\":[{\"fields\":[{\"name\":\"n\",\"value\":\"\"}]}]}",
                "{\"embeds\":["
                        + String.join(
                                ",", java.util.Collections.nCopies(2, "{\"description\":\"" + "d".repeat(3001) + "\"}"))
                        + "]}");
        for (String body : refused) {
            for (HttpResponse<String> r :
                    List.of(send(client, "POST", messages, body), send(client, "PATCH", messages + "/" + id, body))) {
                assertThat(r.statusCode())
                        .as("%s %s", r.request().method(), body.substring(0, 40))
                        .isEqualTo(400);
                assertThat(Json.parse(r.body()).get("code").asInt()).isEqualTo(50035);
            }
        }
        assertThat(discord.messages(GENERAL))
                .filteredOn(m -> m.authorId() == discord.botId())
                .singleElement()
                .satisfies(m -> assertThat(m.content()).hasSize(2000));
    }

    /**
     * The other answers a real Discord gives: 10003 for a channel that does not exist, 10008 for a message
     * that does not, 50005 for editing someone else's message, 40060 for a second reply to one interaction;
     * and message ids and timestamps are of the current time.
     */
    @Test
    void unknownChannelsAndMessagesOthersMessagesAndSecondRepliesAreRefusedAsOnDiscord() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String base = discord.restBaseUrl();
        assertError(
                send(client, "POST", base + "channels/1100000000000000999/messages", "{\"content\":\"hi\"}"),
                404,
                10003);
        assertError(
                send(
                        client,
                        "PATCH",
                        base + "channels/" + GENERAL + "/messages/1100000000000000999",
                        "{\"content\":\"x\"}"),
                404,
                10008);
        assertError(
                send(client, "DELETE", base + "channels/" + GENERAL + "/messages/1100000000000000999", ""), 404, 10008);

        Dispatch alices = discord.push(
                discord.events().message(GENERAL, ALICE, "mine, not the bot's").build());
        events.awaitOne(MessageReceivedEvent.class, e -> e.getMessageIdLong() == alices.id());
        assertError(
                send(
                        client,
                        "PATCH",
                        base + "channels/" + GENERAL + "/messages/" + alices.id(),
                        "{\"content\":\"edited\"}"),
                403,
                50005);
        assertThat(discord.message(GENERAL, alices.id()).orElseThrow().content())
                .isEqualTo("mine, not the bot's");

        long before = System.currentTimeMillis();
        HttpResponse<String> posted =
                send(client, "POST", base + "channels/" + GENERAL + "/messages", "{\"content\":\"now\"}");
        long after = System.currentTimeMillis();
        tools.jackson.databind.JsonNode message = Json.parse(posted.body());
        long idMillis = (Long.parseUnsignedLong(message.get("id").asString()) >>> 22) + 1_420_070_400_000L;
        assertThat(idMillis).as("the snowflake's time").isBetween(before - 1_000, after + 1_000);
        assertThat(java.time.OffsetDateTime.parse(message.get("timestamp").asString())
                        .toInstant()
                        .toEpochMilli())
                .isBetween(before - 1_000, after + 1_000);

        Dispatch command = discord.push(
                discord.events().slashCommand(GENERAL, ALICE, "kudos").build());
        String callback = base + "interactions/" + command.id() + "/" + command.token() + "/callback";
        String reply = "{\"type\":4,\"data\":{\"content\":\"one\",\"flags\":64}}";
        assertThat(send(client, "POST", callback, reply).statusCode()).isIn(200, 204);
        assertError(send(client, "POST", callback, reply), 400, 40060);
    }

    /**
     * Listing a role's members through the gateway (op 8 → GUILD_MEMBERS_CHUNK) needs the GUILD_MEMBERS
     * intent; a member's roles changed by {@link FakeDiscord#memberRoles} show in the next chunk and in
     * {@code GET guilds/{guild}/members/{user}}, which needs no intent.
     */
    @Test
    void roleMembersComeInMemberChunksAndFollowRoleChanges() throws Exception {
        JDA withMembers = connect(discord, EnumSet.of(GatewayIntent.GUILD_MEMBERS), new Recorder());
        Guild guild = withMembers.getGuildById(GUILD);
        net.dv8tion.jda.api.entities.Role approvers = guild.getRoleById(APPROVER_ROLE);
        assertThat(guild.findMembersWithRoles(approvers).get())
                .extracting(m -> m.getIdLong())
                .containsExactly(ALICE);

        discord.memberRoles(GUILD, ALICE);
        discord.memberRoles(GUILD, BOB, APPROVER_ROLE);
        assertThat(guild.findMembersWithRoles(approvers).get())
                .extracting(m -> m.getIdLong())
                .containsExactly(BOB);
        assertThat(jda.getGuildById(GUILD).retrieveMemberById(ALICE).complete().getRoles())
                .as("by REST, no intent")
                .isEmpty();
        assertThat(jda.getGuildById(GUILD).retrieveMemberById(BOB).complete().getRoles())
                .extracting(r -> r.getIdLong())
                .containsExactly(APPROVER_ROLE);
        assertThatThrownBy(() -> jda.getGuildById(GUILD).findMembersWithRoles(approvers))
                .as("JDA refuses without the intent")
                .isInstanceOf(IllegalStateException.class);
    }

    private static void assertError(HttpResponse<String> r, int status, int code) {
        assertThat(r.statusCode())
                .as("%s %s", r.request().method(), r.request().uri())
                .isEqualTo(status);
        assertThat(Json.parse(r.body()).get("code").asInt()).isEqualTo(code);
    }

    private HttpResponse<String> send(HttpClient client, String method, String url, String body) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bot " + discord.token())
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
