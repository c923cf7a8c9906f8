package org.staffroom.drafts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves stored photos at {@code /files/<public id>} so adapters can embed them and the wall can
 * show them. A photo of an approved post that has not been pulled is public; any other photo
 * answers only with its token ({@code ?t=…}), which only staff messages carry. Anything else is
 * a plain 404, so nobody can tell a photo exists. Photos are never logged by URL.
 */
@RestController
record DraftFiles(DraftStore store, ImageStore images) {

    @GetMapping("/files/{publicId}")
    ResponseEntity<byte[]> file(
            @PathVariable String publicId, @RequestParam(name = "t", required = false) String token) {
        if (!publicId.matches("[A-Za-z0-9_-]{16,64}")) return notFound();
        Optional<DraftStore.ImageRow> image = store.imageByPublicId(publicId);
        if (image.isEmpty()) return notFound();
        Optional<DraftStore.DraftRow> draft = store.draft(image.get().draftId());
        if (draft.isEmpty() || draft.get().purged()) return notFound();
        boolean withToken = token != null
                && MessageDigest.isEqual(
                        token.getBytes(StandardCharsets.UTF_8),
                        image.get().token().getBytes(StandardCharsets.UTF_8));
        boolean isPublic = isPublic(draft.get(), image.get());
        if (!withToken && !isPublic) return notFound();
        Optional<byte[]> bytes = images.read(image.get().fileName());
        if (bytes.isEmpty()) return notFound();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(image.get().mimeType()))
                .cacheControl(
                        withToken
                                ? CacheControl.noStore().cachePrivate()
                                : CacheControl.noCache().cachePublic())
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline")
                .body(bytes.get());
    }

    /** On the wall: approved, not pulled, and in the revision that was approved. */
    private boolean isPublic(DraftStore.DraftRow draft, DraftStore.ImageRow image) {
        if (!draft.state().approved() || draft.pulledAt() != null) return false;
        return store.revision(draft.id(), draft.revision())
                .map(r -> r.imageIds().contains(image.id()))
                .orElse(false);
    }

    private static ResponseEntity<byte[]> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
    }
}
