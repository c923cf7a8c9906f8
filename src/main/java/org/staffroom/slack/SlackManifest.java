package org.staffroom.slack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.staffroom.chat.CommandCatalog;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.Texts;
import org.staffroom.config.TrustConfig;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The Slack app manifest, generated from the command catalog (every slash command and message
 * shortcut the features declare), with the scopes and events the adapter needs. Pasting it into
 * "Create New App > From a manifest" sets the app up in one go. Socket Mode by default (no URLs);
 * the HTTP-mode variant points every request URL at {@code trust.web.base-url}.
 */
@Component
record SlackManifest(CommandCatalog catalog, Texts texts, TrustConfig config) {

    /** What the adapter calls, and why (each scope is one or two Web API methods or events). */
    static final List<String> BOT_SCOPES = List.of(
            "channels:history", // message.channels events
            "groups:history", // message.groups events (private channels)
            "im:history", // message.im events (direct messages to the bot)
            "im:write", // conversations.open for direct messages
            "chat:write", // chat.postMessage, chat.update, chat.delete, chat.postEphemeral
            "commands", // slash commands and message shortcuts
            "reactions:read", // reaction_added, reaction_removed, reactions.get
            "reactions:write", // reactions.add
            "users:read", // users.info for display names
            "usergroups:read", // usergroups.users.list for roles by user group
            "files:read"); // url_private downloads of shared files

    static final List<String> BOT_EVENTS = List.of(
            "app_home_opened",
            "app_uninstalled",
            "message.channels",
            "message.groups",
            "message.im",
            "reaction_added",
            "reaction_removed");

    static final String HEADER = """
            # Slack app manifest for Staffroom, generated from the command catalog (GET /slack/manifest.yml).
            # Create the app with it at https://api.slack.com/apps > Create New App > From a manifest.
            """;

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .build();

    /** The manifest as YAML; {@code http} adds request URLs and turns Socket Mode off. */
    String yaml(boolean http) {
        return HEADER + YAML.writeValueAsString(manifest(http));
    }

    Map<String, Object> manifest(boolean http) {
        Locale locale = config.get().trust().locale();
        String base = config.baseUrl();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_metadata", map("major_version", 1, "minor_version", 1));
        m.put(
                "display_information",
                map(
                        "name", "Staffroom",
                        "description", SlackBlocks.truncate(texts.get(locale, "slack.manifest.description"), 140),
                        "background_color", "#1d4e89"));

        List<Object> commands = new ArrayList<>();
        for (CommandSpec spec : catalog.commands()) {
            Map<String, Object> c = map(
                    "command",
                    "/" + spec.name(),
                    "description",
                    SlackBlocks.truncate(texts.get(locale, spec.descriptionKey()), 100));
            String hint = usageHint(spec);
            if (!hint.isEmpty()) c.put("usage_hint", hint);
            if (http) c.put("url", base + "/slack/events");
            c.put("should_escape", true);
            commands.add(c);
        }
        List<Object> shortcuts = new ArrayList<>();
        for (CommandSpec.MessageAction a : catalog.messageActions()) {
            String label = texts.get(locale, a.labelKey());
            shortcuts.add(map(
                    "name",
                    SlackBlocks.truncate(label, 24),
                    "type",
                    "message",
                    "callback_id",
                    a.id(),
                    "description",
                    SlackBlocks.truncate(label, 150)));
        }
        Map<String, Object> features = map(
                "app_home",
                        map(
                                "home_tab_enabled",
                                true,
                                "messages_tab_enabled",
                                true,
                                "messages_tab_read_only_enabled",
                                false),
                "bot_user", map("display_name", "Staffroom", "always_online", true));
        if (!shortcuts.isEmpty()) features.put("shortcuts", shortcuts);
        if (!commands.isEmpty()) features.put("slash_commands", commands);
        m.put("features", features);

        Map<String, Object> oauth = map("scopes", map("bot", BOT_SCOPES));
        if (http) oauth.put("redirect_urls", List.of(base + "/slack/oauth_redirect"));
        m.put("oauth_config", oauth);

        Map<String, Object> events = map("bot_events", BOT_EVENTS);
        Map<String, Object> interactivity = map("is_enabled", true);
        if (http) {
            events.put("request_url", base + "/slack/events");
            interactivity.put("request_url", base + "/slack/events");
        }
        m.put(
                "settings",
                map(
                        "event_subscriptions",
                        events,
                        "interactivity",
                        interactivity,
                        "org_deploy_enabled",
                        false,
                        "socket_mode_enabled",
                        !http,
                        "token_rotation_enabled",
                        false));
        return m;
    }

    /** {@code help | now | add}: the subcommands, as a hint while typing. */
    private static String usageHint(CommandSpec spec) {
        List<String> names = spec.subcommands().stream()
                .map(CommandSpec.Subcommand::name)
                .filter(n -> !n.isEmpty())
                .toList();
        return SlackBlocks.truncate(String.join(" | ", names), 100);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
