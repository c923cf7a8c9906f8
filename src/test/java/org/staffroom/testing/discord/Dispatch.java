package org.staffroom.testing.discord;

import tools.jackson.databind.node.ObjectNode;

/**
 * A gateway dispatch (op 0) waiting to be pushed: the event name {@code t} and its data {@code d}. Build one
 * with {@link FakeDiscord#events()}, adjust {@link #data()} if a test needs an unusual field, then
 * {@link FakeDiscord#push(Dispatch) push} it. The fake assigns {@code s} per session when sending.
 */
public final class Dispatch {

    /** Gateway intent bits the fake filters on (Discord's values). */
    public static final int GUILDS = 1;

    public static final int GUILD_MEMBERS = 1 << 1;
    public static final int GUILD_MESSAGES = 1 << 9;
    public static final int GUILD_MESSAGE_REACTIONS = 1 << 10;
    public static final int DIRECT_MESSAGES = 1 << 12;
    public static final int DIRECT_MESSAGE_REACTIONS = 1 << 13;
    public static final int MESSAGE_CONTENT = 1 << 15;

    private final String type;
    private final ObjectNode data;
    private final long guildId;

    Dispatch(String type, ObjectNode data, long guildId) {
        this.type = type;
        this.data = data;
        this.guildId = guildId;
    }

    /** A raw dispatch of any event type; {@code guildId} 0 for events outside guilds. */
    public static Dispatch raw(String type, ObjectNode data, long guildId) {
        return new Dispatch(type, data, guildId);
    }

    /** The event name, e.g. {@code MESSAGE_CREATE}. */
    public String type() {
        return type;
    }

    /** The event data; mutable until pushed, so a test can add or break fields on purpose. */
    public ObjectNode data() {
        return data;
    }

    /** The guild the event belongs to (0 for DMs), which decides its shard. */
    public long guildId() {
        return guildId;
    }

    /** The {@code id} field of the data (message id, interaction id, thread id), or 0. */
    public long id() {
        return Json.longValue(data, "id", 0);
    }

    /** The interaction token, for INTERACTION_CREATE. */
    public String token() {
        return Json.text(data, "token");
    }

    /** The intent a session must have to receive this event, 0 if none (Discord's rules). */
    public int requiredIntent() {
        boolean guild = guildId != 0;
        return switch (type) {
            case "MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE", "MESSAGE_DELETE_BULK" ->
                guild ? GUILD_MESSAGES : DIRECT_MESSAGES;
            case "MESSAGE_REACTION_ADD",
                    "MESSAGE_REACTION_REMOVE",
                    "MESSAGE_REACTION_REMOVE_ALL",
                    "MESSAGE_REACTION_REMOVE_EMOJI" -> guild ? GUILD_MESSAGE_REACTIONS : DIRECT_MESSAGE_REACTIONS;
            case "THREAD_CREATE",
                    "THREAD_UPDATE",
                    "THREAD_DELETE",
                    "CHANNEL_CREATE",
                    "CHANNEL_UPDATE",
                    "CHANNEL_DELETE",
                    "GUILD_ROLE_CREATE",
                    "GUILD_ROLE_UPDATE",
                    "GUILD_ROLE_DELETE" -> GUILDS;
            case "GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE" -> GUILD_MEMBERS;
            default -> 0;
        };
    }

    @Override
    public String toString() {
        return type + " " + Json.write(data);
    }
}
