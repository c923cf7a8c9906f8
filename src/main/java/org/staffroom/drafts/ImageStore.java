package org.staffroom.drafts;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.staffroom.config.TrustConfig;

/**
 * Photo files under the data directory ({@code staffroom.files.dir}, default {@code ./data/files}),
 * never in the database. Each photo is stored only after {@link ImageSanitizer} has stripped it,
 * under a random name, and is reached by URL as {@code /files/<public id>}: public once its post
 * is approved, otherwise only with its unguessable token ({@code ?t=…}).
 */
@Component
@EnableConfigurationProperties(FileSettings.class)
class ImageStore {

    private static final Logger log = LoggerFactory.getLogger(ImageStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final TrustConfig config;

    ImageStore(FileSettings settings, TrustConfig config) {
        this.dir = Path.of(settings.dir()).toAbsolutePath().normalize();
        this.config = config;
    }

    /** A cleaned photo written to disk, not yet recorded in the database. */
    record Saved(String publicId, String token, String fileName, String mimeType, int width, int height, long size) {}

    /** Strips and stores a photo. Throws if it is not a readable image; nothing is written then. */
    Saved save(byte[] raw) throws ImageSanitizer.Unreadable, IOException {
        ImageSanitizer.Clean clean = ImageSanitizer.clean(raw);
        String publicId = random();
        String fileName = publicId + "." + clean.extension();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".upload-", ".tmp");
        try {
            Files.write(tmp, clean.bytes());
            try {
                Files.move(tmp, dir.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(fileName));
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Saved(
                publicId, random(), fileName, clean.mimeType(), clean.width(), clean.height(), clean.bytes().length);
    }

    Optional<byte[]> read(String fileName) {
        Path p = file(fileName);
        if (p == null || !Files.isRegularFile(p)) return Optional.empty();
        try {
            return Optional.of(Files.readAllBytes(p));
        } catch (IOException e) {
            log.warn("Cannot read a stored photo: {}", e.getMessage());
            return Optional.empty();
        }
    }

    boolean exists(String fileName) {
        Path p = file(fileName);
        return p != null && Files.isRegularFile(p);
    }

    void delete(List<String> fileNames) {
        for (String f : fileNames) {
            Path p = file(f);
            if (p == null) continue;
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                log.warn("Cannot delete a stored photo ({}); the orphan sweep will retry", e.getMessage());
            }
        }
    }

    /** Deletes the files once the current transaction has committed (purges: rows first, then files). */
    void deleteAfterCommit(List<String> fileNames) {
        if (fileNames.isEmpty()) return;
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            delete(fileNames);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                delete(fileNames);
            }
        });
    }

    /** Deletes the files if the current transaction rolls back (a draft that was never stored). */
    void deleteOnRollback(List<String> fileNames) {
        if (fileNames.isEmpty() || !TransactionSynchronizationManager.isSynchronizationActive()) return;
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) delete(fileNames);
            }
        });
    }

    /** Files no row refers to (a crash between writing and recording, or between purging and deleting). */
    int sweepOrphans(Instant olderThan, java.util.function.Predicate<String> referenced) {
        if (!Files.isDirectory(dir)) return 0;
        int removed = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (!Files.isRegularFile(p)
                        || Files.getLastModifiedTime(p).toInstant().isAfter(olderThan)) continue;
                if (name.startsWith(".upload-") || !referenced.test(name)) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            log.warn("Orphan photo sweep failed: {}", e.getMessage());
        }
        return removed;
    }

    /** The URL staff see (cards, DMs): works whether or not the post is public. */
    String staffUrl(DraftStore.ImageRow image) {
        return publicUrl(image) + "?t=" + image.token();
    }

    /** The URL of a photo on the wall: answers only while its post is approved and not pulled. */
    String publicUrl(DraftStore.ImageRow image) {
        return baseUrl() + path(image);
    }

    static String path(DraftStore.ImageRow image) {
        return "/files/" + image.publicId();
    }

    private String baseUrl() {
        String b = config.baseUrl();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    private Path file(String fileName) {
        if (fileName == null || !fileName.matches("[A-Za-z0-9_-]{16,64}\\.(jpg|png)")) return null;
        Path p = dir.resolve(fileName).normalize();
        return p.startsWith(dir) ? p : null;
    }

    Path directory() {
        return dir;
    }

    private static String random() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
