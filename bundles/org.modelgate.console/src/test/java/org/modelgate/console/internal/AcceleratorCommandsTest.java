package org.modelgate.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.modelgate.api.AcceleratorInfo;
import org.modelgate.api.DataType;
import org.modelgate.api.ExecutionPlan;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.api.TensorSpec;

/** Feature: operators see which accelerators work on the device, why the others do not, and how each model runs. */
class AcceleratorCommandsTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void theDriversAreListedAndTheUnavailableOnesSayWhy() {
        AcceleratorCommands commands = commandsOn(List.of(
                new AcceleratorInfo("cpu", true, "amd64, 2 cores: Intel(R) Xeon(R) CPU @ 2.20GHz", List.of("CPU"), null,
                        "org.modelgate.accel.cpu", List.of("digits")),
                new AcceleratorInfo("cuda", false, null, List.of("CPU"), "the loaded ONNX Runtime natives carry [CPU], not "
                        + "CUDA: run the GPU natives", "org.modelgate.accel.cuda", List.of()),
                new AcceleratorInfo("npu", true, "Acme NPU at /dev/acme-npu0 (firmware 2.1.0, 512 MiB)", List.of("ACME_NPU"),
                        null, "org.modelgate.accel.sample.npu", List.of("iris"))));

        commands.accelerators();

        assertThat(outBytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "NAME  AVAILABLE  PROVIDERS  MODELS  BUNDLE",
                "cpu   yes        CPU        digits  org.modelgate.accel.cpu",
                "cuda  no         CPU        -       org.modelgate.accel.cuda",
                "npu   yes        ACME_NPU   iris    org.modelgate.accel.sample.npu",
                "cpu: amd64, 2 cores: Intel(R) Xeon(R) CPU @ 2.20GHz",
                "cuda: unavailable: the loaded ONNX Runtime natives carry [CPU], not CUDA: run the GPU natives",
                "npu: Acme NPU at /dev/acme-npu0 (firmware 2.1.0, 512 MiB)");
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void withoutDriversTheCommandSaysWhatThatMeans() {
        commandsOn(List.of()).accelerators();

        assertThat(outBytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "no accelerator drivers: models run on their backend's defaults (install feature accel-cpu)\n");
    }

    @Test
    void helpAndMisuseAndAMissingCore() {
        AcceleratorCommands commands = new AcceleratorCommands(() -> out, () -> err);
        commands.accelerators("-h");
        commands.accelerators("cpu");
        commands.accelerators();

        assertThat(outBytes.toString(StandardCharsets.UTF_8)).startsWith("usage: mg:accelerators\n").contains("-h, --help");
        assertThat(errBytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "mg:accelerators: wrong number of arguments; usage: mg:accelerators",
                "mg:accelerators: the model registry is not available (is org.modelgate.core running?)");
    }

    @Test
    void aModelsDetailsShowItsPlan() {
        FakeCore core = new FakeCore() {
            @Override
            public Optional<ModelInfo> model(String name) {
                return Optional.of(new ModelInfo("iris", "1.0.0", List.of("1.0.0"), "onnx", "onnxruntime", ModelState.READY,
                        null, List.of(new TensorSpec("input", DataType.FP32, new long[] {-1, 4})), List.of(), List.of(),
                        new ExecutionPlan("npu", 60, "highest rank of [npu 60, cpu 10]", Map.of("intraOpThreads", "1",
                                "ort.executionProviders", "CPU"), List.of("driver 'faulty' failed in settingsFor(): boom"))));
            }
        };
        ModelCommands commands = new ModelCommands(() -> out, () -> err);
        commands.registry = core;

        commands.models("iris");

        assertThat(outBytes.toString(StandardCharsets.UTF_8).lines()).endsWith(
                "plan:     npu (rank 60); highest rank of [npu 60, cpu 10]",
                "settings: intraOpThreads=1, ort.executionProviders=CPU",
                "note:     driver 'faulty' failed in settingsFor(): boom");
    }

    private AcceleratorCommands commandsOn(List<AcceleratorInfo> drivers) {
        AcceleratorCommands commands = new AcceleratorCommands(() -> out, () -> err);
        commands.registry = new FakeCore() {
            @Override
            public List<AcceleratorInfo> accelerators() {
                return drivers;
            }
        };
        return commands;
    }
}
