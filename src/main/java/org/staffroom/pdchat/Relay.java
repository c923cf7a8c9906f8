package org.staffroom.pdchat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.chat.ChannelRate;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Destination;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.config.School;
import org.staffroom.directory.Directory;
import org.staffroom.pdchat.RelayStore.Item;
import org.staffroom.pdchat.RelayStore.Post;

/**
 * Copies captured messages into the other participating channels as "Name (School): text".
 * Each target channel has a token bucket in business time with its platform's per-channel rate
 * ({@link Chat#channelRate}: Slack a burst of 2, Discord 5, then one a second); a copy goes out as a post of its own when the bucket allows. Under a burst,
 * what waits is coalesced into one rolling message per channel, edited in place as more arrives
 * (up to a size cap, then a new one), so nothing is dropped and nothing waits more than about a
 * second behind. Edits, deletions and hides of the originals are applied to the copies through
 * the same bucket. The delivery sender paces what is sent in real time as well.
 */
@Service
class Relay {

    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    /** Under Discord's 2,000 characters and Slack's 3,000 per text block. */
    static final int SIZE_CAP = 1800;

    static final int LINE_CAP = 900;
    /** A rolling message is added to for this long; later arrivals start a new one below newer talk. */
    static final Duration ROLLING_OPEN = Duration.ofMinutes(2);
    /** Pending copies are read this many at a time, and only as far as one message can hold. */
    private static final int PAGE = 50;

    private final RelayStore store;
    private final Chat chat;
    private final Directory directory;
    private final CapturedMessageStore captured;
    private final TransactionTemplate ownTransaction;
    /**
     * Per channel, when its bucket will next hold a token, as this instance last saw it. Until then
     * a flush could only refill the bucket and do nothing, so it is skipped without touching the
     * database: under a burst every captured message asks to flush all the other channels, which
     * would otherwise cost each of them a locked transaction per message.
     */
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();
    /**
     * The channels a thread of this instance is flushing now, each with the latest time another thread
     * asked for it meanwhile ({@link #NOT_ASKED}: nobody did).
     */
    private final ConcurrentHashMap<String, Instant> flushing = new ConcurrentHashMap<>();

    private static final Instant NOT_ASKED = Instant.MIN;

    Relay(
            RelayStore store,
            Chat chat,
            Directory directory,
            CapturedMessageStore captured,
            PlatformTransactionManager tm) {
        this.store = store;
        this.chat = chat;
        this.directory = directory;
        this.captured = captured;
        this.ownTransaction = new TransactionTemplate(tm);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Queues copies of a captured message for {@code targets} (in the capture's transaction). */
    void enqueue(long capturedId, List<ChannelRef> targets, Instant now) {
        if (targets.isEmpty()) return;
        store.enqueue(capturedId, targets.stream().map(ChannelRef::key).toList(), now);
    }

    /**
     * A captured message was edited, deleted or hidden: copies not sent yet go out as it is now (or
     * not at all), copies sent are re-rendered. Returns the channels to flush.
     */
    Set<String> changed(long capturedId, boolean gone) {
        if (gone) store.removeWaiting(capturedId);
        store.markPostsShowing(capturedId);
        return new LinkedHashSet<>(store.channelsOf(capturedId));
    }

    /** The captured messages a relay message of ours copies. */
    List<Long> copiedIn(long postId) {
        return store.placedIn(postId);
    }

    /**
     * The bot posted something of its own in {@code channel} (a question, a reminder): it uses the
     * same rate. Counted once the caller's transaction commits, in a short transaction of its own,
     * so a run's posts never wait on (or hold up) a channel the relay is flushing.
     */
    void spend(ChannelRef channel, Instant now) {
        Runnable spend = () -> {
            try {
                ownTransaction.executeWithoutResult(s -> {
                    String key = channel.key();
                    ChannelRate rate = rate(key);
                    RelayStore.Lane lane = store.lock(key, rate.burst(), now);
                    store.save(key, Math.max(-rate.burst(), refill(lane, now, rate) - 1), now, lane.rollingPostId());
                });
            } catch (DataAccessException e) {
                log.debug("Could not count a post against {}: {}", channel.key(), e.getMessage());
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    spend.run();
                }
            });
        } else {
            spend.run();
        }
    }

    /**
     * Sends what the buckets of these channels allow now, each channel in a transaction of its own. A
     * channel another thread of this instance is flushing is not waited for: that thread flushes it again
     * when done, as of the latest time asked, so what the caller committed before asking is not left
     * waiting. (Under a burst every captured message asks for the same channels; the inbox's lanes queued
     * on the channels' row locks.)
     */
    void flush(Collection<String> channelKeys, Instant now) {
        for (String key : channelKeys) {
            Gate gate = gates.get(key);
            if (gate != null && gate.closed(now)) continue;
            if (!own(key, now)) continue;
            Instant at = now;
            try {
                while (true) {
                    flushOnce(key, at);
                    Instant again = flushing.get(key);
                    if (again.equals(NOT_ASKED)) {
                        if (flushing.remove(key, NOT_ASKED)) break;
                    } else if (flushing.replace(key, again, NOT_ASKED)) {
                        if (again.isAfter(at)) at = again;
                    }
                }
            } catch (RuntimeException e) {
                flushing.remove(key);
                throw e;
            }
        }
    }

    /** True if this thread now flushes the channel; false if another does and will go again as of {@code now}. */
    private boolean own(String key, Instant now) {
        while (true) {
            if (flushing.putIfAbsent(key, NOT_ASKED) == null) return true;
            if (flushing.computeIfPresent(key, (k, asked) -> asked.isAfter(now) ? asked : now) != null) return false;
        }
    }

    private void flushOnce(String key, Instant now) {
        Gate gate = gates.get(key);
        if (gate != null && gate.closed(now)) return;
        try {
            Double left = ownTransaction.execute(s -> flushLane(key, now));
            if (left != null) remember(key, left, now);
        } catch (DataAccessException e) {
            // Another instance holds the channel (it is flushing it now); the next trigger carries on.
            log.debug("Relay to {} not flushed now: {}", key, e.getMessage());
        }
    }

    /** Flushes every channel with copies waiting or to be corrected. */
    void flushDue(Instant now) {
        flush(lanesWithWork(), now);
    }

    List<String> lanesWithWork() {
        Set<String> keys = new LinkedHashSet<>(store.channelsWithWaitingCopies());
        keys.addAll(store.channelsWithDirtyPosts());
        return new ArrayList<>(keys);
    }

    /** Returns the tokens left in the channel's bucket. */
    private double flushLane(String key, Instant now) {
        ChannelRate rate = rate(key);
        RelayStore.Lane lane = store.lock(key, rate.burst(), now);
        double tokens = refill(lane, now, rate);
        Long rolling = lane.rollingPostId();
        while (tokens >= 1 - 1e-9) {
            Step step = step(ChannelRef.parse(key), rolling, now);
            if (!step.acted()) break;
            rolling = step.rolling();
            tokens -= 1;
        }
        store.save(key, tokens, now, rolling);
        return tokens;
    }

    /** Once the flush committed: with less than a token left, nothing can be sent before the next one. */
    private void remember(String key, double tokens, Instant now) {
        if (tokens < 1 - 1e-9) {
            // Rounded up to the next millisecond: refill() counts whole milliseconds.
            long waitMillis = (long) Math.ceil((1 - tokens) / rate(key).perSecond() * 1000) + 1;
            gates.put(key, new Gate(now, now.plusMillis(waitMillis)));
        } else {
            gates.remove(key);
        }
    }

    /**
     * The bucket was seen without a token at {@code seenAt} and gets its next one at {@code opensAt}. Another
     * instance or the bot's own posts may only have spent more since, never less, so nothing is missed by
     * waiting; a clock that went back (before {@code seenAt}) is not trusted and the lane is flushed.
     */
    private record Gate(Instant seenAt, Instant opensAt) {
        boolean closed(Instant now) {
            return !now.isBefore(seenAt) && now.isBefore(opensAt);
        }
    }

    private record Step(boolean acted, Long rolling) {}

    /** One platform operation on the channel, the most useful one first. */
    private Step step(ChannelRef channel, Long rolling, Instant now) {
        String key = channel.key();
        Optional<Post> dirty = store.firstDirty(key);
        // Under a long burst thousands wait; a step can place at most one message's worth (SIZE_CAP),
        // so reading them all (and rendering them) every second would be wasted.
        List<Item> waiting = new ArrayList<>();
        Map<Long, Line> lines = new HashMap<>();
        int waitingSize = 0;
        long after = 0;
        while (true) {
            List<Item> page = store.waiting(key, after, PAGE);
            Map<Long, Line> pageLines = lines(page);
            for (Item i : page) {
                Line line = pageLines.get(i.messageId());
                if (line != null) {
                    waiting.add(i);
                    lines.put(i.messageId(), line);
                    waitingSize += line.size();
                } else {
                    // Deleted or hidden while waiting (normally already marked by changed()): never sent.
                    store.remove(i.id());
                }
            }
            if (page.size() < PAGE || (waiting.size() >= 2 && waitingSize > SIZE_CAP)) break;
            after = page.get(page.size() - 1).id();
        }

        if (dirty.isPresent()) {
            Post post = dirty.get();
            List<Line> shown = placedLines(post.id());
            List<Item> added = post.id() == (rolling == null ? -1 : rolling) && open(post, now)
                    ? fitting(waiting, lines, size(shown), false)
                    : List.of();
            List<Line> all = new ArrayList<>(shown);
            added.forEach(i -> all.add(lines.get(i.messageId())));
            if (all.isEmpty()) {
                chat.delete(deliveryKey(post.id()));
                store.markDeleted(post.id());
                return new Step(true, rolling != null && rolling == post.id() ? null : rolling);
            }
            place(added, post.id());
            chat.edit(deliveryKey(post.id()), render(all));
            store.rendered(post.id(), size(all));
            return new Step(true, rolling);
        }
        if (waiting.isEmpty()) return new Step(false, rolling);

        if (waiting.size() == 1) {
            newPost(key, RelayStore.PostKind.SINGLE, waiting, lines, now);
            return new Step(true, null); // a lone copy ends the rolling message: later ones go below it
        }
        Post open = rolling == null ? null : openRolling(rolling, now);
        if (open != null) {
            List<Line> shown = placedLines(open.id());
            List<Item> added = fitting(waiting, lines, size(shown), false);
            if (!added.isEmpty()) {
                List<Line> all = new ArrayList<>(shown);
                added.forEach(i -> all.add(lines.get(i.messageId())));
                place(added, open.id());
                chat.edit(deliveryKey(open.id()), render(all));
                store.resized(open.id(), size(all));
                return new Step(true, rolling);
            }
        }
        long id = newPost(key, RelayStore.PostKind.ROLLING, fitting(waiting, lines, 0, true), lines, now);
        return new Step(true, id);
    }

    private long newPost(
            String channelKey, RelayStore.PostKind kind, List<Item> items, Map<Long, Line> lines, Instant now) {
        List<Line> shown = items.stream().map(i -> lines.get(i.messageId())).toList();
        long id = store.insertPost(channelKey, kind, size(shown), now);
        place(items, id);
        chat.post(Destination.channel(ChannelRef.parse(channelKey)), render(shown), deliveryKey(id));
        return id;
    }

    private void place(List<Item> items, long postId) {
        store.place(items, postId);
    }

    /** The waiting items that fit after {@code used} characters (at least one in a new message). */
    private static List<Item> fitting(List<Item> waiting, Map<Long, Line> lines, int used, boolean atLeastOne) {
        List<Item> out = new ArrayList<>();
        int size = used;
        for (Item i : waiting) {
            int s = lines.get(i.messageId()).size();
            if (size + s > SIZE_CAP && !(atLeastOne && out.isEmpty())) break;
            out.add(i);
            size += s;
        }
        return out;
    }

    private Post openRolling(long id, Instant now) {
        return store.livePost(id).filter(p -> open(p, now)).orElse(null);
    }

    /** The copies a relay message shows now: placed in it, still visible, in the order captured. */
    private List<Line> placedLines(long postId) {
        List<Long> ids = store.placedIn(postId);
        Map<Long, Line> lines = linesFor(ids);
        return ids.stream().filter(lines::containsKey).map(lines::get).toList();
    }

    private Map<Long, Line> lines(List<Item> items) {
        return linesFor(items.stream().map(Item::messageId).toList());
    }

    private Map<Long, Line> linesFor(List<Long> capturedIds) {
        return captured.byIds(capturedIds).stream()
                .filter(CapturedMessageStore.Captured::visible)
                .collect(Collectors.toMap(CapturedMessageStore.Captured::id, this::line, (a, b) -> a));
    }

    private Line line(CapturedMessageStore.Captured c) {
        String school = directory.school(c.schoolId()).map(School::shortName).orElse(c.schoolId());
        return new Line(c.authorName() + " (" + school + ")", CapturedMessageStore.truncate(c.text(), LINE_CAP));
    }

    /**
     * "Name (School): text" per line, all of it plain (names are platform display names too), so
     * adapters escape it: no mention, link or markup in a copy does anything in another school.
     */
    static Message render(List<Line> lines) {
        Rich text = Rich.empty();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) text = text.newline();
            text = text.text(lines.get(i).who() + ": " + lines.get(i).text());
        }
        return Message.of(text);
    }

    static String deliveryKey(long postId) {
        return "pdchat:relay:" + postId;
    }

    private static int size(List<Line> lines) {
        return lines.stream().mapToInt(Line::size).sum();
    }

    record Line(String who, String text) {
        int size() {
            return who.length() + 2 + text.length() + 1;
        }
    }

    /** A rolling message still takes copies: not full and not too old. */
    private static boolean open(Post post, Instant now) {
        return post.kind() == RelayStore.PostKind.ROLLING
                && post.size() < SIZE_CAP
                && now.isBefore(post.openedAt().plus(ROLLING_OPEN));
    }

    // ---------------------------------------------------------------- the bucket

    /** Tokens now; a clock that went back restarts the bucket's timeline rather than stalling it. */
    private static double refill(RelayStore.Lane lane, Instant now, ChannelRate rate) {
        if (now.isBefore(lane.refilledAt())) return lane.tokens();
        double seconds = Duration.between(lane.refilledAt(), now).toMillis() / 1000.0;
        return Math.min(rate.burst(), lane.tokens() + seconds * rate.perSecond());
    }

    /** The channel's rate: its platform's pace. */
    ChannelRate rate(String key) {
        return chat.channelRate(ChannelRef.parse(key).platform());
    }
}
