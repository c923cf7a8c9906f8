package org.staffroom.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * With {@code -Dbench.jfr=true}, a Java Flight Recording (the JDK's "profile" settings) of one
 * measured part, written to {@code target/bench/jfr/<name>.jfr}; read it with
 * {@code jfr print --events jdk.ExecutionSample} or {@code jfr summary}. Off by default: the
 * recording costs a little CPU and the figures in the README are taken without it.
 */
final class Profiler implements AutoCloseable {

    private final Recording recording;
    private final Path file;

    private Profiler(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    static Profiler maybe(String name) {
        if (!Boolean.getBoolean("bench.jfr")) return new Profiler(null, null);
        try {
            Recording r = new Recording(Configuration.getConfiguration("profile"));
            r.setName(name);
            r.start();
            return new Profiler(r, Bench.dir().resolve("jfr").resolve(name + ".jfr"));
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot start a flight recording", e);
        }
    }

    @Override
    public void close() {
        if (recording == null) return;
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            recording.stop();
            recording.dump(file);
            Bench.raw("jfr", "flight recording: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            recording.close();
        }
    }
}
