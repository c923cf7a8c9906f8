package org.staffroom.publishing;

/** Where a post went live: the network's id for it, and the link people open. */
public record Published(String remoteId, String url) {}
