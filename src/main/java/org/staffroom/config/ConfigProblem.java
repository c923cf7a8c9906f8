package org.staffroom.config;

/** One thing wrong with the configuration, where it is and what to change. */
public record ConfigProblem(Location location, String message) implements Comparable<ConfigProblem> {

    @Override
    public String toString() {
        return location + ": " + message;
    }

    @Override
    public int compareTo(ConfigProblem o) {
        int c = location.file().compareTo(o.location.file());
        if (c == 0) c = Integer.compare(location.line(), o.location.line());
        if (c == 0) c = Integer.compare(location.column(), o.location.column());
        return c;
    }
}
