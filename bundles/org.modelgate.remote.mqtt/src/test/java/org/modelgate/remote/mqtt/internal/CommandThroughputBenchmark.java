package org.modelgate.remote.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Commands answered per second on HiveMQ CE embedded, for docs/benchmarks.md: one controller sends N read-only
 * requests ({@code echo}, unique ids), at most 8 awaiting their answer. Not a test (no timing is
 * asserted); runs only with {@code -Dbenchmark.remote=N}:
 * {@code mvn -B -o verify -pl bundles/org.modelgate.remote.mqtt -am -Dtest=CommandThroughputBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark.remote=2000}.
 */
class CommandThroughputBenchmark {
    /** Requests sent before the oldest answer is awaited. */
    private static final int WINDOW = 8;

    @Test
    void commandsAnsweredPerSecond() throws Exception {
        String requested = System.getProperty("benchmark.remote");
        Assumptions.assumeTrue(requested != null, "benchmark: set -Dbenchmark.remote=N to run it");
        int n = Integer.parseInt(requested);
        try (EmbeddedBroker broker = EmbeddedBroker.start("bench");
                AgentFixture fixture = new AgentFixture("bench", List.of(broker.uri()), 4096);
                TestController controller = new TestController(broker.uri())) {
            fixture.start();
            controller.subscribe("modelgate/test/dev1/status");
            controller.awaitOn("modelgate/test/dev1/status", "online");
            for (int round = 0; round < 2; round++) { // the first round warms up
                List<String> correlations = new ArrayList<>();
                long start = System.nanoTime();
                int answered = 0;
                for (int i = 0; i < n; i++) {
                    correlations.add(controller.send("modelgate/test/dev1/cmd/echo",
                            ("{\"id\":\"b" + round + "-" + i + "\",\"body\":{\"i\":" + i + "}}").getBytes(StandardCharsets.UTF_8),
                            List.of()));
                    if (i - answered >= WINDOW) { // Paho's client allows only a few QoS 1 messages in flight
                        assertThat(controller.awaitAnswer(correlations.get(answered++)).json()).containsEntry("ok", true);
                    }
                }
                while (answered < n) {
                    assertThat(controller.awaitAnswer(correlations.get(answered++)).json()).containsEntry("ok", true);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("[bench] round %d: %d commands answered in %.2f s: %.0f commands/s%n", round, n, seconds,
                        n / seconds);
            }
        }
    }
}
