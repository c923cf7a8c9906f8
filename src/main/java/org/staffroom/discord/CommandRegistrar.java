package org.staffroom.discord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.NoSuchMessageException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.staffroom.chat.CommandCatalog;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.Texts;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.config.Platform;
import org.staffroom.config.Space;
import org.staffroom.directory.Directory;

/**
 * Registers the shared command catalog as Discord application commands in every guild of a
 * Discord space in bot-config: each {@link CommandSpec} a slash command with subcommands and typed
 * options (a subcommand named "" puts its options on the command itself), each
 * {@link CommandSpec.MessageAction} a message context command, with English descriptions and
 * Spanish localisations. A guild is written (one bulk overwrite) only when the hash of what would
 * be sent differs from the one stored for it, so restarts do not use up Discord's 200 command
 * creates per guild per day.
 */
class CommandRegistrar {

    private static final Logger log = LoggerFactory.getLogger(CommandRegistrar.class);
    private static final Locale ENGLISH = Locale.UK;
    private static final Locale SPANISH = Locale.forLanguageTag("es");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CommandCatalog catalog;
    private final Texts texts;
    private final Directory directory;
    private final DiscordStore store;
    private final boolean enabled;
    private final List<CommandData> commands;
    private final Map<String, String> messageActions = new LinkedHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger passes = new java.util.concurrent.atomic.AtomicInteger();

    CommandRegistrar(CommandCatalog catalog, Texts texts, Directory directory, DiscordStore store, boolean enabled) {
        this.catalog = catalog;
        this.texts = texts;
        this.directory = directory;
        this.store = store;
        this.enabled = enabled;
        this.commands = build();
    }

    /** The commands as Discord will receive them (for tests and the hash). */
    List<CommandData> commands() {
        return commands;
    }

    /** The message action behind a message context command's (English) name. */
    Optional<String> messageActionId(String commandName) {
        return Optional.ofNullable(messageActions.get(commandName));
    }

    /** Registers in every configured guild the bot is in; returns the guild ids that were written. */
    List<String> registerAll(JDA jda) {
        List<String> written = new ArrayList<>();
        try {
            if (!enabled) return written;
            for (Space space : directory.config().spaces()) {
                if (space.platform() != Platform.DISCORD) continue;
                try {
                    if (register(jda, space.externalId())) written.add(space.externalId());
                } catch (DeliveryException | RuntimeException e) {
                    log.warn("Could not register commands in Discord guild {} ({}): {}", space.externalId(), space.id(), e.getMessage());
                }
            }
            return written;
        } finally {
            passes.incrementAndGet();
        }
    }

    /** How many registration passes have finished (each after READY, a recreated session or a config edit). */
    int passes() {
        return passes.get();
    }

    /** Writes the guild's commands if they changed since the last registration; true if written. */
    boolean register(JDA jda, String guildId) throws DeliveryException {
        String hash = hash(commands);
        if (store.commandHash(guildId).filter(hash::equals).isPresent()) {
            log.debug("Commands of guild {} unchanged", guildId);
            return false;
        }
        Guild guild = jda.getGuildById(guildId);
        if (guild == null) {
            log.warn("The bot is not in Discord guild {} named in bot-config: invite it (see the README) to use commands there",
                    guildId);
            return false;
        }
        JdaCalls.call(guild.updateCommands().addCommands(commands), "registering commands in guild " + guildId);
        store.saveCommandHash(guildId, hash);
        log.info("Registered {} commands in Discord guild {} ({})", commands.size(), guild.getName(), guildId);
        return true;
    }

    private List<CommandData> build() {
        List<CommandData> out = new ArrayList<>();
        for (CommandSpec spec : catalog.commands()) {
            try {
                out.add(slash(spec));
            } catch (IllegalArgumentException e) {
                log.error("Command /{} cannot be registered on Discord: {}", spec.name(), e.getMessage());
            }
        }
        for (CommandSpec.MessageAction action : catalog.messageActions()) {
            String name = DiscordMarkdown.truncate(text(ENGLISH, action.labelKey()), 32);
            try {
                out.add(Commands.message(name).setNameLocalization(DiscordLocale.SPANISH,
                                DiscordMarkdown.truncate(text(SPANISH, action.labelKey()), 32))
                        .setNameLocalization(DiscordLocale.SPANISH_LATAM, DiscordMarkdown.truncate(text(SPANISH, action.labelKey()), 32)));
                messageActions.put(name, action.id());
            } catch (IllegalArgumentException e) {
                log.error("Message action {} cannot be registered on Discord: {}", action.id(), e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private SlashCommandData slash(CommandSpec spec) {
        SlashCommandData slash = Commands.slash(spec.name().toLowerCase(Locale.ROOT), description(ENGLISH, spec.descriptionKey()));
        localise(spec.descriptionKey(), (l, d) -> slash.setDescriptionLocalization(l, d));
        List<CommandSpec.Subcommand> named = spec.subcommands().stream().filter(s -> !s.name().isEmpty()).toList();
        Optional<CommandSpec.Subcommand> direct = spec.subcommand("");
        if (named.isEmpty() && direct.isPresent()) {
            slash.addOptions(options(direct.get()));
            return slash;
        }
        if (direct.isPresent()) {
            log.warn("/{} has both subcommands and options of its own; Discord allows one or the other, so its "
                    + "options without a subcommand are not offered there", spec.name());
        }
        for (CommandSpec.Subcommand sub : named) {
            SubcommandData data = new SubcommandData(sub.name().toLowerCase(Locale.ROOT), description(ENGLISH, sub.descriptionKey()));
            localise(sub.descriptionKey(), (l, d) -> data.setDescriptionLocalization(l, d));
            data.addOptions(options(sub));
            slash.addSubcommands(data);
        }
        return slash;
    }

    /** Typed options; Discord wants the required ones first. */
    private List<OptionData> options(CommandSpec.Subcommand sub) {
        List<CommandSpec.Option> ordered = new ArrayList<>(sub.options());
        ordered.sort(Comparator.comparing(o -> !o.required()));
        List<OptionData> out = new ArrayList<>();
        for (CommandSpec.Option o : ordered) {
            OptionType type = o.type() == CommandSpec.Option.Type.NUMBER ? OptionType.INTEGER : OptionType.STRING;
            boolean autocomplete = o.type() == CommandSpec.Option.Type.SCHOOLS;
            OptionData data = new OptionData(type, o.name().toLowerCase(Locale.ROOT), optionDescription(ENGLISH, o),
                    o.required(), autocomplete);
            data.setDescriptionLocalization(DiscordLocale.SPANISH, optionDescription(SPANISH, o));
            data.setDescriptionLocalization(DiscordLocale.SPANISH_LATAM, optionDescription(SPANISH, o));
            out.add(data);
        }
        return out;
    }

    private String optionDescription(Locale locale, CommandSpec.Option o) {
        String d = text(locale, o.descriptionKey());
        if (o.type() == CommandSpec.Option.Type.DATE) d = d + " (" + text(locale, "discord.date-placeholder") + ")";
        if (o.type() == CommandSpec.Option.Type.SCHOOLS) d = d + " (" + text(locale, "discord.schools-hint") + ")";
        return DiscordMarkdown.truncate(d, OptionData.MAX_DESCRIPTION_LENGTH);
    }

    private String description(Locale locale, String key) {
        return DiscordMarkdown.truncate(text(locale, key), OptionData.MAX_DESCRIPTION_LENGTH);
    }

    private void localise(String key, java.util.function.BiConsumer<DiscordLocale, String> set) {
        String es = description(SPANISH, key);
        set.accept(DiscordLocale.SPANISH, es);
        set.accept(DiscordLocale.SPANISH_LATAM, es);
    }

    private String text(Locale locale, String key) {
        try {
            String t = texts.get(locale, key);
            return t == null || t.isBlank() ? key : t;
        } catch (NoSuchMessageException e) {
            log.warn("No text for {} in {}: using the key", key, locale);
            return key;
        }
    }

    /** SHA-256 of the commands' JSON with object keys sorted, so equal sets hash equally. */
    static String hash(List<CommandData> commands) {
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        for (CommandData c : commands) all.add(sorted(JSON.readTree(c.toData().toString())));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsString(all).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            for (var e : node.properties()) fields.put(e.getKey(), sorted(e.getValue()));
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(sorted(n)));
            return out;
        }
        return node;
    }
}
