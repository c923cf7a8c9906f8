package org.staffroom.publishing;

import static org.staffroom.publishing.PublicationStore.utc;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.approvals.AuditLog;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.chat.Tick;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Pools;
import org.staffroom.config.Publishing;
import org.staffroom.drafts.PostsToPublish;
import org.staffroom.outbox.Backoff;
import org.staffroom.outbox.Outbox;
import org.staffroom.outbox.OutboxTable;

/**
 * Sends the publication outbox on the shared protocol ({@link Outbox}): on every tick (and at once
 * after an approval without a date, a retry or a pull) each due row is claimed by a conditional
 * update, so one instance works on it. Exactly once per network: before the first request leaves,
 * {@code first_attempt_at} is committed; any later try (a retry, or a stale claim taken over because
 * its holder died between the network's answer and the record) first asks the network for the post
 * by its key ({@link SocialNetwork#find}) and records what it finds instead of posting again. Rate
 * limits and passing failures wait (the network's own wait, at least) and retry; an expired token, a
 * refused photo or a refused post fail with the network's reason for the card, until an approver
 * retries. Failed rows are the outbox's dead letters, listed to admins. Takedowns use the same
 * claims; where the network cannot delete, the row becomes an open item with reminders.
 */
@Component
@EnableConfigurationProperties(PublishingSettings.class)
class Publisher {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);
    static final int MAX_AUTOMATIC_ATTEMPTS = 8;

    /** Rows of one account taken per batch of a pass: every account's turn comes round within a batch. */
    static final int PER_ACCOUNT = 25;

    /** Publishing waits 30 s, doubling to an hour, for passing failures; after eight it is failed for an approver. */
    static final Backoff PUBLISHING = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1), MAX_AUTOMATIC_ATTEMPTS);

    /** A takedown is urgent (consent was withdrawn): 15 s, doubling to ten minutes, then it is left to a person. */
    static final Backoff TAKING_DOWN =
            new Backoff(Duration.ofSeconds(15), Duration.ofMinutes(10), MAX_AUTOMATIC_ATTEMPTS);

    private final PublicationStore store;
    private final PostsToPublish posts;
    private final Accounts accounts;
    private final Map<String, SocialNetwork> networks;
    private final AuditLog audit;
    private final Chat chat;
    private final Texts texts;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Outbox publishing;
    private final Outbox takingDown;
    private final Duration remindEvery;
    private final Duration passBudget;
    private final String instance = "publisher-" + UUID.randomUUID().toString().substring(0, 8);
    // One pass at a time; kicks coalesce (kickQueued), so at most one more waits behind a running pass.
    private final ExecutorService kicks = Pools.bounded("publishing-", 1, 1);
    private final AtomicBoolean kickQueued = new AtomicBoolean();

    /** Test seam: runs between the network's answer and the record (a crash there is what reconciliation is for). */
    volatile java.util.function.Consumer<Publication> afterAnswer = p -> {};

    Publisher(
            PublicationStore store,
            PostsToPublish posts,
            Accounts accounts,
            List<SocialNetwork> networks,
            AuditLog audit,
            Chat chat,
            Texts texts,
            Clock clock,
            TransactionTemplate tx,
            PublishingSettings settings) {
        this.store = store;
        this.posts = posts;
        this.accounts = accounts;
        this.networks = networks.stream().collect(Collectors.toMap(SocialNetwork::id, Function.identity()));
        this.audit = audit;
        this.chat = chat;
        this.texts = texts;
        this.clock = clock;
        this.tx = tx;
        this.publishing = store.outbox(PUBLISHING, settings.staleAfter());
        this.takingDown = store.outbox(TAKING_DOWN, settings.staleAfter());
        this.remindEvery = settings.remindEvery();
        this.passBudget = settings.passBudget();
    }

    /** Lists failed publications and takedowns left to do by hand at {@code /admin/outbox}. */
    @Bean
    static OutboxTable publicationOutboxTable() {
        return PublicationStore.TABLE;
    }

    /** Who this instance claims rows as ({@code publication.claimed_by}), for tests. */
    String instanceId() {
        return instance;
    }

    /** The adapters present, by network id (for the rules checks and the README's table). */
    Map<String, SocialNetwork> networks() {
        return networks;
    }

    @EventListener
    void on(Tick tick) {
        runDue();
        remind();
    }

    /** After the current transaction commits, works through what is due on the publishing thread. */
    void kickAfterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            kick();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                kick();
            }
        });
    }

    private void kick() {
        if (!kickQueued.compareAndSet(false, true)) return;
        try {
            kicks.execute(() -> {
                kickQueued.set(false);
                try {
                    runDue();
                } catch (RuntimeException e) {
                    log.error("Publishing failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            kickQueued.set(false); // stopping: the next start's tick publishes what is due
        }
    }

    @PreDestroy
    void stop() {
        kicks.shutdownNow();
    }

    /**
     * Works through what is due, batch after batch, until nothing is left or the pass has run for its budget
     * ({@code staffroom.publishing.pass-budget}); then the rest goes on at once on the publishing thread, so a backlog
     * after downtime goes out promptly without holding up the tick. First the stale claims of instances that died
     * (taken over, then reconciled before anything is sent again), then the rows waiting, in turns across accounts
     * ({@link PublicationStore#due}): a network with a long backlog, or one that asks to slow down (its other rows
     * wait for the next pass), cannot hold back the others. Returns how many rows this instance finished handling.
     */
    int runDue() {
        Instant started = clock.instant();
        Instant until = started.plus(passBudget);
        int handled = 0;
        for (long id : publishing.staleClaims(started)) {
            if (!publishing.takeOver(id, instance, started)) continue; // another instance took it over
            log.info("Publication {} was claimed by an instance that stopped; checking the network first", id);
            if (handle(id, started) == Turn.DONE) handled++;
        }
        Set<Long> tried = new HashSet<>();
        Set<String> slowingDown = new HashSet<>();
        while (true) {
            Instant now = clock.instant();
            List<Publication> batch = store.due(now, PER_ACCOUNT).stream()
                    .filter(p -> tried.add(p.id()))
                    .toList();
            if (batch.isEmpty()) return handled; // all sent, or left to wait
            for (Publication p : batch) {
                if (!clock.instant().isBefore(until)) {
                    log.info("Publishing pass ran {}; the rest goes on at once", passBudget);
                    kick();
                    return handled;
                }
                if (slowingDown.contains(account(p))) continue; // waits for the next pass
                if (!publishing.claim(p.id(), instance, clock.instant())) continue; // another instance has it
                Turn turn = handle(p.id(), clock.instant());
                if (turn == Turn.DONE) handled++;
                else if (turn == Turn.SLOW_DOWN) slowingDown.add(account(p));
            }
        }
    }

    /** How handling one row went, for the pass: finished, left alone, or the network asked to wait. */
    private enum Turn {
        DONE,
        NOT_HANDLED,
        SLOW_DOWN
    }

    /** The account a row goes to: its owner's account on its network (rate limits are per account). */
    private static String account(Publication p) {
        return p.owner() + "/" + p.network();
    }

    /** Sends one claimed row; a row rescheduled between the listing and the claim goes back to wait. */
    private Turn handle(long id, Instant now) {
        Optional<Publication> found = store.find(id);
        if (found.isEmpty()) return Turn.NOT_HANDLED;
        Publication claimed = found.get();
        if (claimed.nextAttemptAt().isAfter(now) && claimed.firstAttemptAt() == null) {
            publishing.release(id, instance, claimed.nextAttemptAt(), false, claimed.lastError());
            return Turn.NOT_HANDLED;
        }
        try {
            boolean waits = claimed.state() == Publication.State.SCHEDULED ? publish(claimed) : takeDown(claimed);
            return waits ? Turn.SLOW_DOWN : Turn.DONE;
        } catch (RuntimeException e) {
            // Left claimed: after the stale limit it is taken over and reconciled, never posted blindly again.
            log.error(
                    "Publication {} ({}) of draft {} stopped half-way",
                    claimed.id(),
                    claimed.network(),
                    claimed.draftId(),
                    e);
            return Turn.NOT_HANDLED;
        }
    }

    /** Publishes one claimed row; true when the network asked to wait (the row retries later). */
    private boolean publish(Publication p) {
        Instant now = clock.instant();
        Optional<PostsToPublish.Post> found = posts.find(p.draftId());
        if (found.isEmpty() || found.get().pulled()) {
            publishing.cancel(p.id(), instance);
            return false;
        }
        PostsToPublish.Post post = found.get();
        SocialNetwork network = networks.get(p.network());
        Optional<Publishing.Account> account = accounts.account(p.owner(), p.network());
        if (network == null || account.isEmpty()) {
            failed(p, post, "the " + p.network() + " account is no longer connected in the configuration");
            return false;
        }
        try {
            Connection connection = accounts.connect(account.get());
            OutgoingPost out = new OutgoingPost(
                    p.key(),
                    post.text(),
                    post.photos().stream()
                            .map(ph -> new OutgoingPost.Photo(
                                    ph.file(), ph.mimeType(), ph.sizeBytes(), ph.altText(), ph.publicUrl()))
                            .toList(),
                    p.firstAttemptAt());
            Optional<Published> done = p.firstAttemptAt() == null ? Optional.empty() : network.find(connection, out);
            if (done.isPresent()) {
                log.info(
                        "Publication {} ({}) of draft {} was already out; recorded without posting again",
                        p.id(),
                        p.network(),
                        p.draftId());
            } else {
                if (p.firstAttemptAt() == null) {
                    store.firstAttempt(p.id(), instance, now);
                    out = new OutgoingPost(out.key(), out.text(), out.photos(), now);
                }
                done = Optional.of(network.publish(connection, out));
            }
            afterAnswer.accept(p);
            Instant at = clock.instant();
            Published out2 = done.get();
            // The row and the draft's record in one transaction: either both say it is out, or a retry reconciles.
            boolean recorded = Boolean.TRUE.equals(tx.execute(s -> {
                if (!publishing.complete(
                        p.id(), instance, PublicationStore.PUBLISHED, out2.remoteId(), out2.url(), utc(at), utc(at)))
                    return false; // taken over meanwhile: theirs to record
                posts.published(p.draftId(), label(p.network()), out2.url(), at);
                return true;
            }));
            // Pulled while it was going out: it missed the pull's takedown, so it starts its own.
            if (recorded
                    && posts.find(p.draftId()).map(PostsToPublish.Post::pulled).orElse(true)
                    && store.startTakedown(p.id(), "pulled while it was going out", clock.instant())) kick();
            return false;
        } catch (NetworkException e) {
            if (!e.reason().retriesByItself()) {
                failed(p, post, e.getMessage());
                return false;
            }
            // The row's new state and the card's redraw in one transaction: whoever sees the row sees the card.
            tx.executeWithoutResult(s -> {
                Outbox.Retry r = publishing.retry(p.id(), instance, p.attempts(), now, e.getMessage(), e.retryAfter());
                if (r.gaveUp()) {
                    told(p, post, e.getMessage()); // failed for an approver to retry
                    return;
                }
                // A rate limit is the account's: its other posts due meanwhile wait as long, not one refusal each.
                if (e.reason() == NetworkException.Reason.RATE_LIMITED)
                    store.deferAccount(p.owner(), p.network(), r.nextAttempt().get(), now);
                posts.refreshCards(p.draftId());
                log.info(
                        "Publication {} ({}) waits until {}: {}",
                        p.id(),
                        p.network(),
                        r.nextAttempt().get(),
                        e.reason());
            });
            return true;
        }
    }

    private void failed(Publication p, PostsToPublish.Post post, String reason) {
        tx.executeWithoutResult(s -> {
            if (publishing.fail(p.id(), instance, reason)) told(p, post, reason);
        });
    }

    /** A failed publication, now a dead letter: the audit log, the card's Retry, and a DM to the author and approvers. */
    private void told(Publication p, PostsToPublish.Post post, String reason) {
        Instant now = clock.instant();
        audit.record(
                now,
                new AuditLog.Step(
                        PublishingService.KIND,
                        String.valueOf(p.draftId()),
                        null,
                        "PUBLISH_FAILED",
                        null,
                        "Staffroom",
                        null,
                        null,
                        label(p.network()) + ": " + reason));
        posts.refreshCards(p.draftId());
        for (String user : people(post)) {
            chat.sendDirect(
                    UserRef.parse(user),
                    Message.of(Rich.of(texts.get(
                            post.locale(), "publishing.dm.failed", post.title(), label(p.network()), reason))),
                    "publishing:failed:" + p.id() + ":" + p.attempts() + ":" + user);
        }
    }

    /** Deletes one claimed row's post; true when the network asked to wait (the row retries later). */
    private boolean takeDown(Publication p) {
        Instant now = clock.instant();
        Optional<PostsToPublish.Post> post = posts.find(p.draftId());
        SocialNetwork network = networks.get(p.network());
        Optional<Publishing.Account> account = accounts.account(p.owner(), p.network());
        String why;
        try {
            if (network == null || account.isEmpty())
                throw new NetworkException(
                        NetworkException.Reason.REJECTED,
                        "the " + p.network() + " account is no longer connected in the configuration");
            Takedown t = network.delete(accounts.connect(account.get()), new Published(p.remoteId(), p.remoteUrl()));
            if (t.deleted()) {
                Instant at = clock.instant();
                if (!takingDown.complete(p.id(), instance, PublicationStore.DELETED, utc(at), utc(at))) return false;
                audit.record(
                        clock.instant(),
                        new AuditLog.Step(
                                PublishingService.KIND,
                                String.valueOf(p.draftId()),
                                null,
                                "TAKEN_DOWN",
                                null,
                                "Staffroom",
                                null,
                                null,
                                label(p.network()) + ": deleted " + p.remoteUrl()));
                post.ifPresent(x -> tell(x, "publishing.dm.deleted", "deleted:" + p.id(), label(p.network())));
                post.ifPresent(x -> posts.refreshCards(x.id()));
                return false;
            }
            why = t.manual();
        } catch (NetworkException e) {
            Optional<Duration> wait = takingDown.backoff().after(p.attempts() + 1);
            if (e.reason().retriesByItself() && wait.isPresent()) {
                takingDown.retry(p.id(), instance, p.attempts(), now, e.getMessage(), e.retryAfter());
                return true;
            }
            why = label(p.network()) + " refused to delete it: " + e.getMessage();
        }
        if (!takingDown.fail(p.id(), instance, why)) return false;
        audit.record(
                now,
                new AuditLog.Step(
                        PublishingService.KIND,
                        String.valueOf(p.draftId()),
                        null,
                        "TAKEDOWN_BY_HAND",
                        null,
                        "Staffroom",
                        null,
                        null,
                        label(p.network()) + ": " + why + " — " + p.remoteUrl()));
        store.reminded(p.id(), null, now);
        String reason = why;
        post.ifPresent(x -> tell(
                x,
                "publishing.dm.by-hand",
                "by-hand:" + p.id() + ":0",
                label(p.network()),
                whoMustAct(p),
                reason,
                p.remoteUrl()));
        return false;
    }

    /** Open takedowns are repeated to the author and approvers until someone marks them done. */
    void remind() {
        Instant now = clock.instant();
        for (Publication p : store.toRemind(now.minus(remindEvery))) {
            if (!store.reminded(p.id(), p.remindedAt(), now)) continue;
            audit.record(
                    now,
                    new AuditLog.Step(
                            PublishingService.KIND,
                            String.valueOf(p.draftId()),
                            null,
                            "TAKEDOWN_REMINDED",
                            null,
                            "Staffroom",
                            null,
                            null,
                            label(p.network()) + ": " + p.remoteUrl()));
            posts.find(p.draftId())
                    .ifPresent(x -> tell(
                            x,
                            "publishing.dm.reminder",
                            "reminder:" + p.id() + ":" + now.getEpochSecond(),
                            label(p.network()),
                            whoMustAct(p),
                            p.lastError(),
                            p.remoteUrl()));
        }
    }

    private void tell(PostsToPublish.Post post, String key, String tag, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = post.title();
        System.arraycopy(args, 0, all, 1, args.length);
        for (String user : people(post)) {
            Message m = Message.of(Rich.of(texts.get(post.locale(), key, all)));
            if (key.equals("publishing.dm.by-hand") || key.equals("publishing.dm.reminder")) {
                m = m.withButton(Message.Button.of(
                        "publishing.taken-down",
                        texts.get(post.locale(), "publishing.button.taken-down"),
                        tag.substring(tag.indexOf(':') + 1, tag.lastIndexOf(':'))));
            }
            chat.sendDirect(UserRef.parse(user), m, "publishing:" + tag + ":" + user);
        }
    }

    /** The author and everyone who voted on it. */
    private static Set<String> people(PostsToPublish.Post post) {
        Set<String> out = new LinkedHashSet<>();
        out.add(post.authorUser());
        out.addAll(post.voters());
        return out;
    }

    private static String whoMustAct(Publication p) {
        return "trust".equals(p.owner())
                ? "whoever holds the trust's " + label(p.network()) + " login"
                : "whoever holds " + p.owner() + "'s " + label(p.network()) + " login";
    }

    static String label(String network) {
        return switch (network) {
            case "facebook" -> "Facebook";
            case "instagram" -> "Instagram";
            case "bluesky" -> "Bluesky";
            case "mastodon" -> "Mastodon";
            default -> network;
        };
    }
}
