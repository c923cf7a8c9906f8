package org.staffroom.config;

/** A place in a config file, printed the way editors and terminals link to it. */
public record Location(String file, int line, int column) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
