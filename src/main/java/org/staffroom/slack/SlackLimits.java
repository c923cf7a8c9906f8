package org.staffroom.slack;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Slack's workspace-wide limit on new posts, as the delivery sender keeps to it
 * ({@code staffroom.slack.limits.*}, bound from STAFFROOM_SLACK_WORKSPACE_POSTS_PER_MINUTE and
 * STAFFROOM_SLACK_SENDING_INSTANCES in application.properties).
 *
 * <p>Slack's chat.postMessage allows "1 message per second to a specific channel" and, across a
 * workspace, "several hundred messages per minute" (https://api.slack.com/methods/chat.postMessage,
 * "Rate limiting"); 300 a minute is that figure at its lowest. The limit is per app and workspace, so
 * instances sharing one app share it. The pace is kept in each instance's memory (the per-channel
 * pace is too), so each instance keeps to its share: the limit divided by {@code sendingInstances}.
 *
 * @param workspacePosts   Slack's limit on new posts in one workspace per {@code workspaceWindow}, for the whole app
 * @param workspaceWindow  the sliding window that limit is counted over: a minute (tests shorten it)
 * @param sendingInstances how many Staffroom instances send to Slack at once (each takes its share)
 */
@ConfigurationProperties("staffroom.slack.limits")
record SlackLimits(
        @DefaultValue("300") int workspacePosts,
        @DefaultValue("1m") Duration workspaceWindow,
        @DefaultValue("1") int sendingInstances) {

    SlackLimits {
        if (workspacePosts < 1)
            throw new IllegalArgumentException(
                    "staffroom.slack.limits.workspace-posts must be at least 1 (Slack's figure is 300 a minute)");
        if (workspaceWindow == null || workspaceWindow.isNegative() || workspaceWindow.isZero())
            throw new IllegalArgumentException("staffroom.slack.limits.workspace-window must be positive, e.g. 1m");
        if (sendingInstances < 1)
            throw new IllegalArgumentException("staffroom.slack.limits.sending-instances must be at least 1");
    }

    /** This instance's share of the workspace's posts per window (at least one). */
    int postsHere() {
        return Math.max(1, workspacePosts / sendingInstances);
    }
}
