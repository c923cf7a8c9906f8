package org.staffroom.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;

/** trust.yml: the trust and its trust-wide settings. */
public record Trust(
        String id, String name, Locale locale, ZoneId zone, String hashtag, Qotd qotd, Drafts drafts, Web web) {

    /** How answers to the question of the day are shared between schools. */
    public enum AnswerSharing {
        LIVE,
        DIGEST
    }

    /**
     * When the question of the day is posted: at {@code time} on {@code days} in each school's own
     * zone, or by a cron expression (seconds minutes hours day month weekday) when one is given.
     */
    public record Qotd(
            LocalTime time,
            Set<DayOfWeek> days,
            String cron,
            AnswerSharing answers,
            LocalTime digestTime,
            int lowPoolWarning) {}

    public record Drafts(
            int retentionDays, int rejectedImageRetentionDays, String webhookUrlEnv, String webhookSecretEnv) {}

    /** {@code baseUrl} is trust.yml's web.base-url, or null when unset; use {@link TrustConfig#baseUrl()} for links. */
    public record Web(String baseUrl) {}
}
