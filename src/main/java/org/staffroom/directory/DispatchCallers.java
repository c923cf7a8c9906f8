package org.staffroom.directory;

import java.util.Locale;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Actor;
import org.staffroom.chat.Callers;
import org.staffroom.chat.ChannelRef;
import org.staffroom.config.Role;

/** The dispatcher's view of callers: resolved by the {@link Directory} from the configuration in force. */
@Component
class DispatchCallers implements Callers<Caller> {

    private final Directory directory;

    DispatchCallers(Directory directory) {
        this.directory = directory;
    }

    @Override
    public Caller resolve(Actor actor, ChannelRef channel) {
        return directory.caller(actor, channel);
    }

    @Override
    public boolean holds(Caller caller, Role role) {
        return Directory.holds(caller, role);
    }

    @Override
    public Locale locale(Caller caller) {
        return caller.locale();
    }
}
