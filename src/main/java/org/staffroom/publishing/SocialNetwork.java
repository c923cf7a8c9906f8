package org.staffroom.publishing;

import java.util.Optional;

/**
 * What publishing needs from one social network. Implementations live in adapter packages and
 * must make {@link #publish} safe to repeat with the same {@link OutgoingPost#key()}: either the
 * network honours the key itself, or {@link #find} can recognise an earlier post, which the
 * outbox asks before every retry.
 */
public interface SocialNetwork {

    /** The network's id, as in the configuration: facebook, instagram, bluesky, mastodon. */
    String id();

    /** Length, photos and alt text as this network counts and allows them. */
    NetworkRules rules();

    /** Publishes the post. Throws {@link NetworkException} with the network's reason in plain words. */
    Published publish(Connection account, OutgoingPost post) throws NetworkException;

    /** The post published earlier under the same key, if the network has it (reconciliation before a retry). */
    Optional<Published> find(Connection account, OutgoingPost post) throws NetworkException;

    /** Deletes a published post, or says that someone must do it by hand and where. */
    Takedown delete(Connection account, Published post) throws NetworkException;
}
