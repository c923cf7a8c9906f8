package org.staffroom.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.image;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.checkboxes;
import static com.slack.api.model.block.element.BlockElements.datePicker;
import static com.slack.api.model.block.element.BlockElements.multiStaticSelect;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.view.View;
import com.slack.api.util.json.GsonFactory;
import java.util.ArrayList;
import java.util.List;
import org.staffroom.chat.Form;
import org.staffroom.chat.Message;

/**
 * Block Kit for the core's {@link Message} and {@link Form}, on Slack's typed model
 * ({@code slack-api-model}): a section of mrkdwn text (split at Slack's 3,000 characters),
 * sections of labelled fields, image blocks, actions with the buttons (the value carries the
 * button's value), the footer as a context block; a plain {@code text} fallback for
 * notifications; forms as modals. Slack's limits are applied here so a long text is shortened
 * rather than refused.
 */
final class SlackBlocks {

    static final int SECTION_TEXT = 3000;
    static final int FIELD_TEXT = 2000;
    static final int FIELDS_PER_SECTION = 10;
    static final int BUTTONS_PER_BLOCK = 25;
    static final int MAX_BLOCKS = 50;
    static final int FALLBACK_TEXT = 3900;

    /**
     * The Slack SDK's JSON for its model (snake case, blocks by their {@code type}), without Gson's
     * HTML escaping: Slack reads {@code &amp;} either way, and the text stays readable in logs and tests.
     */
    private static final Gson JSON = json();

    private SlackBlocks() {}

    static List<LayoutBlock> message(Message m) {
        List<LayoutBlock> blocks = new ArrayList<>();
        String text = SlackMrkdwn.render(m.text());
        for (String part : split(text, SECTION_TEXT)) {
            blocks.add(textSection(part));
        }
        List<TextObject> fields = new ArrayList<>();
        for (Message.Field f : m.fields()) {
            String label = f.label() == null || f.label().isBlank()
                    ? ""
                    : "*" + SlackMrkdwn.plain(f.label().trim()) + "*\n";
            fields.add(mrkdwn(truncate(label + SlackMrkdwn.render(f.value()), FIELD_TEXT)));
        }
        for (int i = 0; i < fields.size(); i += FIELDS_PER_SECTION) {
            List<TextObject> group = List.copyOf(fields.subList(i, Math.min(fields.size(), i + FIELDS_PER_SECTION)));
            blocks.add(section(s -> s.fields(group)));
        }
        for (Message.Image picture : m.images()) {
            if (picture.url() == null
                    || !(picture.url().startsWith("https://") || picture.url().startsWith("http://"))) continue;
            String alt = picture.altText() == null || picture.altText().isBlank() ? "image" : picture.altText();
            blocks.add(image(b -> b.imageUrl(picture.url()).altText(truncate(alt, 2000))));
        }
        List<String> actionIds = actionIds(m.buttons());
        for (int i = 0; i < m.buttons().size(); i += BUTTONS_PER_BLOCK) {
            List<BlockElement> elements = new ArrayList<>();
            for (int j = i; j < Math.min(m.buttons().size(), i + BUTTONS_PER_BLOCK); j++) {
                elements.add(buttonFor(m.buttons().get(j), actionIds.get(j)));
            }
            blocks.add(actions("staffroom.actions." + (i / BUTTONS_PER_BLOCK), elements));
        }
        if (!m.footer().isEmpty()) {
            List<ContextBlockElement> footer = List.of(mrkdwn(truncate(SlackMrkdwn.render(m.footer()), SECTION_TEXT)));
            blocks.add(context(footer));
        }
        // Keeps the last block (the footer) and drops from the 50th on.
        while (blocks.size() > MAX_BLOCKS) blocks.remove(MAX_BLOCKS - 1);
        return blocks;
    }

    /** The notification text: the message as plain words, escaped like the blocks. */
    static String fallback(Message m) {
        String plain = m.plain().isBlank() ? (m.images().isEmpty() ? "…" : "📷") : m.plain();
        return truncate(SlackMrkdwn.fallback(plain), FALLBACK_TEXT);
    }

    /**
     * Slack refuses two elements with one action id in a message; a repeated id gets {@code #n},
     * which {@link #actionId(String)} takes off again when the button is pressed.
     */
    static List<String> actionIds(List<Message.Button> buttons) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < buttons.size(); i++) {
            String id = buttons.get(i).actionId();
            out.add(out.contains(id) ? id + "#" + i : id);
        }
        return out;
    }

    static String actionId(String slackActionId) {
        return slackActionId == null ? null : slackActionId.replaceFirst("#\\d+$", "");
    }

    private static BlockElement buttonFor(Message.Button b, String actionId) {
        String style = switch (b.style()) {
            case PRIMARY -> "primary";
            case DANGER -> "danger";
            case DEFAULT -> null;
        };
        return button(e -> e.actionId(actionId)
                .text(plainText(truncate(b.label(), 75)))
                .value(b.value() == null ? null : truncate(b.value(), 2000))
                .style(style));
    }

    private static LayoutBlock textSection(String mrkdwn) {
        return section(s -> s.text(mrkdwn(mrkdwn)));
    }

    /** {@code verbatim}: Slack must not turn words into links or mentions on its own. */
    static MarkdownTextObject mrkdwn(String text) {
        return MarkdownTextObject.builder()
                .text(text.isEmpty() ? " " : text)
                .verbatim(true)
                .build();
    }

    static PlainTextObject plainText(String text) {
        return PlainTextObject.builder().text(nonBlank(text)).emoji(true).build();
    }

    /** Slack refuses an empty text object. */
    private static String nonBlank(String text) {
        return text == null || text.isBlank() ? " " : text;
    }

    /** A slash command's private answer, sent as the acknowledgement's body. */
    static SlashCommandResponse ephemeral(Message m) {
        return SlashCommandResponse.builder()
                .responseType("ephemeral")
                .text(fallback(m))
                .blocks(message(m))
                .build();
    }

    /** A private answer by response URL, beside the message that was clicked rather than over it. */
    static String ephemeralReply(Message m) {
        return JSON.toJson(ActionResponse.builder()
                .responseType("ephemeral")
                .text(fallback(m))
                .blocks(message(m))
                .replaceOriginal(false)
                .build());
    }

    static View home(Message m) {
        return view(v -> v.type("home").blocks(message(m)));
    }

    /**
     * A form as a modal. {@code privateMetadata} carries the form id, context and channel back on
     * submission; block and action ids are the field ids.
     */
    static View modal(Form form, String privateMetadata, String cancelLabel) {
        List<LayoutBlock> blocks = new ArrayList<>();
        for (Form.FormField f : form.fields()) {
            blocks.add(input(i -> i.blockId(f.id())
                    .optional(!f.required())
                    .label(plainText(truncate(f.label(), 2000)))
                    .element(element(f))));
        }
        return view(v -> v.type("modal")
                .callbackId(truncate(form.formId(), 255))
                .title(viewTitle(t -> t.type("plain_text")
                        .text(nonBlank(truncate(form.title(), 24)))
                        .emoji(true)))
                .submit(viewSubmit(t -> t.type("plain_text")
                        .text(nonBlank(truncate(form.submitLabel(), 24)))
                        .emoji(true)))
                .close(viewClose(t -> t.type("plain_text")
                        .text(nonBlank(truncate(cancelLabel, 24)))
                        .emoji(true)))
                .privateMetadata(privateMetadata)
                .blocks(blocks));
    }

    private static BlockElement element(Form.FormField f) {
        String initial = f.initial().isEmpty() ? null : f.initial().get(0);
        // Slack has no placeholder on checkboxes.
        PlainTextObject placeholder =
                f.placeholder() == null || f.placeholder().isBlank() || f.kind() == Form.FormField.Kind.CHECKBOX
                        ? null
                        : plainText(truncate(f.placeholder(), 150));
        return switch (f.kind()) {
            case SHORT_TEXT, LONG_TEXT ->
                plainTextInput(e -> e.actionId(f.id())
                        .multiline(f.kind() == Form.FormField.Kind.LONG_TEXT)
                        .initialValue(initial)
                        .maxLength(f.maxLength() > 0 ? Math.min(f.maxLength(), 3000) : null)
                        .placeholder(placeholder));
            case SELECT ->
                staticSelect(e -> e.actionId(f.id())
                        .options(options(f.choices(), 100))
                        .initialOption(f.choices().stream()
                                .filter(c -> c.value().equals(initial))
                                .findFirst()
                                .map(SlackBlocks::option)
                                .orElse(null))
                        .placeholder(placeholder));
            case MULTI_SELECT ->
                multiStaticSelect(e -> e.actionId(f.id())
                        .options(options(f.choices(), 100))
                        .initialOptions(selected(f, f.choices()))
                        .placeholder(placeholder));
            case CHECKBOX -> {
                List<Form.Choice> choices =
                        f.choices().isEmpty() ? List.of(new Form.Choice("true", f.label())) : f.choices();
                yield checkboxes(
                        e -> e.actionId(f.id()).options(options(choices, 10)).initialOptions(selected(f, choices)));
            }
            case DATE ->
                datePicker(e -> e.actionId(f.id())
                        .initialDate(initial != null && initial.matches("\\d{4}-\\d{2}-\\d{2}") ? initial : null)
                        .placeholder(placeholder));
        };
    }

    /** The options the field starts with, or null (Slack refuses an empty list). */
    private static List<OptionObject> selected(Form.FormField f, List<Form.Choice> choices) {
        List<OptionObject> out = choices.stream()
                .filter(c -> f.initial().contains(c.value()))
                .map(SlackBlocks::option)
                .toList();
        return out.isEmpty() ? null : out;
    }

    private static List<OptionObject> options(List<Form.Choice> choices, int max) {
        return choices.stream().limit(max).map(SlackBlocks::option).toList();
    }

    private static OptionObject option(Form.Choice c) {
        return OptionObject.builder()
                .text(plainText(truncate(c.label(), 75)))
                .value(truncate(c.value(), 150))
                .build();
    }

    /** Splits at line ends where it can, so a long text becomes several sections. */
    static List<String> split(String text, int max) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (rest.length() > max) {
            int cut = rest.lastIndexOf('\n', max);
            if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
            if (cut < max / 2) cut = max;
            // Never split inside an entity such as &amp;.
            int amp = rest.lastIndexOf('&', cut);
            if (amp >= 0 && cut - amp < 5 && rest.indexOf(';', amp) >= cut) cut = amp;
            parts.add(rest.substring(0, cut));
            rest = rest.substring(cut).replaceFirst("^\n", "");
        }
        if (!rest.isBlank()) parts.add(rest);
        return parts;
    }

    static String truncate(String s, int max) {
        if (s == null) return "";
        if (s.length() <= max) return s;
        return s.substring(0, max - 1) + "…";
    }

    /** The JSON Slack receives for a piece of the model. */
    static String json(Object model) {
        return JSON.toJson(model);
    }

    private static Gson json() {
        GsonBuilder gson = new GsonBuilder()
                .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
                .disableHtmlEscaping();
        GsonFactory.registerTypeAdapters(gson, false);
        return gson.create();
    }
}
