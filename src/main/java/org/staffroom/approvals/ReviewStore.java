package org.staffroom.approvals;

import static org.staffroom.config.Sql.instant;
import static org.staffroom.config.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.staffroom.config.Approvals;
import org.staffroom.config.Sql;

/** SQL for reviews, rounds, cards and votes. */
@Repository
class ReviewStore {

    static final String OPEN = "OPEN";

    private final JdbcClient jdbc;
    private final Sql.Rows<VoteRow> voteRows;
    private final Sql.Rows<CardRow> cardRows;
    private final Sql.Rows<RoundRow> roundRows;
    private final Sql.Rows<ReviewRow> reviewRows;

    ReviewStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.voteRows = new Sql.Rows<>(jdbc, ReviewStore::vote);
        this.cardRows = new Sql.Rows<>(jdbc, ReviewStore::card);
        this.roundRows = new Sql.Rows<>(jdbc, ReviewStore::round);
        this.reviewRows = new Sql.Rows<>(jdbc, ReviewStore::review);
    }

    record ReviewRow(
            long id,
            String subjectKind,
            String subjectId,
            String schoolId,
            Approvals.Target target,
            String routeId,
            String authorKey,
            String authorName,
            String state,
            int currentRound,
            Instant createdAt,
            Instant decidedAt) {
        boolean open() {
            return OPEN.equals(state);
        }
    }

    record RoundRow(
            long id,
            long reviewId,
            int round,
            int stageNo,
            String stageId,
            String stageName,
            int quorum,
            String state,
            Instant startedAt,
            Instant remindedAt,
            Instant escalatedAt,
            Instant decidedAt,
            String decidedByKey,
            String decidedByName,
            String decidedPlatform,
            String reason,
            String closedNote) {
        boolean open() {
            return OPEN.equals(state);
        }
    }

    record CardRow(
            long id, long reviewId, int round, String deliveryKey, String destination, String locale, boolean backup) {}

    record VoteRow(
            long id,
            long reviewId,
            int round,
            String voterKey,
            String voterName,
            String decision,
            String via,
            String platform,
            String userKey,
            String cardKey,
            Instant castAt) {}

    // ------------------------------------------------------------------ reviews

    long insertReview(ReviewRequest r, String routeId, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into review (subject_kind, subject_id, school_id, target, route_id, author_key, author_name, state,
                    current_round, lock_version, created_at)
                values (?, ?, ?, ?, ?, ?, ?, 'OPEN', 0, 0, ?)""")
                .params(
                        r.subjectKind(),
                        r.subjectId(),
                        r.schoolId(),
                        r.target().name(),
                        routeId,
                        r.authorKey(),
                        r.authorName(),
                        utc(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<ReviewRow> review(long id) {
        return reviewRows.one("select * from review where id = ?", id);
    }

    /**
     * Takes the review's row lock for the rest of the transaction. Every change to a review goes
     * through here first, so concurrent decisions on one review run one after the other and each
     * sees what the one before it committed.
     */
    boolean lock(long reviewId) {
        return jdbc.sql("update review set lock_version = lock_version + 1 where id = ?")
                        .param(reviewId)
                        .update()
                == 1;
    }

    void setState(long reviewId, String state, Instant decidedAt) {
        jdbc.sql("update review set state = ?, decided_at = ? where id = ?")
                .params(state, decidedAt == null ? null : utc(decidedAt), reviewId)
                .update();
    }

    void setCurrentRound(long reviewId, int round) {
        jdbc.sql("update review set current_round = ?, state = 'OPEN', decided_at = null where id = ?")
                .params(round, reviewId)
                .update();
    }

    // ------------------------------------------------------------------ rounds

    void insertRound(long reviewId, int round, int stageNo, Approvals.Stage stage, Instant now) {
        jdbc.sql("""
                insert into review_round (review_id, round, stage_no, stage_id, stage_name, quorum, state, started_at)
                values (?, ?, ?, ?, ?, ?, 'OPEN', ?)""")
                .params(reviewId, round, stageNo, stage.id(), stage.name(), stage.quorum(), utc(now))
                .update();
    }

    Optional<RoundRow> round(long reviewId, int round) {
        return roundRows.one("select * from review_round where review_id = ? and round = ?", reviewId, round);
    }

    List<RoundRow> rounds(long reviewId) {
        return roundRows.list("select * from review_round where review_id = ? order by round", reviewId);
    }

    /** Decides an open round. False if it was no longer open: someone else decided first. */
    /** Opens a decided round again (its decider took the decision back), noting who did. */
    boolean reopenRound(long roundId, String undoneBy) {
        return jdbc.sql("""
                update review_round set state = 'OPEN', decided_at = null, decided_by_key = null, decided_by_name = null,
                    decided_platform = null, reason = null, undone_by = ?
                where id = ? and state in ('REJECTED', 'CHANGES_REQUESTED')""").params(undoneBy, roundId).update() == 1;
    }

    /** Who took back the round's decision, if anyone did. */
    Optional<String> undoneBy(long roundId) {
        return jdbc.sql("select undone_by from review_round where id = ?")
                .param(roundId)
                .query(String.class)
                .optional();
    }

    boolean decideRound(
            long roundId, String state, Instant at, String byKey, String byName, String platform, String reason) {
        return jdbc.sql("""
                update review_round set state = ?, decided_at = ?, decided_by_key = ?, decided_by_name = ?,
                    decided_platform = ?, reason = ?
                where id = ? and state = 'OPEN'""")
                        .params(state, utc(at), byKey, byName, platform, reason, roundId)
                        .update()
                == 1;
    }

    /** Ends an open round without a decision (revised, withdrawn, expired, consent). */
    boolean closeRound(long roundId, String state, String note, Instant at) {
        return jdbc.sql(
                                "update review_round set state = ?, closed_note = ?, decided_at = ? where id = ? and state = 'OPEN'")
                        .params(state, note, utc(at), roundId)
                        .update()
                == 1;
    }

    boolean setReason(long roundId, String reason) {
        return jdbc.sql("update review_round set reason = ? where id = ? and reason is null")
                        .params(reason, roundId)
                        .update()
                == 1;
    }

    boolean markReminded(long roundId, Instant at) {
        return jdbc.sql(
                                "update review_round set reminded_at = ? where id = ? and state = 'OPEN' and reminded_at is null")
                        .params(utc(at), roundId)
                        .update()
                == 1;
    }

    boolean markEscalated(long roundId, Instant at) {
        return jdbc.sql(
                                "update review_round set escalated_at = ? where id = ? and state = 'OPEN' and escalated_at is null")
                        .params(utc(at), roundId)
                        .update()
                == 1;
    }

    /** Every open round of an open review, for reconciling their cards' reactions. */
    List<RoundRow> openRounds() {
        return roundRows.list("""
                select rr.* from review_round rr join review r on r.id = rr.review_id
                where rr.state = 'OPEN' and r.state = 'OPEN' and r.current_round = rr.round order by rr.id""");
    }

    /** Open rounds that still owe a reminder or an escalation. */
    List<RoundRow> roundsAwaitingTimers() {
        return roundRows.list(
                "select * from review_round where state = 'OPEN' and (reminded_at is null or escalated_at is null) order by id");
    }

    void forgetReasons(long reviewId) {
        jdbc.sql("update review_round set reason = null where review_id = ?")
                .param(reviewId)
                .update();
    }

    // ------------------------------------------------------------------ cards

    void insertCard(
            long reviewId, int round, String key, String destination, String locale, boolean backup, Instant now) {
        jdbc.sql("""
                insert into review_card (review_id, round, delivery_key, destination, locale, backup, created_at)
                select ?, ?, ?, ?, ?, ?, ? where not exists (select 1 from review_card where delivery_key = ?)""")
                .params(reviewId, round, key, destination, locale, backup, utc(now), key)
                .update();
    }

    Optional<CardRow> card(String deliveryKey) {
        return cardRows.one("select * from review_card where delivery_key = ?", deliveryKey);
    }

    List<CardRow> cards(long reviewId, int round) {
        return cardRows.list(
                "select * from review_card where review_id = ? and round = ? order by id", reviewId, round);
    }

    // ------------------------------------------------------------------ votes

    Optional<VoteRow> vote(long reviewId, int round, String voterKey) {
        return voteRows.one(
                "select * from review_vote where review_id = ? and round = ? and voter_key = ?",
                reviewId,
                round,
                voterKey);
    }

    void insertVote(
            long reviewId,
            int round,
            String voterKey,
            String voterName,
            String decision,
            String via,
            String platform,
            String userKey,
            String cardKey,
            Instant at) {
        jdbc.sql("""
                insert into review_vote (review_id, round, voter_key, voter_name, decision, via, platform, user_key, card_key, cast_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(reviewId, round, voterKey, voterName, decision, via, platform, userKey, cardKey, utc(at))
                .update();
    }

    void deleteVote(long id) {
        jdbc.sql("delete from review_vote where id = ?").param(id).update();
    }

    List<VoteRow> votes(long reviewId, int round) {
        return voteRows.list(
                "select * from review_vote where review_id = ? and round = ? order by id", reviewId, round);
    }

    List<VoteRow> votes(long reviewId) {
        return voteRows.list("select * from review_vote where review_id = ? order by id", reviewId);
    }

    // ------------------------------------------------------------------ mapping

    private static ReviewRow review(ResultSet rs, int n) throws SQLException {
        return new ReviewRow(
                rs.getLong("id"),
                rs.getString("subject_kind"),
                rs.getString("subject_id"),
                rs.getString("school_id"),
                Approvals.Target.valueOf(rs.getString("target")),
                rs.getString("route_id"),
                rs.getString("author_key"),
                rs.getString("author_name"),
                rs.getString("state"),
                rs.getInt("current_round"),
                instant(rs, "created_at"),
                instant(rs, "decided_at"));
    }

    private static RoundRow round(ResultSet rs, int n) throws SQLException {
        return new RoundRow(
                rs.getLong("id"),
                rs.getLong("review_id"),
                rs.getInt("round"),
                rs.getInt("stage_no"),
                rs.getString("stage_id"),
                rs.getString("stage_name"),
                rs.getInt("quorum"),
                rs.getString("state"),
                instant(rs, "started_at"),
                instant(rs, "reminded_at"),
                instant(rs, "escalated_at"),
                instant(rs, "decided_at"),
                rs.getString("decided_by_key"),
                rs.getString("decided_by_name"),
                rs.getString("decided_platform"),
                rs.getString("reason"),
                rs.getString("closed_note"));
    }

    private static CardRow card(ResultSet rs, int n) throws SQLException {
        return new CardRow(
                rs.getLong("id"),
                rs.getLong("review_id"),
                rs.getInt("round"),
                rs.getString("delivery_key"),
                rs.getString("destination"),
                rs.getString("locale"),
                rs.getBoolean("backup"));
    }

    private static VoteRow vote(ResultSet rs, int n) throws SQLException {
        return new VoteRow(
                rs.getLong("id"),
                rs.getLong("review_id"),
                rs.getInt("round"),
                rs.getString("voter_key"),
                rs.getString("voter_name"),
                rs.getString("decision"),
                rs.getString("via"),
                rs.getString("platform"),
                rs.getString("user_key"),
                rs.getString("card_key"),
                instant(rs, "cast_at"));
    }
}
