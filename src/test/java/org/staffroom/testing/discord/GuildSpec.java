package org.staffroom.testing.discord;

import java.util.ArrayList;
import java.util.List;

/**
 * Declares a guild for {@link FakeDiscord.Builder#guild}: its text channels, roles and members. The bot
 * is always added as a member and made the owner, so JDA's client-side permission checks pass.
 */
public final class GuildSpec {

    /** A text channel in the guild. */
    public record ChannelSpec(long id, String name, int type) {}

    /** A role; {@code permissions} is Discord's permission bit set. */
    public record RoleSpec(long id, String name, long permissions) {}

    /** A member; the user is created with this username and display name. */
    public record MemberSpec(long userId, String username, String globalName, boolean bot, List<Long> roleIds) {}

    final long id;
    final String name;
    final List<ChannelSpec> channels = new ArrayList<>();
    final List<RoleSpec> roles = new ArrayList<>();
    final List<MemberSpec> members = new ArrayList<>();
    /** Permissions of {@code @everyone} (role id = guild id): view, send, read history, react, threads. */
    long everyonePermissions = (1L << 10) | (1L << 11) | (1L << 16) | (1L << 6) | (1L << 35) | (1L << 38);

    GuildSpec(long id, String name) {
        this.id = id;
        this.name = name;
    }

    /** Adds a text channel (type 0). */
    public GuildSpec textChannel(long channelId, String channelName) {
        channels.add(new ChannelSpec(channelId, channelName, 0));
        return this;
    }

    /** Adds a role. */
    public GuildSpec role(long roleId, String roleName, long permissions) {
        roles.add(new RoleSpec(roleId, roleName, permissions));
        return this;
    }

    /** Adds a human member with the given roles. */
    public GuildSpec member(long userId, String username, String globalName, long... roleIds) {
        List<Long> ids = new ArrayList<>();
        for (long roleId : roleIds) {
            ids.add(roleId);
        }
        members.add(new MemberSpec(userId, username, globalName, false, ids));
        return this;
    }

    /** Adds another bot as a member (for "ignore other bots" tests). */
    public GuildSpec botMember(long userId, String username) {
        members.add(new MemberSpec(userId, username, null, true, List.of()));
        return this;
    }

    /** Overrides the {@code @everyone} permission bits. */
    public GuildSpec everyonePermissions(long permissions) {
        this.everyonePermissions = permissions;
        return this;
    }
}
