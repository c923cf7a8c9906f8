package org.staffroom.chat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.staffroom.config.Platform;

/**
 * Something that happened in a chat, translated by an adapter into platform-neutral terms.
 * {@code eventId} is unique per platform delivery (Slack event_id, an interaction id, or a
 * Discord dispatch's natural key) and is what duplicates are recognised by.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ChatEvent.MessagePosted.class, name = "message_posted"),
    @JsonSubTypes.Type(value = ChatEvent.MessageEdited.class, name = "message_edited"),
    @JsonSubTypes.Type(value = ChatEvent.MessageDeleted.class, name = "message_deleted"),
    @JsonSubTypes.Type(value = ChatEvent.ReactionAdded.class, name = "reaction_added"),
    @JsonSubTypes.Type(value = ChatEvent.ReactionRemoved.class, name = "reaction_removed"),
    @JsonSubTypes.Type(value = ChatEvent.CommandInvoked.class, name = "command"),
    @JsonSubTypes.Type(value = ChatEvent.ButtonPressed.class, name = "button"),
    @JsonSubTypes.Type(value = ChatEvent.FormSubmitted.class, name = "form"),
    @JsonSubTypes.Type(value = ChatEvent.MessageActionInvoked.class, name = "message_action"),
    @JsonSubTypes.Type(value = ChatEvent.HomeOpened.class, name = "home_opened")
})
public sealed interface ChatEvent {

    String eventId();

    Instant at();

    Actor actor();

    @JsonIgnore
    default Platform platform() {
        return actor().user().platform();
    }

    /** A new message in a channel, a thread or a direct message to the bot. */
    record MessagePosted(
            String eventId,
            Instant at,
            Actor actor,
            MessageRef message,
            String text,
            List<Attachment> attachments,
            boolean direct)
            implements ChatEvent {
        public MessagePosted {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
            text = text == null ? "" : text;
        }
    }

    record MessageEdited(String eventId, Instant at, Actor actor, MessageRef message, String text)
            implements ChatEvent {}

    record MessageDeleted(String eventId, Instant at, Actor actor, MessageRef message) implements ChatEvent {}

    /** {@code emoji} is the Unicode emoji where there is one (✅), else {@code :name:}. */
    record ReactionAdded(String eventId, Instant at, Actor actor, MessageRef message, String emoji)
            implements ChatEvent {}

    record ReactionRemoved(String eventId, Instant at, Actor actor, MessageRef message, String emoji)
            implements ChatEvent {}

    /**
     * A slash command such as {@code /qotd now --schools oakfield What made you smile?}: {@code options}
     * by name as parsed against the command's {@link CommandSpec}, {@code text} what was typed after
     * the command.
     */
    record CommandInvoked(
            String eventId,
            Instant at,
            Actor actor,
            InteractionRef interaction,
            ChannelRef channel,
            String command,
            String subcommand,
            Map<String, String> options,
            String text)
            implements ChatEvent {
        public CommandInvoked {
            options = options == null ? Map.of() : Map.copyOf(options);
            text = text == null ? "" : text;
            subcommand = subcommand == null ? "" : subcommand;
        }

        public String option(String name) {
            return options.get(name);
        }
    }

    record ButtonPressed(
            String eventId,
            Instant at,
            Actor actor,
            InteractionRef interaction,
            MessageRef message,
            String actionId,
            String value)
            implements ChatEvent {}

    /** A form (Slack modal, Discord modal, sandbox dialog) sent back; values by field id. */
    record FormSubmitted(
            String eventId,
            Instant at,
            Actor actor,
            InteractionRef interaction,
            ChannelRef channel,
            String formId,
            String context,
            Map<String, List<String>> values)
            implements ChatEvent {
        public FormSubmitted {
            values = values == null ? Map.of() : Map.copyOf(values);
        }

        /** The single value of a field, or "" if empty. */
        public String value(String field) {
            List<String> v = values.get(field);
            return v == null || v.isEmpty() || v.get(0) == null ? "" : v.get(0);
        }

        public List<String> values(String field) {
            return values.getOrDefault(field, List.of());
        }
    }

    /** A message action (Slack message shortcut, Discord message context command) on an existing message. */
    record MessageActionInvoked(
            String eventId,
            Instant at,
            Actor actor,
            InteractionRef interaction,
            String actionId,
            MessageRef target,
            Actor targetAuthor,
            String text,
            List<Attachment> attachments)
            implements ChatEvent {
        public MessageActionInvoked {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
        }
    }

    /** Someone opened the bot's home (Slack App Home). */
    record HomeOpened(String eventId, Instant at, Actor actor) implements ChatEvent {}
}
