package org.staffroom.testing.console;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.staffroom.chat.Actor;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.CommandCatalog;
import org.staffroom.chat.CommandLine;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.InteractionRef;
import org.staffroom.chat.Message;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.UserRef;

/**
 * The console's inbound side: one line per thing a person does, turned into the same chat events
 * the Slack, Discord and sandbox adapters hand to {@link InboundEvents}, so commands, button presses
 * and replies reach the features through the one entry every platform uses.
 * <pre>
 *   nora in elmwood-staffroom: /staffroom help     a message or a command in a channel
 *   nora in elmwood-qotd re m3: Baking bread        a reply in the thread under m3
 *   nora in dm: yes                                 a direct message to the bot
 *   olu presses m7 Approve                          a button, by its label
 * </pre>
 */
public class Console {

    private static final Pattern SAYS =
            Pattern.compile("([a-z0-9][a-z0-9.-]*) in ([a-z0-9][a-z0-9.-]*)(?: re (m\\d+))?: (.*)", Pattern.DOTALL);
    private static final Pattern PRESSES = Pattern.compile("([a-z0-9][a-z0-9.-]*) presses (m\\d+) (.+)");

    private final String server;
    private final ConsoleConnector connector;
    private final InboundEvents inbound;
    private final CommandCatalog catalog;
    private final Clock clock;
    private final AtomicInteger events = new AtomicInteger();

    public Console(
            String server, ConsoleConnector connector, InboundEvents inbound, CommandCatalog catalog, Clock clock) {
        this.server = server;
        this.connector = connector;
        this.inbound = inbound;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Takes one line and waits until every feature has handled what it caused; answers the line's message id, if any. */
    public Optional<String> enter(String line) {
        Matcher press = PRESSES.matcher(line.strip());
        if (press.matches()) {
            press(press.group(1), press.group(2), press.group(3));
            return Optional.empty();
        }
        Matcher says = SAYS.matcher(line.strip());
        if (!says.matches()) throw new IllegalArgumentException("not a console line: " + line);
        Actor actor = actor(says.group(1));
        boolean direct = says.group(2).equals("dm");
        ChannelRef channel = direct
                ? connector.openDirect(actor.user())
                : new ChannelRef(ConsoleConnector.CONSOLE, server, says.group(2));
        String text = says.group(4);
        MessageRef typed = connector.typed(channel, says.group(3), actor.displayName(), text);
        if (text.startsWith("/") && says.group(3) == null) {
            command(actor, channel, text);
        } else {
            handle(new ChatEvent.MessagePosted(
                    "console-msg-" + typed.id(), clock.instant(), actor, typed, text, null, direct));
        }
        return Optional.of(typed.id());
    }

    private void command(Actor actor, ChannelRef channel, String typed) {
        String[] parts = typed.substring(1).split("\\s+", 2);
        String rest = parts.length > 1 ? parts[1] : "";
        Optional<CommandSpec> spec = catalog.command(parts[0]);
        if (spec.isEmpty()) {
            connector.typed(channel, null, "console", "/" + parts[0] + " is not a command here.");
            return;
        }
        CommandLine.Parsed parsed = CommandLine.parse(spec.get(), rest);
        String id = "console-cmd-" + events.incrementAndGet();
        handle(new ChatEvent.CommandInvoked(
                id,
                clock.instant(),
                actor,
                interaction(id, actor),
                channel,
                spec.get().name(),
                parsed.subcommand(),
                parsed.options(),
                rest));
    }

    private void press(String user, String messageId, String label) {
        ConsoleConnector.Posted posted =
                connector.message(messageId).orElseThrow(() -> new IllegalArgumentException("no message " + messageId));
        Message.Button button = posted.message().buttons().stream()
                .filter(b -> b.label().equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        messageId + " has no button [" + label + "]: " + posted.printed()));
        Actor actor = actor(user);
        String id = "console-press-" + events.incrementAndGet();
        handle(new ChatEvent.ButtonPressed(
                id,
                clock.instant(),
                actor,
                interaction(id, actor),
                new MessageRef(posted.channel(), posted.id(), posted.threadId()),
                button.actionId(),
                button.value()));
    }

    private Actor actor(String user) {
        return Actor.of(new UserRef(ConsoleConnector.CONSOLE, server, user), user);
    }

    /** Names who acted, since the console cannot answer privately in place: the chat module answers in their DMs. */
    private InteractionRef interaction(String id, Actor actor) {
        return new InteractionRef(
                ConsoleConnector.CONSOLE, id, id, clock.instant().plus(Duration.ofMinutes(15)), actor.user());
    }

    private void handle(ChatEvent event) {
        try {
            inbound.accept(event).processed().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "the console's " + event.getClass().getSimpleName() + " was not handled", e);
        }
    }
}
