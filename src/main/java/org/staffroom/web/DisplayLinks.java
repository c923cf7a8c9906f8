package org.staffroom.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Links that open the wall's full-screen display on a staffroom or reception TV, made by an admin
 * and good until revoked. Only a hash of the token is stored, so the link is shown once, when it
 * is made; a revoked link stops working on the screen's next request.
 */
@Service
class DisplayLinks {

    private static final Logger log = LoggerFactory.getLogger(DisplayLinks.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A screen polls every half minute; recording each poll would only churn the row. */
    private static final Duration SEEN_GRANULARITY = Duration.ofMinutes(1);

    private final DisplayLinkStore store;
    private final Clock clock;

    DisplayLinks(DisplayLinkStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    record Display(
            long id,
            String label,
            String schoolId,
            String createdBy,
            Instant createdAt,
            Instant revokedAt,
            String revokedBy,
            Instant lastSeenAt) {
        boolean revoked() {
            return revokedAt != null;
        }
    }

    /** A new display and its secret token (shown once). */
    record Created(Display display, String token) {}

    /** Either the display a token opens, or why not. */
    record Opened(Display display, boolean revoked) {
        boolean ok() {
            return display != null && !revoked;
        }
    }

    @Transactional
    Created create(String label, String schoolId, String createdBy) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long id = store.insert(LoginLinks.hash(token), label, schoolId, createdBy, clock.instant());
        log.info("Display link {} ('{}') created by {}", id, label, createdBy);
        return new Created(find(id).orElseThrow(), token);
    }

    List<Display> all() {
        return store.all();
    }

    Optional<Display> find(long id) {
        return store.find(id);
    }

    /** Revokes a display link; false if there is none or it was already revoked. */
    @Transactional
    boolean revoke(long id, String by) {
        boolean done = store.revoke(id, by, clock.instant());
        if (done) log.info("Display link {} revoked by {}", id, by);
        return done;
    }

    /** What a token opens; a valid one is marked as seen now. Unknown tokens give an empty display. */
    @Transactional
    Opened open(String token) {
        if (token == null || token.length() > 100) return new Opened(null, false);
        Optional<Display> d = store.byTokenHash(LoginLinks.hash(token));
        if (d.isEmpty()) return new Opened(null, false);
        if (d.get().revoked()) return new Opened(d.get(), true);
        Instant now = clock.instant();
        if (d.get().lastSeenAt() == null
                || !d.get().lastSeenAt().plus(SEEN_GRANULARITY).isAfter(now)) {
            store.seen(d.get().id(), now);
        }
        return new Opened(d.get(), false);
    }
}
