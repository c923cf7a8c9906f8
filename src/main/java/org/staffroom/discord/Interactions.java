package org.staffroom.discord;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.GenericInteractionCreateEvent;
import net.dv8tion.jda.api.events.interaction.component.GenericComponentInteractionCreateEvent;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IModalCallback;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.InteractionRef;
import org.staffroom.chat.Texts;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.config.Pools;

/**
 * Answers interactions within Discord's three seconds. Each command, button, form or message
 * action is handed to the core; its first answer (a private reply, or a form) becomes the
 * interaction's response when it comes within {@code interactionWait}. Otherwise the interaction is
 * deferred (an ephemeral "thinking…"), the first later answer replaces it and further answers are
 * follow-ups. When the features finish without answering, a button is acknowledged silently and
 * anything else gets a short private "Done.". One lock per interaction makes sure exactly one
 * initial response is sent, whichever comes first.
 */
class Interactions {

    private static final Logger log = LoggerFactory.getLogger(Interactions.class);

    private enum State {
        NEW,
        REPLIED,
        MODAL,
        DEFERRED,
        SILENT
    }

    /** An interaction the core is working on, and how it has been answered so far. */
    private static final class Pending {
        final String id;
        final GenericInteractionCreateEvent event;
        final Locale locale;
        final long receivedNanos = System.nanoTime();
        State state = State.NEW;
        boolean answered;
        boolean originalUsed;
        CompletableFuture<InteractionHook> deferred;

        Pending(GenericInteractionCreateEvent event, Locale locale) {
            this.id = event.getId();
            this.event = event;
            this.locale = locale;
        }

        IReplyCallback reply() {
            return (IReplyCallback) event;
        }
    }

    private final InboundEvents inbound;
    private final Texts texts;
    private final Duration wait;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ExecutorService handoff;
    private final ScheduledExecutorService timers;
    private static final int HANDOFF_THREADS = 4;
    /** Interactions waiting for a hand-off thread; beyond this one is answered "failed" at once. */
    private static final int HANDOFF_QUEUE = 500;

    private volatile JDA jda;

    Interactions(InboundEvents inbound, Texts texts, Duration wait, boolean virtualThreads) {
        this.inbound = inbound;
        this.texts = texts;
        this.wait = wait;
        // Hand-off only records the event (the features run on the inbox), so a few threads suffice.
        this.handoff = Pools.io("discord-interaction-", HANDOFF_THREADS, HANDOFF_QUEUE, virtualThreads);
        // Two timers per interaction handed off, gone after its lifetime: bounded by the hand-off's bound.
        this.timers = Pools.timer("discord-interaction-timer-");
    }

    void connected(JDA jda) {
        this.jda = jda;
    }

    static Locale locale(DiscordLocale locale) {
        return locale != null && locale.getLocale().startsWith("es") ? Locale.forLanguageTag("es") : Locale.UK;
    }

    /**
     * Hands an interaction to the core (off the gateway thread) and starts its three-second clock.
     * A repeated delivery of an interaction already being answered is ignored.
     */
    void handle(GenericInteractionCreateEvent event, Locale locale, Supplier<ChatEvent> translate) {
        Pending p = new Pending(event, locale);
        if (pending.putIfAbsent(p.id, p) != null) return;
        try {
            handoff.execute(() -> hand(p, translate));
        } catch (RejectedExecutionException e) {
            log.warn("Too many Discord interactions waiting; answered {} as failed", p.id);
            finish(p, "discord.failed");
            pending.remove(p.id);
            return;
        }
        timers.schedule(() -> deadline(p), wait.toMillis(), TimeUnit.MILLISECONDS);
        timers.schedule(() -> pending.remove(p.id), EventMapper.INTERACTION_LIFETIME.toMinutes(), TimeUnit.MINUTES);
    }

    /** On a hand-off thread: records the event; the features run on the inbox. */
    private void hand(Pending p, Supplier<ChatEvent> translate) {
        InboundEvents.Acceptance acceptance;
        try {
            acceptance = inbound.accept(translate.get());
        } catch (RuntimeException e) {
            log.error("Could not hand interaction {} to the core", p.id, e);
            finish(p, "discord.failed");
            return;
        }
        if (acceptance.duplicate()) {
            log.debug("Interaction {} was already handled", p.id);
            return;
        }
        acceptance.processed().whenComplete((v, e) -> finish(p, "discord.done"));
    }

    /** The workflow's private answer: the response itself if still possible, else an edit or follow-up. */
    void respond(InteractionRef ref, MessageCreateData data) throws DeliveryException {
        Pending p = pending.get(ref.id());
        if (p == null) {
            // Not answered here (another instance, or after a restart): the token still allows follow-ups.
            JdaCalls.call(
                    InteractionHook.from(requireJda(), ref.token())
                            .sendMessage(data)
                            .setEphemeral(true),
                    "follow-up to interaction " + ref.id());
            return;
        }
        synchronized (p) {
            switch (p.state) {
                case NEW -> {
                    JdaCalls.call(p.reply().reply(data).setEphemeral(true), "reply to interaction " + p.id);
                    p.state = State.REPLIED;
                }
                case DEFERRED -> {
                    InteractionHook hook = deferredHook(p);
                    if (!p.originalUsed) {
                        JdaCalls.call(
                                hook.editOriginal(MessageEditData.fromCreateData(data)),
                                "answer to interaction " + p.id);
                        p.originalUsed = true;
                    } else {
                        JdaCalls.call(hook.sendMessage(data).setEphemeral(true), "follow-up to interaction " + p.id);
                    }
                }
                default ->
                    JdaCalls.call(
                            p.reply().getHook().sendMessage(data).setEphemeral(true),
                            "follow-up to interaction " + p.id);
            }
            p.answered = true;
        }
    }

    /** A form can only be the first answer to a command or button; later it is refused (and the person told). */
    void openForm(InteractionRef ref, java.util.function.Function<Locale, Modal> modal) throws DeliveryException {
        Pending p = pending.get(ref.id());
        if (p == null)
            throw DeliveryException.permanent(
                    "interaction " + ref.id() + " is unknown here; a form must be its first answer", null);
        synchronized (p) {
            if (p.state == State.NEW && p.event instanceof IModalCallback callback) {
                JdaCalls.call(callback.replyModal(modal.apply(p.locale)), "form for interaction " + p.id);
                p.state = State.MODAL;
                p.answered = true;
                return;
            }
            if (p.state == State.DEFERRED && !p.originalUsed) {
                try {
                    JdaCalls.call(
                            deferredHook(p).editOriginal(texts.get(p.locale, "discord.form-too-late")),
                            "answer to interaction " + p.id);
                    p.originalUsed = true;
                    p.answered = true;
                } catch (DeliveryException e) {
                    log.warn("Could not tell interaction {} that its form came too late: {}", p.id, e.getMessage());
                }
            }
        }
        throw DeliveryException.permanent(
                "a form can only be the first answer to interaction " + ref.id() + " (it was "
                        + p.state.name().toLowerCase(Locale.ROOT) + ")",
                null);
    }

    /** Nobody answered within the wait: defer (ephemeral), so Discord keeps the interaction open. */
    private void deadline(Pending p) {
        synchronized (p) {
            if (p.state != State.NEW) return;
            p.deferred = p.reply().deferReply(true).submit();
            p.state = State.DEFERRED;
            log.debug("Interaction {} deferred after {} ms", p.id, (System.nanoTime() - p.receivedNanos) / 1_000_000);
        }
    }

    /** The features are done. An interaction nobody answered still needs an acknowledgement. */
    private void finish(Pending p, String doneKey) {
        synchronized (p) {
            try {
                if (p.state == State.NEW) {
                    if (p.event instanceof GenericComponentInteractionCreateEvent button
                            && !doneKey.equals("discord.failed")) {
                        JdaCalls.call(button.deferEdit(), "acknowledge interaction " + p.id);
                    } else {
                        JdaCalls.call(
                                p.reply().reply(texts.get(p.locale, doneKey)).setEphemeral(true),
                                "acknowledge interaction " + p.id);
                    }
                    p.state = State.SILENT;
                } else if (p.state == State.DEFERRED && !p.answered) {
                    JdaCalls.call(
                            deferredHook(p).editOriginal(texts.get(p.locale, doneKey)), "finish interaction " + p.id);
                    p.originalUsed = true;
                }
            } catch (DeliveryException e) {
                log.warn("Could not acknowledge interaction {}: {}", p.id, e.getMessage());
            }
        }
    }

    private static InteractionHook deferredHook(Pending p) throws DeliveryException {
        try {
            return p.deferred.get(JdaCalls.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw JdaCalls.failure(e.getCause(), "deferring interaction " + p.id);
        } catch (java.util.concurrent.TimeoutException e) {
            throw DeliveryException.transientFailure("deferring interaction " + p.id + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.transientFailure("interrupted", e);
        }
    }

    private JDA requireJda() throws DeliveryException {
        JDA current = jda;
        if (current == null) throw DeliveryException.transientFailure("not connected to Discord", null);
        return current;
    }

    void shutdown() {
        timers.shutdownNow();
        Pools.close(handoff, Duration.ofSeconds(5));
    }
}
