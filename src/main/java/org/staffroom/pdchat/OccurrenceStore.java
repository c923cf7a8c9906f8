package org.staffroom.pdchat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.config.PdChatDef;
import org.staffroom.config.Sql;

/** SQL for runs of chats, their questions and the steps (reminders, questions, wrap-up) claimed per school. */
@Repository
class OccurrenceStore {

    /** How a step went in one school's channel. */
    enum Outcome {
        POSTED,
        SKIPPED
    }

    private final JdbcClient jdbc;
    private final Sql.Rows<Occurrence> occurrences;

    OccurrenceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.occurrences = new Sql.Rows<>(jdbc, OccurrenceStore::row);
    }

    Optional<Occurrence> find(String chatId, LocalDate date) {
        return occurrences.one(
                "select * from pdchat_occurrence where chat_id = ? and occurrence_date = ?", chatId, date);
    }

    Optional<Occurrence> find(long id) {
        return occurrences.one("select * from pdchat_occurrence where id = ?", id);
    }

    /** Records a run unless it is recorded already (by another tick or a /pdchat start); returns it either way. */
    Occurrence create(
            PdChatDef def, LocalDate date, String hostName, List<String> schools, ChatPlan plan, Instant now) {
        int inserted = jdbc.sql("""
                insert into pdchat_occurrence (chat_id, occurrence_date, hashtag, title, host_key, host_name, zone, mode,
                    interval_minutes, schools, starts_at, ends_at, state, manual, created_at)
                select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'SCHEDULED', false, ?
                where not exists (select 1 from pdchat_occurrence where chat_id = ? and occurrence_date = ?)""")
                .params(concat(
                        List.of(def.id(), date),
                        planned(def, hostName, schools, plan),
                        List.of(utc(now), def.id(), date)))
                .update();
        Occurrence occ = find(def.id(), date).orElseThrow();
        if (inserted == 1) replaceQuestions(occ.id(), def.questions(), plan);
        return occ;
    }

    /** Before a run starts, edits to its definition (config or stored) still count. */
    void replan(Occurrence occ, PdChatDef def, String hostName, List<String> schools, ChatPlan plan) {
        jdbc.sql("""
                update pdchat_occurrence set hashtag = ?, title = ?, host_key = ?, host_name = ?, zone = ?, mode = ?,
                    interval_minutes = ?, schools = ?, starts_at = ?, ends_at = ?
                where id = ? and state = 'SCHEDULED' and manual = false""")
                .params(concat(planned(def, hostName, schools, plan), List.of(occ.id())))
                .update();
        replaceQuestions(occ.id(), def.questions(), plan);
    }

    /** The columns a run takes from its definition and plan, in the order both statements above name them. */
    private static List<Object> planned(PdChatDef def, String hostName, List<String> schools, ChatPlan plan) {
        // Not List.of: a chat may have no title or host.
        return Arrays.asList(
                def.hashtag(),
                def.title(),
                def.hostId(),
                hostName,
                def.zone().getId(),
                def.mode().name(),
                def.intervalMinutes(),
                String.join(",", schools),
                utc(plan.start()),
                utc(plan.end()));
    }

    @SafeVarargs
    private static List<Object> concat(List<? extends Object>... parts) {
        List<Object> all = new java.util.ArrayList<>();
        for (List<? extends Object> part : parts) all.addAll(part);
        return all;
    }

    /** A host started the run now: its plan moves to start now and is frozen. */
    void startNow(Occurrence occ, List<String> questions, ChatPlan plan) {
        jdbc.sql("update pdchat_occurrence set starts_at = ?, ends_at = ?, manual = true where id = ?")
                .params(utc(plan.start()), utc(plan.end()), occ.id())
                .update();
        replaceQuestions(occ.id(), questions, plan);
    }

    /** A host stopped the run now: questions not yet due are dropped and it ends at once. */
    void stopNow(Occurrence occ, Instant now) {
        jdbc.sql("delete from pdchat_question where occurrence_id = ? and due_at > ?")
                .params(occ.id(), utc(now))
                .update();
        jdbc.sql("update pdchat_occurrence set ends_at = ?, manual = true where id = ?")
                .params(utc(now), occ.id())
                .update();
    }

    private void replaceQuestions(long occurrenceId, List<String> texts, ChatPlan plan) {
        jdbc.sql("delete from pdchat_question where occurrence_id = ?")
                .param(occurrenceId)
                .update();
        for (int i = 0; i < texts.size() && i < plan.questions().size(); i++) {
            jdbc.sql("insert into pdchat_question (occurrence_id, question_no, text, due_at) values (?, ?, ?, ?)")
                    .params(
                            occurrenceId,
                            i + 1,
                            texts.get(i),
                            utc(plan.questions().get(i)))
                    .update();
        }
    }

    List<Occurrence.Question> questions(long occurrenceId) {
        return jdbc.sql(
                        "select question_no, text, due_at from pdchat_question where occurrence_id = ? order by question_no")
                .param(occurrenceId)
                .query((rs, n) -> new Occurrence.Question(rs.getInt(1), rs.getString(2), Sql.instant(rs, "due_at")))
                .list();
    }

    /** Runs not over yet, for the tick to carry on with (e.g. one started early by hand). */
    List<Occurrence> unfinished() {
        return occurrences.list(
                "select * from pdchat_occurrence where state in ('SCHEDULED', 'LIVE') order by starts_at");
    }

    /** Runs whose capture window contains {@code at}. */
    List<Occurrence> capturing(Instant at) {
        return occurrences.list("""
                select * from pdchat_occurrence
                where state in ('SCHEDULED', 'LIVE') and starts_at <= ? and ends_at > ? order by starts_at desc""", utc(at), utc(at));
    }

    /** The runs of one chat, newest first. */
    List<Occurrence> ofChat(String chatId) {
        return occurrences.list(
                "select * from pdchat_occurrence where chat_id = ? order by starts_at desc, id desc", chatId);
    }

    /** The run of a chat that ran on {@code date} (its actual start, in its zone), else the one scheduled then. */
    Optional<Occurrence> ranOn(String chatId, LocalDate date) {
        return ofChat(chatId).stream()
                .filter(o -> o.ranOn().equals(date))
                .findFirst()
                .or(() -> find(chatId, date));
    }

    /** Runs of chats with this hashtag (compared without case), newest first. */
    List<Occurrence> withHashtag(String tagKey) {
        return occurrences.list(
                "select * from pdchat_occurrence where lower(hashtag) = ? order by occurrence_date desc, id desc",
                tagKey);
    }

    List<Occurrence> finishedSince(Instant since) {
        return occurrences.list(
                "select * from pdchat_occurrence where state = 'ARCHIVED' and ends_at >= ? order by starts_at desc",
                utc(since));
    }

    boolean changeState(long id, Occurrence.State from, Occurrence.State to) {
        return jdbc.sql("update pdchat_occurrence set state = ? where id = ? and state = ?")
                        .params(to.name(), id, from.name())
                        .update()
                == 1;
    }

    /** Claims a step for a school: true for the one caller that records it, false if it was decided before. */
    boolean claimStep(long occurrenceId, String step, String schoolId, Instant due, Outcome outcome, Instant now) {
        return jdbc.sql("""
                insert into pdchat_step (occurrence_id, step, school_id, due_at, outcome, decided_at)
                select ?, ?, ?, ?, ?, ?
                where not exists (select 1 from pdchat_step where occurrence_id = ? and step = ? and school_id = ?)""")
                        .params(
                                occurrenceId,
                                step,
                                schoolId,
                                utc(due),
                                outcome.name(),
                                utc(now),
                                occurrenceId,
                                step,
                                schoolId)
                        .update()
                == 1;
    }

    /**
     * An instant at the precision the database keeps (microseconds: H2 and PostgreSQL round finer
     * values). Every time this module stores or compares with stored times goes through here first,
     * so a start stored as "now" is never read back later than the "now" it is compared with.
     */
    static Instant precise(Instant i) {
        return i == null ? null : i.truncatedTo(ChronoUnit.MICROS);
    }

    /** A time to store: UTC at the database's precision. */
    static OffsetDateTime utc(Instant i) {
        return Sql.utc(precise(i));
    }

    private static Occurrence row(ResultSet rs, int n) throws SQLException {
        String schools = rs.getString("schools");
        return new Occurrence(
                rs.getLong("id"),
                rs.getString("chat_id"),
                rs.getObject("occurrence_date", LocalDate.class),
                rs.getString("hashtag"),
                rs.getString("title"),
                rs.getString("host_key"),
                rs.getString("host_name"),
                ZoneId.of(rs.getString("zone")),
                PdChatDef.Mode.valueOf(rs.getString("mode")),
                rs.getInt("interval_minutes"),
                schools.isEmpty() ? List.of() : Arrays.asList(schools.split(",")),
                Sql.instant(rs, "starts_at"),
                Sql.instant(rs, "ends_at"),
                Occurrence.State.valueOf(rs.getString("state")),
                rs.getBoolean("manual"));
    }
}
