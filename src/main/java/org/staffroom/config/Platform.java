package org.staffroom.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A chat service a school's space can live on, named by its adapter ({@code slack}, {@code discord},
 * or any other adapter's name): the list is open, so a new platform is a new adapter package and
 * nothing here changes. Instances are interned by name, so {@code ==} holds as it did when this was
 * an enum. {@link #name()} is the upper-case form stored in the database rows written before.
 */
public final class Platform {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
    private static final Map<String, Platform> KNOWN = new ConcurrentHashMap<>();

    public static final Platform SLACK = of("slack", "Slack");
    public static final Platform DISCORD = of("discord", "Discord");
    /**
     * The local sandbox's own name, for code that must name it. The sandbox serves no space of its
     * own: it stands in for Slack and Discord spaces under their platforms when they have no tokens.
     */
    public static final Platform SANDBOX = of("sandbox", "Sandbox");

    private final String id;
    private final String label;

    private Platform(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /**
     * The platform an adapter is named {@code name} (any case), with the label an adapter gave it
     * when it first named it, or its name capitalised.
     */
    public static Platform of(String name) {
        String id = normalise(name);
        return KNOWN.computeIfAbsent(
                id, n -> new Platform(n, n.substring(0, 1).toUpperCase(Locale.ROOT) + n.substring(1)));
    }

    /** Names a platform with the label people know it by; an adapter calls this once, before other uses. */
    public static Platform of(String name, String label) {
        String id = normalise(name);
        Objects.requireNonNull(label, "label");
        return KNOWN.computeIfAbsent(id, n -> new Platform(n, label));
    }

    /** The same as {@link #of(String)}: kept so code written for the former enum reads stored names back. */
    @JsonCreator
    public static Platform valueOf(String name) {
        return of(name);
    }

    private static String normalise(String name) {
        String id = Objects.requireNonNull(name, "name").trim().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a platform name (lower-case letters, digits and -)");
        }
        return id;
    }

    /** The adapter's name in lower case, as written in bot-config and in keys ({@code slack:T01:C02}). */
    public String id() {
        return id;
    }

    /** The stored form, upper case ({@code SLACK}), as the former enum's constant names were (and in JSON). */
    @JsonValue
    public String name() {
        return id.toUpperCase(Locale.ROOT);
    }

    /** What people call it ("Slack"). */
    public String label() {
        return label;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Platform p && p.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return name();
    }
}
