package org.staffroom.qotd;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the trust-wide question for a date. A question pinned to the date wins. Otherwise the pick
 * comes from the questions not yet asked in the current cycle (and not held back for a later pin);
 * when none are left a new cycle starts. Among those, a category not used in the last two days is
 * preferred, for a good mix, and the pick is a hash of the trust, the date and the question id:
 * deterministic, so the same state always gives the same question and a preview can be trusted.
 */
final class Rotation {

    static final int RECENT_CATEGORIES = 2;

    private Rotation() {}

    /** A question that may be asked. */
    record Candidate(String id, String category) {}

    /** Where the rotation stands: the cycle, what was asked in it, the categories of the last days. */
    record State(int cycle, Set<String> used, List<String> recentCategories) {
        State {
            used = Set.copyOf(used);
            recentCategories = List.copyOf(recentCategories);
        }

        static State start() {
            return new State(1, Set.of(), List.of());
        }

        /** The state after {@code choice} was asked. */
        State after(Choice choice) {
            Set<String> nowUsed = new LinkedHashSet<>(choice.cycle() > cycle ? Set.of() : used);
            nowUsed.add(choice.questionId());
            List<String> recent = new ArrayList<>();
            recent.add(choice.category());
            for (String c : recentCategories) {
                if (recent.size() < RECENT_CATEGORIES) recent.add(c);
            }
            return new State(choice.cycle(), nowUsed, recent);
        }
    }

    enum Reason {
        PINNED,
        ROTATION
    }

    /** The question for a date, the cycle it counts in, and how many unasked questions are left in that cycle. */
    record Choice(String questionId, String category, int cycle, Reason reason, int remaining) {}

    /**
     * @param salt     the trust id, so two trusts do not ask in the same order
     * @param eligible questions that may be asked (not retired)
     * @param pins     question ids pinned to dates
     */
    static Optional<Choice> choose(
            String salt, LocalDate date, List<Candidate> eligible, Map<LocalDate, String> pins, State state) {
        Set<String> reserved = new LinkedHashSet<>();
        pins.forEach((d, id) -> {
            if (d.isAfter(date)) reserved.add(id);
        });
        String pinned = pins.get(date);
        Optional<Candidate> pin = pinned == null
                ? Optional.empty()
                : eligible.stream().filter(c -> c.id().equals(pinned)).findFirst();
        if (pin.isPresent()) {
            long left = eligible.stream()
                    .filter(c -> !reserved.contains(c.id()) && !state.used().contains(c.id()) && !c.id().equals(pinned))
                    .count();
            return Optional.of(new Choice(pinned, pin.get().category(), state.cycle(), Reason.PINNED, (int) left));
        }
        int cycle = state.cycle();
        List<Candidate> pool = eligible.stream()
                .filter(c -> !reserved.contains(c.id()) && !state.used().contains(c.id()))
                .toList();
        if (pool.isEmpty()) {
            cycle++;
            pool = eligible.stream().filter(c -> !reserved.contains(c.id())).toList();
        }
        if (pool.isEmpty()) return Optional.empty();
        List<Candidate> mixed = pool.stream()
                .filter(c -> !state.recentCategories().contains(c.category()))
                .toList();
        List<Candidate> from = mixed.isEmpty() ? pool : mixed;
        Candidate pick = from.stream()
                .min(Comparator.comparing(c -> rank(salt, date, c.id())))
                .orElseThrow();
        return Optional.of(new Choice(pick.id(), pick.category(), cycle, Reason.ROTATION, pool.size() - 1));
    }

    private static String rank(String salt, LocalDate date, String id) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((salt + "|" + date + "|" + id).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
