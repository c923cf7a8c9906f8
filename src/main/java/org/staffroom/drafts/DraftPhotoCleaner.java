package org.staffroom.drafts;

import org.springframework.stereotype.Component;
import org.staffroom.chat.PhotoCleaner;

/** The drafts' own photo sanitizer, offered to the rest of the application through the chat port. */
@Component
class DraftPhotoCleaner implements PhotoCleaner {

    @Override
    public Result clean(byte[] upload) {
        try {
            ImageSanitizer.Clean c = ImageSanitizer.clean(upload);
            return Result.cleaned(c.bytes(), c.mimeType());
        } catch (ImageSanitizer.Unreadable e) {
            return Result.refused(e.getMessage());
        }
    }
}
