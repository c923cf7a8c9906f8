package org.staffroom.chat;

import java.util.Locale;
import org.staffroom.config.Role;

/**
 * Who acted, as the {@link Dispatcher} needs to know it: resolved once per action from the
 * configuration in force. The directory implements it ({@code C} is its {@code Caller}); chat
 * cannot depend on the directory, which depends on chat, so the dispatcher sees the caller only
 * through this port.
 */
public interface Callers<C> {

    /** The caller behind {@code actor} in {@code channel} (null for a direct message or when unknown). */
    C resolve(Actor actor, ChannelRef channel);

    /** True if {@code caller} holds {@code role} as a catalog entry asks for it. */
    boolean holds(C caller, Role role);

    Locale locale(C caller);
}
