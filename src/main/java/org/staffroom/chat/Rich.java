package org.staffroom.chat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Text with a little formatting, kept as spans rather than markup so that text a user wrote is
 * never interpreted: each adapter escapes {@link Span.Plain} for its platform (no pings from
 * {@code @everyone} or {@code <!channel>}, no links smuggled in) and renders the rest.
 * Immutable; each builder method returns a new value.
 */
public record Rich(List<Span> spans) {

    public Rich {
        spans = List.copyOf(spans);
    }

    @JsonCreator
    static Rich fromJson(List<Span> spans) {
        return new Rich(spans);
    }

    @JsonValue
    List<Span> json() {
        return spans;
    }

    public static Rich empty() {
        return new Rich(List.of());
    }

    /** Plain text, shown exactly as written. */
    public static Rich of(String plain) {
        return empty().text(plain);
    }

    public Rich text(String plain) {
        return plain == null || plain.isEmpty() ? this : with(new Span.Plain(plain));
    }

    public Rich bold(String plain) {
        return with(new Span.Bold(plain));
    }

    public Rich italic(String plain) {
        return with(new Span.Italic(plain));
    }

    public Rich code(String plain) {
        return with(new Span.Code(plain));
    }

    /** A link; only http(s) URLs are rendered as links, anything else as text. */
    public Rich link(String url, String label) {
        return with(new Span.Link(url, label));
    }

    /** Mentions a person: a real mention on their own platform, their name elsewhere. */
    public Rich mention(UserRef user, String name) {
        return with(new Span.Mention(user, name));
    }

    /** A quoted block of someone's words. */
    public Rich quote(String plain) {
        return with(new Span.Quote(plain));
    }

    public Rich newline() {
        return text("\n");
    }

    public Rich append(Rich other) {
        List<Span> all = new ArrayList<>(spans);
        all.addAll(other.spans);
        return new Rich(all);
    }

    public boolean isEmpty() {
        return spans.isEmpty();
    }

    /** The text without formatting, for notifications, search and the archive. */
    public String plain() {
        StringBuilder sb = new StringBuilder();
        for (Span s : spans) {
            if (s instanceof Span.Link l) {
                sb.append(l.label() == null || l.label().isBlank() ? l.url() : l.label());
            } else if (s instanceof Span.Mention m) {
                sb.append('@').append(m.name());
            } else {
                sb.append(s.text());
            }
        }
        return sb.toString();
    }

    private Rich with(Span span) {
        List<Span> all = new ArrayList<>(spans);
        all.add(span);
        return new Rich(all);
    }

    @Override
    public String toString() {
        return plain();
    }

    /** One piece of a {@link Rich} text. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Span.Plain.class, name = "text"),
        @JsonSubTypes.Type(value = Span.Bold.class, name = "bold"),
        @JsonSubTypes.Type(value = Span.Italic.class, name = "italic"),
        @JsonSubTypes.Type(value = Span.Code.class, name = "code"),
        @JsonSubTypes.Type(value = Span.Link.class, name = "link"),
        @JsonSubTypes.Type(value = Span.Mention.class, name = "mention"),
        @JsonSubTypes.Type(value = Span.Quote.class, name = "quote")
    })
    public sealed interface Span {
        /** The span's words (a link's label, a mention's name). */
        String text();

        record Plain(String text) implements Span {}

        record Bold(String text) implements Span {}

        record Italic(String text) implements Span {}

        record Code(String text) implements Span {}

        record Link(String url, String label) implements Span {
            public String text() {
                return label == null || label.isBlank() ? url : label;
            }

            /** Only web links are made clickable; {@code javascript:} and the like stay text. */
            public boolean safe() {
                return url != null && (url.startsWith("https://") || url.startsWith("http://"));
            }
        }

        record Mention(UserRef user, String name) implements Span {
            public String text() {
                return name;
            }
        }

        record Quote(String text) implements Span {}
    }
}
