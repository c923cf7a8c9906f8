package org.staffroom.drafts;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;

/**
 * What the publishing module tells a draft's card: the status per network (scheduled for a time,
 * published with its link, failed with the network's reason) and the buttons that go with it
 * (Retry for a failed one). Implemented by publishing; drafts only asks, so it never depends on it.
 */
public interface PublicationStatus {

    /** One line per network Staffroom publishes the post to; empty when it publishes to none. */
    Optional<Rich> lines(long draftId, Locale locale);

    /** Buttons for the card after approval (Retry per failed network). */
    List<Message.Button> buttons(long draftId, Locale locale);

    /** The networks Staffroom publishes this post to itself (the rest stay "Mark as published"). */
    List<String> automatic(long draftId);
}
