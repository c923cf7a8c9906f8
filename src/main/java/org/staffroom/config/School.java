package org.staffroom.config;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/** One school, the space it chats in and its channels by purpose. */
public record School(
        String id,
        String name,
        String shortName,
        String spaceId,
        ZoneId zone,
        Locale locale,
        int staffCount,
        String calendarRegion,
        Map<ChannelPurpose, String> channels,
        boolean indexHashtags,
        boolean paused) {

    public String channel(ChannelPurpose purpose) {
        return channels.get(purpose);
    }
}
