package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ExecutionPlan;
import org.modelgate.spi.DeviceProbe;

/**
 * The planner ranks the drivers that offer settings, follows a model's accelerators hint, skips drivers that are
 * unavailable, throw or hang (saying why), lets a measured plan.json go first, and always ends in the backend's
 * defaults.
 */
class ExecutionPlannerTest {
    @TempDir
    Path repository;
    // limits short enough for the hanging driver's test, long enough for a healthy driver on a loaded machine
    private final ExecutionPlanner planner = new ExecutionPlanner(new DriverCalls(Duration.ofSeconds(5), Duration.ofSeconds(2)));
    private long nextServiceId = 1;
    private ModelDescriptor model;

    @AfterEach
    void close() {
        planner.close();
    }

    @Test
    void theHighestRankGoesFirstAndTheBackendDefaultsLast() {
        givenAModel(null, null);
        givenDrivers(FakeDriver.of("cpu", 10), FakeDriver.of("npu", 60), FakeDriver.of("dnnl", 20));

        List<ExecutionPlan> plans = whenPlanning();

        assertThat(plans).extracting(ExecutionPlan::accelerator).containsExactly("npu", "dnnl", "cpu", null);
        assertThat(plans.get(0).reason()).contains("highest rank").contains("npu 60");
        assertThat(plans.get(0).settings()).containsEntry("device", "npu");
        assertThat(plans.get(3).settings()).isEmpty();
    }

    @Test
    void withoutDriversTheModelRunsOnTheBackendDefaults() {
        givenAModel(null, null);

        List<ExecutionPlan> plans = whenPlanning();

        assertThat(plans).singleElement().satisfies(p -> {
            assertThat(p.accelerator()).isNull();
            assertThat(p.reason()).contains("no accelerator driver offers settings for backend 'affine'");
        });
    }

    @Test
    void theAcceleratorsHintOrdersTheDriversAndLeavesOthersOut() {
        givenAModel("\"accelerators\": [\"cpu\", \"npu\"]", null);
        givenDrivers(FakeDriver.of("cuda", 70), FakeDriver.of("npu", 60), FakeDriver.of("cpu", 10));

        List<ExecutionPlan> plans = whenPlanning();

        assertThat(plans).extracting(ExecutionPlan::accelerator).containsExactly("cpu", "npu", null);
        assertThat(plans.get(0).reason()).contains("accelerators hint [cpu, npu]");
        assertThat(plans.get(0).notes()).anySatisfy(n -> assertThat(n).contains("cuda is left out"));
    }

    @Test
    void aHintedDriverThatIsMissingOrUnavailableIsNotedAndTheNextOneServes() {
        givenAModel("\"accelerators\": [\"tpu\", \"npu\", \"cpu\"]", null);
        givenDrivers(FakeDriver.of("npu", 60).unavailable("no Acme NPU: /dev/acme0 does not exist"), FakeDriver.of("cpu", 10));

        List<ExecutionPlan> plans = whenPlanning();

        assertThat(plans).extracting(ExecutionPlan::accelerator).containsExactly("cpu", null);
        assertThat(plans.get(0).notes()).contains("npu is unavailable: no Acme NPU: /dev/acme0 does not exist",
                "tpu (in the model's accelerators hint) is not installed");
    }

    @Test
    void anUnavailableDriverIsNeverChosenWhateverItsRank() {
        givenAModel(null, null);
        FakeDriver cuda = FakeDriver.of("cuda", 90).unavailable("no /dev/nvidia0");
        givenDrivers(cuda, FakeDriver.of("cpu", 10));

        assertThat(whenPlanning()).extracting(ExecutionPlan::accelerator).containsExactly("cpu", null);
        assertThat(cuda.settingsCalls).as("an unavailable driver is not even asked").hasValue(0);
    }

    @Test
    void aDriverThrowingInProbeIsUnavailableWithTheReason() {
        givenAModel(null, null);
        givenDrivers(FakeDriver.of("broken", 99).throwingInProbe("device table corrupt"), FakeDriver.of("cpu", 10));

        List<ExecutionPlan> plans = whenPlanning();

        assertThat(plans).extracting(ExecutionPlan::accelerator).containsExactly("cpu", null);
        DeviceProbe probe = planner.drivers().all().get(0).awaitProbe();
        assertThat(probe.available()).isFalse();
        assertThat(probe.reason()).isEqualTo("driver 'broken' failed in probe(): IllegalStateException: device table corrupt");
    }

    @Test
    void aDriverThrowingInSettingsForIsSkippedWithANote() {
        givenAModel(null, null);
        givenDrivers(FakeDriver.of("broken", 99).throwingInSettings("unsupported opset"), FakeDriver.of("cpu", 10));

        List<ExecutionPlan> plans = whenPlanning();

        assertThat(plans).extracting(ExecutionPlan::accelerator).containsExactly("cpu", null);
        assertThat(plans.get(0).notes())
                .contains("driver 'broken' failed in settingsFor(): IllegalStateException: unsupported opset");
    }

    @Test
    void aDriverThatHangsInSettingsForIsPassedOverAfterItsTimeLimit() {
        givenAModel(null, null);
        FakeDriver hanging = FakeDriver.of("hanging", 99);
        hanging.settingsGate = new CountDownLatch(1);
        givenDrivers(hanging, FakeDriver.of("cpu", 10));
        try {
            List<ExecutionPlan> plans = whenPlanning();

            assertThat(plans).extracting(ExecutionPlan::accelerator).containsExactly("cpu", null);
            assertThat(plans.get(0).notes()).anySatisfy(n -> assertThat(n).contains("'hanging' did not answer settingsFor()"));
        } finally {
            hanging.settingsGate.countDown();
        }
    }

    @Test
    void aDriverForAnotherBackendOffersNothing() {
        givenAModel(null, null);
        FakeDriver cuda = FakeDriver.of("cuda", 70);
        cuda.onlyBackend = "onnxruntime";
        givenDrivers(cuda, FakeDriver.of("cpu", 10));

        assertThat(whenPlanning()).extracting(ExecutionPlan::accelerator).containsExactly("cpu", null);
    }

    @Test
    void aMeasuredPlanGoesFirstWhenItsDriverIsPresentAndItsSettingsGoOverTheDrivers() throws Exception {
        givenAModel(null, null);
        givenDrivers(FakeDriver.of("npu", 60), FakeDriver.of("cpu", 10));
        new PlanFile("cpu", "affine", "1.0.0", Map.of("threads", "2"), "p50 1.2 ms (npu 3.4 ms)")
                .write(DurableFiles.SYSTEM, repository.resolve("scaler"));

        List<ExecutionPlan> plans = whenPlanning();

        assertThat(plans).extracting(ExecutionPlan::accelerator).containsExactly("cpu", "npu", null);
        assertThat(plans.get(0).reason()).isEqualTo("plan.json (p50 1.2 ms (npu 3.4 ms))");
        assertThat(plans.get(0).settings()).containsEntry("device", "cpu").containsEntry("threads", "2");
    }

    @Test
    void aMeasuredPlanWhoseDriverIsAbsentIsNotedAndTheRanksDecide() throws Exception {
        givenAModel(null, null);
        givenDrivers(FakeDriver.of("npu", 60), FakeDriver.of("cpu", 10));
        new PlanFile("cuda", null, null, Map.of(), null).write(DurableFiles.SYSTEM, repository.resolve("scaler"));

        List<ExecutionPlan> plans = whenPlanning();

        assertThat(plans).extracting(ExecutionPlan::accelerator).containsExactly("npu", "cpu", null);
        assertThat(plans.get(0).notes()).anySatisfy(n -> assertThat(n).startsWith("plan.json names driver 'cuda'"));
    }

    @Test
    void aMeasuredPlanOfAnotherVersionOrAnUnreadableOneIsIgnored() throws Exception {
        givenAModel(null, null);
        givenDrivers(FakeDriver.of("npu", 60), FakeDriver.of("cpu", 10));
        new PlanFile("cpu", null, "0.9.0", Map.of(), null).write(DurableFiles.SYSTEM, repository.resolve("scaler"));

        assertThat(whenPlanning().get(0)).satisfies(p -> {
            assertThat(p.accelerator()).isEqualTo("npu");
            assertThat(p.notes()).contains("plan.json was measured for version 0.9.0; ignored for 1.0.0");
        });

        Files.writeString(repository.resolve("scaler/plan.json"), "{\"driver\": ");
        assertThat(whenPlanning().get(0)).satisfies(p -> {
            assertThat(p.accelerator()).isEqualTo("npu");
            assertThat(p.notes()).anySatisfy(n -> assertThat(n).contains("plan.json is not valid JSON"));
        });
    }

    @Test
    void theModelsOwnOptionsWinOverTheDriversSettings() {
        ExecutionPlan plan = new ExecutionPlan("npu", 60, "test", Map.of("threads", "4", "arena", "false"), List.of());

        assertThat(ExecutionPlanner.options(plan, Map.of("threads", "1")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("threads", "1", "arena", "false"));
    }

    // ---- given / when ----

    private void givenAModel(String hints, String options) {
        String json = "{\"name\":\"scaler\",\"version\":\"1.0.0\",\"format\":\"affine\",\"file\":\"model.bin\""
                + (hints == null ? "" : ",\"hints\":{" + hints + "}")
                + (options == null ? "" : ",\"options\":{" + options + "}") + "}";
        Path dir = new ModelRepositoryFixture(repository).model("scaler", "1.0.0", json, "model.bin", "scale=2");
        model = ModelDescriptor.read(dir);
    }

    private void givenDrivers(FakeDriver... drivers) {
        for (FakeDriver driver : drivers) {
            planner.add(driver, Map.of("service.id", nextServiceId++));
        }
    }

    private List<ExecutionPlan> whenPlanning() {
        return planner.candidates(model, "affine", repository.resolve("scaler"));
    }
}
