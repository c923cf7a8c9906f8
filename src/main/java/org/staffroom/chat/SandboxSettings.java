package org.staffroom.chat;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local web sandbox's switch ({@code staffroom.sandbox.*}); {@link SandboxAccess} decides from it.
 *
 * @param mode        {@code auto}, {@code on} or {@code off} (see {@link SandboxAccess})
 * @param allowRemote whether the sandbox answers requests from other machines, not only this one
 */
@ConfigurationProperties("staffroom.sandbox")
record SandboxSettings(
        @DefaultValue("auto") String mode,
        @DefaultValue("false") boolean allowRemote) {}
