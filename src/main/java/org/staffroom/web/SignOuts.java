package org.staffroom.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.chat.Tick;

/**
 * "Sign out everywhere": an admin ends every session a person has, on every instance, by moving
 * their sign-out moment forward; a session that began before it no longer counts. Each use is
 * kept in the dashboard's audit with who did it. Also purges used-up sign-in links on the tick.
 */
@Service
class SignOuts {

    private final SignOutStore store;
    private final LoginLinkStore linkStore;
    private final Clock clock;
    private final LoginLinks links;
    private final Duration sessionLifetime;

    SignOuts(SignOutStore store, LoginLinkStore linkStore, Clock clock, LoginLinks links, WebProperties web) {
        this.sessionLifetime = web.sessionLifetime();
        this.store = store;
        this.linkStore = linkStore;
        this.clock = clock;
        this.links = links;
    }

    /** An admin action recorded on the dashboard. */
    record AuditEntry(Instant at, String actorName, String action, String subject) {}

    /** The moment before which {@code personKey}'s sessions no longer count, if an admin signed them out. */
    Optional<Instant> signedOutAt(String personKey) {
        return store.signedOutAt(personKey);
    }

    @Transactional
    void signOutEverywhere(String personKey, String subjectName, StaffUser by) {
        Instant now = clock.instant();
        store.signOut(personKey, now, by.personKey());
        store.audit(now, by, "signed-out-everywhere", subjectName + " (" + personKey + ")");
    }

    /** Records an admin's action on the dashboard, for the audit on the people page. */
    void audit(StaffUser by, String action, String subject) {
        store.audit(clock.instant(), by, action, subject);
    }

    List<AuditEntry> recentAudit(int limit) {
        return store.recentAudit(limit);
    }

    /** People who used a sign-in link within {@code since}: who may hold a session now. */
    record RecentSignIn(String personKey, String name, Instant at) {}

    List<RecentSignIn> recentSignIns(Instant since) {
        return linkStore.recentSignIns(since);
    }

    /** Used and expired links go once no session they began can still be running (at least a day, for the admin's list). */
    @EventListener
    void on(Tick tick) {
        Duration keep = sessionLifetime.compareTo(Duration.ofDays(1)) > 0 ? sessionLifetime : Duration.ofDays(1);
        links.purge(tick.now().minus(keep));
    }
}
