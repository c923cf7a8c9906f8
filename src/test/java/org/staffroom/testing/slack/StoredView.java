package org.staffroom.testing.slack;

import com.google.gson.JsonObject;

/**
 * A view the bot opened, pushed, updated or published, as the fake stores it.
 *
 * @param id              {@code V…}
 * @param type            {@code modal} or {@code home}
 * @param userId          for home tabs the owner; for modals the user whose trigger opened it (if known)
 * @param callbackId      {@code callback_id}
 * @param privateMetadata {@code private_metadata}
 * @param externalId      {@code external_id}
 * @param hash            current hash (changes on every update)
 * @param rootViewId      root of the modal stack
 * @param view            the full view JSON as Slack would return it
 * @param method          the method that produced this version ({@code views.open} …)
 */
public record StoredView(
        String id,
        String type,
        String userId,
        String callbackId,
        String privateMetadata,
        String externalId,
        String hash,
        String rootViewId,
        JsonObject view,
        String method) {}
