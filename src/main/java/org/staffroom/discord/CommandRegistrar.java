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
import net.dv8tion.jda.api.interactions.IntegrationType;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.NoSuchMessageException;
import org.staffroom.chat.ChatJson;
import org.staffroom.chat.CommandCatalog;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.Texts;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.config.Platform;
import org.staffroom.config.Space;
import org.staffroom.directory.Directory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

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

    private final CommandCatalog catalog;
    private final Texts texts;
    private final Directory directory;
    private final DiscordStore store;
    private final boolean enabled;
    private final List<CommandData> commands;
    /** The commands that also work in a direct message with the bot: registered globally, for DMs only. */
    private final List<CommandData> directCommands;

    private final Map<String, String> messageActions = new LinkedHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger passes = new java.util.concurrent.atomic.AtomicInteger();

    CommandRegistrar(CommandCatalog catalog, Texts texts, Directory directory, DiscordStore store, boolean enabled) {
        this.catalog = catalog;
        this.texts = texts;
        this.directory = directory;
        this.store = store;
        this.enabled = enabled;
        this.commands = build();
        this.directCommands = buildDirect();
    }

    /** The direct-message commands as Discord will receive them. */
    List<CommandData> directCommands() {
        return directCommands;
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
        return registerAll(jda, false);
    }

    /**
     * Whether Discord's client sent a command this code offers: its name, subcommand and options. One
     * that is not was registered by an older version (or the registration was lost).
     */
    boolean offers(String name, String subcommand, List<String> optionNames, boolean direct) {
        Optional<CommandSpec.Subcommand> sub = catalog.command(name)
                .flatMap(spec -> offered(spec, direct).stream()
                        .filter(s -> s.name().equalsIgnoreCase(subcommand == null ? "" : subcommand))
                        .findFirst());
        return sub.isPresent()
                && optionNames.stream()
                        .allMatch(o -> sub.get().options().stream()
                                .anyMatch(known -> known.name().equalsIgnoreCase(o)));
    }

    /**
     * Someone used a command Discord still shows but this code no longer offers: writes every guild's
     * commands again whatever the stored hashes say (at most once a minute, so that a stale client cannot
     * use up Discord's 200 command creates a day). True if a refresh ran.
     */
    boolean refresh(JDA jda) {
        long now = System.nanoTime();
        long last = lastRefresh.get();
        if (last != 0 && now - last < java.util.concurrent.TimeUnit.MINUTES.toNanos(1)) return false;
        if (!lastRefresh.compareAndSet(last, now)) return false;
        log.info("A Discord client used an out-of-date command; registering the commands again");
        registerAll(jda, true);
        return true;
    }

    private final java.util.concurrent.atomic.AtomicLong lastRefresh = new java.util.concurrent.atomic.AtomicLong();

    private List<String> registerAll(JDA jda, boolean force) {
        List<String> written = new ArrayList<>();
        try {
            if (!enabled) return written;
            try {
                if (registerDirect(jda, force)) written.add(GLOBAL);
            } catch (DeliveryException | RuntimeException e) {
                log.warn("Could not register the direct-message commands on Discord: {}", e.getMessage());
            }
            for (Space space : directory.config().spaces()) {
                if (space.platform() != Platform.DISCORD) continue;
                try {
                    if (register(jda, space.externalId(), force)) written.add(space.externalId());
                } catch (DeliveryException | RuntimeException e) {
                    log.warn(
                            "Could not register commands in Discord guild {} ({}): {}",
                            space.externalId(),
                            space.id(),
                            e.getMessage());
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
        return register(jda, guildId, false);
    }

    private boolean register(JDA jda, String guildId, boolean force) throws DeliveryException {
        String hash = hash(commands);
        if (!force && store.commandHash(guildId).filter(hash::equals).isPresent()) {
            log.debug("Commands of guild {} unchanged", guildId);
            return false;
        }
        Guild guild = jda.getGuildById(guildId);
        if (guild == null) {
            log.warn(
                    "The bot is not in Discord guild {} named in bot-config: invite it (see the README) to use commands there",
                    guildId);
            return false;
        }
        JdaCalls.call(guild.updateCommands().addCommands(commands), "registering commands in guild " + guildId);
        store.saveCommandHash(guildId, hash);
        log.info("Registered {} commands in Discord guild {} ({})", commands.size(), guild.getName(), guildId);
        return true;
    }

    /** The key the global (direct-message) commands' hash is kept under, beside the guilds' ids. */
    static final String GLOBAL = "global";

    /** The global commands, offered in a direct message with the bot only; written when their hash changed. */
    private boolean registerDirect(JDA jda, boolean force) throws DeliveryException {
        String hash = hash(directCommands);
        if (!force && store.commandHash(GLOBAL).filter(hash::equals).isPresent()) return false;
        JdaCalls.call(jda.updateCommands().addCommands(directCommands), "registering the direct-message commands");
        store.saveCommandHash(GLOBAL, hash);
        log.info("Registered {} direct-message commands on Discord", directCommands.size());
        return true;
    }

    /** What Discord offers of {@code spec}: in a guild, all it can; in a direct message, what the feature allows there. */
    private static List<CommandSpec.Subcommand> offered(CommandSpec spec, boolean direct) {
        List<CommandSpec.Subcommand> offered = spec.offered(CommandSpec.Style.OPTIONS);
        return direct ? offered.stream().filter(s -> spec.inDirect(s.name())).toList() : offered;
    }

    private List<CommandData> buildDirect() {
        List<CommandData> out = new ArrayList<>();
        for (CommandSpec spec : catalog.commands()) {
            if (offered(spec, true).isEmpty()) continue;
            try {
                out.add(slash(spec, true)
                        .setContexts(InteractionContextType.BOT_DM)
                        .setIntegrationTypes(IntegrationType.GUILD_INSTALL));
            } catch (IllegalArgumentException e) {
                log.error(
                        "Command /{} cannot be registered for Discord direct messages: {}",
                        spec.name(),
                        e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private List<CommandData> build() {
        List<CommandData> out = new ArrayList<>();
        for (CommandSpec spec : catalog.commands()) {
            try {
                out.add(slash(spec, false).setContexts(InteractionContextType.GUILD));
            } catch (IllegalArgumentException e) {
                log.error("Command /{} cannot be registered on Discord: {}", spec.name(), e.getMessage());
            }
        }
        for (CommandSpec.MessageAction action : catalog.messageActions()) {
            String name = DiscordMarkdown.truncate(text(ENGLISH, action.labelKey()), 32);
            try {
                out.add(Commands.message(name)
                        .setNameLocalization(
                                DiscordLocale.SPANISH, DiscordMarkdown.truncate(text(SPANISH, action.labelKey()), 32))
                        .setNameLocalization(
                                DiscordLocale.SPANISH_LATAM,
                                DiscordMarkdown.truncate(text(SPANISH, action.labelKey()), 32)));
                messageActions.put(name, action.id());
            } catch (IllegalArgumentException e) {
                log.error("Message action {} cannot be registered on Discord: {}", action.id(), e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private SlashCommandData slash(CommandSpec spec, boolean direct) {
        SlashCommandData slash =
                Commands.slash(spec.name().toLowerCase(Locale.ROOT), description(ENGLISH, spec.descriptionKey()));
        localise(spec.descriptionKey(), (l, d) -> slash.setDescriptionLocalization(l, d));
        // Discord allows subcommands or options of its own, not both: a command with both (/draft [text] and
        // /draft new [text]) offers its named subcommands only, and help on Discord shows just those.
        List<CommandSpec.Subcommand> offered = offered(spec, direct);
        if (offered.size() == 1 && offered.get(0).name().isEmpty()) {
            slash.addOptions(options(offered.get(0)));
            return slash;
        }
        for (CommandSpec.Subcommand sub : offered) {
            SubcommandData data =
                    new SubcommandData(sub.name().toLowerCase(Locale.ROOT), description(ENGLISH, sub.descriptionKey()));
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
            OptionData data = new OptionData(
                    type, o.name().toLowerCase(Locale.ROOT), optionDescription(ENGLISH, o), o.required(), autocomplete);
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
        for (CommandData c : commands) all.add(sorted(ChatJson.tree(c.toData().toString())));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(ChatJson.write(all).getBytes(StandardCharsets.UTF_8));
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
