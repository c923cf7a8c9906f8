package org.staffroom.slack;

import java.util.List;
import org.springframework.stereotype.Component;
import org.staffroom.chat.AdapterWebPaths;

/**
 * Slack calls {@code /slack/**} (events, interactions, commands, OAuth) and proves itself with its
 * request signature ({@link SlackSignature}), not a session or a CSRF token. Open even when Slack is
 * not configured, so that a stray call is answered 404 by the missing endpoint, not a sign-in page.
 */
@Component
class SlackWebPaths implements AdapterWebPaths {

    @Override
    public List<String> open() {
        return List.of("/slack/**");
    }

    @Override
    public List<String> withoutCsrfToken() {
        return List.of("/slack/**");
    }
}
