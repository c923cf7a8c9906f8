package org.staffroom.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
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

    private final LoginLinkStore store;
    private final Clock clock;

    LoginLinks(LoginLinkStore store, Clock clock) {
        this.store = store;
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
        store.insert(hash(token), personKey, personName, platform, now, now.plus(LIFETIME));
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
        Optional<LoginLinkStore.Link> link = store.find(hash(token));
        if (link.isEmpty()) return new Redemption(null, Refusal.UNKNOWN);
        LoginLinkStore.Link l = link.get();
        if (l.usedAt() != null) return new Redemption(null, Refusal.USED);
        Instant now = clock.instant();
        if (!now.isBefore(l.expiresAt())) return new Redemption(null, Refusal.EXPIRED);
        if (use && !store.use(hash(token), now)) return new Redemption(null, Refusal.USED);
        return new Redemption(new StaffUser(l.personKey(), l.personName(), l.platform(), now), null);
    }

    /** Forgets links that expired before {@code before}, used or not. */
    @Transactional
    public int purge(Instant before) {
        return store.purge(before);
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
