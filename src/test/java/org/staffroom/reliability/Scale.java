package org.staffroom.reliability;

/**
 * The size a long scenario runs at. CI runs the short version (scaled down, the scale printed with
 * the figures); {@code mvn -B -Preliability-long test -Dtest='org.staffroom.reliability.**'} sets
 * {@code staffroom.reliability.long=true} and runs the full one.
 */
public final class Scale {

    public static final boolean LONG = Boolean.getBoolean("staffroom.reliability.long");

    private Scale() {}

    /** {@code shortValue} in CI, {@code longValue} with the reliability-long profile. */
    public static int of(int shortValue, int longValue) {
        return LONG ? longValue : shortValue;
    }

    public static String name() {
        return LONG ? "full" : "short";
    }
}
