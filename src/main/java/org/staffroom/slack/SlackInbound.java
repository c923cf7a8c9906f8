package org.staffroom.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.Context;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.event.AppUninstalledEvent;
import com.slack.api.model.event.MessageChangedEvent;
import com.slack.api.model.event.MessageDeletedEvent;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.MessageFileShareEvent;
import com.slack.api.model.event.MessageThreadBroadcastEvent;
import com.slack.api.model.event.ReactionAddedEvent;
import com.slack.api.model.event.ReactionRemovedEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Actor;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.CommandCatalog;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.InteractionRef;
import org.staffroom.chat.Message;
import org.staffroom.chat.Texts;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Platform;
import org.staffroom.directory.Directory;

/**
 * Bolt listeners: each turns a Slack payload into a chat event, hands it to
 * {@link InboundEvents#accept} (which records it, recognises a redelivery and hands it off) and
 * returns, so the acknowledgement leaves at once. Interactions wait a moment (at most
 * {@code staffroom.slack.ack-wait}) so a quick private answer to a slash command can ride on the
 * acknowledgement. A payload that cannot be read is acknowledged and logged (Slack would only
 * send it again); a failure to record the event is not acknowledged, so Slack sends it again.
 */
@Component
@Conditional(SlackConditions.Configured.class)
class SlackInbound {

    private static final Logger log = LoggerFactory.getLogger(SlackInbound.class);

    private final InboundEvents inbound;
    private final SlackEventMapper mapper;
    private final CommandCatalog catalog;
    private final AckSlots acks;
    private final Directory directory;
    private final Texts texts;
    private final SlackInstallationStore installations;
    private final SlackWorkspaces workspaces;
    private final Duration ackWait;

    SlackInbound(
            InboundEvents inbound,
            SlackEventMapper mapper,
            CommandCatalog catalog,
            AckSlots acks,
            Directory directory,
            Texts texts,
            SlackInstallationStore installations,
            SlackWorkspaces workspaces,
            SlackProperties properties) {
        this.inbound = inbound;
        this.mapper = mapper;
        this.catalog = catalog;
        this.acks = acks;
        this.directory = directory;
        this.texts = texts;
        this.installations = installations;
        this.workspaces = workspaces;
        this.ackWait = properties.ackWait();
    }

    /** A listener for every event the manifest subscribes to (an unmatched event would get no ack). */
    void register(App app) {
        app.event(
                MessageEvent.class,
                (req, ctx) -> event(ctx, req, () -> {
                    MessageEvent e = req.getEvent();
                    return mapper.posted(
                            origin(req, ctx),
                            e.getChannel(),
                            e.getChannelType(),
                            e.getUser(),
                            e.getBotId(),
                            e.getText(),
                            e.getTs(),
                            e.getThreadTs(),
                            e.getFiles());
                }));
        app.event(
                MessageFileShareEvent.class,
                (req, ctx) -> event(ctx, req, () -> {
                    MessageFileShareEvent e = req.getEvent();
                    return mapper.posted(
                            origin(req, ctx),
                            e.getChannel(),
                            e.getChannelType(),
                            e.getUser(),
                            null,
                            e.getText(),
                            e.getTs(),
                            e.getThreadTs(),
                            e.getFiles());
                }));
        app.event(
                MessageThreadBroadcastEvent.class,
                (req, ctx) -> event(ctx, req, () -> {
                    MessageThreadBroadcastEvent e = req.getEvent();
                    return mapper.posted(
                            origin(req, ctx),
                            e.getChannel(),
                            e.getChannelType(),
                            e.getUser(),
                            null,
                            e.getText(),
                            e.getTs(),
                            e.getThreadTs(),
                            null);
                }));
        app.event(
                MessageChangedEvent.class,
                (req, ctx) -> event(ctx, req, () -> {
                    MessageChangedEvent e = req.getEvent();
                    MessageChangedEvent.Message m = e.getMessage();
                    if (m == null) return Optional.empty();
                    String previous = e.getPreviousMessage() == null
                                    || e.getPreviousMessage().getMessage() == null
                            ? null
                            : e.getPreviousMessage().getMessage().getText();
                    return mapper.edited(
                            origin(req, ctx),
                            e.getChannel(),
                            m.getUser(),
                            m.getBotId(),
                            m.getTs(),
                            m.getThreadTs(),
                            m.getText(),
                            previous,
                            e.getEventTs());
                }));
        app.event(
                MessageDeletedEvent.class,
                (req, ctx) -> event(ctx, req, () -> {
                    MessageDeletedEvent e = req.getEvent();
                    MessageDeletedEvent.Message p = e.getPreviousMessage();
                    return mapper.deleted(
                            origin(req, ctx),
                            e.getChannel(),
                            p == null ? null : p.getUser(),
                            p == null ? null : p.getBotId(),
                            e.getDeletedTs(),
                            p == null ? null : p.getThreadTs(),
                            e.getEventTs());
                }));
        app.event(
                ReactionAddedEvent.class,
                (req, ctx) -> event(ctx, req, () -> {
                    ReactionAddedEvent e = req.getEvent();
                    return mapper.reaction(
                            origin(req, ctx),
                            true,
                            e.getUser(),
                            e.getReaction(),
                            e.getItem() == null ? null : e.getItem().getType(),
                            e.getItem() == null ? null : e.getItem().getChannel(),
                            e.getItem() == null ? null : e.getItem().getTs(),
                            e.getEventTs());
                }));
        app.event(
                ReactionRemovedEvent.class,
                (req, ctx) -> event(ctx, req, () -> {
                    ReactionRemovedEvent e = req.getEvent();
                    return mapper.reaction(
                            origin(req, ctx),
                            false,
                            e.getUser(),
                            e.getReaction(),
                            e.getItem() == null ? null : e.getItem().getType(),
                            e.getItem() == null ? null : e.getItem().getChannel(),
                            e.getItem() == null ? null : e.getItem().getTs(),
                            e.getEventTs());
                }));
        app.event(
                AppHomeOpenedEvent.class,
                (req, ctx) -> event(
                        ctx,
                        req,
                        () -> mapper.homeOpened(
                                origin(req, ctx),
                                req.getEvent().getUser(),
                                req.getEvent().getTab(),
                                req.getEvent().getEventTs())));
        app.event(AppUninstalledEvent.class, (req, ctx) -> {
            String team = ctx.getTeamId() != null ? ctx.getTeamId() : req.getTeamId();
            if (installations.delete(team)) log.info("Staffroom was uninstalled from Slack workspace {}", team);
            workspaces.forget(team);
            return ctx.ack();
        });

        // One catch-all per kind: Bolt keeps patterns in a HashMap, so specific and catch-all
        // patterns side by side would match in no fixed order.
        app.command(Pattern.compile("/.*"), this::command);
        app.blockAction(
                Pattern.compile(".*"), (req, ctx) -> interaction(ctx, () -> mapper.button(req.getPayload()), null));
        app.viewSubmission(
                Pattern.compile(".*"), (req, ctx) -> interaction(ctx, () -> mapper.form(req.getPayload()), null));
        app.viewClosed(Pattern.compile(".*"), (req, ctx) -> ctx.ack());
        app.messageShortcut(
                Pattern.compile(".*"), (req, ctx) -> interaction(ctx, () -> mapper.shortcut(req.getPayload()), null));
    }

    /**
     * The workspace is the one the app is installed in (Bolt takes it from {@code authorizations}),
     * not the top-level team, which in a channel shared between workspaces may be the other one.
     */
    private static SlackEventMapper.Origin origin(EventsApiPayload<?> req, EventContext ctx) {
        String team = ctx.getTeamId() != null ? ctx.getTeamId() : req.getTeamId();
        return new SlackEventMapper.Origin(team, req.getEventId(), ctx.getBotUserId(), ctx.getBotId());
    }

    private Response event(EventContext ctx, EventsApiPayload<?> req, Supplier<Optional<ChatEvent>> mapping) {
        Optional<ChatEvent> event;
        try {
            event = mapping.get();
        } catch (RuntimeException e) {
            log.warn(
                    "Slack event {} ({}) could not be read and is skipped: {}",
                    req.getEventId(),
                    req.getEvent() == null ? "?" : req.getEvent().getType(),
                    e.toString());
            return ctx.ack();
        }
        // Recording failing (the database is down) propagates: no ack, and Slack delivers it again.
        event.ifPresent(inbound::accept);
        return ctx.ack();
    }

    private Response command(SlashCommandRequest req, SlashCommandContext ctx) {
        SlashCommandPayload p = req.getPayload();
        Optional<CommandSpec> spec = catalog.command(p.getCommand());
        if (spec.isEmpty()) {
            // Only commands in the manifest reach us; this is a manifest older than the code.
            ChannelRef channel = new ChannelRef(Platform.SLACK, p.getTeamId(), p.getChannelId());
            Actor actor = Actor.of(new UserRef(Platform.SLACK, p.getTeamId(), p.getUserId()), p.getUserName());
            String text = texts.get(directory.caller(actor, channel).locale(), "slack.unknown-command", p.getCommand());
            return ctx.ack(SlackBlocks.ephemeral(Message.of(text)));
        }
        return interaction(ctx, () -> Optional.of(mapper.command(p, spec.get())), ctx::ack);
    }

    /**
     * Hands an interaction in and waits briefly for it to be handled. With {@code withBody}, an
     * answer given meanwhile goes out as the acknowledgement's body.
     */
    private Response interaction(
            Context ctx, Supplier<Optional<ChatEvent>> mapping, Function<SlashCommandResponse, Response> withBody) {
        Optional<ChatEvent> event;
        try {
            event = mapping.get();
        } catch (RuntimeException e) {
            log.warn("A Slack interaction could not be read and is skipped: {}", e.toString());
            return ctx.ack();
        }
        if (event.isEmpty()) return ctx.ack();
        String id = interactionOf(event.get()).id();
        if (withBody != null) acks.open(id);
        SlashCommandResponse body = null;
        try {
            InboundEvents.Acceptance accepted = inbound.accept(event.get());
            if (!accepted.duplicate()) await(accepted);
        } finally {
            if (withBody != null) body = acks.close(id);
        }
        return body != null ? withBody.apply(body) : ctx.ack();
    }

    private void await(InboundEvents.Acceptance accepted) {
        try {
            accepted.processed().get(ackWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Still being handled: later answers go by response URL.
        } catch (ExecutionException e) {
            log.warn(
                    "Handling a Slack interaction failed: {}",
                    e.getCause() == null ? e : e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static InteractionRef interactionOf(ChatEvent e) {
        if (e instanceof ChatEvent.CommandInvoked c) return c.interaction();
        if (e instanceof ChatEvent.ButtonPressed b) return b.interaction();
        if (e instanceof ChatEvent.FormSubmitted f) return f.interaction();
        if (e instanceof ChatEvent.MessageActionInvoked m) return m.interaction();
        throw new IllegalArgumentException("not an interaction: " + e.getClass().getSimpleName());
    }
}
