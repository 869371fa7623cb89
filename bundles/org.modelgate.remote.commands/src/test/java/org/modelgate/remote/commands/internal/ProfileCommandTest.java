package org.modelgate.remote.commands.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modelgate.api.ProfileMeasurement;
import org.modelgate.api.ProfileReport;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;

/** profile: the runs asked reach the registry, the report comes back as its summary, refusals are explained. */
class ProfileCommandTest {
    private final RecordingRegistry registry = new RecordingRegistry().withModel("iris", "1.0.0", "1.0.0");

    @Test
    void theReportComesBackAsItsSummary() {
        ProfileMeasurement winner = new ProfileMeasurement("onnxruntime", "cpu", 2, 10, 0.5, 0.9, 1800, 12.0, null);
        registry.profileReport = new ProfileReport("iris", "1.0.0", 20, Instant.parse("2026-12-07T05:00:00Z"),
                List.of(winner, ProfileMeasurement.failed("onnxruntime", "npu", 1, 3, "device busy")), winner,
                "plan.json written", "re-planned onto cpu");
        Map<?, ?> summary = (Map<?, ?>) command().run(call(Map.of("model", "iris", "runs", 20)));
        assertThat(registry.profiled.runs()).isEqualTo(20);
        assertThat(summary.get("outcome")).isEqualTo("re-planned onto cpu");
        assertThat(summary.get("candidates")).isEqualTo(2);
        assertThat(summary.get("failed")).isEqualTo(1L);
        assertThat(summary.get("winner").toString()).contains("candidate=onnxruntime/cpu/2 threads").contains("p50_ms=0.5");
    }

    @Test
    void refusalsAreExplained() {
        assertThatThrownBy(() -> command().run(call(Map.of("model", "iris")))).isInstanceOf(CommandException.class)
                .hasMessage("profiling iris: this model registry does not profile models");
        registry.profileReport = new ProfileReport("iris", "1.0.0", 1, Instant.now(), List.of(), null, null, "none");
        assertThatThrownBy(() -> command().run(call(Map.of("model", "iris", "runs", 0))))
                .hasMessage("profiling iris: runs must be between 1 and 100000, got 0");
        assertThatThrownBy(() -> command().run(call(Map.of("model", "digits"))))
                .hasMessageContaining("no model named digits");
    }

    private ProfileCommand command() {
        ProfileCommand command = new ProfileCommand();
        command.registry = registry;
        return command;
    }

    private static CommandCall call(Map<String, Object> body) {
        return new CommandCall("profile", "id", body, "ops", null, null);
    }
}
