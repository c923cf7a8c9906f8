package org.staffroom.chat;

/** The state of one outbound post, found by its idempotency key. {@code message} is set once sent. */
public record Delivery(String key, State state, MessageRef message, String error) {

    public enum State {
        PENDING,
        SENDING,
        SENT,
        FAILED
    }

    public boolean sent() {
        return state == State.SENT;
    }
}
