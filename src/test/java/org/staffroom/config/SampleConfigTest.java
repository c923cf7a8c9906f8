package org.staffroom.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The sample trust shipped in bot-config/ is valid and has what the README promises. */
class SampleConfigTest {

    private final StaffroomConfig config = ConfigLoader.load(Path.of("bot-config"), "bot-config");

    @Test
    void sampleTrustHasSchoolsOnBothPlatformsAndASharedWorkspace() {
        assertThat(config.schools()).hasSizeBetween(3, 4);
        assertThat(config.spaces()).extracting(Space::platform).contains(Platform.SLACK, Platform.DISCORD);
        assertThat(config.schoolsIn("nwt-slack")).hasSize(2);
        assertThat(config.questions()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(config.chats()).singleElement().satisfies(c -> {
            assertThat(c.questions()).hasSize(5);
            assertThat(c.repeat()).isEqualTo(PdChatDef.Repeat.WEEKLY);
        });
        assertThat(config.approvals().routeFor("oakfield", Approvals.Target.SCHOOL))
                .get()
                .satisfies(r -> assertThat(r.stages()).hasSize(1));
        assertThat(config.approvals().routeFor("oakfield", Approvals.Target.TRUST))
                .get()
                .satisfies(r -> assertThat(r.stages()).hasSize(2));
        assertThat(config.noConsentNames("oakfield")).contains("Zoë Adebayo");
        assertThat(config.person("eleanor-shaw"))
                .get()
                .satisfies(p -> assertThat(p.accounts()).hasSize(3));
    }

    @Test
    void calendarKnowsTermsHalfTermsInsetAndRegionalHolidays() {
        var days = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        School oakfield = config.school("oakfield").orElseThrow();
        School sevilla = config.school("sevilla").orElseThrow();
        SchoolCalendar cal = config.calendar();
        assertThat(cal.isSchoolDay(oakfield, LocalDate.of(2026, 11, 25), days)).isTrue();
        assertThat(cal.whyClosed(oakfield, LocalDate.of(2026, 11, 27), days)).contains("INSET day (phonics training)");
        assertThat(cal.whyClosed(oakfield, LocalDate.of(2026, 11, 28), days)).contains("weekend");
        assertThat(cal.whyClosed(oakfield, LocalDate.of(2026, 10, 27), days)).contains("Autumn half-term");
        assertThat(cal.whyClosed(oakfield, LocalDate.of(2026, 12, 21), days)).contains("outside term");
        // Sevilla is still in term on 21 December but closed on 8 December; Oakfield is open that day.
        assertThat(cal.isSchoolDay(sevilla, LocalDate.of(2026, 12, 21), days)).isTrue();
        assertThat(cal.whyClosed(sevilla, LocalDate.of(2026, 12, 8), days)).contains("Inmaculada Concepción");
        assertThat(cal.isSchoolDay(oakfield, LocalDate.of(2026, 12, 8), days)).isTrue();
    }
}
