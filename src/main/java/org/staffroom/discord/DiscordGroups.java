package org.staffroom.discord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.requests.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.chat.spi.GroupMembers;
import org.staffroom.config.GroupRoles;
import org.staffroom.config.Platform;
import org.staffroom.config.Space;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.config.TrustConfig;

/**
 * The members of a Discord role for the core (approvers reached through a role). Listing a role's
 * members needs the privileged Server Members intent: with {@code staffroom.discord.members-intent}
 * on, JDA asks the gateway for the guild's members (member chunks) and keeps those with the role.
 * Without it (the default, or when Discord refused it with 4014), the candidates are the people
 * Staffroom has seen holding the role in an event (a message, reaction, command or button in the
 * server) and the people.yml accounts in the server, and each is checked against Discord at the time of need by fetching their member by id,
 * which needs no intent: someone who lost the role is dropped. A DM carries no roles, so the roles
 * of the person behind it are fetched the same way. Answers are cached briefly and the caches are
 * bounded.
 */
class DiscordGroups implements GroupMembers {

    private static final Logger log = LoggerFactory.getLogger(DiscordGroups.class);

    /** A lookup waits at most this long: cards and reminders go on without the group rather than hang. */
    static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);

    static final int MAX_SEEN = 5000;
    static final int MAX_MEMBERS_CACHED = 2000;

    private final DiscordClient client;
    private final TrustConfig config;
    private final Duration ttl;
    private final boolean membersIntent;
    private final Clock clock;

    private record Expiring<T>(T value, Instant until) {}

    /** guild:role → members, one entry per configured role, so bounded by the config. */
    private final Map<String, Expiring<List<net.dv8tion.jda.api.entities.Member>>> roleMembers =
            Collections.synchronizedMap(lru(200));
    /** guild:user → the member's role ids (empty when not in the guild). */
    private final Map<String, Expiring<Optional<net.dv8tion.jda.api.entities.Member>>> members =
            Collections.synchronizedMap(lru(MAX_MEMBERS_CACHED));
    /** guild:role → user ids seen holding it, newest last. */
    private final Map<String, Set<String>> seen = Collections.synchronizedMap(lru(200));

    DiscordGroups(DiscordClient client, TrustConfig config, DiscordProperties properties, Clock clock) {
        this.client = client;
        this.config = config;
        this.ttl = properties.groupCacheTtl();
        this.membersIntent = properties.membersIntent();
        this.clock = clock;
    }

    @Override
    public Platform platform() {
        return Platform.DISCORD;
    }

    /** Says once at start what an admin should know when people.yml gives roles to Discord roles. */
    @EventListener(ApplicationReadyEvent.class)
    void explainOnStart() {
        List<String> roles = configuredRoles();
        if (roles.isEmpty()) return;
        if (client.asksForMembers()) {
            log.info(
                    "people.yml gives roles to Discord role(s) {}: their members are listed with the Server Members intent",
                    roles);
        } else {
            log.warn(
                    "people.yml gives roles to Discord role(s) {}, but {}: Staffroom reaches a role's members (review "
                            + "cards by DM, reminders) only once it has seen them in the server. To reach them all, turn on \"Server "
                            + "Members Intent\" in the Discord Developer Portal (Bot tab) and set STAFFROOM_DISCORD_MEMBERS_INTENT=true.",
                    roles,
                    membersIntent
                            ? "Discord refused the Server Members intent"
                            : "staffroom.discord.members-intent is off");
        }
    }

    /** Remembers who was seen holding a configured role, as candidates when the role's members cannot be listed. */
    @EventListener
    void remember(ChatEvent event) {
        if (event.actor() == null || event.actor().user().platform() != Platform.DISCORD) return;
        String guild = event.actor().user().spaceId();
        if (guild.isEmpty() || event.actor().groups().isEmpty()) return;
        for (String role : event.actor().groups()) {
            if (!configured(guild, role)) continue;
            synchronized (seen) {
                Set<String> users = seen.computeIfAbsent(guild + ":" + role, k -> new LinkedHashSet<>());
                users.remove(event.actor().user().id());
                users.add(event.actor().user().id());
                if (users.size() > MAX_SEEN) users.remove(users.iterator().next());
            }
        }
    }

    @Override
    public List<GroupMembers.Member> members(String guildId, String roleId) throws DeliveryException {
        String key = guildId + ":" + roleId;
        Expiring<List<net.dv8tion.jda.api.entities.Member>> cached = roleMembers.get(key);
        List<net.dv8tion.jda.api.entities.Member> found;
        if (cached != null && cached.until().isAfter(clock.instant())) {
            found = cached.value();
        } else {
            found = client.listsMembers() ? listed(guildId, roleId) : seenAndChecked(guildId, roleId);
            roleMembers.put(key, new Expiring<>(found, clock.instant().plus(ttl)));
        }
        return found.stream()
                .filter(m -> !m.getUser().isBot())
                .map(m -> new GroupMembers.Member(m.getId(), m.getEffectiveName()))
                .toList();
    }

    @Override
    public Set<String> groupsOf(String guildId, String userId, Set<String> roleIds) throws DeliveryException {
        Optional<net.dv8tion.jda.api.entities.Member> member = member(guildId, userId);
        Set<String> out = new LinkedHashSet<>();
        member.ifPresent(m -> m.getRoles().forEach(r -> {
            if (roleIds.contains(r.getId())) out.add(r.getId());
        }));
        return out;
    }

    /** Every member with the role, from the gateway's member chunks (Server Members intent). */
    private List<net.dv8tion.jda.api.entities.Member> listed(String guildId, String roleId) throws DeliveryException {
        Guild guild = guild(guildId);
        Role role = guild.getRoleById(roleId);
        if (role == null) return List.of();
        try {
            return guild.findMembersWithRoles(role).setTimeout(LOOKUP_TIMEOUT).get();
        } catch (RuntimeException e) {
            throw DeliveryException.transientFailure("list the members of role " + roleId + ": " + e.getMessage(), e);
        }
    }

    /** The members seen with the role who still hold it, as Discord says now. */
    private List<net.dv8tion.jda.api.entities.Member> seenAndChecked(String guildId, String roleId)
            throws DeliveryException {
        List<String> candidates;
        synchronized (seen) {
            candidates = new ArrayList<>(seen.getOrDefault(guildId + ":" + roleId, Set.of()));
        }
        // People.yml's accounts in the guild are candidates too: they may hold the role without being seen yet.
        StaffroomConfig c = config.get();
        for (org.staffroom.config.Person p : c.people()) {
            for (org.staffroom.config.Person.Account a : p.accounts()) {
                boolean here = c.space(a.spaceId())
                        .filter(s -> s.platform() == Platform.DISCORD
                                && s.externalId().equals(guildId))
                        .isPresent();
                if (here && !candidates.contains(a.userId())) candidates.add(a.userId());
            }
        }
        // Asked all at once, under one deadline: a card waits for Discord at most LOOKUP_TIMEOUT in all.
        Map<String, java.util.concurrent.CompletableFuture<Optional<net.dv8tion.jda.api.entities.Member>>> asked =
                new LinkedHashMap<>();
        for (String userId : candidates) asked.put(userId, memberAsync(guildId, userId));
        long deadline = System.nanoTime() + LOOKUP_TIMEOUT.toNanos();
        List<net.dv8tion.jda.api.entities.Member> out = new ArrayList<>();
        for (Map.Entry<String, java.util.concurrent.CompletableFuture<Optional<net.dv8tion.jda.api.entities.Member>>>
                e : asked.entrySet()) {
            try {
                wait(e.getValue(), deadline, e.getKey())
                        .filter(m ->
                                m.getRoles().stream().anyMatch(r -> r.getId().equals(roleId)))
                        .ifPresent(out::add);
            } catch (DeliveryException failed) {
                // Not reached this time (the next card or reminder asks again); the others still are.
                log.warn("Could not check whether {} holds role {}: {}", e.getKey(), roleId, failed.getMessage());
            }
        }
        return out;
    }

    /** The member as Discord has them now (GET guilds/{guild}/members/{user}, no intent needed), briefly cached. */
    private Optional<net.dv8tion.jda.api.entities.Member> member(String guildId, String userId)
            throws DeliveryException {
        return wait(memberAsync(guildId, userId), System.nanoTime() + LOOKUP_TIMEOUT.toNanos(), userId);
    }

    private java.util.concurrent.CompletableFuture<Optional<net.dv8tion.jda.api.entities.Member>> memberAsync(
            String guildId, String userId) throws DeliveryException {
        String key = guildId + ":" + userId;
        Expiring<Optional<net.dv8tion.jda.api.entities.Member>> cached = members.get(key);
        if (cached != null && cached.until().isAfter(clock.instant()))
            return java.util.concurrent.CompletableFuture.completedFuture(cached.value());
        Guild guild = guild(guildId);
        return guild.retrieveMemberById(userId)
                .submit()
                .thenApply(Optional::of)
                .exceptionally(e -> {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause()
                            : e;
                    if (JdaCalls.is(cause, ErrorResponse.UNKNOWN_MEMBER)
                            || JdaCalls.is(cause, ErrorResponse.UNKNOWN_USER)) return Optional.empty();
                    throw new java.util.concurrent.CompletionException(cause);
                })
                .whenComplete((found, e) -> {
                    if (e == null)
                        members.put(key, new Expiring<>(found, clock.instant().plus(ttl)));
                });
    }

    private static Optional<net.dv8tion.jda.api.entities.Member> wait(
            java.util.concurrent.CompletableFuture<Optional<net.dv8tion.jda.api.entities.Member>> future,
            long deadlineNanos,
            String userId)
            throws DeliveryException {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw JdaCalls.failure(e.getCause() == null ? e : e.getCause(), "read member " + userId);
        } catch (TimeoutException e) {
            throw DeliveryException.transientFailure(
                    "read member " + userId + ": no answer within " + LOOKUP_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.transientFailure("read member " + userId + ": interrupted", e);
        }
    }

    private Guild guild(String guildId) throws DeliveryException {
        JDA jda = client.connected();
        Guild guild = jda.getGuildById(guildId);
        if (guild == null) throw DeliveryException.permanent("the bot is not in guild " + guildId, null);
        return guild;
    }

    private boolean configured(String guildId, String roleId) {
        StaffroomConfig c = config.get();
        for (GroupRoles g : c.groups()) {
            if (!g.groupId().equals(roleId)) continue;
            Optional<Space> space = c.space(g.spaceId());
            if (space.isPresent()
                    && space.get().platform() == Platform.DISCORD
                    && space.get().externalId().equals(guildId)) return true;
        }
        return false;
    }

    private List<String> configuredRoles() {
        StaffroomConfig c = config.get();
        List<String> out = new ArrayList<>();
        for (GroupRoles g : c.groups()) {
            c.space(g.spaceId()).filter(s -> s.platform() == Platform.DISCORD).ifPresent(s -> out.add(g.groupId()));
        }
        return out;
    }

    private static <K, V> LinkedHashMap<K, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }
}
