package org.staffroom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.staffroom.testing.EditedSampleConfig;

/** A good edit of bot-config takes effect while running; a bad one is refused and the last good config stays. */
class HotReloadTest extends EditedSampleConfig {

    @Test
    void aGoodEditTakesEffectAndIsAnnounced() throws IOException {
        assertThat(config.reloadIfChanged()).isFalse();
        edit("consent.yml", "    - Mia-Rose Clarke\n", "    - Mia-Rose Clarke\n    - Noah Williams\n");

        assertThat(config.reloadIfChanged()).isTrue();
        assertThat(config.get().noConsentNames("oakfield")).contains("Noah Williams");
        assertThat(config.lastRefused()).isEmpty();
        assertThat(published).singleElement().isInstanceOfSatisfying(ConfigReloaded.class, r -> {
            assertThat(r.previous().noConsentNames("oakfield")).doesNotContain("Noah Williams");
            assertThat(r.current().noConsentNames("oakfield")).contains("Noah Williams");
        });
    }

    @Test
    void aBadEditIsRefusedWithItsProblemsAndTheLastGoodConfigStays() throws IOException {
        StaffroomConfig before = config.get();
        edit("schools.yml", "timezone: Europe/Madrid", "timezone: Europe/Sevile");
        edit("people.yml", "roles: [approver@hillcrest]           # principal", "roles: [approver@hilcrest]");

        assertThat(config.reloadIfChanged()).isFalse();
        assertThat(config.get()).isSameAs(before);
        assertThat(config.get().school("sevilla").orElseThrow().zone().getId()).isEqualTo("Europe/Madrid");
        assertThat(published).isEmpty();
        assertThat(config.lastRefused())
                .get()
                .satisfies(r -> assertThat(r.problems())
                        .map(ConfigProblem::toString)
                        .anyMatch(p -> p.startsWith(dir + "/schools.yml:")
                                && p.endsWith("'Europe/Sevile' is not a time zone: use a name like Europe/London"))
                        .anyMatch(p -> p.startsWith(dir + "/people.yml:")
                                && p.contains("unknown school 'hilcrest' (did you mean 'hillcrest'?)")));

        // Fixing the files brings the edit in and clears the refusal.
        edit("schools.yml", "timezone: Europe/Sevile", "timezone: Europe/Madrid");
        edit("people.yml", "roles: [approver@hilcrest]", "roles: [approver@hillcrest]");
        assertThat(config.reloadIfChanged()).isTrue();
        assertThat(config.lastRefused()).isEmpty();
    }

    @Test
    void theWatcherNoticesAnEditByItself() throws IOException {
        ConfigWatcher watcher = new ConfigWatcher(config, new ConfigProperties(dir.toString(), Duration.ofMillis(50)));
        watcher.start();
        try {
            edit("trust.yml", "name: Northwold Learning Trust", "name: Northwold Schools Trust");
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> config.get().trust().name().equals("Northwold Schools Trust"));
        } finally {
            watcher.stop();
        }
    }

    @Test
    void aBadConfigAtStartStopsTheServiceWithEveryProblem() throws IOException {
        edit("trust.yml", "time: \"08:15\"", "time: \"8.15\"");
        edit(
                "approvals.yml",
                "backup: [maya-singh]\n\n  - id: hillcrest-page",
                "backup: [maya-sing]\n\n  - id: hillcrest-page");
        assertThatThrownBy(() -> new TrustConfig(
                        new ConfigProperties(dir.toString(), Duration.ZERO), e -> {}, Clock.systemUTC()))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class,
                        e -> assertThat(e.problems()).hasSize(2))
                .hasMessageContaining("approvals.yml:")
                .hasMessageContaining("unknown person 'maya-sing' (did you mean 'maya-singh'?)")
                .hasMessageContaining("trust.yml:")
                .hasMessageContaining("'8.15' is not a time of day");
    }
}
