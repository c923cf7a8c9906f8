package org.staffroom.chat;

/**
 * What a platform's chat can do, as its adapter declares ({@code PlatformConnector.capabilities()}).
 * {@link Chat} falls back where one is missing, so workflows write for the full set: a reaction the
 * bot offers as a vote becomes a button, a form becomes a question-and-answer exchange in direct
 * messages, a private answer becomes a direct message.
 */
public enum Capability {
    /** People react to messages with emoji, and the bot can add its own. */
    REACTIONS,
    /** Forms (Slack and Discord modals) open over the conversation. */
    FORMS,
    /** An answer can be shown to one person only, in the channel where they acted. */
    EPHEMERAL,
    /** Replies can hang under a message. */
    THREADS,
    /** Messages carry buttons. */
    BUTTONS,
    /** The bot can talk to one person privately. */
    DIRECT_MESSAGES
}
