package org.staffroom.config;

import java.time.Instant;
import java.util.List;

/**
 * An edit of bot-config was refused while consent.yml had problems or new names: {@code problems}
 * are every problem of the edit, {@code schools} the schools whose no-media-consent list had a
 * refused line, and {@code namesApplied} says whether the edit's good consent lines took effect
 * anyway (they always do: a refusal never delays a withdrawal).
 */
public record ConsentRefused(Instant at, List<ConfigProblem> problems, List<String> schools, boolean namesApplied) {

    /** Only the problems found in consent.yml. */
    public List<ConfigProblem> consentProblems() {
        return problems.stream()
                .filter(p -> p.location().file().endsWith("consent.yml"))
                .toList();
    }
}
