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

    private final Occurrences occurrences;
    private final Archive archive;
    private final ArchiveFormat format;
    private final TrustConfig config;

    PdChatArchives(Occurrences occurrences, Archive archive, ArchiveFormat format, TrustConfig config) {
        this.occurrences = occurrences;
        this.archive = archive;
        this.format = format;
        this.config = config;
    }

    /** A finished run of a chat, for listing. */
    public record ArchivedChat(String chatId, LocalDate date, String hashtag, String title, String host,
                               Instant startsAt, Instant endsAt) {
    }

    /** Finished runs, newest first. */
    public List<ArchivedChat> archived() {
        return occurrences.finishedSince(Instant.EPOCH).stream()
                .map(o -> new ArchivedChat(o.chatId(), o.date(), o.hashtag(), o.title(), o.hostName(), o.startsAt(), o.endsAt()))
                .toList();
    }

    /** The transcript of the run of {@code chatId} on {@code date} (its scheduled date), as Markdown. */
    public Optional<String> markdown(String chatId, LocalDate date) {
        return markdown(chatId, date, locale());
    }

    public Optional<String> markdown(String chatId, LocalDate date, Locale locale) {
        return occurrences.find(chatId, date).map(o -> format.markdown(archive.transcript(o), locale));
    }

    /** The same transcript as a standalone HTML page (escaped; no scripts, no external resources). */
    public Optional<String> html(String chatId, LocalDate date) {
        return occurrences.find(chatId, date).map(o -> format.html(archive.transcript(o), locale()));
    }

    /** Where the web shows a run's Markdown export; the chat answer links here when the transcript is long. */
    public String link(String chatId, LocalDate date) {
        return config.get().trust().web().baseUrl() + "/pdchat/archives/" + chatId + "/" + date + ".md";
    }

    private Locale locale() {
        return config.get().trust().locale();
    }
}
