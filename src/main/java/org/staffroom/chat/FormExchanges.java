package org.staffroom.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.staffroom.chat.FormExchangeStore.Exchange;
import org.staffroom.config.Person;
import org.staffroom.config.School;
import org.staffroom.config.Space;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.config.TrustConfig;

/**
 * A form on a platform that cannot show one: its fields are asked one at a time in the person's
 * direct messages, each answer is checked as the form would check it, and the last one hands the
 * whole submission in as a {@link ChatEvent.FormSubmitted}, so the workflow that opened the form
 * cannot tell the difference. "cancel" stops; a new form replaces an unfinished one. The exchange
 * is a row ({@code form_exchange}), so an answer that reaches another instance or comes after a
 * restart carries on. Its own words are in the language of the person's school (the form's labels
 * already are, written by the workflow that opened it).
 */
@Component
class FormExchanges {

    static final Duration LIFETIME = Duration.ofMinutes(30);

    private final FormExchangeStore store;
    private final Chat chat;
    private final InboundEvents inbound;
    private final Texts texts;
    private final TrustConfig config;
    private final Clock clock;

    FormExchanges(
            FormExchangeStore store,
            @Lazy Chat chat,
            @Lazy InboundEvents inbound,
            Texts texts,
            TrustConfig config,
            Clock clock) {
        this.store = store;
        this.chat = chat;
        this.inbound = inbound;
        this.texts = texts;
        this.config = config;
        this.clock = clock;
    }

    void start(InteractionRef interaction, Form form) {
        if (interaction.user() == null) {
            throw new IllegalStateException(interaction.platform().label() + " has no forms and did not say who acted");
        }
        String user = interaction.user().key();
        String id = UUID.randomUUID().toString();
        store.open(user, id, interaction, form, clock.instant(), clock.instant().plus(LIFETIME));
        Locale locale = locale(interaction.user());
        String intro =
                texts.get(locale, "chat.form.intro", form.title(), form.fields().size());
        ask(new Exchange(id, interaction, form, Map.of(), 0), Rich.of(intro).newline(), "0");
    }

    /** An answer, if the person has an exchange open; anything else in their direct messages is left alone. */
    @EventListener
    void on(ChatEvent.MessagePosted event) {
        if (!event.direct()) return;
        Optional<Exchange> open = store.current(event.actor().user().key(), clock.instant());
        if (open.isEmpty()) return;
        Exchange o = open.get();
        Locale locale = locale(event.actor().user());
        String text = event.text().strip();
        UserRef user = event.actor().user();
        if (text.equalsIgnoreCase(texts.get(locale, "chat.form.cancel-word")) || text.equalsIgnoreCase("cancel")) {
            store.close(user.key());
            chat.sendDirect(
                    user,
                    Message.of(texts.get(locale, "chat.form.cancelled", o.form().title())),
                    "form:" + o.id() + ":cancelled");
            return;
        }
        Form.FormField field = o.form().fields().get(o.step());
        Answer answer = read(field, text, locale);
        if (answer.problem() != null) {
            ask(o, Rich.of(answer.problem()).newline(), o.step() + ":" + event.eventId());
            return;
        }
        Map<String, List<String>> answers = new LinkedHashMap<>(o.answers());
        answers.put(field.id(), answer.values());
        int next = o.step() + 1;
        if (next < o.form().fields().size()) {
            if (!store.advance(user.key(), o.id(), o.step(), answers, next)) {
                return; // the same answer handled twice
            }
            ask(new Exchange(o.id(), o.interaction(), o.form(), answers, next), Rich.empty(), String.valueOf(next));
            return;
        }
        if (!store.finish(user.key(), o.id(), o.step())) {
            return; // the same answer handled twice
        }
        inbound.accept(new ChatEvent.FormSubmitted(
                "form-dm:" + o.id(),
                clock.instant(),
                event.actor(),
                o.interaction(),
                null,
                o.form().formId(),
                o.form().context(),
                answers));
    }

    private void ask(Exchange o, Rich before, String keySuffix) {
        Locale locale = locale(o.interaction().user());
        Form.FormField f = o.form().fields().get(o.step());
        Rich question = before.bold((o.step() + 1) + "/" + o.form().fields().size() + " " + f.label());
        List<String> hints = new ArrayList<>();
        if (!f.choices().isEmpty()) {
            for (int i = 0; i < f.choices().size(); i++)
                question = question.newline()
                        .text((i + 1) + ". " + f.choices().get(i).label());
            hints.add(texts.get(
                    locale, f.kind() == Form.FormField.Kind.SELECT ? "chat.form.hint.one" : "chat.form.hint.several"));
        } else if (f.kind() == Form.FormField.Kind.DATE) {
            hints.add(texts.get(locale, "chat.form.hint.date"));
        }
        if (!f.initial().isEmpty())
            hints.add(texts.get(locale, "chat.form.hint.keep", String.join(", ", labels(f, f.initial()))));
        if (!f.required()) hints.add(texts.get(locale, "chat.form.hint.skip"));
        hints.add(texts.get(locale, "chat.form.hint.cancel"));
        question = question.newline().text(String.join(" ", hints));
        chat.sendDirect(o.interaction().user(), Message.of(question), "form:" + o.id() + ":" + keySuffix);
    }

    private record Answer(List<String> values, String problem) {}

    /** An answer as the form would take it: "." keeps what was filled in, "-" skips an optional field. */
    private Answer read(Form.FormField f, String text, Locale locale) {
        if (text.equals(".") && !f.initial().isEmpty()) return new Answer(f.initial(), null);
        if (text.equals("-") || text.isEmpty()) {
            return f.required()
                    ? new Answer(null, texts.get(locale, "chat.form.problem.required"))
                    : new Answer(List.of(), null);
        }
        switch (f.kind()) {
            case SHORT_TEXT, LONG_TEXT -> {
                if (f.maxLength() > 0 && text.length() > f.maxLength()) {
                    return new Answer(
                            null, texts.get(locale, "chat.form.problem.too-long", f.maxLength(), text.length()));
                }
                return new Answer(List.of(text), null);
            }
            case DATE -> {
                try {
                    return new Answer(List.of(LocalDate.parse(text).toString()), null);
                } catch (DateTimeParseException e) {
                    return new Answer(null, texts.get(locale, "chat.form.problem.date", text));
                }
            }
            default -> {
                List<String> picked = new ArrayList<>();
                for (String part : text.split("[,\\s]+")) {
                    Optional<Form.Choice> choice = choice(f, part);
                    if (choice.isEmpty())
                        return new Answer(
                                null,
                                texts.get(
                                        locale,
                                        "chat.form.problem.choice",
                                        part,
                                        f.choices().size()));
                    if (!picked.contains(choice.get().value()))
                        picked.add(choice.get().value());
                }
                if (f.kind() == Form.FormField.Kind.SELECT && picked.size() != 1) {
                    return new Answer(null, texts.get(locale, "chat.form.problem.one"));
                }
                return new Answer(picked, null);
            }
        }
    }

    /** A choice by its number in the list, its value or its label. */
    private static Optional<Form.Choice> choice(Form.FormField f, String typed) {
        try {
            int n = Integer.parseInt(typed);
            return n >= 1 && n <= f.choices().size() ? Optional.of(f.choices().get(n - 1)) : Optional.empty();
        } catch (NumberFormatException e) {
            return f.choices().stream()
                    .filter(c -> c.value().equalsIgnoreCase(typed) || c.label().equalsIgnoreCase(typed))
                    .findFirst();
        }
    }

    private static List<String> labels(Form.FormField f, List<String> values) {
        if (f.choices().isEmpty()) return values;
        return values.stream()
                .map(v -> f.choices().stream()
                        .filter(c -> c.value().equals(v))
                        .map(Form.Choice::label)
                        .findFirst()
                        .orElse(v))
                .toList();
    }

    /**
     * The language of the school of the person with this account, else of the school of the space,
     * else the trust's. (The directory module answers this for workflows; chat cannot use it, since
     * the directory is built on chat.)
     */
    private Locale locale(UserRef user) {
        StaffroomConfig c = config.get();
        Optional<Space> space = c.space(user.platform(), user.spaceId());
        Optional<School> school = c.people().stream()
                .filter(p -> p.accounts().stream()
                        .anyMatch(a -> a.userId().equals(user.id())
                                && space.map(s -> s.id().equals(a.spaceId())).orElse(false)))
                .map(Person::schoolId)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .flatMap(c::school);
        if (school.isEmpty() && space.isPresent())
            school = c.schoolsIn(space.get().id()).stream().findFirst();
        return school.map(School::locale).orElse(c.trust().locale());
    }
}
