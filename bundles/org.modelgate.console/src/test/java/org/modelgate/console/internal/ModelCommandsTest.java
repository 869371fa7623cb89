package org.modelgate.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelgate.api.ModelState;

/**
 * Feature: operators manage and try models from the Gogo shell with the mg commands.
 */
class ModelCommandsTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private FakeCore core;
    private ModelCommands commands;

    @BeforeEach
    void givenTheCoreIsRunning() {
        core = new FakeCore();
        commands = new ModelCommands(() -> out, () -> err);
        commands.registry = core;
        commands.inference = core;
    }

    @Test
    void modelsAreListedInATableThatFitsTheTerminal() {
        core.put("a-model-with-a-really-long-descriptive-name", "10.20.30", java.util.List.of("10.20.30"),
                ModelState.FAILED, "the model file is corrupt and cannot be parsed by any backend present", java.util.List.of());
        whenRunning(c -> c.models());
        thenOutputIs(
                "NAME                  VERSION   STATE     BACKEND      VERSIONS  REASON",
                "iris                  1.1.0     READY     onnxruntime  2         -",
                "digits                2.0.0     UNLOADED  -            1         -",
                "corrupt               1.0.0     FAILED    -            1         model.onnx i...",
                "a-model-with-a-re...  10.20.30  FAILED    -            1         the model fi...");
        assertThat(outBytes.toString(StandardCharsets.UTF_8).lines())
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        thenNoError();
    }

    @Test
    void aModelInItsOwnHostProcessShowsTheHostsMemory() {
        core.putHosted("div", "1.0.0", new org.modelgate.api.ModelHostInfo(4242, 112L * 1024 * 1024, 1,
                "SIGFPE in libonnxruntime.so"));
        whenRunning(c -> c.models());
        thenOutputIs(
                "NAME     VERSION  STATE     BACKEND      VERSIONS  HOST     REASON",
                "iris     1.1.0    READY     onnxruntime  2         -        -",
                "digits   2.0.0    UNLOADED  -            1         -        -",
                "corrupt  1.0.0    FAILED    -            1         -        model.onnx is not...",
                "div      1.0.0    READY     onnxruntime  1         112 MiB  -");

        outBytes.reset();
        whenRunning(c -> c.models("div"));
        assertThat(outBytes.toString(StandardCharsets.UTF_8))
                .contains("host:     pid 4242, 112 MiB resident, 1 restart(s); last died: SIGFPE in libonnxruntime.so");
        thenNoError();
    }

    @Test
    void inSafeModeTheModelListSaysWhyAndHowToLeaveIt() {
        givenSafeModeHoldingBack("div", "1.0.0 in trial when the gateway died");
        whenRunning(c -> c.models());
        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).first().asString().startsWith("NAME ");
        assertThat(text.lines()).last().asString()
                .startsWith("safe mode: on since 2026-12-07T00:00:00Z: the gateway died 2 times in a row within 600 s")
                .contains("not loaded: div (1.0.0 in trial when the gateway died)").contains("mg:safemode off");
        thenNoError();
    }

    @Test
    void safemodeSaysOffOrWhyAndOffLeavesIt() {
        whenRunning(c -> c.safemode());
        thenOutputIs("safe mode: off");

        givenSafeModeHoldingBack("div", "1.0.0 loading when the gateway died");
        outBytes.reset();
        whenRunning(c -> c.safemode());
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).startsWith("safe mode: on since ").contains("div (1.0.0 loading");
        outBytes.reset();
        whenRunning(c -> c.safemode("off"));
        thenOutputIs("safe mode left; loading div");
        assertThat(core.safeMode.active()).isFalse();
        outBytes.reset();
        whenRunning(c -> c.safemode("off"));
        thenOutputIs("not in safe mode");
        thenNoError();
    }

    private void givenSafeModeHoldingBack(String model, String what) {
        core.safeMode = new org.modelgate.api.SafeMode(true, java.time.Instant.parse("2026-12-07T00:00:00Z"), 2, 600,
                "no crash report: killed or powered off", java.util.Map.of(model, what));
    }

    @Test
    void oneModelIsShownInDetail() {
        whenRunning(c -> c.models("iris"));
        thenOutputIs(
                "name:     iris",
                "version:  1.1.0 (active); versions: 1.0.0, 1.1.0",
                "state:    READY",
                "format:   onnx on onnxruntime",
                "inputs:   features FP32[-1,4]",
                "outputs:  doubled FP32[-1,4]",
                "labels:   setosa, versicolor");
    }

    @Test
    void versionCommandsShowTheHistoryAndPassRefusalsOn() {
        whenRunning(c -> c.versions("iris"));
        whenRunning(c -> c.rollback("iris"));
        thenOutputIs("iris: versions [1.0.0, 1.1.0], serving 1.1.0 (READY)");
        assertThat(errBytes.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("mg:rollback: model 'iris' has no earlier committed version");
    }

    @Test
    void loadUnloadAndActivateSayWhatHappened() {
        whenRunning(c -> c.load("digits"));
        whenRunning(c -> c.unload("iris"));
        whenRunning(c -> c.activate("iris", "1.0.0"));
        thenOutputIs(
                "loaded digits 2.0.0 (READY on onnxruntime)",
                "unloaded iris 1.1.0 (UNLOADED)",
                "activated iris 1.0.0 (READY on onnxruntime)");
        assertThat(core.model("iris").orElseThrow().version()).isEqualTo("1.0.0");
        thenNoError();
    }

    @Test
    void forceLetsAQuarantinedVersionBeActivatedOrLoaded() {
        whenRunning(c -> c.activate("--force", "iris", "1.0.0"));
        assertThat(core.lastForce).isTrue();
        whenRunning(c -> c.activate("iris", "1.1.0"));
        assertThat(core.lastForce).isFalse();
        whenRunning(c -> c.load("--force", "digits"));
        assertThat(core.lastForce).isTrue();
        thenOutputIs(
                "activated iris 1.0.0 (READY on onnxruntime)",
                "activated iris 1.1.0 (READY on onnxruntime)",
                "loaded digits 2.0.0 (READY on onnxruntime)");
        thenNoError();
    }

    @Test
    void inferTakesAnOipRequestAndPrintsTheOipResponse() {
        whenRunning(c -> c.infer("iris", "{\"id\":\"7\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
                + "\"datatype\":\"FP32\",\"data\":[1,2,3,4.5]}]}"));
        thenOutputIs("{\"model_name\":\"iris\",\"model_version\":\"1.1.0\",\"id\":\"7\",\"outputs\":[{\"name\":\"doubled\","
                + "\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[2.0,4.0,6.0,9.0]}]}");
        thenNoError();
    }

    @Test
    void inferJoinsAJsonThatTheShellSplitAndReadsFiles(@TempDir Path dir) throws Exception {
        whenRunning(c -> c.infer("iris", "{\"inputs\":[{\"name\":\"features\",", "\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}]}"));
        Path file = dir.resolve("request.json");
        Files.writeString(file, "{\"inputs\":[{\"name\":\"features\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[5]}]}");
        whenRunning(c -> c.infer("iris", "@" + file));
        thenOutputIs(
                "{\"model_name\":\"iris\",\"model_version\":\"1.1.0\",\"outputs\":[{\"name\":\"doubled\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[2.0]}]}",
                "{\"model_name\":\"iris\",\"model_version\":\"1.1.0\",\"outputs\":[{\"name\":\"doubled\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[10.0]}]}");
        thenNoError();
    }

    @Test
    void backendsAreListed() {
        whenRunning(c -> c.backends());
        thenOutputIs(
                "NAME         VERSION  FORMATS   MODELS  BUNDLE",
                "onnxruntime  1.23.2   onnx,ort  1       org.modelgate.backend.onnxruntime");
    }

    @Test
    void failuresAreOneLineWithoutAStackTrace() {
        whenRunning(c -> c.load("nope"));
        whenRunning(c -> c.load("corrupt"));
        whenRunning(c -> c.activate("iris", "9.9.9"));
        whenRunning(c -> c.infer("digits", "{\"inputs\":[]}"));
        whenRunning(c -> c.infer("iris", "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}"));
        whenRunning(c -> c.infer("iris", "{\"inputs\":"));
        whenRunning(c -> c.infer("iris", "@/no/such/request.json"));
        whenRunning(c -> c.models("nope"));
        thenErrorIs(
                "mg:load: model 'nope' is not in the repository",
                "mg:load: model 'corrupt' cannot be loaded: model.onnx is not an ONNX file",
                "mg:activate: model 'iris' has no version '9.9.9'",
                "mg:infer: model 'digits' is UNLOADED; load it first",
                "mg:infer: input 'features': data has 3 elements, shape [1,4] needs 4",
                "mg:infer: unexpected end of JSON at line 1 column 11",
                "mg:infer: cannot read request file /no/such/request.json: NoSuchFileException /no/such/request.json",
                "mg:models: model 'nope' is not in the repository");
        assertThat(outBytes.size()).isZero();
    }

    @Test
    void anUnexpectedFailureIsStillOneLine() {
        commands.registry = new FakeCore() {
            @Override
            public java.util.List<org.modelgate.api.ModelInfo> models() {
                throw new IllegalStateException("disk gone");
            }
        };
        whenRunning(c -> c.models());
        thenErrorIs("mg:models: failed: IllegalStateException: disk gone");
    }

    @Test
    void withoutTheCoreTheCommandsSaySo() {
        commands.registry = null;
        commands.inference = null;
        whenRunning(c -> c.models());
        whenRunning(c -> c.infer("iris", "{\"inputs\":[]}"));
        thenErrorIs(
                "mg:models: the model registry is not available (is org.modelgate.core running?)",
                "mg:infer: the inference service is not available (is org.modelgate.core running?)");
    }

    @Test
    void wrongArgumentCountsShowTheUsageLine() {
        whenRunning(c -> c.load());
        whenRunning(c -> c.activate("iris"));
        whenRunning(c -> c.backends("x"));
        whenRunning(c -> c.infer("iris"));
        thenErrorIs(
                "mg:load: wrong number of arguments; usage: mg:load [--force] <model>",
                "mg:activate: wrong number of arguments; usage: mg:activate [--force] <model> <version>",
                "mg:backends: wrong number of arguments; usage: mg:backends",
                "mg:infer: wrong number of arguments; usage: mg:infer <model> <json>|@<file>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--help"})
    void everyCommandPrintsItsUsage(String flag) {
        whenRunning(c -> c.models(flag));
        whenRunning(c -> c.load(flag));
        whenRunning(c -> c.unload("iris", flag));
        whenRunning(c -> c.activate(flag));
        whenRunning(c -> c.versions(flag));
        whenRunning(c -> c.rollback(flag));
        whenRunning(c -> c.install(flag));
        whenRunning(c -> c.remove(flag));
        whenRunning(c -> c.infer(flag));
        whenRunning(c -> c.backends(flag));
        String printed = outBytes.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines().filter(l -> l.startsWith("usage: "))).containsExactly(
                "usage: mg:models [<model>]",
                "usage: mg:load [--force] <model>",
                "usage: mg:unload <model>",
                "usage: mg:activate [--force] <model> <version>",
                "usage: mg:versions <model>",
                "usage: mg:rollback <model>",
                "usage: mg:install <file.mgp>|<folder>|<file.jar>",
                "usage: mg:remove <model> <version>",
                "usage: mg:infer <model> <json>|@<file>",
                "usage: mg:backends");
        assertThat(printed).contains("  -h, --help  show this help");
        assertThat(printed.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        assertThat(core.model("iris").orElseThrow().state()).as("help runs nothing").isEqualTo(ModelState.READY);
        thenNoError();
    }

    @Test
    void changesAreMadeOnBehalfOfTheSessionsOperator() {
        commands = new ModelCommands(() -> out, () -> err, () -> "alice (ssh key SHA256:abc)");
        commands.registry = core;

        whenRunning(c -> c.activate("iris", "1.0.0"));

        assertThat(core.lastOperator).isEqualTo("alice (ssh key SHA256:abc)");
        assertThat(org.modelgate.api.Operator.current()).as("nothing left on the shell's thread").isEmpty();
        thenNoError();
    }

    @Test
    void withoutAGogoSessionTheOperatorIsTheLocalAccount() {
        assertThat(OperatorName.ofCurrentSession()).isEqualTo(System.getProperty("user.name") + " (local console)");
    }

    private void whenRunning(Consumer<ModelCommands> command) {
        command.accept(commands);
    }

    private void thenOutputIs(String... lines) {
        assertThat(outBytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(lines);
    }

    private void thenErrorIs(String... lines) {
        assertThat(errBytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(lines);
    }

    private void thenNoError() {
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
