package org.staffroom.chat;

/** A file on a message, as the platform describes it; fetch the bytes with {@link Chat#download}. */
public record Attachment(String id, String name, String mimeType, long size, String url) {

    public boolean isImage() {
        return mimeType != null && mimeType.startsWith("image/");
    }
}
