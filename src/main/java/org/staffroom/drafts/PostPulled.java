package org.staffroom.drafts;

import java.time.Instant;

/**
 * A public post was pulled (a pupil it names was added to the no-media-consent list): it must come
 * off every network it went to. Published inside the pull's transaction.
 */
public record PostPulled(long draftId, String schoolId, Instant at, String reason) {}
