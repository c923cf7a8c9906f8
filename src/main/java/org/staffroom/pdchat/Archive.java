package org.staffroom.pdchat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.staffroom.config.School;
import org.staffroom.directory.Directory;

/** Builds a run's {@link Transcript} from what was captured, as it stands now (edits, deletions, hides applied). */
@Service
record Archive(OccurrenceStore occurrences, CapturedMessageStore captured, Directory directory) {

    Transcript transcript(Occurrence occ) {
        List<Occurrence.Question> questions = occurrences.questions(occ.id());
        List<CapturedMessageStore.Captured> messages = captured.visible(occ.id());
        Map<Integer, List<Transcript.Entry>> byQuestion = new TreeMap<>();
        Map<String, Transcript.Participant> people = new LinkedHashMap<>();
        Map<String, Integer> messagesBySchool = new TreeMap<>();
        Map<String, Set<String>> peopleBySchool = new TreeMap<>();
        for (CapturedMessageStore.Captured m : messages) {
            String school = schoolName(m.schoolId());
            byQuestion
                    .computeIfAbsent(m.question(), q -> new ArrayList<>())
                    .add(new Transcript.Entry(
                            m.id(), m.postedAt(), m.authorName(), school, m.text(), m.editedAt() != null));
            people.putIfAbsent(m.authorKey(), new Transcript.Participant(m.authorName(), school));
            messagesBySchool.merge(m.schoolId(), 1, Integer::sum);
            peopleBySchool.computeIfAbsent(m.schoolId(), s -> new TreeSet<>()).add(m.authorKey());
        }
        List<Transcript.Section> sections = new ArrayList<>();
        List<Transcript.Entry> intro = byQuestion.get(0);
        if (intro != null) sections.add(new Transcript.Section(0, "", intro));
        for (Occurrence.Question q : questions) {
            sections.add(new Transcript.Section(
                    q.number(), ChatPosts.questionText(q.text()), byQuestion.getOrDefault(q.number(), List.of())));
        }
        List<Transcript.SchoolCount> schools = new ArrayList<>();
        messagesBySchool.forEach((id, count) -> schools.add(new Transcript.SchoolCount(
                id, schoolName(id), count, peopleBySchool.get(id).size())));
        schools.sort(Comparator.comparing(Transcript.SchoolCount::name));
        List<Transcript.Participant> participants = new ArrayList<>(people.values());
        participants.sort(
                Comparator.comparing(Transcript.Participant::name).thenComparing(Transcript.Participant::school));
        return new Transcript(occ, sections, participants, schools, messages.size());
    }

    private String schoolName(String id) {
        return directory.school(id).map(School::shortName).orElse(id);
    }
}
