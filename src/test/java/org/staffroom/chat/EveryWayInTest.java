package org.staffroom.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.config.Platform;
import org.staffroom.config.Role;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;
import org.staffroom.drafts.DraftsDashboard;
import org.staffroom.qotd.QotdDashboard;
import org.staffroom.testing.Sample;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.StaffroomTest;

/**
 * The proof that every way in has one door: the whole command catalog, every button and every form
 * has exactly one handler, and each refuses a caller without its role before its handler runs, for
 * callers on Slack and on Discord, through the sandbox adapter, and on the web pages that offer the
 * same use case. A new catalog entry is covered without editing this test; one with a role and no
 * decision here about the web fails {@link #everyEntryWithARoleRefusesACallerWithoutItOnTheWebOrIsChatOnly}.
 */
@StaffroomTest
class EveryWayInTest {

    @Autowired
    CommandCatalog catalog;

    @Autowired
    List<CommandHandler<?>> commandHandlers;

    @Autowired
    List<ButtonHandler<?>> buttonHandlers;

    @Autowired
    List<FormHandler<?>> formHandlers;

    @Autowired
    Callers<?> callers;

    @Autowired
    UsageHandler<?> usage;

    @Autowired
    Texts texts;

    @Autowired
    Directory directory;

    @Autowired
    QotdDashboard qotd;

    @Autowired
    DraftsDashboard drafts;

    @LocalServerPort
    int port;

    /** A teacher (no role beyond it) on each platform, in their school's staffroom. */
    static final Map<Platform, Actor> TEACHER =
            Map.of(Platform.SLACK, actor(Sample.BEN), Platform.DISCORD, actor(Sample.HARRY));

    static final Map<Platform, ChannelRef> STAFFROOM = Map.of(
            Platform.SLACK,
            ChannelRef.parse(Sample.OAKFIELD_STAFFROOM),
            Platform.DISCORD,
            ChannelRef.parse(Sample.HILLCREST_STAFFROOM));
    /** Someone holding each role, on each platform. */
    static final Map<Role, Map<Platform, Actor>> HOLDER = new EnumMap<>(Map.of(
            Role.TEACHER, TEACHER,
            Role.COORDINATOR,
                    Map.of(Platform.SLACK, actor(Sample.FARID_SLACK), Platform.DISCORD, actor(Sample.FARID_DISCORD)),
            Role.APPROVER, Map.of(Platform.SLACK, actor(Sample.AMARA), Platform.DISCORD, actor(Sample.GRACE)),
            Role.ADMIN, Map.of(Platform.SLACK, actor(Sample.KATE_SLACK))));

    private static Actor actor(String key) {
        return Actor.of(UserRef.parse(key), key);
    }

    /** Every way in, as the catalog declares it: commands by subcommand, then buttons, then forms. */
    record Entry(String what, Role role, Object key) {}

    private List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (CommandSpec spec : catalog.commands()) {
            for (CommandSpec.Subcommand sub : spec.subcommands()) {
                out.add(new Entry(
                        "/" + spec.name() + (sub.name().isEmpty() ? "" : " " + sub.name()),
                        sub.role(),
                        List.of(spec.name(), sub.name())));
            }
        }
        for (Interaction i : catalog.interactions())
            out.add(new Entry(i.kind().name().toLowerCase() + " " + i.id(), i.role(), i));
        return out;
    }

    @Test
    void everyCommandButtonAndFormHasExactlyOneHandler() {
        List<Entry> entries = entries();
        assertThat(entries).hasSizeGreaterThan(30);
        for (Entry e : entries) {
            long handlers;
            if (e.key() instanceof Interaction i) {
                handlers = i.kind() == Interaction.Kind.BUTTON
                        ? buttonHandlers.stream()
                                .filter(h -> h.actionId().equals(i.id()))
                                .count()
                        : formHandlers.stream()
                                .filter(h -> h.formId().equals(i.id()))
                                .count();
            } else {
                List<?> key = (List<?>) e.key();
                handlers = commandHandlers.stream()
                        .filter(h ->
                                h.command().equals(key.get(0)) && h.subcommand().equals(key.get(1)))
                        .count();
            }
            assertThat(handlers).as(e.what()).isEqualTo(1);
        }
    }

    @Test
    void aMissingOrDoubledHandlerStopsTheApplicationFromStarting() {
        CommandSpec demo = new CommandSpec(
                "demo", "command.demo", List.of(CommandSpec.Subcommand.of("go", "demo.go", Role.TEACHER)));
        CommandCatalog small =
                new CommandCatalog(List.of(demo), List.of(), List.of(Interaction.button("demo.press", Role.TEACHER)));
        CommandHandler<Object> go = CommandHandler.of("demo", "go", (e, c) -> null);
        assertThatThrownBy(() -> new Dispatcher(small, callers, usage, List.of(), List.of(), List.of(), null, texts))
                .hasMessageContaining("/demo go has 0 handlers")
                .hasMessageContaining("button demo.press has 0 handlers");
        assertThatThrownBy(() -> new Dispatcher(
                        small,
                        callers,
                        usage,
                        List.of(go, go),
                        List.of(ButtonHandler.of("demo.press", (e, c) -> null)),
                        List.of(FormHandler.of("demo.form", (e, c) -> null)),
                        null,
                        texts))
                .hasMessageContaining("/demo go has 2 handlers")
                .hasMessageContaining("handles form demo.form, which the catalog does not declare");
    }

    /** Chat that keeps the private answers instead of sending them. */
    static class Answers extends Chat {
        final List<String> given = new ArrayList<>();

        Answers() {
            super(null, null, null, new TransactionTemplate(), null);
        }

        @Override
        public void respond(InteractionRef interaction, Message message) {
            given.add(message.text().plain());
        }
    }

    @Test
    void everyEntryRefusesACallerWithoutItsRoleBeforeItsHandlerRunsOnSlackAndDiscord() {
        List<String> ran = new ArrayList<>();
        Answers answers = new Answers();
        // The real handlers' keys and refusals, doing nothing but say that they ran.
        List<CommandHandler<?>> commands = commandHandlers.stream()
                .<CommandHandler<?>>map(h -> recording(h, ran))
                .toList();
        List<ButtonHandler<?>> buttons = buttonHandlers.stream()
                .<ButtonHandler<?>>map(h -> recording(h, ran))
                .toList();
        List<FormHandler<?>> forms = formHandlers.stream()
                .<FormHandler<?>>map(h -> recording(h, ran))
                .toList();
        Dispatcher dispatcher = new Dispatcher(catalog, callers, usage, commands, buttons, forms, answers, texts);
        int refusals = 0;
        for (Entry e : entries()) {
            for (Platform platform : List.of(Platform.SLACK, Platform.DISCORD)) {
                Actor teacher = TEACHER.get(platform);
                if (e.role() != Role.TEACHER) {
                    ran.clear();
                    answers.given.clear();
                    dispatch(dispatcher, e, teacher, platform);
                    assertThat(ran)
                            .as("%s by a teacher on %s", e.what(), platform)
                            .isEmpty();
                    assertThat(answers.given)
                            .as("%s by a teacher on %s", e.what(), platform)
                            .hasSize(1);
                    assertThat(answers.given.get(0))
                            .as("%s by a teacher on %s", e.what(), platform)
                            .isEqualTo(expectedRefusal(e, dispatcherHandler(e), teacher, platform));
                    refusals++;
                }
                // And the role is what decides: someone who holds it gets through to the handler.
                Actor holder = HOLDER.get(e.role()).get(platform);
                if (holder == null) continue;
                ran.clear();
                dispatch(dispatcher, e, holder, platform);
                assertThat(ran)
                        .as("%s by a holder of %s on %s", e.what(), e.role(), platform)
                        .containsExactly(e.what());
            }
        }
        assertThat(refusals).isGreaterThanOrEqualTo(2 * 9);
    }

    private void dispatch(Dispatcher dispatcher, Entry e, Actor actor, Platform platform) {
        ChannelRef channel = STAFFROOM.get(platform);
        InteractionRef interaction = new InteractionRef(platform, "proof-" + System.nanoTime(), null, null);
        Instant at = Instant.parse("2026-11-25T09:00:00Z");
        if (e.key() instanceof Interaction i && i.kind() == Interaction.Kind.BUTTON) {
            dispatcher.on(new ChatEvent.ButtonPressed(
                    "b", at, actor, interaction, new MessageRef(channel, "1", null), i.id(), "1"));
        } else if (e.key() instanceof Interaction i) {
            dispatcher.on(new ChatEvent.FormSubmitted("f", at, actor, interaction, channel, i.id(), "1", Map.of()));
        } else {
            List<?> key = (List<?>) e.key();
            dispatcher.on(new ChatEvent.CommandInvoked(
                    "c",
                    at,
                    actor,
                    interaction,
                    channel,
                    (String) key.get(0),
                    (String) key.get(1),
                    Map.of("id", "1"),
                    "1"));
        }
    }

    private Object dispatcherHandler(Entry e) {
        if (e.key() instanceof Interaction i) {
            return i.kind() == Interaction.Kind.BUTTON
                    ? buttonHandlers.stream()
                            .filter(h -> h.actionId().equals(i.id()))
                            .findFirst()
                            .orElseThrow()
                    : formHandlers.stream()
                            .filter(h -> h.formId().equals(i.id()))
                            .findFirst()
                            .orElseThrow();
        }
        List<?> key = (List<?>) e.key();
        return commandHandlers.stream()
                .filter(h -> h.command().equals(key.get(0)) && h.subcommand().equals(key.get(1)))
                .findFirst()
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private String expectedRefusal(Entry e, Object handler, Actor actor, Platform platform) {
        Caller caller = directory.caller(actor, STAFFROOM.get(platform));
        Refusal r;
        try {
            if (!(e.key() instanceof Interaction)) {
                CommandHandler<?> h = (CommandHandler<?>) handler;
                List<?> key = (List<?>) e.key();
                CommandSpec.Subcommand sub = catalog.command((String) key.get(0))
                        .flatMap(c -> c.subcommand((String) key.get(1)))
                        .orElseThrow();
                r = h.refusedRole(
                        sub,
                        new ChatEvent.CommandInvoked(
                                "c",
                                Instant.EPOCH,
                                actor,
                                null,
                                null,
                                (String) key.get(0),
                                (String) key.get(1),
                                Map.of("id", "1"),
                                "1"));
            } else if (((Interaction) e.key()).kind() == Interaction.Kind.BUTTON) {
                ButtonHandler<?> h = (ButtonHandler<?>) handler;
                r = h.refusedRole(
                        (Interaction) e.key(),
                        new ChatEvent.ButtonPressed("b", Instant.EPOCH, actor, null, null, h.actionId(), "1"));
            } else {
                FormHandler<?> h = (FormHandler<?>) handler;
                r = h.refusedRole(
                        (Interaction) e.key(),
                        new ChatEvent.FormSubmitted("f", Instant.EPOCH, actor, null, null, h.formId(), "1", Map.of()));
            }
        } catch (Refusal thrown) {
            r = thrown;
        }
        return texts.get(caller.locale(), r.key(), r.args());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static CommandHandler<?> recording(CommandHandler<?> real, List<String> ran) {
        CommandHandler raw = real;
        return new CommandHandler<Object>() {
            public String command() {
                return raw.command();
            }

            public String subcommand() {
                return raw.subcommand();
            }

            public Message handle(ChatEvent.CommandInvoked e, Object c) {
                ran.add("/" + raw.command() + (raw.subcommand().isEmpty() ? "" : " " + raw.subcommand()));
                return null;
            }

            public Refusal refusedRole(CommandSpec.Subcommand s, ChatEvent.CommandInvoked e) {
                return raw.refusedRole(s, e);
            }
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ButtonHandler<?> recording(ButtonHandler<?> real, List<String> ran) {
        ButtonHandler raw = real;
        return new ButtonHandler<Object>() {
            public String actionId() {
                return raw.actionId();
            }

            public Message handle(ChatEvent.ButtonPressed e, Object c) {
                ran.add("button " + raw.actionId());
                return null;
            }

            public Refusal refusedRole(Interaction s, ChatEvent.ButtonPressed e) {
                return raw.refusedRole(s, e);
            }
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static FormHandler<?> recording(FormHandler<?> real, List<String> ran) {
        FormHandler raw = real;
        return new FormHandler<Object>() {
            public String formId() {
                return raw.formId();
            }

            public Message handle(ChatEvent.FormSubmitted e, Object c) {
                ran.add("form " + raw.formId());
                return null;
            }

            public Refusal refusedRole(Interaction s, ChatEvent.FormSubmitted e) {
                return raw.refusedRole(s, e);
            }
        };
    }

    /** A typed line for a subcommand, with a plausible value for each required option. */
    private static String typed(String command, CommandSpec.Subcommand sub) {
        StringBuilder line = new StringBuilder("/").append(command);
        if (!sub.name().isEmpty()) line.append(' ').append(sub.name());
        for (CommandSpec.Option o : sub.options()) {
            if (!o.required()) continue;
            line.append(' ')
                    .append(
                            switch (o.type()) {
                                case DATE -> "2026-12-03";
                                case NUMBER -> "1";
                                case HASHTAG -> "#phonics";
                                case SCHOOLS -> "oakfield";
                                case WORD -> "q001";
                                case TEXT -> "words";
                            });
        }
        return line.toString();
    }

    @Test
    void everySubcommandWithARoleRefusesACallerWithoutItThroughTheSandbox() {
        SandboxClient sandbox = new SandboxClient(port);
        Actor ben = TEACHER.get(Platform.SLACK);
        Caller caller = directory.caller(ben, STAFFROOM.get(Platform.SLACK));
        int checked = 0;
        for (CommandSpec spec : catalog.commands()) {
            for (CommandSpec.Subcommand sub : spec.subcommands()) {
                if (sub.role() == Role.TEACHER) continue;
                String line = typed(spec.name(), sub);
                sandbox.command(Sample.BEN, Sample.OAKFIELD_STAFFROOM, line);
                CommandHandler<?> handler = commandHandlers.stream()
                        .filter(h -> h.command().equals(spec.name())
                                && h.subcommand().equals(sub.name()))
                        .findFirst()
                        .orElseThrow();
                Refusal r = handler.refusedRole(
                        sub,
                        new ChatEvent.CommandInvoked(
                                "c", Instant.EPOCH, ben, null, null, spec.name(), sub.name(), Map.of("id", "1"), ""));
                assertThat(sandbox.lastPrivateAnswer(Sample.BEN, Sample.OAKFIELD_STAFFROOM)
                                .orElseThrow()
                                .text())
                        .as(line)
                        .isEqualTo(texts.get(caller.locale(), r.key(), r.args()));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(7);
    }

    /**
     * Where the web offers the same use case, it refuses the same caller; the rest are chat-only, by
     * name. A new entry with a role must be put in one of the two.
     */
    @Test
    void everyEntryWithARoleRefusesACallerWithoutItOnTheWebOrIsChatOnly() {
        Caller ben = directory.caller(TEACHER.get(Platform.SLACK), STAFFROOM.get(Platform.SLACK));
        java.util.Locale en = java.util.Locale.UK;
        Map<String, Function<Caller, Boolean>> web = new LinkedHashMap<>();
        web.put(
                "/qotd add",
                c -> !qotd.add(c, "Which book changed your teaching?", null, en).ok());
        web.put(
                "/qotd pin",
                c -> !qotd.pin(c, "q001", LocalDate.of(2026, 12, 3).toString(), en)
                        .ok());
        web.put("/qotd retire", c -> !qotd.retire(c, "q001", en).ok());
        // A real pending suggestion, so that the refusal is the role's and not "no such suggestion".
        assertThat(qotd.suggest(ben, "What made you laugh this week?", null, en).ok())
                .isTrue();
        Caller farid =
                directory.caller(HOLDER.get(Role.COORDINATOR).get(Platform.SLACK), STAFFROOM.get(Platform.SLACK));
        long suggestion = qotd.pendingSuggestions(farid).stream()
                .filter(s -> s.text().equals("What made you laugh this week?"))
                .findFirst()
                .orElseThrow()
                .id();
        web.put(
                "button qotd.suggestion.approve",
                c -> qotd.decide(c, suggestion, true, en).message().startsWith("Only a trust-wide coordinator"));
        web.put(
                "button qotd.suggestion.decline",
                c -> qotd.decide(c, suggestion, false, en).message().startsWith("Only a trust-wide coordinator"));
        web.put(
                "/draft audit",
                c -> drafts.auditCsv(c, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))
                                        .lines()
                                        .count()
                                <= 1
                        && drafts.access(c, 1) != DraftsDashboard.Access.REVIEWER);
        // Chat-only: the web has no page that does these.
        Set<String> chatOnly =
                Set.of("/qotd now", "/qotd upcoming", "/qotd stats", "/pdchat schedule", "form pdchat.schedule");
        for (Entry e : entries()) {
            if (e.role() == Role.TEACHER) continue;
            assertThat(web.containsKey(e.what()) || chatOnly.contains(e.what()))
                    .as("%s: on the web, or chat-only?", e.what())
                    .isTrue();
        }
        for (Map.Entry<String, Function<Caller, Boolean>> w : web.entrySet()) {
            assertThat(w.getValue().apply(ben))
                    .as("%s on the web by a teacher", w.getKey())
                    .isTrue();
        }
        assertThat(qotd.add(ben, "Which book changed your teaching?", null, en).message())
                .isEqualTo("Only coordinators can use /qotd add. To suggest a question, use /qotd suggest.");
    }
}
