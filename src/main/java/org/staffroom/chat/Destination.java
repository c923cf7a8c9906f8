package org.staffroom.chat;

/**
 * Where a post goes: a channel, a thread in it (by root message id, or by the delivery key of
 * the root when that post may not be sent yet), or a person's direct messages.
 */
public record Destination(ChannelRef channel, String threadId, String threadOfKey, UserRef directTo) {

    public static Destination channel(ChannelRef channel) {
        return new Destination(channel, null, null, null);
    }

    /** A reply in the thread of {@code root}. */
    public static Destination thread(MessageRef root) {
        return new Destination(root.channel(), root.root().id(), null, null);
    }

    /** A reply in the thread of the message posted under {@code rootKey}, once it has been sent. */
    public static Destination threadOf(ChannelRef channel, String rootKey) {
        return new Destination(channel, null, rootKey, null);
    }

    public static Destination direct(UserRef user) {
        return new Destination(null, null, null, user);
    }

    public boolean isDirect() {
        return directTo != null;
    }
}
