package org.staffroom.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.methods.response.usergroups.users.UsergroupsUsersListResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.model.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Actor;
import org.staffroom.chat.UserRef;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.config.GroupRoles;
import org.staffroom.config.Platform;
import org.staffroom.config.Space;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.config.TrustConfig;

/**
 * Who a Slack user is, for the core: the name Slack shows (users.info, cached) and which of the
 * user groups named in people.yml they belong to (usergroups.users.list, cached briefly so a
 * change in Slack counts within a minute). When Slack cannot say, the user id stands in for the
 * name and no group is assumed: an unknown person gets the least rights, never more.
 */
@Component
@Conditional(SlackConditions.Configured.class)
class SlackPeople {

    private static final Logger log = LoggerFactory.getLogger(SlackPeople.class);

    private final SlackApi api;
    private final TrustConfig config;
    private final SlackProperties properties;
    private final Clock clock;
    /**
     * Bounded (a trust has a few thousand staff); an entry outlives its {@link Expiring#until} so that a
     * slow or failed refresh can fall back on the last answer, and is dropped a day after it was written.
     */
    private final Cache<String, Expiring<String>> names = Caffeine.newBuilder()
            .maximumSize(20_000)
            .expireAfterWrite(Duration.ofDays(1))
            .build();

    private final Cache<String, Expiring<Set<String>>> members = Caffeine.newBuilder()
            .maximumSize(2_000)
            .expireAfterWrite(Duration.ofDays(1))
            .build();

    private record Expiring<T>(T value, Instant until) {}

    static final Duration LOOKUP_BUDGET = Duration.ofMillis(1000);
    private final Map<String, CompletableFuture<Object>> inflight = new ConcurrentHashMap<>();
    /** Spring's shared executor: bounded, shut down with the context, virtual threads where the JVM has them. */
    private final Executor lookups;

    SlackPeople(
            SlackApi api,
            TrustConfig config,
            SlackProperties properties,
            Clock clock,
            @Qualifier("applicationTaskExecutor") Executor lookups) {
        this.api = api;
        this.config = config;
        this.properties = properties;
        this.clock = clock;
        this.lookups = lookups;
    }

    Actor actor(String team, String userId) {
        return new Actor(new UserRef(Platform.SLACK, team, userId), name(team, userId), groups(team, userId));
    }

    String name(String team, String userId) {
        String key = team + ":" + userId;
        Expiring<String> cached = names.getIfPresent(key);
        if (cached != null && cached.until().isAfter(clock.instant())) return cached.value();
        return within(key, () -> fetchName(team, userId, key, cached), cached != null ? cached.value() : userId);
    }

    private String fetchName(String team, String userId, String key, Expiring<String> cached) {
        Instant now = clock.instant();
        try {
            UsersInfoResponse r = api.call(team, "users.info", c -> c.usersInfo(q -> q.user(userId)));
            String name = displayName(r.getUser()).orElse(userId);
            names.put(key, new Expiring<>(name, now.plus(properties.userCacheTtl())));
            return name;
        } catch (DeliveryException | RuntimeException e) {
            log.warn("Could not look up Slack user {} in {}: {}", userId, team, e.getMessage());
            // Remember the failure for a minute so a burst of events does not hammer users.info.
            String fallback = cached != null ? cached.value() : userId;
            names.put(key, new Expiring<>(fallback, now.plusSeconds(60)));
            return fallback;
        }
    }

    private static Optional<String> displayName(User u) {
        if (u == null) return Optional.empty();
        if (u.getProfile() != null) {
            if (notBlank(u.getProfile().getDisplayName()))
                return Optional.of(u.getProfile().getDisplayName());
            if (notBlank(u.getProfile().getRealName()))
                return Optional.of(u.getProfile().getRealName());
        }
        if (notBlank(u.getRealName())) return Optional.of(u.getRealName());
        return Optional.ofNullable(u.getName());
    }

    /** The groups named in people.yml for this workspace that {@code userId} is a member of. */
    Set<String> groups(String team, String userId) {
        StaffroomConfig c = config.get();
        Set<String> out = new LinkedHashSet<>();
        for (GroupRoles g : c.groups()) {
            Optional<Space> space = c.space(g.spaceId());
            if (space.isEmpty()
                    || space.get().platform() != Platform.SLACK
                    || !space.get().externalId().equals(team)) continue;
            if (members(team, g.groupId()).contains(userId)) out.add(g.groupId());
        }
        return out;
    }

    /** The members of a user group as Slack lists them (usergroups.users.list), cached like an actor's groups. */
    Set<String> groupMembers(String team, String groupId) {
        return members(team, groupId);
    }

    private Set<String> members(String team, String groupId) {
        String key = team + ":" + groupId;
        Expiring<Set<String>> cached = members.getIfPresent(key);
        if (cached != null && cached.until().isAfter(clock.instant())) return cached.value();
        return within(
                "group:" + key,
                () -> fetchMembers(team, groupId, key, cached),
                cached != null ? cached.value() : Set.of());
    }

    private Set<String> fetchMembers(String team, String groupId, String key, Expiring<Set<String>> cached) {
        Instant now = clock.instant();
        try {
            UsergroupsUsersListResponse r =
                    api.call(team, "usergroups.users.list", c -> c.usergroupsUsersList(q -> q.usergroup(groupId)));
            List<String> users = r.getUsers() == null ? List.of() : r.getUsers();
            Set<String> set = Set.copyOf(users);
            members.put(key, new Expiring<>(set, now.plus(properties.groupCacheTtl())));
            return set;
        } catch (DeliveryException | RuntimeException e) {
            log.warn("Could not read Slack user group {} in {}: {}", groupId, team, e.getMessage());
            Set<String> fallback = cached != null ? cached.value() : Set.of();
            members.put(key, new Expiring<>(fallback, now.plusSeconds(30)));
            return fallback;
        }
    }

    /**
     * Runs a lookup but waits at most {@link #LOOKUP_BUDGET}: a listener must acknowledge within
     * Slack's three seconds even when the Web API is slow. On time-out the fallback is used now and
     * the lookup goes on, filling the cache for the next event; concurrent lookups of one key share
     * one call.
     */
    @SuppressWarnings("unchecked")
    private <T> T within(String key, Supplier<T> lookup, T fallback) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = inflight.putIfAbsent(key, mine);
        if (running == null) {
            running = mine;
            try {
                lookups.execute(() -> {
                    try {
                        mine.complete(lookup.get());
                    } catch (RuntimeException e) {
                        mine.completeExceptionally(e);
                    } finally {
                        inflight.remove(key, mine);
                    }
                });
            } catch (RejectedExecutionException e) {
                inflight.remove(key, mine); // the executor is full: answer with what is known
                return fallback;
            }
        }
        try {
            return (T) running.get(LOOKUP_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.info("Slack lookup {} is slow; going on without it for now", key);
            return fallback;
        } catch (ExecutionException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
