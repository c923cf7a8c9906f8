/**
 * The benchmark suite, run by mvn -Pbench verify and never by the regular tests: throughput,
 * acknowledgement latency, fan-out, relay, start-up and memory, growth; each measured side by side
 * with what it is compared with.
 */
package org.staffroom.bench;
