package org.staffroom.chat;

import java.util.List;

/**
 * Web paths an adapter serves itself (Slack's event endpoint, the sandbox page and its API): the web
 * module opens them without a staff session, since the adapter checks its callers its own way
 * (Slack's request signature, the sandbox's loopback gate). An adapter declares a bean of this type;
 * the web module's security has no platform's paths written into it.
 */
public interface AdapterWebPaths {

    /** Ant-style path patterns reachable without signing in, e.g. {@code /slack/**}. */
    List<String> open();

    /** Of those, the ones called by a platform or a script, not by a form of ours: no CSRF token is asked for. */
    List<String> withoutCsrfToken();
}
