package org.modelgate.traffic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.modelgate.traffic.Guard;
import org.modelgate.traffic.TrafficPolicy;
import org.modelgate.traffic.TrafficStatus;

/** {@code mg:traffic}: start with options, list, show one policy with its readings, end it; mistakes are one line. */
class TrafficCommandsTest {
    private final RecordingRegistry registry = new RecordingRegistry();
    private final TrafficDirector director = new TrafficDirector(registry, () -> ChallengerHealth.ABSENT,
            new TrafficNotices(() -> null, () -> null), Clock.systemUTC(), 1024);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final TrafficCommands commands = new TrafficCommands(new DirectorManager(director),
            () -> new PrintStream(out, true, StandardCharsets.UTF_8), () -> new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void startListShowAndRollBack() {
        commands.traffic();
        assertThat(printed()).isEqualTo("no traffic policy has run since the gateway started\n");

        commands.traffic("start", "iris", "1.1.0", "--percent", "25", "--sticky", "--guard", "error_rate:0.01:200",
                "--guard", "p95_latency:1.5", "--time", "600");
        assertThat(printed()).startsWith("iris: RUNNING challenger 1.1.0 vs 1.0.0 (split 25% sticky, 0 challenger requests");
        assertThat(registry.challenger("iris").orElseThrow().split().percent()).isEqualTo(25);
        TrafficPolicy policy = director.status("iris").orElseThrow().policy();
        assertThat(policy.guards()).containsExactly(new Guard(Guard.Metric.ERROR_RATE, 0.01, 200),
                new Guard(Guard.Metric.P95_LATENCY, 1.5, 100));
        assertThat(policy.timeLimit()).isEqualTo(Duration.ofSeconds(600));

        commands.traffic("iris");
        assertThat(printed()).contains("  error_rate - (at most 0.01, 0/200 samples) WAITING\n")
                .contains("  p95_latency - (at most 1.5, 0/100 samples) WAITING\n");

        commands.traffic("rollback", "iris", "not", "today");
        assertThat(printed()).startsWith("iris: ROLLED_BACK challenger 1.1.0 vs 1.0.0");
        assertThat(registry.ends.get(0).evidence()).startsWith("by the operator: not today; evidence: error_rate");
        assertThat(director.status("iris").orElseThrow().state()).isEqualTo(TrafficStatus.State.ROLLED_BACK);
    }

    @Test
    void mistakesAreOneLineNamingWhatIsWrong() {
        commands.traffic("start", "iris", "1.1.0", "--guard", "speed:1");
        assertThat(errors()).isEqualTo("unknown guard metric 'speed'; metrics are error_rate, p95_latency, drift, accuracy, agreement\n");
        commands.traffic("start", "iris", "1.1.0", "--percent", "lots");
        assertThat(errors()).isEqualTo("--percent takes a number, not 'lots'\n");
        commands.traffic("start", "iris", "1.1.0", "--shadw");
        assertThat(errors()).startsWith("unknown option '--shadw'; usage: mg:traffic");
        commands.traffic("promote", "iris");
        assertThat(errors()).isEqualTo("no traffic policy runs for model 'iris'\n");
        commands.traffic("start", "iris", "1.1.0", "--guard", "agreement:0.9:10");
        assertThat(errors()).contains("\"mode\": \"shadow\"");
        assertThat(registry.challenger("iris")).isEmpty();
    }

    private String printed() {
        String text = out.toString(StandardCharsets.UTF_8);
        out.reset();
        return text;
    }

    private String errors() {
        String text = err.toString(StandardCharsets.UTF_8);
        err.reset();
        return text;
    }

    /** The manager's API over the director, as the component delegates. */
    private record DirectorManager(TrafficDirector director) implements org.modelgate.traffic.TrafficManager {
        @Override
        public TrafficStatus start(String model, TrafficPolicy policy) {
            return director.start(model, policy);
        }

        @Override
        public java.util.Optional<TrafficStatus> status(String model) {
            return director.status(model);
        }

        @Override
        public java.util.List<TrafficStatus> policies() {
            return director.policies();
        }

        @Override
        public TrafficStatus promote(String model, String reason) {
            return director.promote(model, reason);
        }

        @Override
        public TrafficStatus rollback(String model, String reason) {
            return director.rollback(model, reason);
        }
    }
}
