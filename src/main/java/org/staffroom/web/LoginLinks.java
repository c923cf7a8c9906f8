package org.staffroom.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One-time sign-in links: made when someone asks the bot in chat, good for ten minutes and one
 * use, bound to who asked. Only the token's hash is stored.
 */
@Service
public class LoginLinks {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;

    LoginLinks(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Why a link did not sign anyone in. */
    public enum Refusal {
        UNKNOWN,
        USED,
        EXPIRED
    }

    /** Either who signed in, or why not. */
    public record Redemption(StaffUser user, Refusal refusal) {}

    /** Creates a link for {@code personKey}; returns the secret token to put in the URL. */
    @Transactional
    public String create(String personKey, String personName, String platform) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        jdbc.sql(
                        "insert into login_link (token_hash, person_key, person_name, platform, created_at, expires_at) values (?, ?, ?, ?, ?, ?)")
                .params(
                        hash(token),
                        personKey,
                        personName,
                        platform,
                        now.atOffset(ZoneOffset.UTC),
                        now.plus(LIFETIME).atOffset(ZoneOffset.UTC))
                .update();
        return token;
    }

    /** Checks a token without using it up (the confirm page shows who it is for). */
    public Redemption peek(String token) {
        return check(token, false);
    }

    /** Uses a token up: the first call for a valid token signs in; every later call is refused. */
    @Transactional
    public Redemption redeem(String token) {
        return check(token, true);
    }

    private Redemption check(String token, boolean use) {
        Optional<Object[]> row = jdbc.sql(
                        "select person_key, platform, expires_at, used_at, person_name from login_link where token_hash = ?")
                .param(hash(token))
                .query((rs, n) -> new Object[] {
                    rs.getString(1),
                    rs.getString(2),
                    rs.getObject(3, java.time.OffsetDateTime.class),
                    rs.getObject(4, java.time.OffsetDateTime.class),
                    rs.getString(5)
                })
                .optional();
        if (row.isEmpty()) return new Redemption(null, Refusal.UNKNOWN);
        Object[] r = row.get();
        if (r[3] != null) return new Redemption(null, Refusal.USED);
        Instant now = clock.instant();
        if (!now.isBefore(((java.time.OffsetDateTime) r[2]).toInstant())) return new Redemption(null, Refusal.EXPIRED);
        if (use) {
            int updated = jdbc.sql("update login_link set used_at = ? where token_hash = ? and used_at is null")
                    .params(now.atOffset(ZoneOffset.UTC), hash(token))
                    .update();
            if (updated == 0) return new Redemption(null, Refusal.USED);
        }
        return new Redemption(new StaffUser((String) r[0], (String) r[4], (String) r[1], now), null);
    }

    /** Forgets links that expired before {@code before}, used or not. */
    @Transactional
    public int purge(Instant before) {
        return jdbc.sql("delete from login_link where expires_at < ?")
                .param(before.atOffset(ZoneOffset.UTC))
                .update();
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
