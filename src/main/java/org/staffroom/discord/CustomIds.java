package org.staffroom.discord;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Packs two strings (a button's action id and value, a modal's form id and context) into one
 * Discord custom id of at most 100 characters: {@code first|second} when it fits, otherwise a short
 * {@code ~} id stored in {@code discord_custom_id}. The short id is a hash, so rendering the same
 * message again gives the same id.
 */
class CustomIds {

    static final int MAX_LENGTH = 100;
    private static final char SEPARATOR = '|';
    private static final String STORED = "~";

    record Pair(String first, String second) {}

    private final DiscordStore store;

    CustomIds(DiscordStore store) {
        this.store = store;
    }

    String encode(String first, String second) {
        return encode(first, second, 0);
    }

    /** {@code discriminator} > 0 makes a different id for the same pair (two equal buttons in one message). */
    String encode(String first, String second, int discriminator) {
        String value = second == null ? "" : second;
        String plain = first + SEPARATOR + value;
        if (discriminator == 0
                && plain.length() <= MAX_LENGTH
                && first.indexOf(SEPARATOR) < 0
                && !first.startsWith(STORED)) {
            return plain;
        }
        String shortId = STORED + hash(plain + (discriminator == 0 ? "" : "\u0000" + discriminator));
        store.saveCustomId(shortId, first, value);
        return shortId;
    }

    /** The pair behind a custom id, or empty when a stored id is unknown (e.g. a very old button). */
    Optional<Pair> decode(String customId) {
        if (customId.startsWith(STORED)) {
            return store.customId(customId).map(c -> new Pair(c.first(), c.second() == null ? "" : c.second()));
        }
        int at = customId.indexOf(SEPARATOR);
        if (at < 0) return Optional.of(new Pair(customId, ""));
        return Optional.of(new Pair(customId.substring(0, at), customId.substring(at + 1)));
    }

    /** 128 bits of SHA-256 in base 36: at most 25 characters (also the nonce length limit). */
    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            byte[] first16 = new byte[16];
            System.arraycopy(digest, 0, first16, 0, 16);
            return new BigInteger(1, first16).toString(36);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
