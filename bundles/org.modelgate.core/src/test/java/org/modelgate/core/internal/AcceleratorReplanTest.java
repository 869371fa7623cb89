package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.AcceleratorInfo;
import org.modelgate.api.ModelInfo;

/**
 * Feature: models follow the accelerator drivers. A driver arriving under load takes the models it ranks best
 * for, a driver leaving hands them to the next plan, each move a load-then-swap that fails no request; a driver
 * that throws is listed with the reason and changes nothing else.
 */
class AcceleratorReplanTest {
    @TempDir
    Path repository;
    private final RecordingBackend backend = new RecordingBackend();
    private final RegistryHarness gateway = new RegistryHarness();
    private final FakeDriver cpu = FakeDriver.of("cpu", 10);
    private final FakeDriver npu = FakeDriver.of("npu", 60);

    @BeforeEach
    void givenTwoModelsServedUnderTheCpuDriver() {
        ModelRepositoryFixture models = new ModelRepositoryFixture(repository);
        models.affineModel("scaler", "1.0.0", 2f);
        models.model("other", "1.0.0", "{\"name\":\"other\",\"version\":\"1.0.0\",\"format\":\"affine\",\"file\":\"m\","
                + "\"hints\":{\"accelerators\":[\"cpu\"]}}", "m", "scale=3");
        gateway.registry.addBackend(backend, Map.of("service.id", 1L));
        gateway.registry.addDriver(cpu, Map.of("service.id", 10L));
        gateway.start(repository, true);
        thenModelRunsUnder("scaler", "cpu");
        thenModelRunsUnder("other", "cpu");
    }

    @AfterEach
    void stop() {
        gateway.stop();
    }

    @Test
    void theChosenDriverIsVisibleInTheModelAndTheAcceleratorList() {
        ModelInfo info = gateway.registry.model("scaler").orElseThrow();

        assertThat(info.plan().reason()).isEqualTo("the only driver offering settings");
        assertThat(info.plan().settings()).containsEntry("device", "cpu");
        assertThat(backend.lastOptions()).containsEntry("device", "cpu");
        assertThat(gateway.registry.accelerators()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("cpu");
            assertThat(a.available()).isTrue();
            assertThat(a.device()).isEqualTo("fake cpu device");
            assertThat(a.models()).containsExactly("other", "scaler");
        });
    }

    @Test
    void aDriverArrivingUnderLoadTakesTheModelsItRanksBestWithoutAFailedRequest() throws Exception {
        List<Throwable> failures = whileRequestsRun(() -> {
            gateway.registry.addDriver(npu, Map.of("service.id", 11L));
            thenModelRunsUnder("scaler", "npu");
        });

        assertThat(failures).isEmpty();
        assertThat(backend.lastOptions()).containsEntry("device", "npu");
        thenModelRunsUnder("other", "cpu"); // its hint leaves npu out
        assertThat(backend.models().stream().filter(m -> m.scale == 2f).findFirst().orElseThrow().closed)
                .as("the scaler's session loaded under cpu was drained and closed").isTrue();
        assertThat(gateway.registry.accelerators()).extracting(AcceleratorInfo::name, AcceleratorInfo::models)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cpu", List.of("other")),
                        org.assertj.core.groups.Tuple.tuple("npu", List.of("scaler")));
    }

    @Test
    void aDriverLeavingUnderLoadHandsItsModelsToTheNextPlanWithoutAFailedRequest() throws Exception {
        gateway.registry.addDriver(npu, Map.of("service.id", 11L));
        thenModelRunsUnder("scaler", "npu");

        List<Throwable> failures = whileRequestsRun(() -> {
            gateway.registry.removeDriver(npu, Map.of("service.id", 11L));
            thenModelRunsUnder("scaler", "cpu");
        });

        assertThat(failures).isEmpty();
        assertThat(gateway.registry.accelerators()).extracting(AcceleratorInfo::name).containsExactly("cpu");
    }

    @Test
    void whenTheLastDriverLeavesTheModelRunsOnTheBackendDefaults() {
        gateway.registry.removeDriver(cpu, Map.of("service.id", 10L));

        ModelInfo info = gateway.awaitModel("scaler", m -> m.isReady() && m.accelerator() == null);

        assertThat(info.plan().reason()).contains("the backend's defaults");
        assertThat(gateway.infer("scaler", 1f, 2f).output("y").toFloatArray()).containsExactly(2f, 4f);
    }

    @Test
    void aDriverThrowingInProbeIsListedWithTheReasonAndChangesNothing() {
        int loadsBefore = backend.loadedWith.size();

        gateway.registry.addDriver(FakeDriver.of("faulty", 99).throwingInProbe("firmware not found"), Map.of("service.id", 12L));

        AcceleratorInfo faulty = awaitAccelerator("faulty");
        assertThat(faulty.available()).isFalse();
        assertThat(faulty.reason()).isEqualTo("driver 'faulty' failed in probe(): IllegalStateException: firmware not found");
        thenModelRunsUnder("scaler", "cpu");
        assertThat(backend.loadedWith).as("no model was loaded again").hasSize(loadsBefore);
    }

    @Test
    void aDriverThrowingInSettingsForIsPassedOverAndTheModelSaysSo() {
        gateway.registry.addDriver(FakeDriver.of("faulty", 99).throwingInSettings("model too large"), Map.of("service.id", 12L));
        awaitAccelerator("faulty");
        gateway.registry.unload("scaler");

        ModelInfo info = gateway.registry.load("scaler");

        assertThat(info.accelerator()).isEqualTo("cpu");
        assertThat(info.plan().notes()).contains("driver 'faulty' failed in settingsFor(): IllegalStateException: model too large");
        assertThat(gateway.infer("other", 1f, 1f).output("y").toFloatArray()).containsExactly(3f, 3f);
    }

    @Test
    void settingsTheBackendRefusesFallBackToTheNextPlanWithANote() {
        backend.refusedDevice = "npu";

        gateway.registry.addDriver(npu, Map.of("service.id", 11L));
        awaitAccelerator("npu");
        gateway.registry.unload("scaler");
        ModelInfo info = gateway.registry.load("scaler");

        assertThat(info.accelerator()).isEqualTo("cpu");
        assertThat(info.plan().notes()).anySatisfy(n -> assertThat(n)
                .startsWith("loading under driver npu failed (execution provider npu cannot be added: no such device)"));
        assertThat(gateway.infer("scaler", 1f, 2f).output("y").toFloatArray()).containsExactly(2f, 4f);
    }

    // ---- then / helpers ----

    private void thenModelRunsUnder(String model, String accelerator) {
        ModelInfo info = gateway.awaitModel(model, m -> m.isReady() && accelerator.equals(m.accelerator()));
        assertThat(info.plan().accelerator()).isEqualTo(accelerator);
    }

    private AcceleratorInfo awaitAccelerator(String name) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (AcceleratorInfo info : gateway.registry.accelerators()) {
                if (info.name().equals(name) && !"probing the device".equals(info.reason())) {
                    return info;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("accelerator " + name + " never finished probing: " + gateway.registry.accelerators());
    }

    private List<Throwable> whileRequestsRun(Runnable action) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread[] clients = new Thread[3];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = new Thread(() -> {
                while (running.get()) {
                    try {
                        gateway.infer("scaler", 1f, 2f);
                        served.incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            });
            clients[i].start();
        }
        while (served.get() < 100) {
            Thread.onSpinWait();
        }
        action.run();
        int after = served.get();
        while (served.get() < after + 100) {
            Thread.onSpinWait();
        }
        running.set(false);
        for (Thread client : clients) {
            client.join(10_000);
        }
        return List.copyOf(failures);
    }
}
