package org.staffroom.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web dashboard's settings, read in one place (three classes each repeated the default before).
 *
 * @param sessionLifetime how long a sign-in lasts; also how far back a sign-out is remembered
 */
@ConfigurationProperties("staffroom.web")
record WebProperties(@DefaultValue("8h") Duration sessionLifetime) {}
