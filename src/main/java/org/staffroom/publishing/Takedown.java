package org.staffroom.publishing;

/**
 * The result of a delete.
 *
 * @param deleted true when the post is gone from the network (or was already)
 * @param manual  when not deleted: why, in plain words, for the people who must do it by hand
 */
public record Takedown(boolean deleted, String manual) {

    public static Takedown done() {
        return new Takedown(true, null);
    }

    /** The network has no way to delete through its API (or refused): someone must delete it at the post's link. */
    public static Takedown byHand(String why) {
        return new Takedown(false, why);
    }
}
