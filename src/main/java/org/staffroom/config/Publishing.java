package org.staffroom.config;

import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The schools' and the trust's own social media accounts, and when approved posts go out. From the
 * {@code publishing:} section of trust.yml (the trust's accounts, the default time) and of each
 * school in schools.yml (its accounts, its own time). Tokens are never here: each account names the
 * environment variable that holds its token.
 *
 * @param time        the trust's default publishing time, in each school's own zone
 * @param schoolTimes schools that publish at another time
 * @param accounts    every connected account; {@link Account#schoolId()} is null for the trust's
 */
public record Publishing(LocalTime time, Map<String, LocalTime> schoolTimes, List<Account> accounts) {

    /** Networks Staffroom publishes to itself; others stay "Mark as published" by hand. */
    public static final Set<String> NETWORKS = Set.of("facebook", "instagram", "bluesky", "mastodon");

    public static final Publishing NONE = new Publishing(LocalTime.of(9, 0), Map.of(), List.of());

    /**
     * One connected account.
     *
     * @param schoolId the school it belongs to, or null for the trust's account
     * @param network  facebook, instagram, bluesky or mastodon
     * @param account  the Page id, the Instagram user id, the Bluesky handle, or (Mastodon) the account name
     * @param baseUrl  the network's API address (the network's default unless set)
     * @param tokenEnv the environment variable with the token (Bluesky: the app password)
     */
    public record Account(String schoolId, String network, String account, String baseUrl, String tokenEnv) {
        /** The owner as one word: the school id, or "trust". */
        public String owner() {
            return schoolId == null ? "trust" : schoolId;
        }
    }

    /** When a school's posts go out on their wanted date. */
    public LocalTime timeFor(String schoolId) {
        return schoolTimes.getOrDefault(schoolId, time);
    }

    /** The accounts a post goes to: its school's, or the trust's ({@code schoolId} null). */
    public List<Account> accountsOf(String schoolId) {
        return accounts.stream()
                .filter(a -> java.util.Objects.equals(a.schoolId(), schoolId))
                .toList();
    }

    public Optional<Account> account(String schoolId, String network) {
        return accountsOf(schoolId).stream()
                .filter(a -> a.network().equals(network))
                .findFirst();
    }

    static String defaultBaseUrl(String network) {
        return switch (network) {
            case "facebook", "instagram" -> "https://graph.facebook.com";
            case "bluesky" -> "https://bsky.social";
            default -> null;
        };
    }
}
