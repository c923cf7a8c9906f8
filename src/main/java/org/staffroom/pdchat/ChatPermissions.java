package org.staffroom.pdchat;

import java.util.List;
import org.staffroom.config.Role;
import org.staffroom.directory.Caller;

/** Who may run a chat (start, stop, hide messages): its host, or a coordinator of every school taking part. */
final class ChatPermissions {

    private ChatPermissions() {}

    static boolean mayRun(Caller caller, String hostKey, List<String> schoolIds) {
        if (caller.personKey().equals(hostKey) || caller.hasTrustWide(Role.COORDINATOR)) return true;
        return !schoolIds.isEmpty() && schoolIds.stream().allMatch(id -> caller.has(Role.COORDINATOR, id));
    }

    /** Scheduling a chat for {@code schoolIds} (empty: every school) needs a coordinator of each. */
    static boolean maySchedule(Caller caller, List<String> schoolIds) {
        if (caller.hasTrustWide(Role.COORDINATOR)) return true;
        return !schoolIds.isEmpty() && schoolIds.stream().allMatch(id -> caller.has(Role.COORDINATOR, id));
    }
}
