package org.staffroom.testing.discord;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Points the application's Discord adapter at a loopback Discord. */
public final class LiveDiscord {

    private LiveDiscord() {}

    public static void properties(DynamicPropertyRegistry r, FakeDiscord discord) {
        r.add("staffroom.discord.bot-token", discord::token);
        r.add("staffroom.discord.api-url", discord::restBaseUrl);
        r.add("staffroom.discord.compression", () -> "none");
        r.add("staffroom.discord.identify-delay", () -> "0s");
    }
}
