package org.staffroom.slack;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Conditional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Workspaces Staffroom was installed in by OAuth: team id to bot token and bot user, in the
 * database. Tokens are stored sealed with {@link TokenCipher} under {@code STAFFROOM_SECRET_KEY}
 * ({@code staffroom.secret-key}); with OAuth configured the key is required, and start-up stops
 * with how to make one. Rows stored in plain text before are sealed once all beans exist (Flyway
 * has run, nothing is connected yet); Flyway cannot do it, the key never reaches SQL.
 */
@Repository
@Conditional(SlackConditions.Configured.class)
@EnableConfigurationProperties(SecretKeySetting.class)
class SlackInstallationStore implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(SlackInstallationStore.class);

    /** One install. {@code botToken} is secret (plain here): {@link #toString()} leaves it out. */
    record Installation(
            String teamId,
            String teamName,
            String enterpriseId,
            String appId,
            String botUserId,
            String botId,
            String botToken,
            String scopes,
            String installedBy,
            Instant installedAt) {
        @Override
        public String toString() {
            return "Installation[team=" + teamId + " (" + teamName + "), botUser=" + botUserId + "]";
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    /** Null only when no key is set and OAuth is off (then nothing is stored or read). */
    private final TokenCipher cipher;

    SlackInstallationStore(
            JdbcClient jdbc, TransactionTemplate tx, Clock clock, SlackProperties properties, SecretKeySetting secret) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.cipher = cipher(properties, secret.secretKey());
    }

    /** The key, or start-up stops saying what to do. */
    static TokenCipher cipher(SlackProperties properties, String secretKey) {
        if ((secretKey == null || secretKey.isBlank()) && !properties.oauth()) return null;
        try {
            return TokenCipher.fromBase64(secretKey);
        } catch (IllegalArgumentException e) {
            String why = properties.oauth()
                    ? "Slack installs by OAuth are configured (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET), and the bot "
                            + "tokens they store are encrypted; "
                    : "";
            // The whole explanation in one message, the one a failed start shows last.
            throw new IllegalStateException(why + e.getMessage());
        }
    }

    Optional<Installation> find(String teamId) {
        return jdbc.sql("""
                select team_id, team_name, enterprise_id, app_id, bot_user_id, bot_id, bot_token, bot_scopes,
                       installed_by, installed_at
                from slack_installation where team_id = ?""")
                .param(teamId)
                .query((rs, n) -> new Installation(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        open(rs.getString(7), rs.getString(1)),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getObject(10, OffsetDateTime.class).toInstant()))
                .optional();
    }

    List<String> teamIds() {
        return jdbc.sql("select team_id from slack_installation order by team_id")
                .query(String.class)
                .list();
    }

    /** Records an install, replacing the token of an earlier install in the same workspace. */
    void save(Installation i) {
        OffsetDateTime at = clock.instant().atOffset(ZoneOffset.UTC);
        String sealed = seal(i.botToken(), i.teamId());
        tx.executeWithoutResult(s -> {
            int updated = jdbc.sql("""
                    update slack_installation set team_name = ?, enterprise_id = ?, app_id = ?, bot_user_id = ?,
                           bot_id = ?, bot_token = ?, bot_scopes = ?, installed_by = ?, installed_at = ?
                    where team_id = ?""")
                    .params(
                            i.teamName(),
                            i.enterpriseId(),
                            i.appId(),
                            i.botUserId(),
                            i.botId(),
                            sealed,
                            i.scopes(),
                            i.installedBy(),
                            at,
                            i.teamId())
                    .update();
            if (updated == 0) {
                jdbc.sql("""
                        insert into slack_installation (team_id, team_name, enterprise_id, app_id, bot_user_id, bot_id,
                                                        bot_token, bot_scopes, installed_by, installed_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(
                                i.teamId(),
                                i.teamName(),
                                i.enterpriseId(),
                                i.appId(),
                                i.botUserId(),
                                i.botId(),
                                sealed,
                                i.scopes(),
                                i.installedBy(),
                                at)
                        .update();
            }
        });
    }

    /** The app was uninstalled or its token revoked: forget the token. */
    boolean delete(String teamId) {
        return jdbc.sql("delete from slack_installation where team_id = ?")
                        .param(teamId)
                        .update()
                > 0;
    }

    /** At start: seals the rows still in plain text, when there is a key. */
    @Override
    public void afterSingletonsInstantiated() {
        if (cipher == null) {
            long plain = jdbc.sql("select count(*) from slack_installation where bot_token not like 'v1:%'")
                    .query(Long.class)
                    .single();
            if (plain > 0)
                log.warn(
                        "{} Slack install(s) hold a bot token in plain text: set STAFFROOM_SECRET_KEY "
                                + "to have them encrypted ({})",
                        plain,
                        TokenCipher.HOW_TO_MAKE_A_KEY);
            return;
        }
        int sealed = sealPlainRows();
        if (sealed > 0) log.info("Encrypted the bot tokens of {} Slack install(s) stored in plain text before", sealed);
    }

    /**
     * Seals every plain-text token. Each row is replaced only if it still holds the value read, so
     * instances starting together on one database do not seal a token twice.
     */
    int sealPlainRows() {
        record Plain(String teamId, String token) {}
        List<Plain> rows = jdbc.sql("select team_id, bot_token from slack_installation where bot_token not like 'v1:%'")
                .query((rs, n) -> new Plain(rs.getString(1), rs.getString(2)))
                .list();
        int sealed = 0;
        for (Plain p : rows) {
            sealed += jdbc.sql("update slack_installation set bot_token = ? where team_id = ? and bot_token = ?")
                    .params(cipher.seal(p.token(), p.teamId()), p.teamId(), p.token())
                    .update();
        }
        return sealed;
    }

    private String seal(String token, String teamId) {
        if (cipher == null)
            throw new IllegalStateException("STAFFROOM_SECRET_KEY is not set: " + TokenCipher.HOW_TO_MAKE_A_KEY);
        return cipher.seal(token, teamId);
    }

    /** A stored token in plain text for SDK calls; a row from before sealing is read as it is. */
    private String open(String stored, String teamId) {
        if (!TokenCipher.sealed(stored)) return stored;
        if (cipher == null) {
            throw new IllegalStateException(
                    "The bot token of Slack workspace " + teamId + " is encrypted and STAFFROOM_SECRET_KEY is not set");
        }
        return cipher.open(stored, teamId);
    }
}
