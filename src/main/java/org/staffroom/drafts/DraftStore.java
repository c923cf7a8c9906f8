package org.staffroom.drafts;

import static org.staffroom.config.Sql.instant;
import static org.staffroom.config.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.staffroom.chat.Attachment;
import org.staffroom.chat.ChatJson;
import org.staffroom.config.Approvals;
import org.staffroom.config.Sql;
import org.staffroom.outbox.Outbox;
import org.staffroom.outbox.OutboxState;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for drafts, revisions, photos, intakes and webhook deliveries. */
@Repository
class DraftStore {

    /** The one JSON configuration (ChatJson); the webhook's payload is written with it too. */
    static final JsonMapper JSON = ChatJson.mapper();

    private final JdbcClient jdbc;
    private final Sql.Rows<WebhookRow> webhookRows;
    private final Sql.Rows<IntakeRow> intakeRows;
    private final Sql.Rows<ImageRow> imageRows;
    private final Sql.Rows<RevisionRow> revisionRows;
    private final Sql.Rows<DraftRow> draftRows;

    DraftStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.webhookRows = new Sql.Rows<>(jdbc, DraftStore::webhook);
        this.intakeRows = new Sql.Rows<>(jdbc, DraftStore::intake);
        this.imageRows = new Sql.Rows<>(jdbc, DraftStore::image);
        this.revisionRows = new Sql.Rows<>(jdbc, DraftStore::revision);
        this.draftRows = new Sql.Rows<>(jdbc, DraftStore::draft);
    }

    record DraftRow(
            long id,
            String schoolId,
            Approvals.Target target,
            String authorKey,
            String authorName,
            String authorUser,
            String source,
            DraftState state,
            int revision,
            LocalDate wantedDate,
            Instant expiresAt,
            Long reviewId,
            Instant createdAt,
            Instant updatedAt,
            Instant decidedAt,
            Instant approvedAt,
            Instant publishedAt,
            String publishedUrl,
            String publishedBy,
            Instant flaggedAt,
            Instant pulledAt,
            Instant imagesPurgedAt,
            Instant purgedAt) {
        boolean purged() {
            return purgedAt != null;
        }
    }

    record RevisionRow(
            long id,
            long draftId,
            int number,
            String text,
            List<String> networks,
            Category category,
            boolean consent,
            LocalDate wantedDate,
            List<Long> imageIds,
            List<Finding> findings,
            boolean blocked,
            boolean contentChanged,
            Instant createdAt,
            String createdBy) {}

    record ImageRow(
            long id,
            long draftId,
            String publicId,
            String token,
            String fileName,
            String mimeType,
            int width,
            int height,
            long size,
            Instant createdAt,
            String altText) {}

    record IntakeRow(
            long id,
            String ownerUser,
            String schoolId,
            String source,
            String text,
            List<Attachment> attachments,
            String sourceNote,
            Instant createdAt,
            Instant usedAt) {}

    record WebhookRow(
            long id,
            long draftId,
            String event,
            OutboxState state,
            int attempts,
            Instant nextAttemptAt,
            int sequence) {}

    // ------------------------------------------------------------------ drafts

    long insertDraft(
            String schoolId,
            Approvals.Target target,
            String authorKey,
            String authorName,
            String authorUser,
            String source,
            DraftState state,
            LocalDate wanted,
            Instant expiresAt,
            Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into draft (school_id, target, author_key, author_name, author_user, source, state, revision,
                    wanted_date, expires_at, created_at, updated_at, lock_version)
                values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 0)""")
                .params(
                        schoolId,
                        target.name(),
                        authorKey,
                        authorName,
                        authorUser,
                        source,
                        state.name(),
                        wanted,
                        utc(expiresAt),
                        utc(now),
                        utc(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<DraftRow> draft(long id) {
        return draftRows.one("select * from draft where id = ?", id);
    }

    /** Takes the draft's row lock for the rest of the transaction. */
    boolean lock(long id) {
        return jdbc.sql("update draft set lock_version = lock_version + 1 where id = ?")
                        .param(id)
                        .update()
                == 1;
    }

    void setState(long id, DraftState state, Instant now) {
        jdbc.sql("update draft set state = ?, updated_at = ? where id = ?")
                .params(state.name(), utc(now), id)
                .update();
    }

    /** Moves the draft from one of {@code from} to {@code to}; false if it was in none of them. */
    boolean moveState(long id, List<DraftState> from, DraftState to, Instant now, String timeColumn) {
        String in =
                String.join(",", from.stream().map(s -> "'" + s.name() + "'").toList());
        String extra = timeColumn == null ? "" : ", " + timeColumn + " = ?";
        List<Object> params = new ArrayList<>(List.of(to.name(), utc(now)));
        if (timeColumn != null) params.add(utc(now));
        params.add(id);
        return jdbc.sql("update draft set state = ?, updated_at = ?" + extra + " where id = ? and state in (" + in
                                + ")")
                        .params(params)
                        .update()
                == 1;
    }

    void setReview(long id, long reviewId) {
        jdbc.sql("update draft set review_id = ? where id = ?")
                .params(reviewId, id)
                .update();
    }

    void setRevision(long id, int revision, LocalDate wanted, Instant expiresAt, Instant now) {
        jdbc.sql("update draft set revision = ?, wanted_date = ?, expires_at = ?, updated_at = ? where id = ?")
                .params(revision, wanted, utc(expiresAt), utc(now), id)
                .update();
    }

    boolean setPublished(long id, String url, String by, Instant now) {
        return jdbc.sql("""
                update draft set state = 'PUBLISHED', published_url = ?, published_by = ?, published_at = ?, updated_at = ?
                where id = ? and state in ('APPROVED', 'PUBLISHED')""").params(url, by, utc(now), utc(now), id).update() == 1;
    }

    void setFlagged(long id, boolean pull, Instant now) {
        jdbc.sql("update draft set flagged_at = coalesce(flagged_at, ?), pulled_at = "
                        + (pull ? "coalesce(pulled_at, ?)" : "pulled_at") + ", updated_at = ? where id = ?")
                .params(pull ? List.of(utc(now), utc(now), utc(now), id) : List.of(utc(now), utc(now), id))
                .update();
    }

    void markImagesPurged(long id, Instant now) {
        jdbc.sql("update draft set images_purged_at = ? where id = ?")
                .params(utc(now), id)
                .update();
    }

    void markPurged(long id, Instant now) {
        jdbc.sql("""
                update draft set purged_at = ?, images_purged_at = coalesce(images_purged_at, ?), published_url = null,
                    wanted_date = null, updated_at = ? where id = ?""").params(utc(now), utc(now), utc(now), id).update();
    }

    List<DraftRow> byAuthor(String authorKey, int limit) {
        return draftRows.list(
                "select * from draft where author_key = ? and purged_at is null order by id desc limit ?",
                authorKey,
                limit);
    }

    /** The latest drafts still holding content, most recently changed first (the web's history). */
    List<DraftRow> recent(int limit) {
        return draftRows.list(
                "select * from draft where purged_at is null order by updated_at desc, id desc limit ?", limit);
    }

    /** Drafts not approved by the end of their wanted date. */
    List<DraftRow> dueToExpire(Instant now) {
        return draftRows.list("""
                select * from draft where state in ('BLOCKED', 'IN_REVIEW', 'CHANGES_REQUESTED') and expires_at is not null
                  and expires_at <= ? order by id""", utc(now));
    }

    /** Rejected, expired or withdrawn drafts whose photos are past their retention. */
    List<DraftRow> imagesDueForPurge(Instant decidedBefore) {
        return draftRows.list("""
                select * from draft where state in ('REJECTED', 'EXPIRED', 'WITHDRAWN') and images_purged_at is null
                  and decided_at is not null and decided_at <= ? order by id""", utc(decidedBefore));
    }

    List<DraftRow> dueForPurge(Instant createdBefore) {
        return draftRows.list(
                "select * from draft where purged_at is null and created_at <= ? order by id", utc(createdBefore));
    }

    /** Posts public or on their way there, not pulled, not purged: what the consent check looks at. */
    List<DraftRow> toRecheck() {
        return draftRows.list("""
                select * from draft where state in ('IN_REVIEW', 'CHANGES_REQUESTED', 'APPROVED', 'PUBLISHED')
                  and pulled_at is null and purged_at is null order by id""");
    }

    /** Approved drafts on the wall and in feeds: not pulled, not purged, newest first. */
    List<DraftRow> publicDrafts(String schoolId, int limit) {
        String where = "state in ('APPROVED', 'PUBLISHED') and pulled_at is null and purged_at is null"
                + (schoolId == null ? "" : " and school_id = ?");
        var spec = jdbc.sql("select * from draft where " + where + " order by approved_at desc, id desc limit ?");
        return (schoolId == null ? spec.params(limit) : spec.params(schoolId, limit))
                .query(DraftStore::draft)
                .list();
    }

    // ------------------------------------------------------------------ revisions

    void insertRevision(
            long draftId,
            int number,
            String text,
            List<String> networks,
            Category category,
            boolean consent,
            LocalDate wanted,
            List<Long> imageIds,
            List<Finding> findings,
            boolean blocked,
            boolean contentChanged,
            Instant now,
            String by) {
        jdbc.sql("""
                insert into draft_revision (draft_id, number, text, networks, category, consent, wanted_date, image_ids,
                    findings, blocked, content_changed, created_at, created_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        draftId,
                        number,
                        text,
                        String.join(",", networks),
                        category.name(),
                        consent,
                        wanted,
                        String.join(",", imageIds.stream().map(String::valueOf).toList()),
                        ChatJson.write(findings),
                        blocked,
                        contentChanged,
                        utc(now),
                        by)
                .update();
    }

    Optional<RevisionRow> revision(long draftId, int number) {
        return revisionRows.one("select * from draft_revision where draft_id = ? and number = ?", draftId, number);
    }

    List<RevisionRow> revisions(long draftId) {
        return revisionRows.list("select * from draft_revision where draft_id = ? order by number", draftId);
    }

    void deleteRevisions(long draftId) {
        jdbc.sql("delete from draft_revision where draft_id = ?").param(draftId).update();
    }

    // ------------------------------------------------------------------ images

    long insertImage(
            long draftId,
            String publicId,
            String token,
            String fileName,
            String mimeType,
            int width,
            int height,
            long size,
            String altText,
            Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into draft_image (draft_id, public_id, token, file_name, mime_type, width, height, size_bytes, created_at, alt_text)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(draftId, publicId, token, fileName, mimeType, width, height, size, utc(now), altText)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** A new description of a photo, given in a revision (the photo itself is unchanged, so it keeps its row). */
    void setAltText(long imageId, String altText) {
        jdbc.sql("update draft_image set alt_text = ? where id = ?")
                .params(altText, imageId)
                .update();
    }

    List<ImageRow> images(List<Long> ids) {
        if (ids.isEmpty()) return List.of();
        String in = String.join(",", ids.stream().map(i -> "?").toList());
        List<ImageRow> rows = imageRows.list("select * from draft_image where id in (" + in + ")", ids.toArray());
        // Keep the revision's order.
        return ids.stream()
                .flatMap(id -> rows.stream().filter(r -> r.id() == id))
                .toList();
    }

    List<ImageRow> imagesOf(long draftId) {
        return imageRows.list("select * from draft_image where draft_id = ? order by id", draftId);
    }

    Optional<ImageRow> imageByPublicId(String publicId) {
        return imageRows.one("select * from draft_image where public_id = ?", publicId);
    }

    void deleteImages(long draftId) {
        jdbc.sql("delete from draft_image where draft_id = ?").param(draftId).update();
    }

    boolean fileReferenced(String fileName) {
        return jdbc.sql("select count(*) from draft_image where file_name = ?")
                        .param(fileName)
                        .query(Long.class)
                        .single()
                > 0;
    }

    // ------------------------------------------------------------------ intakes

    long insertIntake(
            String ownerUser,
            String schoolId,
            String source,
            String text,
            List<Attachment> attachments,
            String sourceNote,
            Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into draft_intake (owner_user, school_id, source, text, attachments, source_note, created_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(ownerUser, schoolId, source, text, ChatJson.write(attachments), sourceNote, utc(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<IntakeRow> intake(long id) {
        return intakeRows.one("select * from draft_intake where id = ?", id);
    }

    boolean useIntake(long id, Instant now) {
        return jdbc.sql("update draft_intake set used_at = ? where id = ? and used_at is null")
                        .params(utc(now), id)
                        .update()
                == 1;
    }

    /** Intakes never turned into drafts hold someone's message: drop them after a while. */
    void deleteIntakesBefore(Instant before) {
        jdbc.sql("delete from draft_intake where created_at < ?")
                .param(utc(before))
                .update();
    }

    // ------------------------------------------------------------------ webhooks

    /** The webhook's outbox ({@code draft_webhook}) on the shared protocol. */
    Outbox webhookOutbox(Duration staleAfter) {
        return new Outbox(jdbc, PublishWebhook.TABLE, PublishWebhook.BACKOFF, staleAfter);
    }

    /** The assignments {@link Outbox#complete} adds when a webhook delivery was accepted. */
    static final String WEBHOOK_SENT = "sent_at = ?, attempts = attempts + 1";

    /**
     * Queues one delivery per draft and event, numbered after the draft's earlier events. Callers
     * hold the draft's lock, so two events of one post never take the same number (the unique key
     * would refuse it).
     */
    void enqueueWebhook(long draftId, String event, Instant now) {
        jdbc.sql("""
                insert into draft_webhook (draft_id, event, state, attempts, next_attempt_at, created_at, sequence)
                select ?, ?, 'PENDING', 0, ?, ?, (select coalesce(max(sequence), 0) + 1 from draft_webhook where draft_id = ?)
                where not exists (select 1 from draft_webhook where draft_id = ? and event = ?)""")
                .params(draftId, event, utc(now), utc(now), draftId, draftId, event)
                .update();
    }

    /** Cancels the draft's deliveries of {@code event} not yet sent; returns how many. */
    int cancelWebhooks(long draftId, String event) {
        return jdbc.sql(
                        "update draft_webhook set state = 'CANCELLED' where draft_id = ? and event = ? and state in ('PENDING', 'FAILED')")
                .params(draftId, event)
                .update();
    }

    List<WebhookRow> dueWebhooks(Instant now, int limit) {
        return webhookRows.list(
                "select * from draft_webhook where state = 'PENDING' and next_attempt_at <= ? order by id limit ?",
                utc(now),
                limit);
    }

    private static WebhookRow webhook(ResultSet rs, int n) throws SQLException {
        return new WebhookRow(
                rs.getLong("id"),
                rs.getLong("draft_id"),
                rs.getString("event"),
                OutboxState.valueOf(rs.getString("state")),
                rs.getInt("attempts"),
                instant(rs, "next_attempt_at"),
                rs.getInt("sequence"));
    }

    // ------------------------------------------------------------------ mapping

    private static DraftRow draft(ResultSet rs, int n) throws SQLException {
        long review = rs.getLong("review_id");
        Long reviewId = rs.wasNull() ? null : review;
        return new DraftRow(
                rs.getLong("id"),
                rs.getString("school_id"),
                Approvals.Target.valueOf(rs.getString("target")),
                rs.getString("author_key"),
                rs.getString("author_name"),
                rs.getString("author_user"),
                rs.getString("source"),
                DraftState.valueOf(rs.getString("state")),
                rs.getInt("revision"),
                rs.getObject("wanted_date", LocalDate.class),
                instant(rs, "expires_at"),
                reviewId,
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "decided_at"),
                instant(rs, "approved_at"),
                instant(rs, "published_at"),
                rs.getString("published_url"),
                rs.getString("published_by"),
                instant(rs, "flagged_at"),
                instant(rs, "pulled_at"),
                instant(rs, "images_purged_at"),
                instant(rs, "purged_at"));
    }

    private static RevisionRow revision(ResultSet rs, int n) throws SQLException {
        String ids = rs.getString("image_ids");
        List<Long> imageIds = ids == null || ids.isBlank()
                ? List.of()
                : Arrays.stream(ids.split(",")).map(Long::valueOf).toList();
        String networks = rs.getString("networks");
        return new RevisionRow(
                rs.getLong("id"),
                rs.getLong("draft_id"),
                rs.getInt("number"),
                rs.getString("text"),
                networks == null || networks.isBlank() ? List.of() : List.of(networks.split(",")),
                Category.valueOf(rs.getString("category")),
                rs.getBoolean("consent"),
                rs.getObject("wanted_date", LocalDate.class),
                imageIds,
                ChatJson.read(rs.getString("findings"), new TypeReference<List<Finding>>() {}),
                rs.getBoolean("blocked"),
                rs.getBoolean("content_changed"),
                instant(rs, "created_at"),
                rs.getString("created_by"));
    }

    private static ImageRow image(ResultSet rs, int n) throws SQLException {
        return new ImageRow(
                rs.getLong("id"),
                rs.getLong("draft_id"),
                rs.getString("public_id"),
                rs.getString("token"),
                rs.getString("file_name"),
                rs.getString("mime_type"),
                rs.getInt("width"),
                rs.getInt("height"),
                rs.getLong("size_bytes"),
                instant(rs, "created_at"),
                rs.getString("alt_text"));
    }

    private static IntakeRow intake(ResultSet rs, int n) throws SQLException {
        return new IntakeRow(
                rs.getLong("id"),
                rs.getString("owner_user"),
                rs.getString("school_id"),
                rs.getString("source"),
                rs.getString("text"),
                ChatJson.read(rs.getString("attachments"), new TypeReference<List<Attachment>>() {}),
                rs.getString("source_note"),
                instant(rs, "created_at"),
                instant(rs, "used_at"));
    }
}
