package org.staffroom.slack;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Slack's workspace-wide limit on new posts, as the delivery sender keeps to it
 * ({@code staffroom.slack.limits.*}, bound from STAFFROOM_SLACK_WORKSPACE_POSTS_PER_MINUTE and
 * STAFFROOM_SLACK_SENDING_INSTANCES in application.properties).
 *
 * <p>Slack's chat.postMessage allows "1 message per second to a specific channel" and, across a
 * workspace, "several hundred messages per minute" (https://api.slack.com/methods/chat.postMessage,
 * "Rate limiting"); 300 is that figure at its lowest. The limit is per app and workspace, so
 * instances sharing one app share it. The pace is kept in each instance's memory (the per-channel
 * pace is too), so each instance keeps to its share: the limit divided by {@code sendingInstances}.
 *
 * @param workspacePostsPerMinute Slack's limit on new posts a minute in one workspace, for the whole app
 * @param sendingInstances        how many Staffroom instances send to Slack at once (each takes its share)
 */
@ConfigurationProperties("staffroom.slack.limits")
record SlackLimits(
        @DefaultValue("300") int workspacePostsPerMinute,
        @DefaultValue("1") int sendingInstances) {

    SlackLimits {
        if (workspacePostsPerMinute < 1)
            throw new IllegalArgumentException(
                    "staffroom.slack.limits.workspace-posts-per-minute must be at least 1 (Slack's figure is 300)");
        if (sendingInstances < 1)
            throw new IllegalArgumentException("staffroom.slack.limits.sending-instances must be at least 1");
    }

    /** One instance's share of the workspace's posts a minute. */
    double postsPerMinuteHere() {
        return (double) workspacePostsPerMinute / sendingInstances;
    }
}
