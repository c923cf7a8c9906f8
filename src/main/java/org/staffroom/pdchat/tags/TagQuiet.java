package org.staffroom.pdchat.tags;

import java.time.Instant;
import org.staffroom.chat.ChannelRef;

/**
 * Says when a tag's followers should not get a message each: while a PD chat with that hashtag is
 * running in the channel (it is announced there, and would send a message a minute).
 */
public interface TagQuiet {

    boolean quiet(String tagKey, ChannelRef channel, Instant at);
}
