package org.staffroom.chat.spi;

import java.util.List;
import org.staffroom.chat.UserRef;

/** Who has reacted with one emoji on a message right now, read back for reconciliation. */
public record ReactionSnapshot(String emoji, List<UserRef> users) {}
