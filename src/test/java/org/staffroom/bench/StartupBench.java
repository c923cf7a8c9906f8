package org.staffroom.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.slack.Envelope;
import org.staffroom.testing.slack.FakeSlack;

/**
 * Figure 5: time from starting the JVM to {@code /actuator/health} answering UP, and resident memory
 * (VmRSS of the process) once idle and after a throughput run, for the real Staffroom and for a bare
 * Spring Boot web application, each started by this harness as a JVM of its own, run the way the Docker
 * image runs them: {@code java <options> -jar <jar>} on the same JDK ({@code -Dbench.java.home}, by
 * default the one running the benchmark), from the packaged jar.
 *
 * <p>Each variant below is one measure on top of the previous one (the fat jar as the image had it; the
 * extracted layout; its AOT cache; the JVM options), and both applications run every variant the same
 * way, so the table shows what each measure is worth. The variants are interleaved, round after round
 * ({@code -Dbench.startup.runs}, 3 by default), so the machine's load falls on all of them alike, and
 * the table gives the medians with the spread. {@code -Dbench.startup.variants=a,b} narrows the set.
 *
 * <p>Staffroom is connected to loopback Slack and Discord in this JVM, with the 20-school benchmark trust
 * and its live PD chat, and an H2 file database (its default options with AUTO_SERVER instead of
 * DB_CLOSE_ON_EXIT=FALSE, so the harness can see when the events were handled); healthy means both
 * platforms connected. The bare application has only the jars of spring-boot-starter-webmvc and
 * spring-boot-starter-actuator; the harness packs them the way Spring Boot's plugin and {@code jarmode=tools
 * extract} do for Staffroom. Its "after" figure follows as many HTTP requests to its health endpoint as
 * Staffroom handled events.
 */
final class StartupBench {

    static final String SCENARIO = "startup";

    /** JAVA_TOOL_OPTIONS of the Docker image before this benchmark: the fat jar and these. */
    static final List<String> IMAGE_FLAGS = List.of("-Dfile.encoding=UTF-8", "-XX:MaxRAMPercentage=75");

    /**
     * The JVM options the Dockerfile now adds: the serial collector (one GC thread, no G1 remembered
     * sets; what the JVM picks by itself in a container below 2 cores or 1.8 GB) and compact object
     * headers (Java 25, JEP 519: 8 bytes less per object).
     */
    static final List<String> MEMORY_FLAGS = List.of("-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders");

    /** One way of running both applications. */
    record Variant(String name, String description, boolean fatJar, boolean aotCache, List<String> flags) {}

    static final List<Variant> VARIANTS = List.of(
            new Variant("fat", "fat jar (the image before)", true, false, IMAGE_FLAGS),
            new Variant("extracted", "extracted jar (jarmode=tools extract)", false, false, IMAGE_FLAGS),
            new Variant("aot", "extracted + AOT cache", false, true, IMAGE_FLAGS),
            new Variant(
                    "aot-memory",
                    "extracted + AOT cache + " + String.join(" ", MEMORY_FLAGS),
                    false,
                    true,
                    concat(IMAGE_FLAGS, MEMORY_FLAGS)));

    /** The way the Dockerfile runs Staffroom: issue 21's targets are judged on this variant's rows. */
    static final Variant IMAGE = VARIANTS.get(VARIANTS.size() - 1);

    /** The jars of spring-boot-starter-webmvc and spring-boot-starter-actuator (mvn dependency:tree), by file name. */
    private static final Pattern BARE_JARS = Pattern.compile(
            "(spring-boot(-(autoconfigure|starter|starter-logging|starter-jackson"
                    + "|jackson|starter-tomcat|starter-tomcat-runtime|tomcat|http-converter|webmvc|servlet|web-server|starter-webmvc"
                    + "|starter-actuator|starter-micrometer-metrics|micrometer-metrics|micrometer-observation|actuator-autoconfigure|actuator"
                    + "|health))?-\\d.*|spring-(core|beans|context|aop|expression|web|webmvc)-\\d.*|commons-logging-.*|tomcat-embed-.*"
                    + "|logback-.*|log4j-to-slf4j-.*|log4j-api-.*|jul-to-slf4j-.*|slf4j-api-.*|jakarta\\.annotation-api-.*|snakeyaml-2.*"
                    + "|jackson-(core|databind)-3.*|jackson-annotations-2.*|micrometer-.*|HdrHistogram-.*|jspecify-.*)\\.jar");

    private static final String BARE_MAIN = "org.staffroom.bench.bare.BareApplication";

    private final Report report;
    private final BenchTrust trust = BenchTrust.liveChat(10, 10, 5);
    private final int events = Bench.scaled(3000);
    private final int runs = Integer.getInteger("bench.startup.runs", 3);
    private final Path javaHome = Path.of(System.getProperty("bench.java.home", System.getProperty("java.home")));

    StartupBench(Report report) {
        this.report = report;
    }

    record Figures(double healthySeconds, long idleKib, long afterKib) {}

    /** The packed applications of one run: each as a fat jar, extracted, and its AOT caches by variant. */
    private record App(String name, Path fatJar, Path extractedJar, Map<Variant, Path> aotCaches) {
        Path jar(Variant v) {
            return v.fatJar() ? fatJar : extractedJar;
        }
    }

    void run() throws Exception {
        List<Variant> variants = selectedVariants();
        Path work = Bench.work(SCENARIO + "-layout");
        App staffroom = packStaffroom(work.resolve("staffroom"));
        App bare = packBare(work.resolve("bare"), staffroom.fatJar());
        Map<String, Double> trainingSeconds = new LinkedHashMap<>();
        for (Variant v : variants) {
            if (!v.aotCache()) continue;
            trainingSeconds.put("staffroom " + v.name(), train(staffroom, v, staffroomTrainingArgs(work)));
            trainingSeconds.put("bare " + v.name(), train(bare, v, List.of("--server.port=0")));
        }
        Map<Variant, List<Figures>> bareFigures = new LinkedHashMap<>();
        Map<Variant, List<Figures>> staffroomFigures = new LinkedHashMap<>();
        for (int round = 0; round < runs; round++) {
            for (Variant v : variants) {
                // Alternate which goes first, so neither always meets the machine after the other's run.
                if (round % 2 == 0) {
                    bareFigures.computeIfAbsent(v, k -> new ArrayList<>()).add(bare(bare, v));
                    staffroomFigures.computeIfAbsent(v, k -> new ArrayList<>()).add(staffroom(staffroom, v));
                } else {
                    staffroomFigures.computeIfAbsent(v, k -> new ArrayList<>()).add(staffroom(staffroom, v));
                    bareFigures.computeIfAbsent(v, k -> new ArrayList<>()).add(bare(bare, v));
                }
            }
        }
        String section = "5. Start-up and memory (separate JVMs, java -jar as the Docker image runs it, on " + javaHome
                + "; median of "
                + runs + " interleaved runs, range in brackets)";
        for (Variant v : variants) {
            List<Figures> s = staffroomFigures.get(v);
            List<Figures> b = bareFigures.get(v);
            String how = v.description() + ": " + String.join(" ", flags(v, null));
            report.row(
                    section,
                    "Time to healthy, " + v.description(),
                    seconds(s, Figures::healthySeconds),
                    seconds(b, Figures::healthySeconds) + " (bare Spring Boot web + actuator)",
                    Bench.ratio(median(s, Figures::healthySeconds) / median(b, Figures::healthySeconds)),
                    how + "; Staffroom: fresh H2 file database (migrations), config, Slack and Discord connected");
            memoryRow(
                    section,
                    "Resident memory idle (VmRSS), " + v.description(),
                    s,
                    b,
                    Figures::idleKib,
                    "10 s after healthy");
            memoryRow(
                    section,
                    "Resident memory after the throughput run (VmRSS), " + v.description(),
                    s,
                    b,
                    Figures::afterKib,
                    "Staffroom: " + events + " Slack + " + events + " Discord messages handled; bare: " + (2 * events)
                            + " HTTP requests");
        }
        if (!trainingSeconds.isEmpty()) {
            report.note("AOT cache training runs (-XX:AOTCacheOutput, -Dspring.context.exit=onRefresh; a build step, "
                    + "not part of start-up): "
                    + trainingSeconds.entrySet().stream()
                            .map(e -> e.getKey() + " " + Bench.num(e.getValue(), 1) + " s")
                            .collect(Collectors.joining(", ")));
        }
    }

    private void memoryRow(
            String section, String figure, List<Figures> s, List<Figures> b, ToDoubleFunction<Figures> f, String note) {
        report.row(section, figure, mib(s, f), mib(b, f), Bench.ratio(median(s, f) / median(b, f)), note);
    }

    private List<Variant> selectedVariants() {
        String only = System.getProperty("bench.startup.variants", "").trim();
        List<Variant> selected = VARIANTS.stream()
                .filter(v -> only.isEmpty() || Arrays.asList(only.split(",")).contains(v.name()))
                .filter(v -> !v.aotCache() || javaFeature() >= 25)
                .toList();
        if (selected.isEmpty()) throw new IllegalArgumentException("no start-up variant matches " + only);
        return selected;
    }

    /** The feature release of the JDK the applications run on, from its {@code release} file. */
    private int javaFeature() {
        try {
            for (String line : Files.readAllLines(javaHome.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return Runtime.Version.parse(line.substring(line.indexOf('"') + 1, line.lastIndexOf('"')))
                            .feature();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: assume the benchmark's own
        }
        return Runtime.version().feature();
    }

    private List<String> flags(Variant v, App app) {
        List<String> flags = new ArrayList<>(v.flags());
        if (app != null && v.aotCache())
            flags.add("-XX:AOTCache=" + app.aotCaches().get(v));
        if (app == null && v.aotCache()) flags.add("-XX:AOTCache=app.aot");
        return flags;
    }

    private static double median(List<Figures> figures, ToDoubleFunction<Figures> f) {
        return Bench.median(figures.stream().map(f::applyAsDouble).toList());
    }

    private static String seconds(List<Figures> figures, ToDoubleFunction<Figures> f) {
        List<Double> v = figures.stream().map(f::applyAsDouble).toList();
        return Bench.num(Bench.median(v), 1) + " s"
                + (v.size() > 1 ? " (" + Bench.num(min(v), 1) + "–" + Bench.num(Bench.max(v), 1) + ")" : "");
    }

    private static String mib(List<Figures> figures, ToDoubleFunction<Figures> f) {
        List<Double> v = figures.stream().map(f::applyAsDouble).toList();
        return Bench.mib(Math.round(Bench.median(v)))
                + (v.size() > 1 ? " (" + Math.round(min(v) / 1024) + "–" + Math.round(Bench.max(v) / 1024) + ")" : "");
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    // ------------------------------------------------------------------ packing, as the image does

    /** The jar {@code mvn package} built, extracted the way the Dockerfile extracts it. */
    private App packStaffroom(Path dir) throws Exception {
        Path fat = Path.of(System.getProperty("bench.jar", "target/staffroom.jar"));
        if (!Files.isRegularFile(fat)) {
            throw new IllegalStateException(fat + " missing: the bench profile runs after mvn package");
        }
        Files.createDirectories(dir);
        exec(
                dir,
                "extract-staffroom",
                List.of(
                        javaBin(),
                        "-Djarmode=tools",
                        "-jar",
                        fat.toAbsolutePath().toString(),
                        "extract",
                        "--destination",
                        dir.resolve("extracted").toString()));
        Path extracted = dir.resolve("extracted").resolve(fat.getFileName());
        return new App("staffroom", fat, extracted, new LinkedHashMap<>());
    }

    /**
     * The bare application packed both ways by hand, as Spring Boot's plugin and {@code extract} pack
     * Staffroom: a fat jar (its launcher copied from Staffroom's, the libraries stored uncompressed under
     * BOOT-INF/lib) and a thin jar whose manifest names its libraries in {@code lib/}.
     */
    private App packBare(Path dir, Path staffroomJar) throws IOException {
        Path classes = Path.of(System.getProperty("bench.test.classes", "target/test-classes"));
        Path bareClasses = classes.resolve(
                BARE_MAIN.substring(0, BARE_MAIN.lastIndexOf('.')).replace('.', '/'));
        List<Path> libs = new ArrayList<>();
        for (String entry : runtimeClasspath()) {
            if (BARE_JARS.matcher(Path.of(entry).getFileName().toString()).matches()) libs.add(Path.of(entry));
        }
        Bench.raw(
                SCENARIO,
                "bare libraries: " + libs.stream().map(Path::getFileName).toList());
        Files.createDirectories(dir.resolve("extracted").resolve("lib"));
        List<Path> classFiles;
        try (Stream<Path> files = Files.list(bareClasses)) {
            classFiles = files.filter(f -> f.toString().endsWith(".class")).toList();
        }
        String classDir = bareClasses
                        .toString()
                        .substring(classes.toString().length() + 1)
                        .replace('\\', '/') + "/";

        Path fat = dir.resolve("bare.jar");
        Manifest fatManifest = manifest(Map.of(
                "Main-Class", "org.springframework.boot.loader.launch.JarLauncher",
                "Start-Class", BARE_MAIN,
                "Spring-Boot-Classes", "BOOT-INF/classes/",
                "Spring-Boot-Lib", "BOOT-INF/lib/",
                "Spring-Boot-Classpath-Index", "BOOT-INF/classpath.idx"));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(fat), fatManifest);
                JarFile boot = new JarFile(staffroomJar.toFile())) {
            for (JarEntry e : Collections.list(boot.entries())) {
                if (!e.getName().startsWith("org/springframework/boot/loader/")) continue;
                out.putNextEntry(new JarEntry(e.getName()));
                try (InputStream in = boot.getInputStream(e)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            // The launcher finds BOOT-INF/classes/ and BOOT-INF/lib/ by their directory entries.
            String path = "BOOT-INF/classes/" + classDir;
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                out.putNextEntry(new JarEntry(path.substring(0, slash + 1)));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("BOOT-INF/lib/"));
            out.closeEntry();
            for (Path c : classFiles) {
                out.putNextEntry(new JarEntry("BOOT-INF/classes/" + classDir + c.getFileName()));
                Files.copy(c, out);
                out.closeEntry();
            }
            StringBuilder index = new StringBuilder();
            for (Path lib : libs) {
                byte[] bytes = Files.readAllBytes(lib);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                JarEntry e = new JarEntry("BOOT-INF/lib/" + lib.getFileName());
                e.setMethod(ZipEntry.STORED); // the launcher reads nested jars in place
                e.setSize(bytes.length);
                e.setCompressedSize(bytes.length);
                e.setCrc(crc.getValue());
                out.putNextEntry(e);
                out.write(bytes);
                out.closeEntry();
                index.append("- \"BOOT-INF/lib/").append(lib.getFileName()).append("\"\n");
            }
            out.putNextEntry(new JarEntry("BOOT-INF/classpath.idx"));
            out.write(index.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }

        Path thin = dir.resolve("extracted").resolve("bare.jar");
        Manifest thinManifest = manifest(Map.of(
                "Main-Class",
                BARE_MAIN,
                "Class-Path",
                libs.stream().map(l -> "lib/" + l.getFileName()).collect(Collectors.joining(" "))));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(thin), thinManifest)) {
            for (Path c : classFiles) {
                out.putNextEntry(new JarEntry(classDir + c.getFileName()));
                Files.copy(c, out);
                out.closeEntry();
            }
        }
        for (Path lib : libs) {
            Files.copy(lib, dir.resolve("extracted").resolve("lib").resolve(lib.getFileName()));
        }
        return new App("bare", fat, thin, new LinkedHashMap<>());
    }

    private static Manifest manifest(Map<String, String> attributes) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
        return m;
    }

    /** Staffroom's training run, as in the Dockerfile: the sample trust, an in-memory database, no tokens. */
    private static List<String> staffroomTrainingArgs(Path work) throws IOException {
        Path sample = Path.of("bot-config").toAbsolutePath();
        if (!Files.isDirectory(sample)) throw new IllegalStateException("no sample bot-config at " + sample);
        return List.of(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:training",
                "--staffroom.config-dir=" + sample,
                "--spring.main.banner-mode=off");
    }

    /**
     * Java 25's AOT cache (JEP 483/514) for one application and variant: one training run that records
     * which classes load and link, stopped by Spring once the context has refreshed, then the cache is
     * written. Returns the seconds the training took.
     */
    private double train(App app, Variant v, List<String> args) throws Exception {
        Path cache = app.extractedJar().resolveSibling(app.name() + "-" + v.name() + ".aot");
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin());
        cmd.addAll(v.flags());
        cmd.add("-XX:AOTCacheOutput=" + cache);
        cmd.add("-Dspring.context.exit=onRefresh");
        cmd.add("-jar");
        cmd.add(app.extractedJar().toString());
        cmd.addAll(args);
        long t0 = System.nanoTime();
        exec(app.extractedJar().getParent(), app.name() + "-" + v.name() + "-training", cmd);
        double s = (System.nanoTime() - t0) / 1e9;
        if (!Files.isRegularFile(cache)) throw new IllegalStateException("no AOT cache written to " + cache);
        app.aotCaches().put(v, cache);
        Bench.raw(
                SCENARIO,
                app.name() + " " + v.name() + ": AOT cache " + Files.size(cache) / (1024 * 1024) + " MiB trained in "
                        + Bench.num(s, 1) + " s");
        return s;
    }

    private static void exec(Path dir, String name, List<String> cmd) throws Exception {
        Path log = Bench.dir().resolve("raw").resolve(name + ".log");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(name + " did not finish in 10 minutes; see " + log);
        }
        if (p.exitValue() != 0)
            throw new IllegalStateException(name + " exited with " + p.exitValue() + "; see " + log);
    }

    private String javaBin() {
        return javaHome.resolve("bin").resolve("java").toString();
    }

    // ------------------------------------------------------------------ the bare application

    private Figures bare(App app, Variant v) throws Exception {
        int port = freePort();
        List<String> args = List.of("--server.port=" + port, "--spring.main.banner-mode=off");
        try (Forked forked = Forked.start("bare-" + v.name(), javaBin(), flags(v, app), app.jar(v), args)) {
            double healthy = forked.awaitHealthy(port, Duration.ofSeconds(180));
            Bench.sleep(10_000);
            long idle = forked.rssKib();
            Bench.raw(SCENARIO, "bare " + v.name() + ": healthy " + healthy + " s, idle " + idle + " KiB");
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 2 * events; i++) {
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            Bench.sleep(5000);
            long after = forked.rssKib();
            Figures f = new Figures(healthy, idle, after);
            Bench.raw(SCENARIO, "bare " + v.name() + ": " + f + ", " + forked.threads() + " threads");
            return f;
        }
    }

    // ------------------------------------------------------------------ Staffroom

    private Figures staffroom(App app, Variant v) throws Exception {
        Path work = Bench.work(SCENARIO);
        Path config = trust.write(work.resolve("bot-config"));
        // AUTO_SERVER lets the harness count handled events while Staffroom has the file open; H2 refuses it
        // together with DB_CLOSE_ON_EXIT=FALSE, which only matters at shutdown, so that one option is dropped.
        String dbUrl =
                InProcessStaffroom.h2Url(work.resolve("db").resolve("staffroom"))
                                .replace(";DB_CLOSE_ON_EXIT=FALSE", "") + ";AUTO_SERVER=TRUE";
        int port = freePort();
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
            try (Forked forked = Forked.start("staffroom-" + v.name(), javaBin(), flags(v, app), app.jar(v), args)) {
                double healthy = forked.awaitHealthy(port, Duration.ofSeconds(300));
                Bench.sleep(10_000);
                long idle = forked.rssKib();
                // Recorded at once, so a throughput run that fails later does not lose them.
                Bench.raw(SCENARIO, "staffroom " + v.name() + ": healthy " + healthy + " s, idle " + idle + " KiB");
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
                long after = forked.rssKib();
                Figures f = new Figures(healthy, idle, after);
                Bench.raw(SCENARIO, "staffroom " + v.name() + ": " + f + ", " + forked.threads() + " threads");
                return f;
            }
        }
    }

    private void pushThroughputRun(FakeSlack slack, FakeDiscord discord) {
        List<Envelope> pushed = slack.pushBurst(
                events, i -> trust.slackPdMessage(slack, i, "A1 memory " + i + " " + BenchTrust.HASHTAG));
        for (int i = 0; i < events; i++)
            discord.push(trust.discordPdMessage(discord, i, "A1 memory " + i + " " + BenchTrust.HASHTAG));
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

        static Forked start(String name, String java, List<String> flags, Path jar, List<String> args)
                throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.addAll(flags);
            if (Boolean.getBoolean("bench.jfr")) {
                Path jfr = Bench.dir().resolve("jfr").resolve(name + "-jvm.jfr");
                Files.createDirectories(jfr.getParent());
                cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr);
            }
            cmd.add("-jar");
            cmd.add(jar.toString());
            cmd.addAll(args);
            Path log = Bench.dir().resolve("raw").resolve(name + "-jvm.log");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(jar.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            long t0 = System.nanoTime();
            Process p = pb.start();
            Bench.raw(
                    SCENARIO,
                    name + ": pid " + p.pid() + ", " + String.join(" ", flags) + " -jar " + jar + ", output in " + log);
            return new Forked(p, t0, name);
        }

        /** Live threads of the process, from /proc/<pid>/task. */
        long threads() {
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
                return tasks.count();
            } catch (IOException e) {
                return -1;
            }
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
