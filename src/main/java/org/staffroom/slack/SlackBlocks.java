package org.staffroom.slack;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import org.staffroom.chat.Form;
import org.staffroom.chat.Message;

/**
 * Block Kit for the core's {@link Message} and {@link Form}: a section of mrkdwn text (split at
 * Slack's 3,000 characters), sections of labelled fields, image blocks, actions with the buttons
 * (the value carries the button's value), the footer as a context block; a plain {@code text}
 * fallback for notifications; forms as modals. Slack's limits are applied here so a long text
 * is shortened rather than refused.
 */
final class SlackBlocks {

    static final int SECTION_TEXT = 3000;
    static final int FIELD_TEXT = 2000;
    static final int FIELDS_PER_SECTION = 10;
    static final int BUTTONS_PER_BLOCK = 25;
    static final int MAX_BLOCKS = 50;
    static final int FALLBACK_TEXT = 3900;

    private SlackBlocks() {}

    static JsonArray message(Message m) {
        JsonArray blocks = new JsonArray();
        String text = SlackMrkdwn.render(m.text());
        for (String part : split(text, SECTION_TEXT)) {
            blocks.add(section(part));
        }
        List<JsonObject> fields = new ArrayList<>();
        for (Message.Field f : m.fields()) {
            String label = f.label() == null || f.label().isBlank()
                    ? ""
                    : "*" + SlackMrkdwn.plain(f.label().trim()) + "*\n";
            fields.add(mrkdwn(truncate(label + SlackMrkdwn.render(f.value()), FIELD_TEXT)));
        }
        for (int i = 0; i < fields.size(); i += FIELDS_PER_SECTION) {
            JsonArray group = new JsonArray();
            fields.subList(i, Math.min(fields.size(), i + FIELDS_PER_SECTION)).forEach(group::add);
            JsonObject section = new JsonObject();
            section.addProperty("type", "section");
            section.add("fields", group);
            blocks.add(section);
        }
        for (Message.Image image : m.images()) {
            if (image.url() == null
                    || !(image.url().startsWith("https://") || image.url().startsWith("http://"))) continue;
            JsonObject img = new JsonObject();
            img.addProperty("type", "image");
            img.addProperty("image_url", image.url());
            img.addProperty(
                    "alt_text",
                    truncate(image.altText() == null || image.altText().isBlank() ? "image" : image.altText(), 2000));
            blocks.add(img);
        }
        List<String> actionIds = actionIds(m.buttons());
        for (int i = 0; i < m.buttons().size(); i += BUTTONS_PER_BLOCK) {
            JsonArray elements = new JsonArray();
            for (int j = i; j < Math.min(m.buttons().size(), i + BUTTONS_PER_BLOCK); j++) {
                elements.add(button(m.buttons().get(j), actionIds.get(j)));
            }
            JsonObject actions = new JsonObject();
            actions.addProperty("type", "actions");
            actions.addProperty("block_id", "staffroom.actions." + (i / BUTTONS_PER_BLOCK));
            actions.add("elements", elements);
            blocks.add(actions);
        }
        if (!m.footer().isEmpty()) {
            JsonArray elements = new JsonArray();
            elements.add(mrkdwn(truncate(SlackMrkdwn.render(m.footer()), SECTION_TEXT)));
            JsonObject context = new JsonObject();
            context.addProperty("type", "context");
            context.add("elements", elements);
            blocks.add(context);
        }
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

    private static JsonObject button(Message.Button b, String actionId) {
        JsonObject button = new JsonObject();
        button.addProperty("type", "button");
        button.addProperty("action_id", actionId);
        button.add("text", plainText(truncate(b.label(), 75)));
        if (b.value() != null) button.addProperty("value", truncate(b.value(), 2000));
        if (b.style() == Message.Button.Style.PRIMARY) button.addProperty("style", "primary");
        if (b.style() == Message.Button.Style.DANGER) button.addProperty("style", "danger");
        return button;
    }

    static JsonObject section(String mrkdwn) {
        JsonObject section = new JsonObject();
        section.addProperty("type", "section");
        section.add("text", mrkdwn(mrkdwn));
        return section;
    }

    /** {@code verbatim}: Slack must not turn words into links or mentions on its own. */
    static JsonObject mrkdwn(String text) {
        JsonObject o = new JsonObject();
        o.addProperty("type", "mrkdwn");
        o.addProperty("text", text.isEmpty() ? " " : text);
        o.addProperty("verbatim", true);
        return o;
    }

    static JsonObject plainText(String text) {
        JsonObject o = new JsonObject();
        o.addProperty("type", "plain_text");
        o.addProperty("text", text == null || text.isBlank() ? " " : text);
        o.addProperty("emoji", true);
        return o;
    }

    /** An answer only the person sees: a slash command's acknowledgement or a response_url post. */
    static JsonObject ephemeral(Message m) {
        JsonObject body = new JsonObject();
        body.addProperty("response_type", "ephemeral");
        body.addProperty("text", fallback(m));
        body.add("blocks", message(m));
        return body;
    }

    static JsonObject home(Message m) {
        JsonObject view = new JsonObject();
        view.addProperty("type", "home");
        view.add("blocks", message(m));
        return view;
    }

    /**
     * A form as a modal. {@code privateMetadata} carries the form id, context and channel back on
     * submission; block and action ids are the field ids.
     */
    static JsonObject modal(Form form, String privateMetadata, String cancelLabel) {
        JsonObject view = new JsonObject();
        view.addProperty("type", "modal");
        view.addProperty("callback_id", truncate(form.formId(), 255));
        view.add("title", plainText(truncate(form.title(), 24)));
        view.add("submit", plainText(truncate(form.submitLabel(), 24)));
        view.add("close", plainText(truncate(cancelLabel, 24)));
        view.addProperty("private_metadata", privateMetadata);
        JsonArray blocks = new JsonArray();
        for (Form.FormField f : form.fields()) {
            JsonObject input = new JsonObject();
            input.addProperty("type", "input");
            input.addProperty("block_id", f.id());
            input.addProperty("optional", !f.required());
            input.add("label", plainText(truncate(f.label(), 2000)));
            input.add("element", element(f));
            blocks.add(input);
        }
        view.add("blocks", blocks);
        return view;
    }

    private static JsonObject element(Form.FormField f) {
        JsonObject e = new JsonObject();
        e.addProperty("action_id", f.id());
        String initial = f.initial().isEmpty() ? null : f.initial().get(0);
        switch (f.kind()) {
            case SHORT_TEXT, LONG_TEXT -> {
                e.addProperty("type", "plain_text_input");
                if (f.kind() == Form.FormField.Kind.LONG_TEXT) e.addProperty("multiline", true);
                if (initial != null) e.addProperty("initial_value", initial);
                if (f.maxLength() > 0) e.addProperty("max_length", Math.min(f.maxLength(), 3000));
            }
            case SELECT -> {
                e.addProperty("type", "static_select");
                e.add("options", options(f.choices(), 100));
                f.choices().stream()
                        .filter(c -> c.value().equals(initial))
                        .findFirst()
                        .ifPresent(c -> e.add("initial_option", option(c)));
            }
            case MULTI_SELECT, CHECKBOX -> {
                boolean checkboxes = f.kind() == Form.FormField.Kind.CHECKBOX;
                List<Form.Choice> choices = f.choices();
                if (checkboxes && choices.isEmpty()) choices = List.of(new Form.Choice("true", f.label()));
                e.addProperty("type", checkboxes ? "checkboxes" : "multi_static_select");
                e.add("options", options(choices, checkboxes ? 10 : 100));
                JsonArray selected = new JsonArray();
                choices.stream().filter(c -> f.initial().contains(c.value())).forEach(c -> selected.add(option(c)));
                if (!selected.isEmpty()) e.add("initial_options", selected);
            }
            case DATE -> {
                e.addProperty("type", "datepicker");
                if (initial != null && initial.matches("\\d{4}-\\d{2}-\\d{2}")) e.addProperty("initial_date", initial);
            }
        }
        if (f.placeholder() != null && !f.placeholder().isBlank() && f.kind() != Form.FormField.Kind.CHECKBOX) {
            e.add("placeholder", plainText(truncate(f.placeholder(), 150)));
        }
        return e;
    }

    private static JsonArray options(List<Form.Choice> choices, int max) {
        JsonArray out = new JsonArray();
        choices.stream().limit(max).forEach(c -> out.add(option(c)));
        return out;
    }

    private static JsonObject option(Form.Choice c) {
        JsonObject o = new JsonObject();
        o.add("text", plainText(truncate(c.label(), 75)));
        o.add("value", new JsonPrimitive(truncate(c.value(), 150)));
        return o;
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
}
