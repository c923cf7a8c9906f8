package org.staffroom.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every token and secret the tests hand the application (the fakes' bot and app tokens, signing
 * and client secrets, webhook secrets), written to {@code target/reliability/secrets.txt} so that
 * {@code LogScanIT} can look for each of them in the output of the whole test run (S7). The file
 * is started afresh by the first secret of each test JVM; it is never printed.
 */
public final class Secrets {

    public static final Path FILE = Path.of("target", "reliability", "secrets.txt");
    private static final Instant JVM_START =
            Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    private static boolean started;

    private Secrets() {}

    /** Registers secrets a test uses; blank values and values shorter than 8 characters are ignored. */
    public static synchronized void register(String... values) {
        try {
            Files.createDirectories(FILE.getParent());
            if (!started) {
                started = true;
                if (Files.exists(FILE) && Files.getLastModifiedTime(FILE).compareTo(FileTime.from(JVM_START)) < 0) {
                    Files.delete(FILE);
                }
            }
            StringBuilder out = new StringBuilder();
            for (String v : values) {
                if (v == null || v.isBlank() || v.length() < 8 || v.contains("\n") || !KNOWN.add(v)) continue;
                out.append(v).append('\n');
            }
            if (out.length() > 0) {
                Files.writeString(
                        FILE, out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
