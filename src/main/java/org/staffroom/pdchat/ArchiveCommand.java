package org.staffroom.pdchat;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;
import org.staffroom.pdchat.tags.Hashtags;

/** {@code /pdchat archive <hashtag> [date]}: the transcript as Markdown, or a link to it when it is long. */
@Component
record ArchiveCommand(
        Directory directory,
        OccurrenceStore occurrences,
        Archive archive,
        ArchiveFormat format,
        PdChatArchives archives,
        Chat chat,
        Texts texts) {

    /** Longer transcripts are linked, not pasted: chat messages have limits and a wall of text helps nobody. */
    static final int LONGEST_IN_CHAT = 3500;

    Message handle(ChatEvent.CommandInvoked e, Caller caller) {
        Locale l = caller.locale();
        Optional<String> tag = Hashtags.parse(e.option("hashtag"));
        if (tag.isEmpty()) {
            answer(e, Rich.of(texts.get(l, "pdchat.error.hashtag", "/pdchat archive")));
            return null;
        }
        String dateText = e.option("date") == null ? "" : e.option("date").trim();
        LocalDate date = null;
        if (!dateText.isEmpty()) {
            try {
                date = LocalDate.parse(dateText);
            } catch (DateTimeParseException ex) {
                answer(e, Rich.of(texts.get(l, "pdchat.archive.bad-date", dateText)));
                return null;
            }
        }
        LocalDate wanted = date;
        List<Occurrence> runs = occurrences.withHashtag(Hashtags.key(tag.get())).stream()
                .filter(o -> o.state() == Occurrence.State.LIVE || o.state() == Occurrence.State.ARCHIVED)
                .filter(o -> wanted == null || o.ranOn().equals(wanted))
                .toList();
        if (runs.isEmpty()) {
            answer(
                    e,
                    Rich.of(
                            wanted == null
                                    ? texts.get(l, "pdchat.archive.none", tag.get())
                                    : texts.get(l, "pdchat.archive.none-on", tag.get(), wanted.toString())));
            return null;
        }
        Occurrence run = runs.get(0);
        String markdown = format.markdown(archive.transcript(run), l);
        if (markdown.length() <= LONGEST_IN_CHAT) {
            answer(e, Rich.of(markdown));
        } else {
            String link = archives.link(run.chatId(), run.ranOn());
            answer(
                    e,
                    Rich.of(texts.get(
                                            l,
                                            "pdchat.archive.long",
                                            run.hashtag(),
                                            run.ranOn().toString()) + " ")
                            .link(link, link));
        }
        return null;
    }

    private void answer(ChatEvent.CommandInvoked e, Rich text) {
        chat.respond(e.interaction(), Message.of(text));
    }
}
