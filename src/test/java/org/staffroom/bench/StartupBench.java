package org.staffroom.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.slack.Envelope;
import org.staffroom.testing.slack.FakeSlack;

/**
 * Figure 5: time from starting the JVM to {@code /actuator/health} answering UP, and resident memory
 * (VmRSS of the process) once idle and after a throughput run, for the real Staffroom and for a bare
 * Spring Boot web application, each started by this harness as a JVM of its own with the same flags.
 * Staffroom runs from {@code target/classes} and its runtime dependencies (no test classes), connected
 * to loopback Slack and Discord in this JVM, with the 20-school benchmark trust and its live PD chat,
 * and an H2 file database (its default options with AUTO_SERVER instead of DB_CLOSE_ON_EXIT=FALSE, so
 * the harness can see when the events were handled); healthy means both platforms connected. The bare application has only the jars
 * of spring-boot-starter-webmvc and spring-boot-starter-actuator on its class path; its "after" figure
 * follows as many HTTP requests to its health endpoint as Staffroom handled events.
 */
final class StartupBench {

    static final String SCENARIO = "startup";
    static final List<String> JVM_FLAGS = List.of("-Xmx512m", "-Dfile.encoding=UTF-8");

    /** The jars of spring-boot-starter-webmvc and spring-boot-starter-actuator (mvn dependency:tree), by file name. */
    private static final Pattern BARE_JARS = Pattern.compile(
            "(spring-boot(-(autoconfigure|starter|starter-logging|starter-jackson"
                    + "|jackson|starter-tomcat|starter-tomcat-runtime|tomcat|http-converter|webmvc|servlet|web-server|starter-webmvc"
                    + "|starter-actuator|starter-micrometer-metrics|micrometer-metrics|micrometer-observation|actuator-autoconfigure|actuator"
                    + "|health))?-\\d.*|spring-(core|beans|context|aop|expression|web|webmvc)-\\d.*|commons-logging-.*|tomcat-embed-.*"
                    + "|logback-.*|log4j-to-slf4j-.*|log4j-api-.*|jul-to-slf4j-.*|slf4j-api-.*|jakarta\\.annotation-api-.*|snakeyaml-2.*"
                    + "|jackson-(core|databind)-3.*|jackson-annotations-2.*|micrometer-.*|HdrHistogram-.*|jspecify-.*)\\.jar");

    private final Report report;
    private final BenchTrust trust =
            new BenchTrust(10, 10, 5, List.of(BenchTrust.Purpose.STAFFROOM, BenchTrust.Purpose.PD), true);
    private final int events = Bench.scaled(3000);

    StartupBench(Report report) {
        this.report = report;
    }

    record Figures(double healthySeconds, long idleKib, long afterKib) {}

    void run() throws Exception {
        Figures bare = bare();
        Figures staffroom = staffroom();
        String section = "5. Start-up and memory (separate JVMs, " + String.join(" ", JVM_FLAGS) + ")";
        report.row(
                section,
                "Time to healthy (JVM start → /actuator/health UP)",
                Bench.num(staffroom.healthySeconds(), 1) + " s",
                Bench.num(bare.healthySeconds(), 1) + " s (bare Spring Boot web + actuator)",
                Bench.ratio(staffroom.healthySeconds() / bare.healthySeconds()),
                "Staffroom: fresh H2 file database (migrations), config, Slack and Discord connected");
        report.row(
                section,
                "Resident memory, idle (VmRSS)",
                Bench.mib(staffroom.idleKib()),
                Bench.mib(bare.idleKib()),
                Bench.ratio((double) staffroom.idleKib() / bare.idleKib()),
                "10 s after healthy");
        report.row(
                section,
                "Resident memory after the throughput run (VmRSS)",
                Bench.mib(staffroom.afterKib()),
                Bench.mib(bare.afterKib()),
                Bench.ratio((double) staffroom.afterKib() / bare.afterKib()),
                "Staffroom: " + events + " Slack + " + events + " Discord messages handled; bare: " + (2 * events)
                        + " HTTP requests");
    }

    // ------------------------------------------------------------------ the bare application

    private Figures bare() throws Exception {
        int port = freePort();
        List<String> cp = new ArrayList<>();
        cp.add(System.getProperty("bench.test.classes", "target/test-classes"));
        for (String entry : runtimeClasspath()) {
            if (BARE_JARS.matcher(Path.of(entry).getFileName().toString()).matches()) cp.add(entry);
        }
        Bench.raw(
                SCENARIO,
                "bare class path: "
                        + cp.stream()
                                .map(e -> Path.of(e).getFileName().toString())
                                .toList());
        List<String> args = List.of("--server.port=" + port, "--spring.main.banner-mode=off");
        try (Forked app = Forked.start("bare", cp, "org.staffroom.bench.bare.BareApplication", args)) {
            double healthy = app.awaitHealthy(port, Duration.ofSeconds(120));
            Bench.sleep(10_000);
            long idle = app.rssKib();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 2 * events; i++) {
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            Bench.sleep(5000);
            long after = app.rssKib();
            Figures f = new Figures(healthy, idle, after);
            Bench.raw(SCENARIO, "bare: " + f);
            return f;
        }
    }

    // ------------------------------------------------------------------ Staffroom

    private Figures staffroom() throws Exception {
        Path work = Bench.work(SCENARIO);
        Path config = trust.write(work.resolve("bot-config"));
        // AUTO_SERVER lets the harness count handled events while Staffroom has the file open; H2 refuses it
        // together with DB_CLOSE_ON_EXIT=FALSE, which only matters at shutdown, so that one option is dropped.
        String dbUrl =
                InProcessStaffroom.h2Url(work.resolve("db").resolve("staffroom"))
                                .replace(";DB_CLOSE_ON_EXIT=FALSE", "") + ";AUTO_SERVER=TRUE";
        int port = freePort();
        List<String> cp = new ArrayList<>();
        cp.add(System.getProperty("bench.main.classes", "target/classes"));
        cp.addAll(runtimeClasspath());
        try (FakeSlack slack = trust.slack();
                FakeDiscord discord = trust.discord()) {
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=" + port,
                    "--spring.datasource.url=" + dbUrl,
                    "--staffroom.config-dir=" + config.toAbsolutePath(),
                    "--spring.main.banner-mode=off"));
            args.addAll(List.of(
                    "--staffroom.slack.bot-token=" + slack.botToken(),
                    "--staffroom.slack.app-token=" + slack.appToken(),
                    "--staffroom.slack.api-url=" + slack.apiUrlPrefix(),
                    "--staffroom.slack.mode=socket",
                    "--staffroom.discord.bot-token=" + discord.token(),
                    "--staffroom.discord.api-url=" + discord.restBaseUrl(),
                    "--staffroom.discord.compression=none",
                    "--staffroom.discord.identify-delay=0s"));
            try (Forked app = Forked.start("staffroom", cp, "org.staffroom.StaffroomApplication", args)) {
                double healthy = app.awaitHealthy(port, Duration.ofSeconds(180));
                Bench.sleep(10_000);
                long idle = app.rssKib();
                try (Connection db = DriverManager.getConnection(dbUrl, "sa", "")) {
                    long before = count(db, "select count(*) from inbound_event where state = 'DONE'");
                    pushThroughputRun(slack, discord);
                    boolean handled = Bench.await(
                            Duration.ofMinutes(5),
                            200,
                            () -> count(db, "select count(*) from inbound_event where state = 'DONE'")
                                    >= before + 2L * events);
                    if (!handled)
                        throw new AssertionError(
                                "the forked Staffroom did not handle the throughput run within 5 minutes");
                }
                Bench.sleep(5000);
                long after = app.rssKib();
                Figures f = new Figures(healthy, idle, after);
                Bench.raw(SCENARIO, "staffroom: " + f);
                return f;
            }
        }
    }

    private void pushThroughputRun(FakeSlack slack, FakeDiscord discord) {
        List<BenchTrust.School> s = trust.slackSchools();
        List<Envelope> pushed = slack.pushBurst(
                events,
                i -> slack.payloads()
                        .message(
                                s.get(i % s.size()).channel(BenchTrust.Purpose.PD),
                                s.get(i % s.size()).slackPoster(1 + (i / s.size()) % 3),
                                "A1 memory " + i + " " + BenchTrust.HASHTAG));
        List<BenchTrust.School> d = trust.discordSchools();
        for (int i = 0; i < events; i++) {
            BenchTrust.School school = d.get(i % d.size());
            discord.push(discord.events()
                    .message(
                            school.discordChannel(BenchTrust.Purpose.PD),
                            school.discordPoster(1 + (i / d.size()) % 3),
                            "A1 memory " + i + " " + BenchTrust.HASHTAG)
                    .build());
        }
        if (!Bench.await(Duration.ofMinutes(5), 50, () -> pushed.stream().allMatch(Envelope::acked))) {
            throw new AssertionError("the forked Staffroom did not acknowledge every envelope");
        }
    }

    private static long count(Connection db, String sql) {
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ processes

    static List<String> runtimeClasspath() {
        try {
            String cp = Files.readString(Bench.dir().resolve("runtime-classpath.txt"))
                    .trim();
            return Arrays.asList(cp.split(File.pathSeparator));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "target/bench/runtime-classpath.txt is written by the bench profile (mvn -Pbench)", e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A JVM of its own, its output in {@code target/bench/raw/<name>-jvm.log}. */
    static final class Forked implements AutoCloseable {
        private final Process process;
        private final long startNanos;
        private final String name;

        private Forked(Process process, long startNanos, String name) {
            this.process = process;
            this.startNanos = startNanos;
            this.name = name;
        }

        static Forked start(String name, List<String> classpath, String mainClass, List<String> args)
                throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(JVM_FLAGS);
            if (Boolean.getBoolean("bench.jfr")) {
                Path jfr = Bench.dir().resolve("jfr").resolve(name + "-jvm.jfr");
                Files.createDirectories(jfr.getParent());
                cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr);
            }
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, classpath));
            cmd.add(mainClass);
            cmd.addAll(args);
            Path log = Bench.dir().resolve("raw").resolve(name + "-jvm.log");
            ProcessBuilder pb =
                    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            long t0 = System.nanoTime();
            Process p = pb.start();
            Bench.raw(SCENARIO, name + ": pid " + p.pid() + ", " + mainClass + ", output in " + log);
            return new Forked(p, t0, name);
        }

        /** Seconds from start until the health endpoint answers UP. */
        double awaitHealthy(int port, Duration timeout) {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(1))
                    .build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            boolean up = Bench.await(timeout, 50, () -> {
                if (!process.isAlive()) throw new IllegalStateException(name + " exited with " + process.exitValue());
                try {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    // DOWN and OUT_OF_SERVICE (a platform still connecting) answer 503.
                    return r.statusCode() == 200 && r.body().contains("\"status\":\"UP\"");
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
            if (!up) throw new IllegalStateException(name + " not healthy within " + timeout);
            return (System.nanoTime() - startNanos) / 1e9;
        }

        /** VmRSS from /proc/<pid>/status, in KiB. */
        long rssKib() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new IllegalStateException("no VmRSS for " + name);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS))
                process.destroyForcibly().waitFor();
        }
    }
}
