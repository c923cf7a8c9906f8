package org.staffroom.discord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.components.Component;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Mentions;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.Channel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.emoji.CustomEmoji;
import net.dv8tion.jda.api.entities.emoji.Emoji;
import net.dv8tion.jda.api.entities.emoji.EmojiUnion;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import org.staffroom.chat.Actor;
import org.staffroom.chat.Attachment;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.CommandCatalog;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.InteractionRef;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Platform;

/**
 * The translation rules from Discord's world to the port's. A thread is addressed by its parent
 * channel and its root message: a thread started from a message has that message's id, so a reply
 * in it is {@code MessageRef(parent, reply id, thread id)}. People are guild members (their display
 * name and role ids); in a direct message they have no guild.
 */
class EventMapper {

    /** Discord keeps an interaction token valid for 15 minutes. */
    static final Duration INTERACTION_LIFETIME = Duration.ofMinutes(15);

    /** Where a message is: the channel the core knows (a thread's parent) and the thread, if any. */
    record Place(ChannelRef channel, String threadId, boolean direct) {
        MessageRef message(String messageId) {
            return new MessageRef(channel, messageId, threadId);
        }
    }

    private final Clock clock;
    private final CommandCatalog catalog;

    EventMapper(Clock clock, CommandCatalog catalog) {
        this.clock = clock;
        this.catalog = catalog;
    }

    Instant now() {
        return clock.instant();
    }

    Place place(Channel channel, Guild guild) {
        if (channel instanceof ThreadChannel thread) {
            return new Place(
                    new ChannelRef(
                            Platform.DISCORD,
                            thread.getGuild().getId(),
                            thread.getParentChannel().getId()),
                    thread.getId(),
                    false);
        }
        if (guild == null) {
            return new Place(new ChannelRef(Platform.DISCORD, "", channel.getId()), null, true);
        }
        return new Place(new ChannelRef(Platform.DISCORD, guild.getId(), channel.getId()), null, false);
    }

    /** A person as the port knows them: display name from the guild, groups = their role ids. */
    Actor actor(String userId, User user, Member member, Guild guild) {
        UserRef ref = new UserRef(Platform.DISCORD, guild == null ? "" : guild.getId(), userId);
        String name = member != null ? member.getEffectiveName() : user != null ? user.getEffectiveName() : null;
        Set<String> groups = new LinkedHashSet<>();
        if (member != null) {
            for (Role r : member.getRoles()) groups.add(r.getId());
        }
        return new Actor(ref, name, groups);
    }

    Actor actor(User user, Member member, Guild guild) {
        return actor(user.getId(), user, member, guild);
    }

    /** Deletions do not say who deleted: the event carries a placeholder actor. */
    Actor unknownActor(Guild guild) {
        return new Actor(new UserRef(Platform.DISCORD, guild == null ? "" : guild.getId(), "0"), "Discord", Set.of());
    }

    InteractionRef interaction(Interaction interaction) {
        return new InteractionRef(
                Platform.DISCORD,
                interaction.getId(),
                interaction.getToken(),
                clock.instant().plus(INTERACTION_LIFETIME));
    }

    /**
     * What a person wrote, as people read it. Discord writes mentions as {@code <@id>},
     * {@code <@&role>} and {@code <#channel>} and custom emoji as {@code <:name:id>}; the port
     * carries words, as the Slack adapter gives {@code @Name}, so a message relayed to another
     * school or platform shows the name rather than a number. Other markdown stays as typed.
     */
    static String text(net.dv8tion.jda.api.entities.Message message) {
        String text = message.getContentRaw();
        Mentions mentions = message.getMentions();
        for (User user : mentions.getUsers()) {
            String name = mentions.getMembers().stream()
                    .filter(m -> m.getIdLong() == user.getIdLong())
                    .map(Member::getEffectiveName)
                    .findFirst()
                    .orElse(user.getEffectiveName());
            text = text.replaceAll("<@!?" + Pattern.quote(user.getId()) + ">", Matcher.quoteReplacement("@" + name));
        }
        for (Role role : mentions.getRoles()) text = text.replace(role.getAsMention(), "@" + role.getName());
        for (GuildChannel channel : mentions.getChannels())
            text = text.replace(channel.getAsMention(), "#" + channel.getName());
        for (CustomEmoji emoji : mentions.getCustomEmojis())
            text = text.replace(emoji.getAsMention(), ":" + emoji.getName() + ":");
        return text;
    }

    /** Unicode emoji as themselves; a server's custom emoji as {@code :name:}. */
    static String emoji(EmojiUnion emoji) {
        return emoji.getType() == Emoji.Type.UNICODE ? emoji.getName() : ":" + emoji.getName() + ":";
    }

    static List<Attachment> attachments(List<net.dv8tion.jda.api.entities.Message.Attachment> list) {
        List<Attachment> out = new ArrayList<>();
        for (var a : list) {
            out.add(new Attachment(a.getId(), a.getFileName(), a.getContentType(), a.getSize(), a.getUrl()));
        }
        return out;
    }

    /** Slash command options by name as text; {@code text} is the command's TEXT option. */
    record Command(String subcommand, Map<String, String> options, String text) {}

    Command command(String name, String subcommand, List<OptionMapping> options) {
        Map<String, String> values = new LinkedHashMap<>();
        for (OptionMapping o : options) values.put(o.getName(), o.getAsString());
        String sub = subcommand == null ? "" : subcommand;
        String text = catalog.command(name)
                .flatMap(spec -> spec.subcommand(sub))
                .flatMap(s -> s.options().stream()
                        .filter(o -> o.type() == CommandSpec.Option.Type.TEXT)
                        .findFirst())
                .map(o -> values.getOrDefault(o.name(), ""))
                .orElse("");
        return new Command(sub, values, text);
    }

    /**
     * A modal's answers by field id, as the sandbox gives them: text as one value (none when left
     * empty), selects as the chosen values, a checkbox (a Yes/No select) as {@code ["true"]} or none.
     */
    static Map<String, List<String>> formValues(List<ModalMapping> mappings) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (ModalMapping m : mappings) {
            String id = m.getCustomId();
            if (m.getType() == Component.Type.TEXT_INPUT) {
                String v = m.getAsString();
                values.put(id, v == null || v.isBlank() ? List.of() : List.of(v.strip()));
            } else if (id.startsWith(DiscordRenderer.CHECKBOX_PREFIX)) {
                boolean yes = m.getAsStringList().contains(DiscordRenderer.YES);
                values.put(
                        id.substring(DiscordRenderer.CHECKBOX_PREFIX.length()),
                        yes ? List.of(DiscordRenderer.YES) : List.of());
            } else {
                values.put(id, List.copyOf(m.getAsStringList()));
            }
        }
        return values;
    }
}
