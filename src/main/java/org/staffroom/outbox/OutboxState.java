package org.staffroom.outbox;

/** The state column of an outbox row. {@link #FAILED} is the dead letter an admin sees. */
public enum OutboxState {
    PENDING,
    SENDING,
    SENT,
    FAILED,
    CANCELLED
}
