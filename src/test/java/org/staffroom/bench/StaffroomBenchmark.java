package org.staffroom.bench;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * The benchmark suite (src/site/markdown/quality.md "Benchmarks"), run by {@code mvn -B -Pbench verify} and never by
 * the ordinary test run. Each figure is measured side by side with its comparison in the same run,
 * so the machine's noise cancels; the table is printed at the end and kept in
 * {@code target/bench/results.md} with the raw output in {@code target/bench/raw/}. A figure never
 * fails the build: only something functionally wrong does (a lost or doubled event or post).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StaffroomBenchmark {

    private final Report report = new Report();

    /** The clients log every connection at INFO; the benchmark's own lines are what matters here. */
    @BeforeAll
    void quietLogs() {
        for (String name :
                new String[] {"net.dv8tion", "com.slack.api", "org.java_websocket", "org.staffroom", "okhttp3"}) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    @Test
    @Order(1)
    void inboundThroughput() throws Exception {
        if (Bench.enabled("throughput")) new ThroughputBench(report).run();
    }

    @Test
    @Order(2)
    void acknowledgementLatency() throws Exception {
        if (Bench.enabled("latency")) new LatencyBench(report).run();
    }

    @Test
    @Order(3)
    void fanOut() throws Exception {
        if (Bench.enabled("fanout")) new FanOutBench(report).run();
    }

    @Test
    @Order(4)
    void relayUnderABurst() throws Exception {
        if (Bench.enabled("relay")) new RelayBench(report).run();
    }

    @Test
    @Order(5)
    void startupAndMemory() throws Exception {
        if (Bench.enabled("startup")) new StartupBench(report).run();
    }

    @Test
    @Order(6)
    void growth() throws Exception {
        if (Bench.enabled("growth")) new GrowthBench(report).run();
    }

    @Test
    @Order(7)
    void longMessages() throws Exception {
        if (Bench.enabled(LongMessageBench.SCENARIO)) new LongMessageBench(report).run();
    }

    @Test
    @Order(8)
    void publishing() throws Exception {
        if (Bench.enabled(PublishingBench.SCENARIO)) new PublishingBench(report).run();
    }

    @Test
    @Order(9)
    void trustScale() throws Exception {
        if (Bench.enabled(TrustScaleBench.SCENARIO)) new TrustScaleBench(report).run();
    }

    @AfterAll
    void printTable() {
        issueTargets();
        report.write();
        System.out.println();
        System.out.println("==================== Staffroom benchmarks ====================");
        System.out.println(report.markdown());
        System.out.println("(also in " + Bench.dir().resolve("results.md") + "; raw output in "
                + Bench.dir().resolve("raw") + (Bench.fullRun() ? "; the page " + Report.PUBLISHED : "") + ")");
    }

    /**
     * The targets of the performance issue (21), each met, missed with its gap, or not measured; a
     * scenario may record its own (the throughput and fan-out ones do), the rest are read from the rows.
     */
    private void issueTargets() {
        String image = StartupBench.IMAGE.description();
        ratioTarget(
                "Start-up to healthy ≤ 1.5× the bare Spring Boot app (the image's setup: " + image + ")",
                "Time to healthy, " + image,
                1.5,
                "startup");
        ratioTarget(
                "Idle resident memory ≤ 1.5× the bare app (the image's setup)",
                "Resident memory idle (VmRSS), " + image,
                1.5,
                "startup");
        ratioTarget(
                "Resident memory after the throughput run ≤ 1.8× the bare app (the image's setup)",
                "Resident memory after the throughput run (VmRSS), " + image,
                1.8,
                "startup");
        if (!Bench.enabled(FanOutBench.SCENARIO)) {
            report.targetNotMeasured("Fan-out within 1.2× the floor the published limits allow", "fanout not run");
        }
        report.targetNotMeasured(ThroughputBench.SLACK_TARGET, "throughput not run");
        report.targetNotMeasured(ThroughputBench.DISCORD_TARGET, "throughput not run");
        String trustScale = Bench.enabled(TrustScaleBench.SCENARIO)
                ? "figures in the trust-scale rows; no met/missed verdict is computed for them yet"
                : "trustscale not run";
        report.targetNotMeasured(
                "Trust-scale run (50 schools, 5,000 staff, 200-person PD chat at 5 messages/s for 10 min, qotd fan-out,"
                        + " 50 drafts): relay lag p50/p99, 0 rate-limit violations, copies exactly once, CPU and RSS",
                trustScale);
        report.targetNotMeasured("The trust-scale run on PostgreSQL with 2 instances", trustScale);
    }

    private void ratioTarget(String goal, String figurePrefix, double atMost, String scenario) {
        if (report.hasTarget(goal)) return;
        java.util.OptionalDouble ratio = report.ratioOf(figurePrefix);
        if (ratio.isEmpty()) {
            report.targetNotMeasured(goal, Bench.enabled(scenario) ? "no figure recorded" : scenario + " not run");
            return;
        }
        double r = ratio.getAsDouble();
        report.target(goal, Bench.ratio(r), r <= atMost, Bench.ratio(r - atMost) + " over");
    }
}
