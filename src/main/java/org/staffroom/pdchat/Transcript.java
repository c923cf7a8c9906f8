package org.staffroom.pdchat;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A chat run's record: its messages grouped by question (section 0 holds introductions, shown only
 * when there are some), who took part from which school, and the counts. Deleted and hidden
 * messages are not in it.
 */
record Transcript(
        Occurrence occurrence,
        List<Section> sections,
        List<Participant> participants,
        List<SchoolCount> schools,
        int messageCount) {

    Transcript {
        sections = List.copyOf(sections);
        participants = List.copyOf(participants);
        schools = List.copyOf(schools);
    }

    record Section(int number, String question, List<Entry> messages) {
        Section {
            messages = List.copyOf(messages);
        }
    }

    record Entry(long id, Instant at, String author, String school, String text, boolean edited) {}

    record Participant(String name, String school) {}

    record SchoolCount(String id, String name, int messages, int people) {}

    /** The question with the most messages (the earliest on a tie), or null if nobody answered. */
    Section busiest() {
        return sections.stream()
                .filter(s -> s.number() > 0 && !s.messages().isEmpty())
                .max(Comparator.<Section>comparingInt(s -> s.messages().size()).thenComparing(s -> -s.number()))
                .orElse(null);
    }
}
