package org.staffroom.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The AES-GCM sealing of stored bot tokens: round trip, tampering, another key, another row, bad keys. */
class TokenCipherTest {

    static final String TOKEN = "xoxb-1111111111-2222222222222-AbCdEfGhIjKlMnOpQrStUvWx";

    static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void aSealedTokenOpensWithTheSameKeyAndTeam() {
        TokenCipher cipher = TokenCipher.fromBase64(newKey());
        String sealed = cipher.seal(TOKEN, "T0NWTRUST1");

        assertThat(sealed).startsWith("v1:").doesNotContain(TOKEN).doesNotContain("xoxb");
        assertThat(TokenCipher.sealed(sealed)).isTrue();
        assertThat(TokenCipher.sealed(TOKEN)).isFalse();
        assertThat(cipher.open(sealed, "T0NWTRUST1")).isEqualTo(TOKEN);
        // A fresh IV each time: sealing twice gives two different values that both open.
        String again = cipher.seal(TOKEN, "T0NWTRUST1");
        assertThat(again).isNotEqualTo(sealed);
        assertThat(cipher.open(again, "T0NWTRUST1")).isEqualTo(TOKEN);
        // 12-byte IV + ciphertext + 16-byte tag.
        assertThat(Base64.getDecoder().decode(sealed.substring(3))).hasSize(12 + TOKEN.length() + 16);
    }

    @Test
    void everyAlteredByteIsDetected() {
        TokenCipher cipher = TokenCipher.fromBase64(newKey());
        byte[] raw = Base64.getDecoder().decode(cipher.seal(TOKEN, "T0NWTRUST1").substring(3));
        int detected = 0;
        for (int i = 0; i < raw.length; i++) {
            byte[] altered = raw.clone();
            altered[i] ^= 0x01;
            String value = "v1:" + Base64.getEncoder().encodeToString(altered);
            try {
                cipher.open(value, "T0NWTRUST1");
            } catch (IllegalStateException e) {
                assertThat(e.getMessage()).doesNotContain(TOKEN);
                detected++;
            }
        }
        assertThat(detected).isEqualTo(raw.length);
        assertThatThrownBy(() -> cipher.open(
                        "v1:" + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(raw, 20)), "T0NWTRUST1"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.open("v1:not base64!", "T0NWTRUST1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherKeyOrAnotherTeamDoesNotOpenIt() {
        String sealed = TokenCipher.fromBase64(newKey()).seal(TOKEN, "T0NWTRUST1");

        assertThatThrownBy(() -> TokenCipher.fromBase64(newKey()).open(sealed, "T0NWTRUST1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not open with STAFFROOM_SECRET_KEY")
                .hasMessageNotContaining(TOKEN);
        String key = newKey();
        String forTrust = TokenCipher.fromBase64(key).seal(TOKEN, "T0NWTRUST1");
        assertThatThrownBy(() -> TokenCipher.fromBase64(key).open(forTrust, "T0OTHER001"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMissingOrMalformedKeyIsRefusedWithHowToMakeOne() {
        for (String bad :
                new String[] {null, " ", "not-base64-@@@", Base64.getEncoder().encodeToString(new byte[16])}) {
            assertThatThrownBy(() -> TokenCipher.fromBase64(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("STAFFROOM_SECRET_KEY")
                    .hasMessageContaining("openssl rand -base64 32");
        }
        assertThat(TokenCipher.fromBase64(newKey())).isNotNull();
    }
}
