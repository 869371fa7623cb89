package org.modelgate.remote.commands.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;
import org.modelgate.traffic.Guard;
import org.modelgate.traffic.GuardReading;
import org.modelgate.traffic.TrafficManager;
import org.modelgate.traffic.TrafficPolicy;
import org.modelgate.traffic.TrafficStatus;

/**
 * traffic: the policy JSON reaches the TrafficManager as a TrafficPolicy, its status comes back as JSON, refusals
 * name the field or what was being done, and without a manager the command says traffic is not available.
 */
class TrafficCommandTest {
    private final OnePolicyManager manager = new OnePolicyManager();

    @Test
    void aPolicyIsStartedPromotedAndReadBack() {
        Map<String, Object> started = json(run("start", Map.of("policy", Map.of("challenger", "1.1.0", "percent", 25,
                "guards", List.of(Map.of("metric", "error_rate", "limit", 0.01, "min_samples", 200))))));
        assertThat(manager.started.get(0).percent()).isEqualTo(25.0);
        assertThat(manager.started.get(0).guards()).containsExactly(new Guard(Guard.Metric.ERROR_RATE, 0.01, 200));
        assertThat(started).containsEntry("state", "running").containsEntry("champion", "1.0.0")
                .containsEntry("challenger", "1.1.0");
        assertThat(started.get("readings").toString()).contains("metric=error_rate").contains("verdict=waiting")
                .contains("value=null");

        Map<String, Object> promoted = json(run("promote", Map.of("reason", "looks good")));
        assertThat(promoted).containsEntry("state", "promoted").containsEntry("reason", "looks good");
        assertThat(json(run("status", Map.of()))).containsEntry("state", "promoted");
        assertThat((List<?>) new TrafficCommandTest().command(manager).run(call(Map.of("action", "status"))))
                .hasSize(1);
    }

    @Test
    void badPoliciesAndManagerRefusalsAreExplained() {
        assertThatThrownBy(() -> run("start", Map.of())).isInstanceOf(CommandException.class)
                .hasMessageContaining("traffic start needs \"policy\"");
        assertThatThrownBy(() -> run("start", Map.of("policy", Map.of("challenger", "1.1.0", "percent", 300))))
                .hasMessage("\"policy\": percent must be above 0 and at most 100, not 300.0");
        assertThatThrownBy(() -> run("rollback", Map.of())).isInstanceOf(CommandException.class)
                .hasMessage("rolling back the challenger of iris: no traffic policy runs for iris");
        assertThatThrownBy(() -> run("pause", Map.of()))
                .hasMessage("\"action\" is one of [start, status, promote, rollback], not pause");
    }

    @Test
    void withoutATrafficManagerTheCommandSaysSo() {
        assertThatThrownBy(() -> new TrafficCommand().run(call(Map.of("model", "iris", "action", "status"))))
                .isInstanceOf(CommandException.class).hasMessageContaining("traffic policies are not available");
    }

    private Object run(String action, Map<String, Object> more) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(more);
        body.put("model", "iris");
        body.put("action", action);
        return command(manager).run(call(body));
    }

    private TrafficCommand command(TrafficManager traffic) {
        TrafficManagerControl control = new TrafficManagerControl();
        control.manager = traffic;
        TrafficCommand command = new TrafficCommand();
        command.traffic = control;
        return command;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Object value) {
        return (Map<String, Object>) value;
    }

    private static CommandCall call(Map<String, Object> body) {
        return new CommandCall("traffic", "id-1", body, "ops", null, null);
    }

    /** One model's policy in memory, with the manager's refusals. */
    private static final class OnePolicyManager implements TrafficManager {
        final List<TrafficPolicy> started = new ArrayList<>();
        TrafficStatus status;

        @Override
        public TrafficStatus start(String model, TrafficPolicy policy) {
            started.add(policy);
            List<GuardReading> readings = policy.guards().stream()
                    .map(g -> new GuardReading(g, 0, Double.NaN, GuardReading.Verdict.WAITING)).toList();
            status = new TrafficStatus(model, "1.0.0", policy.challenger(), policy, TrafficStatus.State.RUNNING,
                    Instant.now(), null, null, 0, readings);
            return status;
        }

        @Override
        public Optional<TrafficStatus> status(String model) {
            return Optional.ofNullable(status);
        }

        @Override
        public List<TrafficStatus> policies() {
            return status == null ? List.of() : List.of(status);
        }

        @Override
        public TrafficStatus promote(String model, String reason) {
            return end(model, TrafficStatus.State.PROMOTED, reason);
        }

        @Override
        public TrafficStatus rollback(String model, String reason) {
            return end(model, TrafficStatus.State.ROLLED_BACK, reason);
        }

        private TrafficStatus end(String model, TrafficStatus.State state, String reason) {
            if (status == null || status.state() != TrafficStatus.State.RUNNING) {
                throw new IllegalStateException("no traffic policy runs for " + model);
            }
            status = new TrafficStatus(model, status.champion(), status.challenger(), status.policy(), state,
                    status.started(), Instant.now(), reason, 10, status.readings());
            return status;
        }
    }
}
