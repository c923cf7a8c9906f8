package org.staffroom.slack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the bot tokens Staffroom stores itself (OAuth installs) with AES-256-GCM under the key in
 * {@code STAFFROOM_SECRET_KEY}. A sealed value is {@code v1:} and the base64 of a fresh 12-byte IV
 * followed by the ciphertext and its 128-bit tag; the row's team id is bound in as associated data,
 * so a sealed token copied onto another workspace's row does not open. The JDK's own AES-GCM is
 * used rather than a library: it is exactly this one primitive, and it is well kept.
 */
final class TokenCipher {

    static final String VERSION = "v1:";
    static final String HOW_TO_MAKE_A_KEY =
            "make one with `openssl rand -base64 32` and set it as STAFFROOM_SECRET_KEY "
                    + "(keep it with your other secrets: without it the stored Slack installs cannot be read)";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private TokenCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The cipher for a base64 key of 32 bytes; an explanation of what is wrong otherwise. */
    static TokenCipher fromBase64(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException("STAFFROOM_SECRET_KEY is not set: " + HOW_TO_MAKE_A_KEY);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("STAFFROOM_SECRET_KEY is not valid base64: " + HOW_TO_MAKE_A_KEY);
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("STAFFROOM_SECRET_KEY must be 32 bytes (256 bits) in base64, not "
                    + bytes.length + " bytes: " + HOW_TO_MAKE_A_KEY);
        }
        return new TokenCipher(bytes);
    }

    /** True for a value this class sealed (a plain Slack token starts with {@code xox}). */
    static boolean sealed(String stored) {
        return stored != null && stored.startsWith(VERSION);
    }

    /** Seals {@code secret}, bound to {@code context} (the row's team id). */
    String seal(String secret, String context) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, iv, context);
            byte[] out = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return VERSION
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(IV_BYTES + out.length)
                                    .put(iv)
                                    .put(out)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "AES-GCM is not available: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Opens a sealed value. Fails if it was altered, bound to another context, or sealed under
     * another key; the message never contains the value.
     */
    String open(String stored, String context) {
        if (!sealed(stored)) throw new IllegalArgumentException("not a sealed value");
        byte[] all;
        try {
            all = Base64.getDecoder().decode(stored.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a sealed token is damaged (not base64)");
        }
        if (all.length < IV_BYTES + TAG_BITS / 8)
            throw new IllegalStateException("a sealed token is damaged (too short)");
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(all, IV_BYTES), context);
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("a sealed token does not open with STAFFROOM_SECRET_KEY "
                    + "(another key, or the value was altered)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "a sealed token cannot be opened: " + e.getClass().getSimpleName());
        }
    }

    private Cipher cipher(int mode, byte[] iv, String context) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return c;
    }

    @Override
    public String toString() {
        return "TokenCipher[AES-256-GCM, " + VERSION + "]";
    }
}
