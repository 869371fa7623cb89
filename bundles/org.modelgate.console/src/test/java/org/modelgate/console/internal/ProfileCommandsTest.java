package org.modelgate.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ProfileListener;
import org.modelgate.api.ProfileMeasurement;
import org.modelgate.api.ProfileRefusedException;
import org.modelgate.api.ProfileReport;
import org.modelgate.api.ProfileRequest;

/** Feature: mg:profile shows its progress, then what each candidate measured and which one won. */
class ProfileCommandsTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final ProfileCommands commands = new ProfileCommands(() -> out, () -> err, () -> "tester");
    private ProfileRequest asked;

    @Test
    void theTableFollowsTheProgressBarAndNamesTheWinner() {
        ProfileMeasurement npu = new ProfileMeasurement("onnxruntime", "npu", 2, 41.2, 0.0412, 0.093, 21_345, 3.5, null);
        givenCoreAnswers(new ProfileReport("minilm", "1.0.0", 100, Instant.EPOCH, List.of(
                new ProfileMeasurement("onnxruntime", "cpu", 1, 123.4, 7.41, 12.5, 131.2, 88.25, null), npu,
                ProfileMeasurement.failed("djl", null, 1, 3.0, "load failed: no such provider")), npu,
                "/repo/minilm/plan.json", "winner onnxruntime/npu/2 threads, stored in /repo/minilm/plan.json; now serving "
                        + "on onnxruntime under driver npu {intraOpThreads=2}"));

        commands.profile("minilm", "-n", "100");

        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertThat(asked.runs()).isEqualTo(100);
        assertThat(text).startsWith("\r[##########..........]  50%  onnxruntime/cpu/1 thread: loaded in 123 ms")
                .contains("\r[####################] 100%  done");
        List<String> lines = text.substring(text.indexOf("\nmodel ") + 1).lines().toList();
        assertThat(lines).containsExactly(
                "model minilm 1.0.0, 100 timed runs per candidate",
                "BACKEND      DRIVER    THREADS  LOAD ms  P50 ms  P99 ms  REQ/S  MEM MiB",
                "onnxruntime  cpu       1        123      7.41    12.5    131    88.3",
                "onnxruntime  npu       2        41.2     0.041   0.093   21345  3.50",
                "djl          defaults  1        3.00     failed  -       -      -",
                "djl/defaults/1 thread failed: load failed: no such provider",
                "winner onnxruntime/npu/2 threads, stored in /repo/minilm/plan.json",
                "now serving on onnxruntime under driver npu {intraOpThreads=2}");
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80).isPositive());
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void refusalsAndMisuseAreOneLineOnStderr() {
        commands.registry = new FakeCore() {
            @Override
            public ProfileReport profile(String name, ProfileRequest request, ProfileListener progress) {
                if (name.equals("busy")) {
                    throw new ProfileRefusedException("model 'iris' is being profiled; one profile runs at a time, try again "
                            + "when it has finished");
                }
                throw new ModelNotFoundException("no model '" + name + "' in the repository /repo; models are [iris]");
            }
        };
        commands.profile("nope");
        commands.profile("busy");
        commands.profile("iris", "-n", "many");
        commands.profile();
        commands.profile("iris", "extra");
        commands.profile("-h");

        assertThat(errBytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "mg:profile: no model 'nope' in the repository /repo; models are [iris]",
                "mg:profile: model 'iris' is being profiled; one profile runs at a time, try again when it has finished",
                "mg:profile: -n takes a number of runs, not 'many'; usage: mg:profile <model> [-n <runs>]",
                "mg:profile: wrong number of arguments; usage: mg:profile <model> [-n <runs>]",
                "mg:profile: unexpected argument 'extra'; usage: mg:profile <model> [-n <runs>]");
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).startsWith("usage: mg:profile <model> [-n <runs>]\n")
                .contains("-h, --help");
        assertThat(outBytes.toString(StandardCharsets.UTF_8).lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    }

    private void givenCoreAnswers(ProfileReport report) {
        commands.registry = new FakeCore() {
            @Override
            public ProfileReport profile(String name, ProfileRequest request, ProfileListener progress) {
                asked = request;
                progress.progress(1, 2, "onnxruntime/cpu/1 thread: loaded in 123 ms");
                progress.progress(2, 2, "done");
                return report;
            }
        };
    }
}
