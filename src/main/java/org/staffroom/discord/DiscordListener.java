package org.staffroom.discord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageType;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageDeleteEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.MessageUpdateEvent;
import net.dv8tion.jda.api.events.message.react.GenericMessageReactionEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionRemoveEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.SessionDisconnectEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.CommandCatalog;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.PlatformReconnected;
import org.staffroom.chat.Texts;
import org.staffroom.config.Platform;
import org.staffroom.config.School;
import org.staffroom.directory.Directory;

/**
 * Receives JDA's events and hands each to the core as a {@link ChatEvent}. Messages and reactions
 * are recorded on the gateway thread (a short insert, which keeps their order); interactions go
 * through {@link Interactions} so the three-second answer is never held up. The bot's own messages
 * and reactions, other bots and system messages are ignored. Event ids: messages by their id (a
 * replay is the same message), gateway reactions by session and sequence number, interactions by
 * their id; {@link InboundEvents} also dedupes by content and reaction state.
 */
class DiscordListener extends ListenerAdapter {

    private static final Logger log = LoggerFactory.getLogger(DiscordListener.class);
    private static final int MAX_CHOICES = 25;

    private final EventMapper mapper;
    private final InboundEvents inbound;
    private final Interactions interactions;
    private final CommandRegistrar registrar;
    private final CustomIds customIds;
    private final CommandCatalog catalog;
    private final Directory directory;
    private final Texts texts;
    private final GatewaySessions sessions;
    private final Executor background;
    private final ApplicationEventPublisher events;
    private volatile Lifecycle lifecycle = new Lifecycle() {};

    /** What the client wants to hear about its JDA: a new session, and JDA giving up on its own. */
    interface Lifecycle {
        default void ready(JDA jda) {}

        default void shutDown(JDA jda, int closeCode) {}
    }

    DiscordListener(
            EventMapper mapper,
            InboundEvents inbound,
            Interactions interactions,
            CommandRegistrar registrar,
            CustomIds customIds,
            CommandCatalog catalog,
            Directory directory,
            Texts texts,
            GatewaySessions sessions,
            Executor background,
            ApplicationEventPublisher events) {
        this.mapper = mapper;
        this.inbound = inbound;
        this.interactions = interactions;
        this.registrar = registrar;
        this.customIds = customIds;
        this.catalog = catalog;
        this.directory = directory;
        this.texts = texts;
        this.sessions = sessions;
        this.background = background;
        this.events = events;
    }

    void lifecycle(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    // ---------------------------------------------------------------------------------------------
    // Session

    /**
     * A new client's first session: after a start, a client rebuilt when Discord ended the session,
     * or this instance taking the gateway over, nothing from before is replayed.
     */
    @Override
    public void onReady(ReadyEvent event) {
        sessions.identified();
        log.info(
                "Connected to Discord as {} in {} guild(s)",
                event.getJDA().getSelfUser().getName(),
                event.getGuildTotalCount());
        lifecycle.ready(event.getJDA());
        registerCommands(event.getJDA());
        announce("a new gateway session (READY)");
    }

    @Override
    public void onShutdown(ShutdownEvent event) {
        lifecycle.shutDown(
                event.getJDA(),
                event.getCloseCode() == null ? 0 : event.getCloseCode().getCode());
    }

    /** An INVALID_SESSION made JDA identify afresh: events since the disconnect are lost. */
    @Override
    public void onSessionRecreate(SessionRecreateEvent event) {
        sessions.recreated(mapper.now());
        lifecycle.ready(event.getJDA());
        registerCommands(event.getJDA());
        announce("the gateway session was recreated");
    }

    /** Off JDA's event thread: reconciliation calls Discord's REST API and waits for answers. */
    private void announce(String reason) {
        Instant at = mapper.now();
        background.execute(() -> events.publishEvent(new PlatformReconnected(Platform.DISCORD, reason, at)));
    }

    @Override
    public void onSessionResume(SessionResumeEvent event) {
        sessions.resumed();
    }

    @Override
    public void onSessionDisconnect(SessionDisconnectEvent event) {
        sessions.disconnected();
        log.info(
                "Disconnected from the Discord gateway (close code {}); JDA reconnects",
                event.getCloseCode() == null ? "none" : event.getCloseCode().getCode());
    }

    private void registerCommands(JDA jda) {
        background.execute(() -> registrar.registerAll(jda));
    }

    // ---------------------------------------------------------------------------------------------
    // Messages

    @Override
    public void onMessageReceived(MessageReceivedEvent event) {
        Message m = event.getMessage();
        if (!fromPerson(event.getJDA(), event.getAuthor(), m)) return;
        Guild guild = event.isFromGuild() ? event.getGuild() : null;
        EventMapper.Place place = mapper.place(event.getChannel(), guild);
        accept(new ChatEvent.MessagePosted(
                "msg:" + m.getId(),
                mapper.now(),
                mapper.actor(event.getAuthor(), event.getMember(), guild),
                place.message(m.getId()),
                EventMapper.text(m),
                EventMapper.attachments(m.getAttachments()),
                place.direct()));
    }

    @Override
    public void onMessageUpdate(MessageUpdateEvent event) {
        Message m = event.getMessage();
        if (!fromPerson(event.getJDA(), event.getAuthor(), m)) return;
        Guild guild = event.isFromGuild() ? event.getGuild() : null;
        EventMapper.Place place = mapper.place(event.getChannel(), guild);
        String text = EventMapper.text(m);
        accept(new ChatEvent.MessageEdited(
                "edit:" + m.getId() + ":" + CustomIds.hash(m.getContentRaw()),
                mapper.now(),
                mapper.actor(event.getAuthor(), event.getMember(), guild),
                place.message(m.getId()),
                text));
    }

    @Override
    public void onMessageDelete(MessageDeleteEvent event) {
        Guild guild = event.isFromGuild() ? event.getGuild() : null;
        EventMapper.Place place = mapper.place(event.getChannel(), guild);
        accept(new ChatEvent.MessageDeleted(
                "del:" + event.getMessageId(),
                mapper.now(),
                mapper.unknownActor(guild),
                place.message(event.getMessageId())));
    }

    /** A person's ordinary message (or reply), not the bot itself, another bot, a webhook or a system notice. */
    private static boolean fromPerson(JDA jda, User author, Message m) {
        if (author.getIdLong() == jda.getSelfUser().getIdLong()) return false;
        if (author.isBot() || author.isSystem() || m.isWebhookMessage()) return false;
        return m.getType() == MessageType.DEFAULT || m.getType() == MessageType.INLINE_REPLY;
    }

    // ---------------------------------------------------------------------------------------------
    // Reactions

    @Override
    public void onMessageReactionAdd(MessageReactionAddEvent event) {
        if (fromSelfOrBot(event, event.getMember())) return;
        Guild guild = event.isFromGuild() ? event.getGuild() : null;
        EventMapper.Place place = mapper.place(event.getChannel(), guild);
        accept(new ChatEvent.ReactionAdded(
                reactionId(event),
                mapper.now(),
                mapper.actor(event.getUserId(), event.getUser(), event.getMember(), guild),
                place.message(event.getMessageId()),
                EventMapper.emoji(event.getEmoji())));
    }

    @Override
    public void onMessageReactionRemove(MessageReactionRemoveEvent event) {
        if (fromSelfOrBot(event, event.getMember())) return;
        Guild guild = event.isFromGuild() ? event.getGuild() : null;
        EventMapper.Place place = mapper.place(event.getChannel(), guild);
        String id = reactionId(event);
        Instant at = mapper.now();
        String emoji = EventMapper.emoji(event.getEmoji());
        if (guild == null || event.getMember() != null) {
            accept(new ChatEvent.ReactionRemoved(
                    id,
                    at,
                    mapper.actor(event.getUserId(), event.getUser(), event.getMember(), guild),
                    place.message(event.getMessageId()),
                    emoji));
            return;
        }
        // Discord sends no member with a removal: fetch it so the person's roles are known.
        guild.retrieveMemberById(event.getUserIdLong())
                .queue(
                        member -> accept(new ChatEvent.ReactionRemoved(
                                id,
                                at,
                                mapper.actor(event.getUserId(), member.getUser(), member, guild),
                                place.message(event.getMessageId()),
                                emoji)),
                        failure -> accept(new ChatEvent.ReactionRemoved(
                                id,
                                at,
                                mapper.actor(event.getUserId(), event.getUser(), null, guild),
                                place.message(event.getMessageId()),
                                emoji)));
    }

    private static boolean fromSelfOrBot(GenericMessageReactionEvent event, Member member) {
        if (event.getUserIdLong() == event.getJDA().getSelfUser().getIdLong()) return true;
        User user = member != null ? member.getUser() : event.getUser();
        return user != null && user.isBot();
    }

    /** A gateway dispatch is identified by its session and sequence number; a replay after RESUME keeps both. */
    private String reactionId(GenericMessageReactionEvent event) {
        return "rx:" + sessions.tag() + ":" + event.getResponseNumber();
    }

    // ---------------------------------------------------------------------------------------------
    // Interactions

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        Locale locale = Interactions.locale(event.getUserLocale());
        if (!registrar.offers(
                event.getName(),
                event.getSubcommandName(),
                event.getOptions().stream().map(OptionMapping::getName).toList(),
                event.getGuild() == null)) {
            outOfDate(event, locale);
            return;
        }
        interactions.handle(event, locale, () -> {
            Guild guild = event.getGuild();
            EventMapper.Command c = mapper.command(event.getName(), event.getSubcommandName(), event.getOptions());
            return new ChatEvent.CommandInvoked(
                    "ix:" + event.getId(),
                    mapper.now(),
                    mapper.actor(event.getUser(), event.getMember(), guild),
                    mapper.interaction(event),
                    mapper.place(event.getChannel(), guild).channel(),
                    event.getName(),
                    c.subcommand(),
                    c.options(),
                    c.text());
        });
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        Locale locale = Interactions.locale(event.getUserLocale());
        Optional<CustomIds.Pair> pair = customIds.decode(event.getComponentId());
        if (pair.isEmpty()) {
            event.reply(texts.get(locale, "discord.expired")).setEphemeral(true).queue();
            return;
        }
        interactions.handle(event, locale, () -> {
            Guild guild = event.getGuild();
            return new ChatEvent.ButtonPressed(
                    "ix:" + event.getId(),
                    mapper.now(),
                    mapper.actor(event.getUser(), event.getMember(), guild),
                    mapper.interaction(event),
                    mapper.place(event.getChannel(), guild).message(event.getMessageId()),
                    pair.get().first(),
                    pair.get().second());
        });
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        Locale locale = Interactions.locale(event.getUserLocale());
        Optional<CustomIds.Pair> pair = customIds.decode(event.getModalId());
        if (pair.isEmpty()) {
            event.reply(texts.get(locale, "discord.expired")).setEphemeral(true).queue();
            return;
        }
        interactions.handle(event, locale, () -> {
            Guild guild = event.getGuild();
            return new ChatEvent.FormSubmitted(
                    "ix:" + event.getId(),
                    mapper.now(),
                    mapper.actor(event.getUser(), event.getMember(), guild),
                    mapper.interaction(event),
                    mapper.place(event.getChannel(), guild).channel(),
                    pair.get().first(),
                    pair.get().second(),
                    EventMapper.formValues(event.getValues()));
        });
    }

    @Override
    public void onMessageContextInteraction(MessageContextInteractionEvent event) {
        Locale locale = Interactions.locale(event.getUserLocale());
        Optional<String> action = registrar.messageActionId(event.getName());
        if (action.isEmpty()) {
            outOfDate(event, locale);
            return;
        }
        interactions.handle(event, locale, () -> {
            Guild guild = event.getGuild();
            Message target = event.getTarget();
            EventMapper.Place place = mapper.place(event.getChannel(), guild);
            return new ChatEvent.MessageActionInvoked(
                    "ix:" + event.getId(),
                    mapper.now(),
                    mapper.actor(event.getUser(), event.getMember(), guild),
                    mapper.interaction(event),
                    action.get(),
                    place.message(target.getId()),
                    mapper.actor(target.getAuthor(), target.getMember(), guild),
                    EventMapper.text(target),
                    EventMapper.attachments(target.getAttachments()));
        });
    }

    /**
     * A command Discord's client still shows but this version does not offer (renamed, removed, reshaped):
     * said so truthfully, privately, and the commands are registered again so the client shows the new ones.
     */
    private void outOfDate(net.dv8tion.jda.api.interactions.callbacks.IReplyCallback event, Locale locale) {
        event.reply(texts.get(locale, "discord.outdated-command"))
                .setEphemeral(true)
                .queue();
        JDA jda = event.getJDA();
        background.execute(() -> registrar.refresh(jda));
    }

    /** SCHOOLS options suggest the trust's schools; several are separated by commas. */
    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        String optionName = event.getFocusedOption().getName();
        String sub = event.getSubcommandName() == null ? "" : event.getSubcommandName();
        boolean schools = catalog.command(event.getName())
                .flatMap(c -> c.subcommand(sub))
                .flatMap(s -> s.options().stream()
                        .filter(o -> o.name().equalsIgnoreCase(optionName))
                        .findFirst())
                .filter(o -> o.type() == CommandSpec.Option.Type.SCHOOLS)
                .isPresent();
        if (!schools) {
            event.replyChoices(List.of()).queue();
            return;
        }
        event.replyChoices(schoolChoices(event.getFocusedOption().getValue(), directory.schools()))
                .queue();
    }

    static List<Command.Choice> schoolChoices(String typed, List<School> schools) {
        String value = typed == null ? "" : typed;
        int comma = value.lastIndexOf(',');
        String chosen = comma < 0 ? "" : value.substring(0, comma + 1);
        String partial = value.substring(comma + 1).trim().toLowerCase(Locale.ROOT);
        List<String> already = Arrays.stream(chosen.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        List<Command.Choice> out = new ArrayList<>();
        for (School s : schools) {
            if (already.contains(s.id())) continue;
            if (!partial.isEmpty()
                    && !s.id().toLowerCase(Locale.ROOT).startsWith(partial)
                    && !s.name().toLowerCase(Locale.ROOT).contains(partial)) continue;
            String choiceValue = chosen.replace(" ", "") + s.id();
            String name = (already.isEmpty() ? "" : String.join(", ", already) + ", ") + s.name();
            if (choiceValue.length() > 100) continue;
            out.add(new Command.Choice(DiscordMarkdown.truncate(name, 100), choiceValue));
            if (out.size() == MAX_CHOICES) break;
        }
        return out;
    }

    private void accept(ChatEvent event) {
        try {
            inbound.accept(event);
        } catch (RuntimeException e) {
            log.error("Could not record Discord event {}", event.eventId(), e);
        }
    }
}
