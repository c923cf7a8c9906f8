package org.staffroom.config;

import java.time.Instant;
import java.util.List;

/** A configuration edit that was refused; the previous configuration stayed in force. */
public record ConfigRefused(Instant at, List<ConfigProblem> problems) {}
