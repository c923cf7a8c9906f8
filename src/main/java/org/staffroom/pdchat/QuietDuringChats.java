package org.staffroom.pdchat;

import java.time.Instant;
import org.springframework.stereotype.Component;
import org.staffroom.chat.ChannelRef;
import org.staffroom.directory.Directory;
import org.staffroom.pdchat.tags.Hashtags;
import org.staffroom.pdchat.tags.TagQuiet;

/** Followers of a chat's hashtag are not sent every message of the chat while it runs in that school. */
@Component
record QuietDuringChats(OccurrenceStore occurrences, Directory directory) implements TagQuiet {

    @Override
    public boolean quiet(String tagKey, ChannelRef channel, Instant at) {
        String school = directory.schoolOf(channel).map(s -> s.id()).orElse(null);
        return school != null
                && occurrences.capturing(at).stream()
                        .anyMatch(o -> Hashtags.key(o.hashtag()).equals(tagKey)
                                && o.schoolIds().contains(school));
    }
}
