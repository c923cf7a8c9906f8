package org.staffroom.slack;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.context.annotation.Conditional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Workspaces Staffroom was installed in by OAuth: team id to bot token and bot user, in the database. */
@Repository
@Conditional(SlackConditions.Configured.class)
class SlackInstallations {

    /** One install. {@code botToken} is secret: {@link #toString()} leaves it out. */
    record Installation(String teamId, String teamName, String enterpriseId, String appId, String botUserId,
                        String botId, String botToken, String scopes, String installedBy, Instant installedAt) {
        @Override
        public String toString() {
            return "Installation[team=" + teamId + " (" + teamName + "), botUser=" + botUserId + "]";
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    SlackInstallations(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    Optional<Installation> find(String teamId) {
        return jdbc.sql("""
                select team_id, team_name, enterprise_id, app_id, bot_user_id, bot_id, bot_token, bot_scopes,
                       installed_by, installed_at
                from slack_installation where team_id = ?""")
                .param(teamId)
                .query((rs, n) -> new Installation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getObject(10, OffsetDateTime.class).toInstant()))
                .optional();
    }

    List<String> teamIds() {
        return jdbc.sql("select team_id from slack_installation order by team_id").query(String.class).list();
    }

    /** Records an install, replacing the token of an earlier install in the same workspace. */
    void save(Installation i) {
        OffsetDateTime at = clock.instant().atOffset(ZoneOffset.UTC);
        tx.executeWithoutResult(s -> {
            int updated = jdbc.sql("""
                    update slack_installation set team_name = ?, enterprise_id = ?, app_id = ?, bot_user_id = ?,
                           bot_id = ?, bot_token = ?, bot_scopes = ?, installed_by = ?, installed_at = ?
                    where team_id = ?""")
                    .params(i.teamName(), i.enterpriseId(), i.appId(), i.botUserId(), i.botId(), i.botToken(),
                            i.scopes(), i.installedBy(), at, i.teamId())
                    .update();
            if (updated == 0) {
                jdbc.sql("""
                        insert into slack_installation (team_id, team_name, enterprise_id, app_id, bot_user_id, bot_id,
                                                        bot_token, bot_scopes, installed_by, installed_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(i.teamId(), i.teamName(), i.enterpriseId(), i.appId(), i.botUserId(), i.botId(),
                                i.botToken(), i.scopes(), i.installedBy(), at)
                        .update();
            }
        });
    }

    /** The app was uninstalled or its token revoked: forget the token. */
    boolean delete(String teamId) {
        return jdbc.sql("delete from slack_installation where team_id = ?").param(teamId).update() > 0;
    }
}
