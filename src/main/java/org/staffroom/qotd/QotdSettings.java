package org.staffroom.qotd;

import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The question of the day's own settings ({@code staffroom.qotd.*}).
 *
 * @param catchUpUntil until this local time a question missed at its hour (the bot was down) is still posted
 */
@ConfigurationProperties("staffroom.qotd")
record QotdSettings(@DefaultValue("17:00") LocalTime catchUpUntil) {}
