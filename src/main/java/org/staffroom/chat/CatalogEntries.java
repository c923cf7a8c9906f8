package org.staffroom.chat;

import java.util.function.BiFunction;
import java.util.function.Function;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.staffroom.config.Role;

/**
 * A feature's ways in, declared as one table: its commands and message actions, and each subcommand,
 * button and form with the method of one bean that does it. A feature imports its table
 * ({@code @Import}) and each row becomes the beans the {@link CommandCatalog} and the
 * {@link Dispatcher} collect ({@link CommandSpec}, {@link Interaction} and one handler), so an entry
 * is written once rather than as a bean for the entry and another for its handler.
 *
 * <p>The entries need no other bean: the catalog is built early (the adapters register commands from
 * it), before the features' services exist, so an entry that waited for one could close a cycle
 * through an adapter. A handler finds its bean when the dispatcher is built, as a handler bean would.
 */
public abstract class CatalogEntries<C> implements BeanRegistrar {

    /** What does a row: a method of the bean {@code B}, given the event and the caller ({@code C}). */
    @FunctionalInterface
    public interface Handles<B, E, C> {
        Message handle(B bean, E event, C caller);
    }

    /** What a caller without the row's role is told, when the entry's default answer is not precise enough. */
    @FunctionalInterface
    public interface Refuses<B, E> {
        Refusal refuse(B bean, E event);
    }

    @Override
    public final void register(BeanRegistry registry, Environment environment) {
        declare(new Table<>(registry));
    }

    /** Declares the feature's entries and their handlers on {@code table}. */
    protected abstract void declare(Table<C> table);

    /** The rows of one feature. */
    public static final class Table<C> {

        private final BeanRegistry registry;

        Table(BeanRegistry registry) {
            this.registry = registry;
        }

        /** A command (its subcommands are handled by rows of {@link #handledBy}). */
        public Table<C> command(CommandSpec command) {
            registry.registerBean(CommandSpec.class, spec -> spec.supplier(ctx -> command));
            return this;
        }

        /** A message action: it arrives as a message event, so it has no handler of the dispatcher's. */
        public Table<C> messageAction(String id, String labelKey) {
            CommandSpec.MessageAction action = new CommandSpec.MessageAction(id, labelKey);
            registry.registerBean(CommandSpec.MessageAction.class, spec -> spec.supplier(ctx -> action));
            return this;
        }

        /** The rows whose work is a method of the bean of type {@code bean}. */
        public <B> Rows<B, C> handledBy(Class<B> bean) {
            return new Rows<>(registry, bean);
        }
    }

    /** Rows handled by one bean. */
    public static final class Rows<B, C> {

        private final BeanRegistry registry;
        private final Class<B> bean;

        Rows(BeanRegistry registry, Class<B> bean) {
            this.registry = registry;
            this.bean = bean;
        }

        /** Subcommands of {@code command}, each done by {@code method}, refused with the default answer. */
        public Rows<B, C> commands(
                String command, Handles<B, ChatEvent.CommandInvoked, C> method, String... subcommands) {
            for (String subcommand : subcommands) command(command, subcommand, method, null);
            return this;
        }

        /** One subcommand, with what a caller without its role is told. */
        public Rows<B, C> command(
                String command,
                String subcommand,
                Handles<B, ChatEvent.CommandInvoked, C> method,
                Refuses<B, ChatEvent.CommandInvoked> refused) {
            handler(
                    new ParameterizedTypeReference<CommandHandler<?>>() {},
                    b -> CommandHandler.<C>of(command, subcommand, bind(b, method), refusal(b, refused)));
            return this;
        }

        /** Buttons anyone with {@code role} may press, each done by {@code method}. */
        public Rows<B, C> buttons(Role role, Handles<B, ChatEvent.ButtonPressed, C> method, String... actionIds) {
            for (String id : actionIds) button(id, role, method, null);
            return this;
        }

        /** One button, with what a caller without its role is told. */
        public Rows<B, C> button(
                String actionId,
                Role role,
                Handles<B, ChatEvent.ButtonPressed, C> method,
                Refuses<B, ChatEvent.ButtonPressed> refused) {
            entry(Interaction.button(actionId, role));
            handler(
                    new ParameterizedTypeReference<ButtonHandler<?>>() {},
                    b -> ButtonHandler.<C>of(actionId, bind(b, method), refusal(b, refused)));
            return this;
        }

        /** Forms anyone with {@code role} may submit, each done by {@code method}. */
        public Rows<B, C> forms(Role role, Handles<B, ChatEvent.FormSubmitted, C> method, String... formIds) {
            for (String id : formIds) form(id, role, method, null);
            return this;
        }

        /** One form, with what a caller without its role is told. */
        public Rows<B, C> form(
                String formId,
                Role role,
                Handles<B, ChatEvent.FormSubmitted, C> method,
                Refuses<B, ChatEvent.FormSubmitted> refused) {
            entry(Interaction.form(formId, role));
            handler(
                    new ParameterizedTypeReference<FormHandler<?>>() {},
                    b -> FormHandler.<C>of(formId, bind(b, method), refusal(b, refused)));
            return this;
        }

        private void entry(Interaction interaction) {
            registry.registerBean(Interaction.class, spec -> spec.supplier(ctx -> interaction));
        }

        private <H> void handler(ParameterizedTypeReference<H> type, Function<B, H> make) {
            registry.registerBean(type, spec -> spec.supplier(ctx -> make.apply(ctx.bean(bean))));
        }

        private static <B, E, C> BiFunction<E, C, Message> bind(B bean, Handles<B, E, C> method) {
            return (e, c) -> method.handle(bean, e, c);
        }

        private static <B, E> Function<E, Refusal> refusal(B bean, Refuses<B, E> refused) {
            return refused == null ? null : e -> refused.refuse(bean, e);
        }
    }
}
