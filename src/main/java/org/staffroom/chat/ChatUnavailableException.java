package org.staffroom.chat;

/**
 * A platform could not answer a read the workflow asked for (reactions on a card, a file's bytes):
 * it is down, rate limited, or the thing is gone. Workflows treat it as "try again later".
 */
public class ChatUnavailableException extends Exception {

    private final boolean permanent;

    public ChatUnavailableException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    /** True when trying again cannot help (the message or file no longer exists, no access). */
    public boolean permanent() {
        return permanent;
    }
}
