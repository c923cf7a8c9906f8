package org.staffroom.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects every problem found while reading bot-config, so the admin sees them all at once. */
final class Problems {

    private final List<ConfigProblem> list = new ArrayList<>();

    void add(Location at, String message) {
        list.add(new ConfigProblem(at, message));
    }

    List<ConfigProblem> raw() {
        return list;
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<ConfigProblem> sorted() {
        List<ConfigProblem> copy = new ArrayList<>(list);
        Collections.sort(copy);
        return copy;
    }
}
