package org.staffroom.chat;

/**
 * A message: its channel, its id (Slack ts, Discord message id) and, for a reply in a thread, the
 * id of the thread's root message ({@code threadId}, null otherwise). On Discord a thread started
 * from a message has that message's id, so the same rule holds on both platforms.
 */
public record MessageRef(ChannelRef channel, String id, String threadId) {

    public boolean inThread() {
        return threadId != null && !threadId.equals(id);
    }

    /** The message that starts the thread this one is in (itself if it is not a reply). */
    public MessageRef root() {
        return inThread() ? new MessageRef(channel, threadId, null) : this;
    }

    public String key() {
        return channel.key() + ":" + id;
    }
}
