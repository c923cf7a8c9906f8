package org.staffroom.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Folders for tests that edit the sample trust's configuration or keep files: copies, never bot-config itself. */
public final class SampleConfig {

    private SampleConfig() {}

    /** A fresh temporary folder holding a copy of every file in bot-config. */
    public static Path copy(String name) {
        Path dir = folder(name + "-config");
        try (Stream<Path> files = Files.list(Path.of("bot-config"))) {
            for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
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
