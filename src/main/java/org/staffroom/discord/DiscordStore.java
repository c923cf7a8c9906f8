package org.staffroom.discord;

import static org.staffroom.config.Sql.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The adapter's tables (V5). Times are real time: they pace connections and bound history scans,
 * they are not business time. Every write is its own statement, committed at once, because callers
 * run outside transactions and a row must survive a crash right after it is written.
 */
class DiscordStore {

    /** An attempted post: what {@code findByMarker} needs to find it again. */
    record Post(String marker, String channelId, String nonce, String fingerprint, String messageId) {}

    /** A custom id that did not fit in 100 characters. */
    record CustomId(String first, String second) {}

    private final JdbcClient jdbc;

    DiscordStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---------------------------------------------------------------------------------------------
    // Command sets

    Optional<String> commandHash(String guildId) {
        return jdbc.sql("select hash from discord_command_set where guild_id = ?")
                .param(guildId)
                .query(String.class)
                .optional();
    }

    void saveCommandHash(String guildId, String hash) {
        if (jdbc.sql("update discord_command_set set hash = ?, registered_at = ? where guild_id = ?")
                        .params(hash, now(), guildId)
                        .update()
                == 0) {
            jdbc.sql("""
                    insert into discord_command_set (guild_id, hash, registered_at)
                    select ?, ?, ? where not exists (select 1 from discord_command_set where guild_id = ?)""").params(guildId, hash, now(), guildId).update();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Posts

    /** Records an attempt before the request goes out (a retry refreshes the fingerprint). */
    void recordAttempt(String marker, String channelId, String nonce, String fingerprint) {
        if (jdbc.sql("update discord_post set channel_id = ?, nonce = ?, fingerprint = ? where marker = ?")
                        .params(channelId, nonce, fingerprint, marker)
                        .update()
                == 0) {
            jdbc.sql("""
                    insert into discord_post (marker, channel_id, nonce, fingerprint, attempted_at)
                    select ?, ?, ?, ?, ? where not exists (select 1 from discord_post where marker = ?)""")
                    .params(marker, channelId, nonce, fingerprint, now(), marker)
                    .update();
        }
    }

    void recordSent(String marker, String messageId) {
        jdbc.sql("update discord_post set message_id = ? where marker = ?")
                .params(messageId, marker)
                .update();
    }

    Optional<Post> post(String marker) {
        return jdbc.sql("select marker, channel_id, nonce, fingerprint, message_id from discord_post where marker = ?")
                .param(marker)
                .query((rs, n) ->
                        new Post(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .optional();
    }

    /** True if some other post is already known to be this message. */
    boolean claimedByOther(String messageId, String marker) {
        return jdbc.sql("select count(*) from discord_post where message_id = ? and marker <> ?")
                        .params(messageId, marker)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Forgets attempts older than {@code before}: by then their delivery rows are long settled. */
    int purgePosts(Instant before) {
        return jdbc.sql("delete from discord_post where attempted_at < ?")
                .param(utc(before))
                .update();
    }

    // ---------------------------------------------------------------------------------------------
    // Custom ids

    void saveCustomId(String shortId, String first, String second) {
        jdbc.sql("""
                insert into discord_custom_id (short_id, first_part, second_part, created_at)
                select ?, ?, ?, ? where not exists (select 1 from discord_custom_id where short_id = ?)""").params(shortId, first, second, now(), shortId).update();
    }

    Optional<CustomId> customId(String shortId) {
        return jdbc.sql("select first_part, second_part from discord_custom_id where short_id = ?")
                .param(shortId)
                .query((rs, n) -> new CustomId(rs.getString(1), rs.getString(2)))
                .optional();
    }

    // ---------------------------------------------------------------------------------------------
    // Direct-message channels

    void saveDirectChannel(String channelId, String userId) {
        jdbc.sql("""
                insert into discord_dm_channel (channel_id, user_id)
                select ?, ? where not exists (select 1 from discord_dm_channel where channel_id = ?)""").params(channelId, userId, channelId).update();
    }

    Optional<String> directChannelUser(String channelId) {
        return jdbc.sql("select user_id from discord_dm_channel where channel_id = ?")
                .param(channelId)
                .query(String.class)
                .optional();
    }

    // ---------------------------------------------------------------------------------------------
    // IDENTIFYs

    void recordIdentify(Instant at) {
        jdbc.sql("insert into discord_identify (at) values (?)").param(utc(at)).update();
    }

    long identifiesSince(Instant since) {
        return jdbc.sql("select count(*) from discord_identify where at >= ?")
                .param(utc(since))
                .query(Long.class)
                .single();
    }

    Optional<Instant> lastIdentify() {
        List<OffsetDateTime> last = jdbc.sql("select max(at) from discord_identify")
                .query(OffsetDateTime.class)
                .list();
        return last.isEmpty() || last.get(0) == null
                ? Optional.empty()
                : Optional.of(last.get(0).toInstant());
    }

    void purgeIdentifies(Instant before) {
        jdbc.sql("delete from discord_identify where at < ?").param(utc(before)).update();
    }

    private static OffsetDateTime now() {
        return utc(Instant.now());
    }
}
