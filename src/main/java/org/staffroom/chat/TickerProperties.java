package org.staffroom.chat;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Staffroom's own timers, as one setting with one meaning.
 *
 * @param enabled whether Staffroom's timers run by themselves: the {@link Ticker}'s tick and the PD chat
 *                relay's flush between ticks. Tests turn this off and drive time with {@link Ticker#tickNow()}.
 */
@ConfigurationProperties("staffroom.ticker")
public record TickerProperties(@DefaultValue("true") boolean enabled) {}
