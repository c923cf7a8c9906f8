package org.staffroom.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.staffroom.config.ConfigProperties;
import org.staffroom.config.TrustConfig;

/**
 * For tests of editing the trust's configuration while it runs, without the application: a fresh copy of
 * bot-config for each test, a {@link TrustConfig} reading it (reloaded only when the test asks), the events it
 * published, and edits that fail when the text they replace is no longer there.
 */
public abstract class EditedSampleConfig {

    @TempDir
    protected Path dir;

    protected final List<Object> published = new ArrayList<>();
    protected TrustConfig config;

    @BeforeEach
    protected void copySample() {
        SampleConfig.copyInto(dir);
        config =
                new TrustConfig(new ConfigProperties(dir.toString(), Duration.ZERO), published::add, Clock.systemUTC());
    }

    /** Replaces {@code from} with {@code to} in one of the copied files. */
    protected void edit(String file, String from, String to) throws IOException {
        SampleConfig.replace(dir.resolve(file), from, to);
    }

    /** The 1-based line of the first line of a copied file that contains {@code text}. */
    protected int lineOf(String file, String text) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(file));
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError(text + " not in " + file);
    }
}
