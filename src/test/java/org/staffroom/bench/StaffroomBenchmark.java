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
    void trustScale() throws Exception {
        if (Bench.enabled(TrustScaleBench.SCENARIO)) new TrustScaleBench(report).run();
    }

    @AfterAll
    void printTable() {
        report.write();
        System.out.println();
        System.out.println("==================== Staffroom benchmarks ====================");
        System.out.println(report.markdown());
        System.out.println("(also in " + Bench.dir().resolve("results.md") + "; raw output in "
                + Bench.dir().resolve("raw") + ")");
    }
}
