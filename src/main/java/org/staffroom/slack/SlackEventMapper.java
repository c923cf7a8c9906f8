package org.staffroom.slack;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.interactive_components.payload.MessageShortcutPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.model.File;
import com.slack.api.model.view.ViewState;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Actor;
import org.staffroom.chat.Attachment;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.CommandLine;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.InteractionRef;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Platform;

/**
 * Slack payloads (as Bolt parsed them) to chat events. Event ids are Slack's {@code event_id}, or
 * for interactions the trigger id (new per click, the same on a redelivery); the form's id is its
 * view id, so a modal counts once however often it is sent. Events by the bot itself and events
 * that are not a person's doing (link previews attached to a message, bot posts) map to nothing.
 */
@Component
@Conditional(SlackConditions.Configured.class)
record SlackEventMapper(SlackPeople people, Clock clock) {

    /** How long Slack honours a response URL. */
    static final Duration RESPONSE_URL_LIFETIME = Duration.ofMinutes(30);

    private static final Gson GSON = new Gson();

    /** Where an event came from and which bot it was sent to (to recognise the bot's own events). */
    record Origin(String team, String eventId, String botUserId, String botId) {
        boolean isBot(String userId, String botIdOfEvent) {
            return (userId != null && userId.equals(botUserId)) || (botIdOfEvent != null && botIdOfEvent.equals(botId));
        }
    }

    // ------------------------------------------------------------------ messages

    Optional<ChatEvent> posted(
            Origin o,
            String channel,
            String channelType,
            String user,
            String botId,
            String text,
            String ts,
            String threadTs,
            List<File> files) {
        if (user == null || channel == null || ts == null || o.isBot(user, botId)) return Optional.empty();
        MessageRef ref = new MessageRef(channel(o, channel), ts, thread(ts, threadTs));
        return Optional.of(new ChatEvent.MessagePosted(
                o.eventId(),
                at(ts),
                actor(o, user),
                ref,
                plain(o, text),
                attachments(files),
                "im".equals(channelType)));
    }

    Optional<ChatEvent> edited(
            Origin o,
            String channel,
            String user,
            String botId,
            String ts,
            String threadTs,
            String text,
            String previousText,
            String editTs) {
        if (user == null || channel == null || ts == null || o.isBot(user, botId)) return Optional.empty();
        // Slack also sends message_changed when it attaches link previews: the words did not change.
        if (previousText != null && previousText.equals(text)) return Optional.empty();
        MessageRef ref = new MessageRef(channel(o, channel), ts, thread(ts, threadTs));
        return Optional.of(new ChatEvent.MessageEdited(
                o.eventId(), at(editTs != null ? editTs : ts), actor(o, user), ref, plain(o, text)));
    }

    Optional<ChatEvent> deleted(
            Origin o, String channel, String author, String botId, String ts, String threadTs, String eventTs) {
        if (author == null || channel == null || ts == null || o.isBot(author, botId)) return Optional.empty();
        MessageRef ref = new MessageRef(channel(o, channel), ts, thread(ts, threadTs));
        return Optional.of(
                new ChatEvent.MessageDeleted(o.eventId(), at(eventTs != null ? eventTs : ts), actor(o, author), ref));
    }

    // ------------------------------------------------------------------ reactions and home

    Optional<ChatEvent> reaction(
            Origin o,
            boolean added,
            String user,
            String reaction,
            String itemType,
            String channel,
            String ts,
            String eventTs) {
        if (user == null || !"message".equals(itemType) || channel == null || ts == null || o.isBot(user, null)) {
            return Optional.empty();
        }
        MessageRef ref = new MessageRef(channel(o, channel), ts, null);
        String emoji = SlackEmoji.toUnicode(reaction);
        Instant at = at(eventTs);
        return Optional.of(
                added
                        ? new ChatEvent.ReactionAdded(o.eventId(), at, actor(o, user), ref, emoji)
                        : new ChatEvent.ReactionRemoved(o.eventId(), at, actor(o, user), ref, emoji));
    }

    /** Only the Home tab: opening the Messages tab is not opening Staffroom's home. */
    Optional<ChatEvent> homeOpened(Origin o, String user, String tab, String eventTs) {
        if (user == null || !"home".equals(tab) || o.isBot(user, null)) return Optional.empty();
        return Optional.of(
                new ChatEvent.HomeOpened(o.eventId(), eventTs == null ? clock.instant() : at(eventTs), actor(o, user)));
    }

    // ------------------------------------------------------------------ interactions

    ChatEvent.CommandInvoked command(SlashCommandPayload p, CommandSpec spec) {
        String team = p.getTeamId();
        String id = "cmd:" + idOf(p.getTriggerId(), p.getChannelId() + ":" + p.getUserId());
        Actor actor = people.actor(team, p.getUserId());
        ChannelRef channel = new ChannelRef(Platform.SLACK, team, p.getChannelId());
        String typed =
                SlackText.toPlain(p.getText(), uid -> people.name(team, uid)).trim();
        CommandLine.Parsed parsed = CommandLine.parse(spec, typed);
        SlackInteraction token = new SlackInteraction(
                SlackInteraction.Kind.COMMAND,
                team,
                p.getChannelId(),
                p.getUserId(),
                p.getResponseUrl(),
                p.getTriggerId());
        return new ChatEvent.CommandInvoked(
                id,
                clock.instant(),
                actor,
                interaction(id, token),
                channel,
                spec.name(),
                parsed.subcommand(),
                parsed.options(),
                typed);
    }

    Optional<ChatEvent> button(BlockActionPayload p) {
        if (p.getActions() == null || p.getActions().isEmpty() || p.getUser() == null) return Optional.empty();
        BlockActionPayload.Action action = p.getActions().get(0);
        if (!"button".equals(action.getType())) return Optional.empty();
        String team = teamOf(
                p.getTeam() == null ? null : p.getTeam().getId(), p.getUser().getTeamId());
        String user = p.getUser().getId();
        BlockActionPayload.Container container = p.getContainer();
        String channelId = container != null && container.getChannelId() != null
                ? container.getChannelId()
                : p.getChannel() != null ? p.getChannel().getId() : null;
        MessageRef message = null;
        if (container != null && "message".equals(container.getType()) && channelId != null) {
            String ts = container.getMessageTs();
            String threadTs = container.getThreadTs() != null
                    ? container.getThreadTs()
                    : p.getMessage() != null ? p.getMessage().getThreadTs() : null;
            message = new MessageRef(new ChannelRef(Platform.SLACK, team, channelId), ts, thread(ts, threadTs));
        }
        String id = "btn:" + idOf(p.getTriggerId(), action.getActionTs() + ":" + user);
        SlackInteraction token = new SlackInteraction(
                SlackInteraction.Kind.BUTTON, team, channelId, user, p.getResponseUrl(), p.getTriggerId());
        return Optional.of(new ChatEvent.ButtonPressed(
                id,
                clock.instant(),
                people.actor(team, user),
                interaction(id, token),
                message,
                SlackBlocks.actionId(action.getActionId()),
                action.getValue()));
    }

    Optional<ChatEvent> form(ViewSubmissionPayload p) {
        if (p.getView() == null || p.getUser() == null) return Optional.empty();
        String team = teamOf(
                p.getTeam() == null ? null : p.getTeam().getId(), p.getUser().getTeamId());
        String user = p.getUser().getId();
        FormMetadata meta =
                FormMetadata.parse(p.getView().getPrivateMetadata(), p.getView().getCallbackId());
        ChannelRef channel = meta.channel() == null ? null : ChannelRef.parse(meta.channel());
        String id = "form:" + idOf(p.getView().getId(), p.getTriggerId());
        SlackInteraction token = new SlackInteraction(
                SlackInteraction.Kind.FORM, team, channel == null ? null : channel.id(), user, null, p.getTriggerId());
        return Optional.of(new ChatEvent.FormSubmitted(
                id,
                clock.instant(),
                people.actor(team, user),
                interaction(id, token),
                channel,
                meta.formId(),
                meta.context(),
                values(p.getView().getState())));
    }

    Optional<ChatEvent> shortcut(MessageShortcutPayload p) {
        if (p.getUser() == null || p.getChannel() == null || p.getMessage() == null) return Optional.empty();
        String team = teamOf(
                p.getTeam() == null ? null : p.getTeam().getId(), p.getUser().getTeamId());
        String user = p.getUser().getId();
        com.slack.api.model.Message m = p.getMessage();
        String ts = m.getTs() != null ? m.getTs() : p.getMessageTs();
        MessageRef target = new MessageRef(
                new ChannelRef(Platform.SLACK, team, p.getChannel().getId()), ts, thread(ts, m.getThreadTs()));
        Actor author = m.getUser() != null
                ? people.actor(team, m.getUser())
                : new Actor(
                        new UserRef(Platform.SLACK, team, m.getBotId() != null ? m.getBotId() : "unknown"),
                        m.getUsername(),
                        null);
        String id = "shortcut:" + idOf(p.getTriggerId(), p.getActionTs() + ":" + user);
        SlackInteraction token = new SlackInteraction(
                SlackInteraction.Kind.SHORTCUT,
                team,
                p.getChannel().getId(),
                user,
                p.getResponseUrl(),
                p.getTriggerId());
        Origin o = new Origin(team, id, null, null);
        return Optional.of(new ChatEvent.MessageActionInvoked(
                id,
                clock.instant(),
                people.actor(team, user),
                interaction(id, token),
                p.getCallbackId(),
                target,
                author,
                plain(o, m.getText()),
                attachments(m.getFiles())));
    }

    // ------------------------------------------------------------------ helpers

    /** A form's values by field id: text as typed, selections by their values, a date as YYYY-MM-DD. */
    static Map<String, List<String>> values(ViewState state) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (state == null || state.getValues() == null) return out;
        state.getValues().forEach((blockId, actions) -> {
            List<String> values = new ArrayList<>();
            for (ViewState.Value v : actions.values()) {
                if (v == null) continue;
                if (v.getValue() != null) values.add(v.getValue());
                if (v.getSelectedOption() != null && v.getSelectedOption().getValue() != null) {
                    values.add(v.getSelectedOption().getValue());
                }
                if (v.getSelectedOptions() != null) {
                    v.getSelectedOptions().forEach(o -> values.add(o.getValue()));
                }
                if (v.getSelectedDate() != null) values.add(v.getSelectedDate());
            }
            out.put(blockId, values);
        });
        return out;
    }

    private InteractionRef interaction(String id, SlackInteraction token) {
        return new InteractionRef(
                Platform.SLACK, id, token.encode(), clock.instant().plus(RESPONSE_URL_LIFETIME));
    }

    private Actor actor(Origin o, String user) {
        return people.actor(o.team(), user);
    }

    private String plain(Origin o, String text) {
        return SlackText.toPlain(text, uid -> people.name(o.team(), uid));
    }

    private static ChannelRef channel(Origin o, String channel) {
        return new ChannelRef(Platform.SLACK, o.team(), channel);
    }

    /** A reply's thread: its root's ts, when that is not the message itself. */
    static String thread(String ts, String threadTs) {
        return threadTs == null || threadTs.isBlank() || threadTs.equals(ts) ? null : threadTs;
    }

    static List<Attachment> attachments(List<File> files) {
        if (files == null) return List.of();
        List<Attachment> out = new ArrayList<>();
        for (File f : files) {
            if (f == null || f.getId() == null) continue;
            out.add(new Attachment(
                    f.getId(), f.getName(), f.getMimetype(), f.getSize() == null ? 0 : f.getSize(), f.getUrlPrivate()));
        }
        return out;
    }

    /** Slack's {@code 1732531200.000100} as an instant, to the microsecond. */
    static Instant at(String ts) {
        try {
            BigDecimal seconds = new BigDecimal(ts);
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole))
                    .movePointRight(9)
                    .longValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private static String idOf(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred : fallback;
    }

    private static String teamOf(String team, String userTeam) {
        return team != null ? team : userTeam;
    }

    /** What a modal carries from opening to submission ({@code private_metadata}). */
    record FormMetadata(String formId, String context, String channel) {

        String encode() {
            return GSON.toJson(this);
        }

        static FormMetadata parse(String privateMetadata, String callbackId) {
            if (privateMetadata != null && privateMetadata.startsWith("{")) {
                try {
                    JsonObject o = GSON.fromJson(privateMetadata, JsonObject.class);
                    String formId = o.has("formId") ? o.get("formId").getAsString() : callbackId;
                    String context = o.has("context") ? o.get("context").getAsString() : "";
                    String channel = o.has("channel") && !o.get("channel").isJsonNull()
                            ? o.get("channel").getAsString()
                            : null;
                    return new FormMetadata(formId, context, channel);
                } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
                    // Not ours: fall through to the callback id alone.
                }
            }
            return new FormMetadata(callbackId, "", null);
        }
    }
}
