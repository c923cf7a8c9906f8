package org.staffroom.qotd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.staffroom.config.ConfigLoader;
import org.staffroom.config.StaffroomConfig;

/** The rotation on its own: no repeats within a cycle, pins, a good mix, determinism. */
class RotationTest {

    private static final StaffroomConfig SAMPLE = ConfigLoader.load(Path.of("bot-config"), "bot-config");
    private static final List<Rotation.Candidate> BANK = SAMPLE.questions().stream()
            .map(q -> new Rotation.Candidate(q.id(), q.category()))
            .toList();

    /** Runs the rotation over {@code count} weekdays from {@code start}, as the service would, and returns the choices. */
    private static List<Rotation.Choice> run(
            LocalDate start, int count, List<Rotation.Candidate> bank, Map<LocalDate, String> pins) {
        List<Rotation.Choice> out = new ArrayList<>();
        Rotation.State state = Rotation.State.start();
        for (LocalDate d = start; out.size() < count; d = d.plusDays(1)) {
            if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) continue;
            Rotation.Choice c = Rotation.choose("nwt", d, bank, pins, state).orElseThrow();
            out.add(c);
            state = state.after(c);
        }
        return out;
    }

    @Test
    void noQuestionRepeatsUntilTheBankIsSpentThenANewCycleAsksEachOnceAgain() {
        int n = BANK.size();
        List<Rotation.Choice> choices = run(LocalDate.of(2026, 11, 25), 2 * n + 3, BANK, Map.of());

        List<Rotation.Choice> first = choices.subList(0, n);
        List<Rotation.Choice> second = choices.subList(n, 2 * n);
        assertThat(first).extracting(Rotation.Choice::cycle).containsOnly(1);
        assertThat(first)
                .extracting(Rotation.Choice::questionId)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        BANK.stream().map(Rotation.Candidate::id).toList());
        // The unused pool counts down to nothing as the cycle goes on.
        assertThat(first.get(0).remaining()).isEqualTo(n - 1);
        assertThat(first.get(n - 1).remaining()).isZero();
        assertThat(second).extracting(Rotation.Choice::cycle).containsOnly(2);
        assertThat(second)
                .extracting(Rotation.Choice::questionId)
                .doesNotHaveDuplicates()
                .hasSize(n);
        assertThat(choices.subList(2 * n, 2 * n + 3))
                .extracting(Rotation.Choice::cycle)
                .containsOnly(3);
    }

    @Test
    void aPinnedQuestionIsAskedOnItsDateAndHeldBackBefore() {
        LocalDate lastDay = LocalDate.of(2026, 12, 18);
        Map<LocalDate, String> pins = Map.of(lastDay, "q046");
        List<Rotation.Choice> choices = run(LocalDate.of(2026, 11, 25), 18, BANK, pins);

        // 25 Nov .. 18 Dec is 18 weekdays; the last is the pinned one.
        Rotation.Choice last = choices.get(17);
        assertThat(last.questionId()).isEqualTo("q046");
        assertThat(last.reason()).isEqualTo(Rotation.Reason.PINNED);
        assertThat(choices.subList(0, 17))
                .extracting(Rotation.Choice::questionId)
                .doesNotContain("q046")
                .doesNotHaveDuplicates();
    }

    @Test
    void aPinnedQuestionCountsAsUsedInTheCycle() {
        LocalDate day = LocalDate.of(2026, 11, 25);
        Rotation.Choice pinned = Rotation.choose("nwt", day, BANK, Map.of(day, "q010"), Rotation.State.start())
                .orElseThrow();
        Rotation.State after = Rotation.State.start().after(pinned);
        List<String> rest = new ArrayList<>();
        Rotation.State state = after;
        for (int i = 0; i < BANK.size() - 1; i++) {
            Rotation.Choice c = Rotation.choose("nwt", day.plusDays(i + 1), BANK, Map.of(day, "q010"), state)
                    .orElseThrow();
            assertThat(c.cycle()).isEqualTo(1);
            rest.add(c.questionId());
            state = state.after(c);
        }
        assertThat(rest).doesNotContain("q010").doesNotHaveDuplicates();
    }

    @Test
    void categoriesOfTheLastTwoDaysAreAvoidedWhileOthersRemain() {
        List<Rotation.Choice> choices = run(LocalDate.of(2026, 11, 25), 20, BANK, Map.of());
        for (int i = 2; i < choices.size(); i++) {
            assertThat(choices.get(i).category())
                    .as("day %d", i)
                    .isNotIn(choices.get(i - 1).category(), choices.get(i - 2).category());
        }
    }

    @Test
    void theSameStateGivesTheSameQuestionAndTrustsDiffer() {
        LocalDate day = LocalDate.of(2026, 11, 25);
        Rotation.State state = new Rotation.State(1, Set.of("q001", "q002"), List.of("fun"));
        String a =
                Rotation.choose("nwt", day, BANK, Map.of(), state).orElseThrow().questionId();
        String b =
                Rotation.choose("nwt", day, BANK, Map.of(), state).orElseThrow().questionId();
        assertThat(a).isEqualTo(b);

        Set<String> nwt = new HashSet<>();
        Set<String> other = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            nwt.add(Rotation.choose("nwt", day.plusDays(i), BANK, Map.of(), Rotation.State.start())
                    .orElseThrow()
                    .questionId());
            other.add(Rotation.choose("other-trust", day.plusDays(i), BANK, Map.of(), Rotation.State.start())
                    .orElseThrow()
                    .questionId());
        }
        assertThat(nwt).isNotEqualTo(other);
    }

    @Test
    void aRetiredPinIsIgnoredAndAnEmptyBankGivesNothing() {
        LocalDate day = LocalDate.of(2026, 11, 25);
        List<Rotation.Candidate> withoutQ010 =
                BANK.stream().filter(c -> !c.id().equals("q010")).toList();
        Rotation.Choice c = Rotation.choose("nwt", day, withoutQ010, Map.of(day, "q010"), Rotation.State.start())
                .orElseThrow();
        assertThat(c.reason()).isEqualTo(Rotation.Reason.ROTATION);
        assertThat(c.questionId()).isNotEqualTo("q010");

        assertThat(Rotation.choose("nwt", day, List.of(), Map.of(), Rotation.State.start()))
                .isEmpty();
    }

    @Test
    void aSmallBankCyclesThroughEveryQuestionBeforeAnyRepeats() {
        List<Rotation.Candidate> small = List.of(
                new Rotation.Candidate("a", "x"), new Rotation.Candidate("b", "x"), new Rotation.Candidate("c", "y"));
        List<Rotation.Choice> choices = run(LocalDate.of(2027, 1, 4), 9, small, Map.of());
        Map<Integer, List<String>> byCycle = new HashMap<>();
        choices.forEach(
                c -> byCycle.computeIfAbsent(c.cycle(), k -> new ArrayList<>()).add(c.questionId()));
        assertThat(byCycle).containsOnlyKeys(1, 2, 3);
        byCycle.values().forEach(ids -> assertThat(ids).containsExactlyInAnyOrder("a", "b", "c"));
    }
}
