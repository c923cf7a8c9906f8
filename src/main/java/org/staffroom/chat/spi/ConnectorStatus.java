package org.staffroom.chat.spi;

/** Whether an adapter is connected, for the health endpoint and the dashboard. */
public record ConnectorStatus(State state, String detail) {

    public enum State {
        UP,
        CONNECTING,
        DOWN
    }

    public static ConnectorStatus up(String detail) {
        return new ConnectorStatus(State.UP, detail);
    }

    public static ConnectorStatus down(String detail) {
        return new ConnectorStatus(State.DOWN, detail);
    }
}
