package org.staffroom.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Finds what keeps a test JVM from exiting (surefire kills a fork that is still alive 30 s after
 * {@code System.exit}). With {@code -Dstaffroom.threads-at-exit=<folder>} it writes the live non-daemon
 * threads when the test run ends, and every thread still running shutdown hooks a few seconds into the
 * JVM's exit, to files in that folder. Off by default; it does nothing without the property.
 */
public final class ThreadsAtExit implements LauncherSessionListener {

    static final String PROPERTY = "staffroom.threads-at-exit";
    private static final Duration HOOK_GRACE = Duration.ofSeconds(3);

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        String folder = System.getProperty(PROPERTY);
        if (folder == null || folder.isBlank()) {
            return;
        }
        Path dir = Path.of(folder);
        write(dir.resolve("non-daemon-at-end.txt"), dump(false));
        Thread watcher = new Thread(
                () -> {
                    try {
                        Thread.sleep(HOOK_GRACE.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    write(dir.resolve("threads-during-exit.txt"), dump(true));
                },
                "threads-at-exit");
        watcher.setDaemon(true);
        Runtime.getRuntime().addShutdownHook(new Thread(watcher::start, "threads-at-exit-hook"));
    }

    private static String dump(boolean all) {
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out);
        for (Map.Entry<Thread, StackTraceElement[]> e :
                Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if (!all && (t.isDaemon() || t == Thread.currentThread())) {
                continue;
            }
            w.printf("\"%s\" daemon=%s state=%s%n", t.getName(), t.isDaemon(), t.getState());
            for (StackTraceElement frame : e.getValue()) {
                w.printf("    at %s%n", frame);
            }
            w.println();
        }
        w.flush();
        return out.toString();
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
