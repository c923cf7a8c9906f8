package org.staffroom.qotd;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.staffroom.config.School;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.config.TrustConfig;

/**
 * Which dates a school gets the question of the day, and when: the trust's posting schedule in
 * the school's own zone, on its school days (term, trust, region and school closures). Reads the
 * configuration in force each time, so calendar edits count at once.
 */
@Component
@EnableConfigurationProperties(QotdSettings.class)
class SchoolDays {

    private final TrustConfig config;
    private final LocalTime catchUpUntil;

    SchoolDays(TrustConfig config, QotdSettings settings) {
        this.config = config;
        this.catchUpUntil = settings.catchUpUntil();
    }

    StaffroomConfig config() {
        return config.get();
    }

    PostingSchedule schedule() {
        return PostingSchedule.of(config.get().trust().qotd(), catchUpUntil);
    }

    LocalDate today(School school, Instant now) {
        return now.atZone(school.zone()).toLocalDate();
    }

    /** The posting window if {@code date} is one of the school's question days. */
    Optional<PostingSchedule.Window> window(School school, LocalDate date) {
        if (whyNot(school, date).isPresent()) return Optional.empty();
        return schedule().windowOn(date, school.zone());
    }

    /**
     * Why the school gets no question on {@code date} (empty on a question day): a bundle key
     * ({@code qotd.reason.*}) for the calendar's own words, or a closure's name as calendar.yml
     * writes it. {@link QotdMessages#reason} turns either into words.
     */
    Optional<String> whyNot(School school, LocalDate date) {
        PostingSchedule s = schedule();
        StaffroomConfig c = config.get();
        Optional<String> closed = c.calendar().whyClosed(school, date, s.calendarDays());
        if (closed.isPresent()) {
            String why = closed.get();
            if (why.equals("weekend")) return Optional.of("qotd.reason.weekend");
            if (why.equals("outside term")) return Optional.of("qotd.reason.outside-term");
            return closed;
        }
        if (s.postTimeOn(date, school.zone()).isEmpty()) {
            return Optional.of(
                    date.getDayOfWeek().getValue() >= 6 ? "qotd.reason.weekend" : "qotd.reason.not-a-posting-day");
        }
        return Optional.empty();
    }
}
