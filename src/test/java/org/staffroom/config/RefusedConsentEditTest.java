package org.staffroom.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.staffroom.testing.EditedSampleConfig;

/** A refused edit of consent.yml never delays a withdrawal: its good lines take effect, only the bad ones are kept out. */
class RefusedConsentEditTest extends EditedSampleConfig {

    @Test
    void oneBadEntryAmongGoodOnesKeepsOnlyTheBadLineOut() throws IOException {
        StaffroomConfig before = config.get();
        edit("consent.yml", "    - Mia-Rose Clarke\n", "    - Mia-Rose Clarke\n    - Noah Ali\n    - Maisie\n");
        int maisie = lineOf("consent.yml", "- Maisie");

        assertThat(config.reloadIfChanged()).as("the good line took effect").isTrue();
        assertThat(config.get().noConsentNames("oakfield"))
                .contains("Noah Ali", "Zoë Adebayo", "Mia-Rose Clarke")
                .doesNotContain("Maisie");
        // Everything else is the configuration that was in force.
        assertThat(config.get().people()).isEqualTo(before.people());
        assertThat(config.lastRefused())
                .get()
                .satisfies(r -> assertThat(r.problems())
                        .map(ConfigProblem::toString)
                        .containsExactly(dir + "/consent.yml:" + maisie
                                + ":7: 'Maisie': give the pupil's first name and surname"));
        assertThat(published).hasSize(2);
        assertThat(published.get(0)).isInstanceOfSatisfying(ConfigReloaded.class, r -> {
            assertThat(r.previous().noConsentNames("oakfield")).doesNotContain("Noah Ali");
            assertThat(r.current().noConsentNames("oakfield")).contains("Noah Ali");
        });
        assertThat(published.get(1)).isInstanceOfSatisfying(ConsentRefused.class, r -> {
            assertThat(r.schools()).containsExactly("oakfield");
            assertThat(r.namesApplied()).isTrue();
            assertThat(r.consentProblems())
                    .map(ConfigProblem::toString)
                    .singleElement()
                    .asString()
                    .startsWith(dir + "/consent.yml:" + maisie + ":7:");
        });

        // Reading the same refused edit again changes nothing and announces nothing.
        assertThat(config.reloadIfChanged()).isFalse();
        assertThat(published).hasSize(2);
    }

    @Test
    void aRefusedEditElsewhereStillBringsInANewConsentName() throws IOException {
        edit("schools.yml", "timezone: Europe/Madrid", "timezone: Europe/Sevile");
        edit("consent.yml", "    - Mia-Rose Clarke\n", "    - Mia-Rose Clarke\n    - Noah Ali\n");

        assertThat(config.reloadIfChanged()).isTrue();
        assertThat(config.get().noConsentNames("oakfield")).contains("Noah Ali");
        assertThat(config.get().school("sevilla").orElseThrow().zone().getId())
                .as("the bad edit itself stays out")
                .isEqualTo("Europe/Madrid");
        assertThat(published).last().isInstanceOfSatisfying(ConsentRefused.class, r -> {
            assertThat(r.schools()).isEmpty();
            assertThat(r.namesApplied()).isTrue();
        });
    }

    @Test
    void aNameRemovedInARefusedEditStaysListedUntilTheEditIsFixed() throws IOException {
        edit("consent.yml", "    - Olivia Brown\n", "    - Maisie\n");

        assertThat(config.reloadIfChanged()).isFalse();
        assertThat(config.get().noConsentNames("oakfield"))
                .contains("Olivia Brown")
                .doesNotContain("Maisie");
        assertThat(published).singleElement().isInstanceOfSatisfying(ConsentRefused.class, r -> {
            assertThat(r.namesApplied()).isFalse();
            assertThat(r.schools()).containsExactly("oakfield");
        });

        edit("consent.yml", "    - Maisie\n", "    - Maisie Hart\n");
        assertThat(config.reloadIfChanged()).isTrue();
        assertThat(config.get().noConsentNames("oakfield"))
                .contains("Maisie Hart")
                .doesNotContain("Olivia Brown");
        assertThat(config.lastRefused()).isEmpty();
    }

    @Test
    void aRefusedEditThatDoesNotTouchConsentAnnouncesNothing() throws IOException {
        edit("schools.yml", "timezone: Europe/Madrid", "timezone: Europe/Sevile");
        StaffroomConfig before = config.get();
        assertThat(config.reloadIfChanged()).isFalse();
        assertThat(config.get()).isSameAs(before);
        assertThat(published).isEmpty();
    }
}
