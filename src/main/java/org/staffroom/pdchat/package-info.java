/**
 * Hashtag professional-development chats (#edchat style) across the trust's schools and platforms:
 * chats from chats.yml or scheduled with /pdchat, run on the clock (reminders, intro, questions,
 * wrap-up) in every participating school's pd channel; answers captured and attributed to
 * questions, relayed to the other schools within each channel's rate (coalescing bursts into a
 * rolling message), and archived as Markdown and HTML. The {@code tags} sub-package keeps the
 * trust-wide hashtag index behind /tag, /follow and /unfollow. {@link org.staffroom.pdchat.PdChatArchives}
 * is what other modules (the web) may use.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"chat", "config", "directory"})
package org.staffroom.pdchat;
