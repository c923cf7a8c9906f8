package org.staffroom.discord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.buttons.ButtonStyle;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.selections.StringSelectMenu;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.entities.Message.MentionType;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.staffroom.chat.Form;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;

/**
 * Turns the core's {@link Message} into what Discord shows: the text as escaped markdown content,
 * fields, images and (then) the footer as embeds, buttons as action rows of at most five, and
 * {@link Form}s as modals. Mentions are never parsed from content: only people named with
 * {@link Rich#mention} are allowed to be pinged.
 */
class DiscordRenderer {

    private static final Logger log = LoggerFactory.getLogger(DiscordRenderer.class);

    static final int CONTENT_MAX = 2000;
    static final String CHECKBOX_PREFIX = "cb:";
    static final String YES = "true";
    static final String NO = "false";

    /** A message ready for JDA, plus its fingerprint for finding it again in history. */
    record Rendered(
            String content,
            List<MessageEmbed> embeds,
            List<ActionRow> rows,
            Set<String> pinged,
            boolean suppressEmbeds) {

        MessageCreateData create() {
            MessageCreateBuilder b = new MessageCreateBuilder()
                    .setContent(content)
                    .setEmbeds(embeds)
                    .setComponents(rows)
                    .setSuppressEmbeds(suppressEmbeds)
                    .setAllowedMentions(EnumSet.noneOf(MentionType.class));
            if (!pinged.isEmpty()) b.mentionUsers(pinged);
            return b.build();
        }

        /** Replaces the whole message: what is not set here is removed. */
        MessageEditData edit() {
            MessageEditBuilder b = new MessageEditBuilder()
                    .setReplace(true)
                    .setContent(content)
                    .setEmbeds(embeds)
                    .setComponents(rows)
                    .setSuppressEmbeds(suppressEmbeds)
                    .setAllowedMentions(EnumSet.noneOf(MentionType.class));
            if (!pinged.isEmpty()) b.mentionUsers(pinged);
            return b.build();
        }

        String fingerprint() {
            return DiscordRenderer.fingerprint(content, embeds);
        }
    }

    private final CustomIds customIds;
    private final Texts texts;

    DiscordRenderer(CustomIds customIds, Texts texts) {
        this.customIds = customIds;
        this.texts = texts;
    }

    Rendered render(Message message) {
        Set<String> pinged = new LinkedHashSet<>();
        String content = DiscordMarkdown.render(message.text(), message.unfurl(), pinged);
        List<MessageEmbed> embeds = new ArrayList<>();
        boolean embed = !message.fields().isEmpty() || !message.images().isEmpty();
        if (embed) {
            EmbedBuilder first = new EmbedBuilder();
            for (Message.Field f : message.fields()) {
                String value = DiscordMarkdown.render(f.value(), message.unfurl(), new HashSet<>());
                first.addField(
                        nonEmpty(DiscordMarkdown.plainLabel(f.label(), MessageEmbed.TITLE_MAX_LENGTH)),
                        nonEmpty(DiscordMarkdown.truncate(value, MessageEmbed.VALUE_MAX_LENGTH)),
                        false);
            }
            List<Message.Image> images =
                    message.images().stream().filter(i -> webUrl(i.url())).toList();
            if (images.size() < message.images().size()) log.warn("Skipped images that are not http(s) URLs");
            if (!images.isEmpty()) first.setImage(images.get(0).url());
            if (!message.footer().isEmpty()) {
                first.setFooter(DiscordMarkdown.plainLabel(message.footer().plain(), MessageEmbed.TEXT_MAX_LENGTH));
            }
            if (!first.isEmpty()) embeds.add(first.build());
            for (int i = 1; i < images.size() && embeds.size() < 10; i++) {
                embeds.add(new EmbedBuilder().setImage(images.get(i).url()).build());
            }
        } else if (!message.footer().isEmpty()) {
            // Subtext: Discord's small grey line under the message.
            String footer = DiscordMarkdown.render(message.footer(), message.unfurl(), pinged)
                    .replace("\n", " ");
            content = content.isEmpty() ? "-# " + footer : content + "\n-# " + footer;
        }
        content = DiscordMarkdown.truncate(content, CONTENT_MAX);
        return new Rendered(
                content,
                List.copyOf(embeds.subList(0, Math.min(10, embeds.size()))),
                rows(message.buttons()),
                pinged,
                !message.unfurl() && embeds.isEmpty());
    }

    /** Buttons in rows of five (Discord's limit), at most five rows; custom id = action id and value. */
    List<ActionRow> rows(List<Message.Button> buttons) {
        List<ActionRow> rows = new ArrayList<>();
        List<Button> row = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Message.Button b : buttons.subList(0, Math.min(25, buttons.size()))) {
            String id = customIds.encode(b.actionId(), b.value());
            for (int n = 1; !used.add(id); n++) {
                id = customIds.encode(b.actionId(), b.value(), n);
            }
            ButtonStyle style = switch (b.style() == null ? Message.Button.Style.DEFAULT : b.style()) {
                case PRIMARY -> ButtonStyle.PRIMARY;
                case DANGER -> ButtonStyle.DANGER;
                default -> ButtonStyle.SECONDARY;
            };
            row.add(Button.of(style, id, nonEmpty(DiscordMarkdown.plainLabel(b.label(), Button.LABEL_MAX_LENGTH))));
            if (row.size() == 5) {
                rows.add(ActionRow.of(row));
                row = new ArrayList<>();
            }
        }
        if (!row.isEmpty()) rows.add(ActionRow.of(row));
        return rows;
    }

    /**
     * A form as a modal: text fields as text inputs, selects as string selects, a checkbox as a Yes/No
     * select (its custom id marked, so the answer comes back as the sandbox gives it), a date as a short
     * text input with the format as placeholder. Labels are in {@code locale}.
     */
    Modal modal(Form form, Locale locale) {
        Modal.Builder modal = Modal.create(
                customIds.encode(form.formId(), form.context()),
                nonEmpty(DiscordMarkdown.plainLabel(form.title(), Modal.MAX_TITLE_LENGTH)));
        List<Form.FormField> shown = form.shown(Modal.MAX_COMPONENTS);
        // The extras a modal has no room for are left out; the last field's description says where they went.
        String note = shown.size() < form.fields().size() && form.extrasNote() != null
                ? DiscordMarkdown.plainLabel(form.extrasNote(), Label.DESCRIPTION_MAX_LENGTH)
                : null;
        for (Form.FormField f : shown) {
            String label = nonEmpty(DiscordMarkdown.plainLabel(f.label(), Label.LABEL_MAX_LENGTH));
            String description = f == shown.get(shown.size() - 1) ? note : null;
            String initial = f.initial().isEmpty() ? null : f.initial().get(0);
            switch (f.kind()) {
                case SHORT_TEXT, LONG_TEXT, DATE -> {
                    boolean date = f.kind() == Form.FormField.Kind.DATE;
                    TextInput.Builder input = TextInput.create(
                                    f.id(),
                                    f.kind() == Form.FormField.Kind.LONG_TEXT
                                            ? TextInputStyle.PARAGRAPH
                                            : TextInputStyle.SHORT)
                            .setRequired(f.required());
                    int max = date
                            ? 10
                            : f.maxLength() > 0
                                    ? Math.min(f.maxLength(), TextInput.MAX_VALUE_LENGTH)
                                    : TextInput.MAX_VALUE_LENGTH;
                    input.setMaxLength(max);
                    String placeholder = date ? texts.get(locale, "discord.date-placeholder") : f.placeholder();
                    if (placeholder != null && !placeholder.isBlank()) {
                        input.setPlaceholder(DiscordMarkdown.truncate(placeholder, TextInput.MAX_PLACEHOLDER_LENGTH));
                    }
                    if (initial != null && !initial.isEmpty()) input.setValue(DiscordMarkdown.truncate(initial, max));
                    modal.addComponents(labelled(label, description, input.build()));
                }
                case SELECT, MULTI_SELECT -> {
                    StringSelectMenu.Builder select = StringSelectMenu.create(f.id());
                    for (Form.Choice c : f.choices()
                            .subList(
                                    0,
                                    Math.min(
                                            StringSelectMenu.OPTIONS_MAX_AMOUNT,
                                            f.choices().size()))) {
                        select.addOption(nonEmpty(DiscordMarkdown.plainLabel(c.label(), 100)), c.value());
                    }
                    int max = f.kind() == Form.FormField.Kind.MULTI_SELECT
                            ? Math.max(1, select.getOptions().size())
                            : 1;
                    select.setRequiredRange(f.required() ? 1 : 0, max).setRequired(f.required());
                    List<String> defaults = f.initial().stream()
                            .filter(v -> select.getOptions().stream()
                                    .anyMatch(o -> o.getValue().equals(v)))
                            .toList();
                    if (!defaults.isEmpty())
                        select.setDefaultValues(defaults.subList(0, Math.min(max, defaults.size())));
                    modal.addComponents(labelled(label, description, select.build()));
                }
                case CHECKBOX -> {
                    boolean checked = f.initial().contains(YES);
                    String choiceNote = f.choices().isEmpty()
                            ? null
                            : DiscordMarkdown.plainLabel(f.choices().get(0).label(), Label.DESCRIPTION_MAX_LENGTH);
                    StringSelectMenu select = StringSelectMenu.create(CHECKBOX_PREFIX + f.id())
                            .addOption(texts.get(locale, "discord.yes"), YES)
                            .addOption(texts.get(locale, "discord.no"), NO)
                            .setRequiredRange(1, 1)
                            .setDefaultValues(checked ? YES : NO)
                            .build();
                    modal.addComponents(labelled(label, description == null ? choiceNote : description, select));
                }
            }
        }
        return modal.build();
    }

    private static Label labelled(
            String label, String description, net.dv8tion.jda.api.components.label.LabelChildComponent child) {
        return description == null || description.isBlank()
                ? Label.of(label, child)
                : Label.of(label, description, child);
    }

    /**
     * What identifies a rendered message in channel history, where nonces are not returned: a hash of
     * its content and embeds (title, description, fields, image, footer), both as sent and as read back.
     */
    static String fingerprint(String content, List<MessageEmbed> embeds) {
        StringBuilder sb = new StringBuilder(content == null ? "" : content.strip());
        for (MessageEmbed e : embeds) {
            sb.append('\u0000').append(e.getTitle()).append('\u0001').append(e.getDescription());
            for (MessageEmbed.Field f : e.getFields())
                sb.append('\u0001').append(f.getName()).append('=').append(f.getValue());
            sb.append('\u0001')
                    .append(e.getImage() == null ? null : e.getImage().getUrl());
            sb.append('\u0001')
                    .append(e.getFooter() == null ? null : e.getFooter().getText());
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean webUrl(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://"));
    }

    /** Discord refuses empty names, values and labels. */
    private static String nonEmpty(String s) {
        return s == null || s.isBlank() ? String.valueOf(DiscordMarkdown.ZWSP) : s;
    }
}
