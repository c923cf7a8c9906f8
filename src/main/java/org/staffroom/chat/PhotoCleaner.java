package org.staffroom.chat;

/**
 * Makes an uploaded picture safe to keep and show: decoded and encoded afresh, so no metadata
 * (location, camera, names) survives and nothing but an image can come back out. The drafts
 * feature provides it, since its photo rules are the product's; adapters that accept uploads of
 * their own (the sandbox) use it too, so there is one sanitizer.
 */
public interface PhotoCleaner {

    /** The cleaned picture, or why it was refused (a short sentence for the person). */
    Result clean(byte[] upload);

    record Result(byte[] bytes, String mimeType, String refusal) {

        public static Result cleaned(byte[] bytes, String mimeType) {
            return new Result(bytes, mimeType, null);
        }

        public static Result refused(String why) {
            return new Result(null, null, why);
        }

        public boolean ok() {
            return refusal == null;
        }
    }
}
