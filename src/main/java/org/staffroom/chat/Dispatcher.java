package org.staffroom.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.staffroom.config.Role;

/**
 * The one door for commands, buttons and forms. Each catalog entry has exactly one handler (the
 * application fails to start otherwise, naming what is missing or doubled). For every action the
 * dispatcher resolves the caller once against the configuration in force, refuses a caller without
 * the entry's role before any handler runs, answers a {@link Refusal} privately in the caller's
 * language, and answers a command typed without a known subcommand with its usage. A handler that
 * fails is answered with an apology and the failure is rethrown, so the inbox records it.
 */
@Component
public class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final CommandCatalog catalog;
    private final Callers<Object> callers;
    private final UsageHandler<Object> usage;
    private final Chat chat;
    private final Texts texts;
    private final Map<CommandSpec.Subcommand, CommandHandler<Object>> commands = new HashMap<>();
    private final Map<String, ButtonHandler<Object>> buttons;
    private final Map<String, FormHandler<Object>> forms;

    @SuppressWarnings("unchecked")
    Dispatcher(
            CommandCatalog catalog,
            Callers<?> callers,
            UsageHandler<?> usage,
            List<CommandHandler<?>> commandHandlers,
            List<ButtonHandler<?>> buttonHandlers,
            List<FormHandler<?>> formHandlers,
            Chat chat,
            Texts texts) {
        this.catalog = catalog;
        // One directory resolves callers for every handler: its caller type is the handlers' C.
        this.callers = (Callers<Object>) callers;
        this.usage = (UsageHandler<Object>) usage;
        this.chat = chat;
        this.texts = texts;
        List<String> problems = new ArrayList<>();
        for (CommandSpec spec : catalog.commands()) {
            for (CommandSpec.Subcommand sub : spec.subcommands()) {
                List<CommandHandler<?>> found = commandHandlers.stream()
                        .filter(h -> h.command().equalsIgnoreCase(spec.name())
                                && h.subcommand().equalsIgnoreCase(sub.name()))
                        .toList();
                String what = "/" + spec.name() + (sub.name().isEmpty() ? "" : " " + sub.name());
                if (found.size() == 1) commands.put(sub, (CommandHandler<Object>) found.get(0));
                else problems.add(what + " has " + found.size() + " handlers " + names(found));
            }
        }
        for (CommandHandler<?> h : commandHandlers) {
            boolean declared = catalog.command(h.command())
                    .flatMap(c -> c.subcommand(h.subcommand()))
                    .isPresent();
            if (!declared)
                problems.add(name(h) + " handles /" + h.command() + " " + h.subcommand()
                        + ", which the catalog does not declare");
        }
        this.buttons = (Map<String, ButtonHandler<Object>>)
                (Map<?, ?>) index(Interaction.Kind.BUTTON, buttonHandlers, ButtonHandler::actionId, problems);
        this.forms = (Map<String, FormHandler<Object>>)
                (Map<?, ?>) index(Interaction.Kind.FORM, formHandlers, FormHandler::formId, problems);
        if (!problems.isEmpty())
            throw new IllegalStateException("Every command, button and form needs exactly one handler: " + problems);
    }

    private <H> Map<String, H> index(
            Interaction.Kind kind, List<H> handlers, Function<H, String> id, List<String> problems) {
        Map<String, H> out = new HashMap<>();
        String label = kind.name().toLowerCase();
        for (Interaction i : catalog.interactions(kind)) {
            List<H> found =
                    handlers.stream().filter(h -> id.apply(h).equals(i.id())).toList();
            if (found.size() == 1) out.put(i.id(), found.get(0));
            else problems.add(label + " " + i.id() + " has " + found.size() + " handlers " + names(found));
        }
        for (H h : handlers) {
            if (catalog.interaction(kind, id.apply(h)).isEmpty()) {
                problems.add(
                        name(h) + " handles " + label + " " + id.apply(h) + ", which the catalog does not declare");
            }
        }
        return out;
    }

    private static List<String> names(List<?> handlers) {
        return handlers.stream().map(Dispatcher::name).toList();
    }

    private static String name(Object handler) {
        return handler.getClass().isAnonymousClass()
                ? handler.toString()
                : handler.getClass().getSimpleName();
    }

    @EventListener
    void on(ChatEvent.CommandInvoked event) {
        CommandSpec spec = catalog.command(event.command()).orElse(null);
        if (spec == null) {
            log.warn("/{} is not in the catalog; ignored", event.command());
            return;
        }
        Object caller = callers.resolve(event.actor(), event.channel());
        CommandSpec.Subcommand sub = spec.subcommand(event.subcommand()).orElse(null);
        if (sub == null) {
            usage.usage(event, spec, caller);
            return;
        }
        CommandHandler<Object> handler = commands.get(sub);
        run(
                event.interaction(),
                caller,
                "/" + spec.name() + " " + sub.name(),
                sub.role(),
                () -> handler.refusedRole(sub, event),
                () -> handler.handle(event, caller));
    }

    @EventListener
    void on(ChatEvent.ButtonPressed event) {
        Interaction spec =
                catalog.interaction(Interaction.Kind.BUTTON, event.actionId()).orElse(null);
        if (spec == null) {
            log.warn("Button {} is not in the catalog; ignored", event.actionId());
            return;
        }
        Object caller = callers.resolve(
                event.actor(), event.message() == null ? null : event.message().channel());
        ButtonHandler<Object> handler = buttons.get(spec.id());
        run(
                event.interaction(),
                caller,
                "button " + spec.id(),
                spec.role(),
                () -> handler.refusedRole(spec, event),
                () -> handler.handle(event, caller));
    }

    @EventListener
    void on(ChatEvent.FormSubmitted event) {
        Interaction spec =
                catalog.interaction(Interaction.Kind.FORM, event.formId()).orElse(null);
        if (spec == null) {
            log.warn("Form {} is not in the catalog; ignored", event.formId());
            return;
        }
        Object caller = callers.resolve(event.actor(), event.channel());
        FormHandler<Object> handler = forms.get(spec.id());
        run(
                event.interaction(),
                caller,
                "form " + spec.id(),
                spec.role(),
                () -> handler.refusedRole(spec, event),
                () -> handler.handle(event, caller));
    }

    private void run(
            InteractionRef interaction,
            Object caller,
            String what,
            Role role,
            java.util.function.Supplier<Refusal> refusedRole,
            java.util.function.Supplier<Message> work) {
        if (!callers.holds(caller, role)) {
            Refusal refusal;
            try {
                refusal = refusedRole.get();
            } catch (Refusal r) {
                refusal = r;
            }
            answer(interaction, caller, refusal);
            return;
        }
        try {
            Message reply = work.get();
            if (reply != null) chat.respond(interaction, reply);
        } catch (Refusal r) {
            answer(interaction, caller, r);
        } catch (RuntimeException e) {
            try {
                chat.respond(interaction, Message.of(texts.get(callers.locale(caller), "chat.failed")));
            } catch (RuntimeException answerFailed) {
                e.addSuppressed(answerFailed);
            }
            // The inbox records the handling of `what` as FAILED, with this error, for an admin to see.
            throw e;
        }
    }

    private void answer(InteractionRef interaction, Object caller, Refusal r) {
        chat.respond(interaction, Message.of(texts.get(callers.locale(caller), r.key(), r.args())));
    }
}
