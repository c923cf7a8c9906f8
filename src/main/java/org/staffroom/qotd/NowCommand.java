package org.staffroom.qotd;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.config.School;
import org.staffroom.directory.Caller;

/** {@code /qotd now [--schools a,b] [question]}: a coordinator posts at once. */
@Component
record NowCommand(DailyPosts posts, QotdMessages messages) {

    Message handle(ChatEvent.CommandInvoked event, Caller caller) {
        DailyPosts.NowResult r = posts.postNow(caller, event.option("schools"), event.option("text"), event.eventId());
        Locale l = caller.locale();
        StringBuilder text = new StringBuilder(
                r.posted().isEmpty()
                        ? messages.text(l, "qotd.now.nothing")
                        : messages.text(l, "qotd.now.posted", names(r.posted())));
        if (!r.already().isEmpty()) text.append('\n').append(messages.text(l, "qotd.now.already", names(r.already())));
        if (!r.paused().isEmpty()) text.append('\n').append(messages.text(l, "qotd.now.paused", names(r.paused())));
        if (!r.closed().isEmpty()) {
            String which = r.closed().stream()
                    .map(c -> c.school().shortName() + " (" + messages.reason(c.why(), l) + ")")
                    .collect(Collectors.joining(", "));
            String ids = r.closed().stream().map(c -> c.school().id()).collect(Collectors.joining(","));
            text.append('\n').append(messages.text(l, "qotd.now.closed", which, ids));
        }
        return Message.of(text.toString());
    }

    private static String names(List<School> schools) {
        return schools.stream().map(School::shortName).collect(Collectors.joining(", "));
    }
}
