package org.staffroom.slack;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code staffroom.secret-key} ({@code STAFFROOM_SECRET_KEY}): the key Slack installations' tokens are encrypted
 * with at rest. Never logged.
 *
 * @param secretKey the key, or empty when none is set
 */
@ConfigurationProperties("staffroom")
record SecretKeySetting(@DefaultValue("") String secretKey) {

    @Override
    public String toString() {
        return "SecretKeySetting[secretKey=" + (secretKey.isEmpty() ? "" : "…") + "]";
    }
}
