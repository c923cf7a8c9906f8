package org.staffroom.testing.slack;

/** A Web API failure answered as HTTP 200 {@code {"ok":false,"error":code}}, the way Slack reports them. */
final class SlackError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final String code;

    SlackError(String code) {
        super(code, null, false, false);
        this.code = code;
    }
}
