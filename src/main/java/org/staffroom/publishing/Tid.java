package org.staffroom.publishing;

import java.time.Instant;

/**
 * A timestamp identifier as the AT Protocol defines record keys of {@code app.bsky.feed.post}: 64
 * bits (a zero bit, microseconds since 1970 in 53 bits, a 10-bit clock id) written as 13
 * characters of base32-sortable. Fixed when a post is scheduled, so every try uses the same key.
 */
final class Tid {

    private static final String ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";

    private Tid() {}

    static String of(Instant at, long clockId) {
        long micros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
        long v = ((micros & ((1L << 53) - 1)) << 10) | (clockId & 0x3FF);
        char[] out = new char[13];
        for (int i = 12; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (v & 31));
            v >>>= 5;
        }
        return new String(out);
    }
}
