package org.staffroom.pdchat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.staffroom.config.TrustConfig;

/**
 * PD chat archives for other parts of Staffroom (the web pages): runs that have finished, and a
 * run's transcript as Markdown or as a standalone HTML page, in the trust's language.
 */
@Service
public class PdChatArchives {

    private final OccurrenceStore occurrences;
    private final Archive archive;
    private final ArchiveFormat format;
    private final TrustConfig config;

    PdChatArchives(OccurrenceStore occurrences, Archive archive, ArchiveFormat format, TrustConfig config) {
        this.occurrences = occurrences;
        this.archive = archive;
        this.format = format;
        this.config = config;
    }

    /** A finished run of a chat, for listing. */
    public record ArchivedChat(
            String chatId,
            LocalDate date,
            String hashtag,
            String title,
            String host,
            Instant startsAt,
            Instant endsAt) {}

    /** Finished runs, newest first. */
    public List<ArchivedChat> archived() {
        return occurrences.finishedSince(Instant.EPOCH).stream()
                .map(o -> new ArchivedChat(
                        o.chatId(), o.ranOn(), o.hashtag(), o.title(), o.hostName(), o.startsAt(), o.endsAt()))
                .toList();
    }

    /** The transcript of the run of {@code chatId} on {@code date} (the day it ran), as Markdown. */
    public Optional<String> markdown(String chatId, LocalDate date) {
        return markdown(chatId, date, locale());
    }

    public Optional<String> markdown(String chatId, LocalDate date, Locale locale) {
        return occurrences.ranOn(chatId, date).map(o -> format.markdown(archive.transcript(o), locale));
    }

    /** A run's transcript by question, for a web page (the text is as written; the page escapes it). */
    public record TranscriptView(
            ArchivedChat chat,
            List<Section> sections,
            List<Participant> participants,
            List<SchoolCount> schools,
            int messageCount) {}

    /** Messages under one question; number 0 holds introductions, with no question. */
    public record Section(int number, String question, List<Entry> messages) {}

    public record Entry(Instant at, String author, String school, String text, boolean edited) {}

    public record Participant(String name, String school) {}

    public record SchoolCount(String name, int messages, int people) {}

    /** The transcript of a finished run. */
    public Optional<TranscriptView> transcript(String chatId, LocalDate date) {
        return occurrences.ranOn(chatId, date).filter(Occurrence::finished).map(o -> {
            Transcript t = archive.transcript(o);
            return new TranscriptView(
                    new ArchivedChat(
                            o.chatId(), o.ranOn(), o.hashtag(), o.title(), o.hostName(), o.startsAt(), o.endsAt()),
                    t.sections().stream()
                            .map(s -> new Section(
                                    s.number(),
                                    s.question(),
                                    s.messages().stream()
                                            .map(e -> new Entry(e.at(), e.author(), e.school(), e.text(), e.edited()))
                                            .toList()))
                            .toList(),
                    t.participants().stream()
                            .map(p -> new Participant(p.name(), p.school()))
                            .toList(),
                    t.schools().stream()
                            .map(s -> new SchoolCount(s.name(), s.messages(), s.people()))
                            .toList(),
                    t.messageCount());
        });
    }

    /** Where the web shows a run's Markdown export; the chat answer links here when the transcript is long. */
    public String link(String chatId, LocalDate date) {
        return config.baseUrl() + "/pdchat/archives/" + chatId + "/" + date + ".md";
    }

    private Locale locale() {
        return config.get().trust().locale();
    }
}
