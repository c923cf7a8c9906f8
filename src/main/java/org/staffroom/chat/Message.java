package org.staffroom.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * A message the bot posts, in platform-neutral form: a main text, optional labelled fields, images,
 * buttons and a small footer. Adapters render it as Block Kit, Discord content and components, or
 * the sandbox page. Links are not unfurled unless {@code unfurl} is set (a draft's link must not
 * pull a preview into a staff channel). {@code threadTitle}, when set, asks for a thread to be
 * opened under the message for replies (Discord needs one made; on Slack every message has one).
 */
public record Message(
        Rich text,
        List<Field> fields,
        List<Image> images,
        List<Button> buttons,
        Rich footer,
        boolean unfurl,
        String threadTitle) {

    public Message {
        text = text == null ? Rich.empty() : text;
        fields = fields == null ? List.of() : List.copyOf(fields);
        images = images == null ? List.of() : List.copyOf(images);
        buttons = buttons == null ? List.of() : List.copyOf(buttons);
        footer = footer == null ? Rich.empty() : footer;
    }

    public static Message of(Rich text) {
        return new Message(text, List.of(), List.of(), List.of(), Rich.empty(), false, null);
    }

    public static Message of(String plain) {
        return of(Rich.of(plain));
    }

    public Message withField(String label, Rich value) {
        List<Field> all = new ArrayList<>(fields);
        all.add(new Field(label, value));
        return new Message(text, all, images, buttons, footer, unfurl, threadTitle);
    }

    public Message withImage(String url, String altText) {
        List<Image> all = new ArrayList<>(images);
        all.add(new Image(url, altText));
        return new Message(text, fields, all, buttons, footer, unfurl, threadTitle);
    }

    public Message withButton(Button button) {
        List<Button> all = new ArrayList<>(buttons);
        all.add(button);
        return new Message(text, fields, images, all, footer, unfurl, threadTitle);
    }

    public Message withFooter(Rich footer) {
        return new Message(text, fields, images, buttons, footer, unfurl, threadTitle);
    }

    /** Asks for a thread named {@code title} to be opened under the message for replies. */
    public Message withThread(String title) {
        return new Message(text, fields, images, buttons, footer, unfurl, title);
    }

    /** The whole message as plain text (used as the notification text and in archives). */
    public String plain() {
        StringBuilder sb = new StringBuilder(text.plain());
        for (Field f : fields)
            sb.append('\n').append(f.label()).append(": ").append(f.value().plain());
        if (!footer.isEmpty()) sb.append('\n').append(footer.plain());
        return sb.toString();
    }

    public record Field(String label, Rich value) {}

    /** An image by URL; the URL must be reachable by the platform (Slack and Discord fetch it). */
    public record Image(String url, String altText) {}

    /**
     * A button. {@code actionId} says which feature handles the press (e.g. {@code approvals.approve}),
     * {@code value} carries what it acts on (e.g. a draft id).
     */
    public record Button(String actionId, String label, String value, Style style) {
        public enum Style {
            DEFAULT,
            PRIMARY,
            DANGER
        }

        public static Button of(String actionId, String label, String value) {
            return new Button(actionId, label, value, Style.DEFAULT);
        }
    }
}
