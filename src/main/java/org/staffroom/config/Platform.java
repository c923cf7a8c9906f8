package org.staffroom.config;

/** The chat services a school's space can live on. */
public enum Platform {
    SLACK, DISCORD;

    public String label() {
        return this == SLACK ? "Slack" : "Discord";
    }
}
