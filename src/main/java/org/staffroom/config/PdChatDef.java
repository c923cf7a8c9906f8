package org.staffroom.config;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/** A hashtag PD chat from chats.yml. An empty {@code schoolIds} means every school. */
public record PdChatDef(
        String id,
        String hashtag,
        String title,
        String hostId,
        LocalDateTime start,
        ZoneId zone,
        Repeat repeat,
        Mode mode,
        int intervalMinutes,
        int minutesOpenAfterLast,
        List<String> schoolIds,
        List<String> questions) {

    public enum Repeat {
        NONE,
        WEEKLY
    }

    public enum Mode {
        LIVE,
        SLOW
    }
}
