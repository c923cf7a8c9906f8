package org.staffroom.pdchat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Texts;
import org.staffroom.config.PdChatDef;

/** A transcript as Markdown (for chat and downloads) and as a standalone HTML page (for the web). */
@Component
class ArchiveFormat {

    private final Texts texts;

    ArchiveFormat(Texts texts) {
        this.texts = texts;
    }

    String markdown(Transcript t, Locale l) {
        Occurrence occ = t.occurrence();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(md(occ.hashtag() + ": " + occ.title())).append("\n\n");
        md.append(md(when(occ, l))).append("\n\n");
        md.append(md(counts(t, l))).append("\n\n");
        if (!t.schools().isEmpty()) {
            md.append("| ")
                    .append(texts.get(l, "pdchat.archive.school"))
                    .append(" | ")
                    .append(texts.get(l, "pdchat.archive.messages"))
                    .append(" | ")
                    .append(texts.get(l, "pdchat.archive.people"))
                    .append(" |\n| --- | ---: | ---: |\n");
            for (Transcript.SchoolCount s : t.schools()) {
                md.append("| ")
                        .append(md(s.name()))
                        .append(" | ")
                        .append(s.messages())
                        .append(" | ")
                        .append(s.people())
                        .append(" |\n");
            }
            md.append('\n');
            md.append("**").append(texts.get(l, "pdchat.archive.participants")).append(":** ");
            md.append(String.join(
                    ", ",
                    t.participants().stream()
                            .map(p -> md(p.name() + " (" + p.school() + ")"))
                            .toList()));
            md.append("\n\n");
        }
        for (Transcript.Section s : t.sections()) {
            md.append("## ").append(md(heading(s, l))).append("\n\n");
            md.append('_').append(sectionCount(s, l)).append("_\n\n");
            for (Transcript.Entry e : s.messages()) {
                md.append("- ")
                        .append(stamp(e.at(), occ, l))
                        .append(" **")
                        .append(md(e.author()))
                        .append("** (")
                        .append(md(e.school()))
                        .append("): ")
                        .append(md(e.text()).replace("\n", "\n  "));
                if (e.edited())
                    md.append(" _")
                            .append(texts.get(l, "pdchat.archive.edited"))
                            .append('_');
                md.append('\n');
            }
            if (!s.messages().isEmpty()) md.append('\n');
        }
        return md.toString().stripTrailing() + "\n";
    }

    private String when(Occurrence occ, Locale l) {
        ZoneId z = occ.zone();
        LocalDate from = occ.startsAt().atZone(z).toLocalDate();
        LocalDate to = occ.endsAt().atZone(z).toLocalDate();
        String span = from.equals(to)
                ? ChatPosts.day(occ.startsAt(), z, l) + ", " + ChatPosts.time(occ.startsAt(), z) + "–"
                        + ChatPosts.time(occ.endsAt(), z)
                : ChatPosts.day(occ.startsAt(), z, l) + ", " + ChatPosts.time(occ.startsAt(), z) + " – "
                        + ChatPosts.day(occ.endsAt(), z, l) + ", " + ChatPosts.time(occ.endsAt(), z);
        return texts.get(l, "pdchat.archive.when", span, z.getId(), occ.hostName());
    }

    private String counts(Transcript t, Locale l) {
        return texts.get(
                l,
                "pdchat.archive.counts",
                t.messageCount(),
                t.participants().size(),
                t.schools().size());
    }

    private String heading(Transcript.Section s, Locale l) {
        return s.number() == 0 ? texts.get(l, "pdchat.archive.introductions") : "Q" + s.number() + ". " + s.question();
    }

    private String sectionCount(Transcript.Section s, Locale l) {
        if (s.messages().isEmpty()) return texts.get(l, "pdchat.archive.section.none");
        return texts.get(l, "pdchat.archive.section", s.messages().size(), distinctAuthors(s));
    }

    private static int distinctAuthors(Transcript.Section s) {
        return (int) s.messages().stream()
                .map(e -> e.author() + "\u0000" + e.school())
                .distinct()
                .count();
    }

    /** A message's time in the chat's zone; slow chats span days, so they show the day too. */
    private static String stamp(Instant at, Occurrence occ, Locale l) {
        String time = ChatPosts.time(at, occ.zone());
        return occ.mode() == PdChatDef.Mode.SLOW ? ChatPosts.shortDay(at, occ.zone(), l) + " " + time : time;
    }

    /** Escapes what Markdown would read as formatting, so people's words stay as they wrote them. */
    static String md(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if ("\\`*_[]<>|".indexOf(c) >= 0) out.append('\\');
            out.append(c);
        }
        return out.toString();
    }
}
