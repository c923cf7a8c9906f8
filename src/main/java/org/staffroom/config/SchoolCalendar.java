package org.staffroom.config;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * calendar.yml: terms by region and closures for the trust, a region or one school. A school
 * day is one of the given weekdays, inside a term of the school's region, not closed.
 */
public record SchoolCalendar(
        List<Closure> trustClosures, Map<String, Region> regions, Map<String, List<Closure>> schoolClosures) {

    public enum Kind {
        HALF_TERM,
        HOLIDAY,
        BANK_HOLIDAY,
        INSET,
        CLOSURE
    }

    public record Term(String name, LocalDate from, LocalDate to) {
        public boolean contains(LocalDate d) {
            return !d.isBefore(from) && !d.isAfter(to);
        }
    }

    public record Closure(Kind kind, LocalDate from, LocalDate to, String name) {
        public boolean contains(LocalDate d) {
            return !d.isBefore(from) && !d.isAfter(to);
        }
    }

    public record Region(List<Term> terms, List<Closure> closures) {}

    /** Why {@code date} is not a school day for {@code school}, if it is not. */
    public Optional<String> whyClosed(School school, LocalDate date, Set<DayOfWeek> days) {
        if (!days.contains(date.getDayOfWeek())) return Optional.of("weekend");
        Region region = regionOf(school);
        if (region != null && region.terms().stream().noneMatch(t -> t.contains(date))) {
            return Optional.of("outside term");
        }
        return closuresFor(school).filter(c -> c.contains(date)).findFirst().map(Closure::name);
    }

    public boolean isSchoolDay(School school, LocalDate date, Set<DayOfWeek> days) {
        return whyClosed(school, date, days).isEmpty();
    }

    /** The school's calendar region; none when it names none (an immutable map refuses a null key). */
    private Region regionOf(School school) {
        return school.calendarRegion() == null ? null : regions.get(school.calendarRegion());
    }

    private Stream<Closure> closuresFor(School school) {
        Region region = regionOf(school);
        return Stream.of(
                        trustClosures.stream(),
                        region == null ? Stream.<Closure>empty() : region.closures().stream(),
                        schoolClosures.getOrDefault(school.id(), List.of()).stream())
                .flatMap(s -> s);
    }
}
