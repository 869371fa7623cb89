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
import org.modelgate.api.ProfileEnergy;
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
    void energyFiguresAreColumnsWhereAMeterRead() {
        ProfileMeasurement npu = new ProfileMeasurement("onnxruntime", "npu", 2, 41.2, 0.0412, 0.093, 21_345, 3.5, null,
                ProfileEnergy.measured(0.000_412, 8.8, List.of("hwmon ina3221 VDD_IN (hwmon1)")));
        givenCoreAnswers(new ProfileReport("minilm", "1.0.0", 100, Instant.EPOCH, List.of(
                new ProfileMeasurement("onnxruntime", "cpu", 1, 123.4, 7.41, 12.5, 131.2, 88.25, null,
                        ProfileEnergy.measured(0.0923, 12.1, List.of("hwmon ina3221 VDD_IN (hwmon1)"))), npu,
                new ProfileMeasurement("djl", null, 1, 3.0, 5.0, 6.0, 200, null, null,
                        ProfileEnergy.unavailable("hwmon ina3221 VDD_IN (hwmon1): reading failed"))), npu,
                "/repo/minilm/plan.json", "winner onnxruntime/npu/2 threads"));

        commands.profile("minilm", "-n", "100");

        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertThat(text.substring(text.indexOf("\nmodel ") + 1).lines().toList()).containsExactly(
                "model minilm 1.0.0, 100 timed runs per candidate",
                "BACKEND      DRIVER    THREADS  LOAD ms  P50 ms  P99 ms  REQ/S  MEM MiB",
                "onnxruntime  cpu       1        123      7.41    12.5    131    88.3",
                "onnxruntime  npu       2        41.2     0.041   0.093   21345  3.50",
                "djl          defaults  1        3.00     5.00    6.00    200    -",
                "CANDIDATE                  mJ/INF  W     METERS",
                "onnxruntime/cpu/1 thread   92.3    12.1  hwmon ina3221 VDD_IN (hwmon1)",
                "onnxruntime/npu/2 threads  0.412   8.80  hwmon ina3221 VDD_IN (hwmon1)",
                "djl/defaults/1 thread energy: not readable (hwmon ina3221 VDD_IN (hwmon1): reading failed)",
                "winner onnxruntime/npu/2 threads");
    }

    @Test
    void withoutAMeterThatReadsOneLineSaysWhy() {
        ProfileEnergy none = ProfileEnergy.unavailable("no energy meter could read: rapl package-0 (intel-rapl:0): "
                + "/sys/class/powercap/intel-rapl:0/energy_uj is not readable (root only since Linux 5.10)");
        ProfileMeasurement cpu = new ProfileMeasurement("onnxruntime", "cpu", 1, 123.4, 7.41, 12.5, 131.2, 88.25, null, none);
        givenCoreAnswers(new ProfileReport("minilm", "1.0.0", 100, Instant.EPOCH, List.of(cpu,
                new ProfileMeasurement("onnxruntime", "cpu", 2, 120.0, 4.0, 8.0, 250, 88.25, null, none)), cpu,
                "/repo/minilm/plan.json", "winner onnxruntime/cpu/1 thread"));

        commands.profile("minilm");

        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().toList()).containsSubsequence("onnxruntime  cpu     2        120      4.00    8.00    250    88.3",
                "energy: not readable here (" + none.unavailable() + ")", "winner onnxruntime/cpu/1 thread")
                .noneMatch(line -> line.startsWith("CANDIDATE"));
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
