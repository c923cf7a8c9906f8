package org.staffroom.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Folders for tests that edit the sample trust's configuration or keep files: copies, never bot-config itself. */
public final class SampleConfig {

    private SampleConfig() {}

    /** A fresh temporary folder holding a copy of every file in bot-config. */
    public static Path copy(String name) {
        return copyInto(folder(name + "-config"));
    }

    /** Has the application read its configuration from {@code config} and keep its files in {@code files}. */
    public static void register(DynamicPropertyRegistry registry, Path config, Path files) {
        registry.add("staffroom.config-dir", config::toString);
        registry.add("staffroom.files.dir", files::toString);
    }

    /** Copies every file in bot-config into {@code dir}, which exists, and returns it. */
    public static Path copyInto(Path dir) {
        try (Stream<Path> files = Files.list(Path.of("bot-config"))) {
            for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Replaces {@code from} with {@code to} in a copied file, failing if the file no longer has {@code from}. */
    public static void replace(Path file, String from, String to) throws IOException {
        String before = Files.readString(file);
        assertThat(before).contains(from);
        Files.writeString(file, before.replace(from, to));
    }

    /** Deletes folders made by {@link #copy} or {@link #folder}, with everything in them; null ones are skipped. */
    public static void delete(Path... dirs) {
        for (Path dir : dirs) {
            if (dir == null) continue;
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A fresh, empty temporary folder (for stored photos). */
    public static Path folder(String name) {
        try {
            return Files.createTempDirectory("staffroom-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
