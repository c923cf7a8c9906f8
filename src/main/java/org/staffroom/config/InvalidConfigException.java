package org.staffroom.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when bot-config cannot be used; carries every problem found, not just the first. */
public class InvalidConfigException extends RuntimeException {

    private final List<ConfigProblem> problems;

    public InvalidConfigException(List<ConfigProblem> problems) {
        super("The configuration has " + problems.size() + " problem(s):\n"
                + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
