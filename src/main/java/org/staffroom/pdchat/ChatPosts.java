package org.staffroom.pdchat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.config.PdChatDef;
import org.staffroom.config.School;

/** What the chat posts at each step, in each school's language and time zone. */
@Component
class ChatPosts {

    private static final Pattern QUESTION_PREFIX =
            Pattern.compile("^\\s*Q\\d+\\s*[:.)\\-–]\\s*", Pattern.CASE_INSENSITIVE);

    private final Texts texts;

    ChatPosts(Texts texts) {
        this.texts = texts;
    }

    Message remindDay(Occurrence occ, int questionCount, School school) {
        Locale l = school.locale();
        return Message.of(Rich.of(texts.get(
                l,
                "pdchat.remind.day",
                occ.hashtag(),
                occ.title(),
                occ.hostName(),
                day(occ.startsAt(), school.zone(), l),
                time(occ.startsAt(), school.zone()),
                questionCount,
                rhythm(occ, l))));
    }

    Message remindSoon(Occurrence occ, School school) {
        return Message.of(
                Rich.of(texts.get(school.locale(), "pdchat.remind.soon", occ.hashtag(), occ.title(), occ.hostName())));
    }

    Message intro(Occurrence occ, int questionCount, School school, String otherSchools) {
        Locale l = school.locale();
        Rich text = Rich.empty()
                .bold(texts.get(l, "pdchat.intro", occ.hashtag(), occ.title(), occ.hostName()))
                .newline()
                .text(texts.get(l, "pdchat.intro.rules", occ.hashtag(), questionCount, rhythm(occ, l), otherSchools));
        return Message.of(text).withThread(texts.get(l, "pdchat.intro.thread", occ.hashtag()));
    }

    Message question(Occurrence occ, Occurrence.Question q, int total, School school) {
        Locale l = school.locale();
        Rich text = Rich.empty()
                .bold("Q" + q.number() + "/" + total)
                .text(" " + questionText(q.text()) + " " + occ.hashtag());
        return Message.of(text).withThread(texts.get(l, "pdchat.question.thread", q.number(), occ.hashtag()));
    }

    Message wrap(Occurrence occ, Transcript t, School school) {
        Locale l = school.locale();
        Rich text = Rich.empty()
                .bold(texts.get(l, "pdchat.wrap.title", occ.hashtag(), occ.title()))
                .newline()
                .text(texts.get(
                        l,
                        "pdchat.wrap.counts",
                        t.messageCount(),
                        t.participants().size(),
                        t.schools().size()));
        Transcript.Section busiest = t.busiest();
        if (busiest != null) {
            text = text.newline()
                    .text(texts.get(
                            l,
                            "pdchat.wrap.busiest",
                            busiest.number(),
                            busiest.messages().size()));
        }
        Message message = Message.of(text);
        for (Transcript.SchoolCount s : t.schools()) {
            message =
                    message.withField(s.name(), Rich.of(texts.get(l, "pdchat.wrap.school", s.messages(), s.people())));
        }
        return message.withFooter(Rich.of(
                texts.get(l, "pdchat.wrap.archive", occ.hashtag(), occ.ranOn().toString())));
    }

    Message skipped(Occurrence occ, List<Integer> questions, Locale l, ZoneId zone) {
        String list = String.join(", ", questions.stream().map(n -> "Q" + n).toList());
        return Message.of(texts.get(
                l, "pdchat.host.skipped", occ.hashtag(), day(occ.startsAt(), zone, l), list, questions.size()));
    }

    Message missed(Occurrence occ, Locale l, ZoneId zone) {
        return Message.of(texts.get(l, "pdchat.host.missed", occ.hashtag(), day(occ.startsAt(), zone, l)));
    }

    String rhythm(Occurrence occ, Locale l) {
        return rhythm(occ.mode(), occ.intervalMinutes(), l);
    }

    String rhythm(PdChatDef.Mode mode, int interval, Locale l) {
        return mode == PdChatDef.Mode.SLOW
                ? texts.get(l, "pdchat.rhythm.slow")
                : texts.get(l, "pdchat.rhythm.live", interval);
    }

    /** The question as written in the config, without a "Q1:" the bot adds itself. */
    static String questionText(String text) {
        return QUESTION_PREFIX.matcher(text).replaceFirst("");
    }

    static String day(Instant at, ZoneId zone, Locale l) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(l).format(at.atZone(zone));
    }

    static String shortDay(Instant at, ZoneId zone, Locale l) {
        return DateTimeFormatter.ofPattern("EEE d MMM", l).format(at.atZone(zone));
    }

    static String time(Instant at, ZoneId zone) {
        return DateTimeFormatter.ofPattern("HH:mm").format(at.atZone(zone));
    }
}
