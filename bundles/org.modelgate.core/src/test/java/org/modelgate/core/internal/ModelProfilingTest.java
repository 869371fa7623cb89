package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ProfileListener;
import org.modelgate.api.ProfileMeasurement;
import org.modelgate.api.ProfileRefusedException;
import org.modelgate.api.ProfileReport;
import org.modelgate.api.ProfileRequest;

/**
 * Feature: on-device profiling. A model is measured under every driver and thread count beside the serving
 * session; the fastest candidate under a driver is stored in plan.json and the model moves to it now and at its
 * next load; a candidate that fails is a failed row; requests keep being served throughout.
 */
class ModelProfilingTest {
    @TempDir
    Path repository;
    private final RecordingBackend backend = new RecordingBackend();
    private RegistryHarness gateway = new RegistryHarness();
    // "slow" ranks highest, so the planner picks it until profiling shows it is slower
    private final FakeDriver slow = new FakeDriver("slow", 60, Map.of("device", "slow", AffineBackend.DELAY, "4"));
    private final FakeDriver fast = new FakeDriver("fast", 10, Map.of("device", "fast"));
    private final FakeDriver broken = new FakeDriver("broken", 30, Map.of("device", "broken"));
    private final List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void givenAModelServedUnderTheHighestRankedDriver() {
        new ModelRepositoryFixture(repository).model("scaler", "1.0.0", "{\"name\":\"scaler\",\"version\":\"1.0.0\","
                + "\"format\":\"affine\",\"file\":\"model.bin\",\"labels\":[\"a\",\"b\"],"
                + "\"profile\":{\"inputs\":{\"x\":{\"shape\":[1,2]}}}}", "model.bin", "scale=2.0"); // x is [?, 2]: a size to time
        backend.refusedDevice = "broken";
        start();
        thenModelRunsUnder("slow");
    }

    @AfterEach
    void stop() {
        gateway.stop();
    }

    private void start() {
        gateway.registry.addBackend(backend, Map.of("service.id", 1L));
        gateway.registry.addDriver(slow, Map.of("service.id", 10L));
        gateway.registry.addDriver(fast, Map.of("service.id", 11L));
        gateway.registry.addDriver(broken, Map.of("service.id", 12L));
        gateway.start(repository, true);
        gateway.awaitModel("scaler", ModelInfo::isReady);
    }

    @Test
    void theFasterDriverWinsIsStoredAndServesNowAndAfterARestart() throws Exception {
        ProfileReport report = whenProfiling(new ProfileRequest(5, List.of(1, 2)));

        assertThat(report.measurements()).extracting(ProfileMeasurement::label).containsExactly(
                "affine/slow/1 thread", "affine/slow/2 threads", "affine/broken/1 thread", "affine/broken/2 threads",
                "affine/fast/1 thread", "affine/fast/2 threads", "affine/defaults/1 thread", "affine/defaults/2 threads");
        assertThat(report.winner().driver()).isEqualTo("fast");
        ProfileMeasurement slowest = report.measurements().get(0);
        assertThat(slowest.p50Millis()).as("the slow driver's delay shows").isGreaterThanOrEqualTo(4.0);
        assertThat(report.winner().p50Millis()).isLessThan(slowest.p50Millis());
        assertThat(report.winner().p99Millis()).isGreaterThanOrEqualTo(report.winner().p50Millis());
        assertThat(report.winner().throughput()).isGreaterThan(slowest.throughput());
        PlanFile plan = PlanFile.read(repository.resolve("scaler")).orElseThrow();
        assertThat(plan.driver()).isEqualTo("fast");
        assertThat(plan.backend()).isEqualTo("affine");
        assertThat(plan.version()).isEqualTo("1.0.0");
        assertThat(plan.settings()).containsEntry("intraOpThreads", Integer.toString(report.winner().threads()));
        assertThat(report.plan()).isEqualTo(repository.resolve("scaler").resolve("plan.json").toString());
        assertThat(report.outcome()).contains("winner affine/fast/").contains("now serving on affine under driver fast");
        thenModelRunsUnder("fast");
        assertThat(backend.lastOptions()).containsEntry("device", "fast")
                .containsEntry("intraOpThreads", Integer.toString(report.winner().threads()));
        assertThat(gateway.registry.lastProfile("scaler")).contains(report);
        assertThat(steps).last().asString().startsWith("25/25 winner affine/fast/");

        gateway.stop();
        gateway = new RegistryHarness();
        start();
        thenModelRunsUnder("fast");
        assertThat(gateway.registry.model("scaler").orElseThrow().plan().reason()).startsWith("plan.json");
    }

    @Test
    void aCandidateThatFailsIsAFailedRowAndNeverTheWinner() {
        ProfileReport report = whenProfiling(new ProfileRequest(3, List.of(1)));

        ProfileMeasurement failed = report.measurements().stream().filter(m -> "broken".equals(m.driver())).findFirst()
                .orElseThrow();
        assertThat(failed.ok()).isFalse();
        assertThat(failed.failure()).isEqualTo("load failed: execution provider broken cannot be added: no such device");
        assertThat(report.winner().driver()).isNotEqualTo("broken");
        assertThat(report.measurements()).filteredOn(ProfileMeasurement::ok).hasSize(3);
    }

    @Test
    void requestsKeepBeingServedWhileProfilingAndTheServingSessionIsUntouched() throws Exception {
        AffineBackend.Model serving = backend.models().get(0);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        int[] served = {0};
        Thread client = new Thread(() -> {
            while (!stop.get()) {
                try {
                    assertThat(gateway.infer("scaler", 1f, 2f).outputs().get(0).toFloatArray()).containsExactly(2f, 4f);
                    served[0]++;
                } catch (Throwable e) {
                    failures.add(e);
                }
            }
        });
        client.start();
        try {
            whenProfiling(new ProfileRequest(20, List.of(1)));
        } finally {
            stop.set(true);
            client.join();
        }

        assertThat(failures).isEmpty();
        assertThat(served[0]).isPositive();
        assertThat(serving.closed).as("the session serving before was drained and closed after the swap").isTrue();
        assertThat(backend.models()).as("every candidate session was closed").allSatisfy(m -> {
            if (m != backend.models().get(backend.models().size() - 1)) {
                assertThat(m.closed).isTrue();
            }
        });
    }

    @Test
    void anUnknownModelIsRefused() {
        assertThatThrownBy(() -> gateway.registry.profile("nope", ProfileRequest.defaults(), ProfileListener.NONE))
                .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("no model 'nope'");
        assertThatThrownBy(() -> gateway.registry.lastProfile("nope")).isInstanceOf(ModelNotFoundException.class);
        assertThat(gateway.registry.lastProfile("scaler")).isEmpty();
    }

    @Test
    void aSecondProfileWhileOneRunsIsRefused() throws Exception {
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<ProfileReport> first = CompletableFuture.supplyAsync(() -> gateway.registry.profile("scaler",
                new ProfileRequest(1, List.of(1)), (done, total, step) -> {
                    inFirst.countDown();
                    await(release);
                }));
        assertThat(inFirst.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> gateway.registry.profile("scaler", ProfileRequest.defaults(), ProfileListener.NONE))
                .isInstanceOf(ProfileRefusedException.class)
                .hasMessage("model 'scaler' is being profiled; one profile runs at a time, try again when it has finished");
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).winner()).isNotNull();
        assertThat(gateway.registry.profile("scaler", new ProfileRequest(1, List.of(1)), ProfileListener.NONE).winner())
                .as("the next profile runs once the first is done").isNotNull();
    }

    @Test
    void withoutAnyDriverTheDefaultsAreMeasuredButNothingIsStored() throws Exception {
        gateway.stop();
        gateway = new RegistryHarness();
        gateway.registry.addBackend(backend, Map.of("service.id", 1L));
        gateway.start(repository, true);
        gateway.awaitModel("scaler", ModelInfo::isReady);

        ProfileReport report = whenProfiling(new ProfileRequest(2, List.of(1)));

        assertThat(report.measurements()).singleElement().satisfies(m -> assertThat(m.ok()).isTrue());
        assertThat(report.winner()).isNull();
        assertThat(report.plan()).isNull();
        assertThat(report.outcome()).contains("plan.json left as it was");
        assertThat(Files.exists(repository.resolve("scaler").resolve("plan.json"))).isFalse();
    }

    private ProfileReport whenProfiling(ProfileRequest request) {
        return gateway.registry.profile("scaler", request, (done, total, step) -> steps.add(done + "/" + total + " " + step));
    }

    private void thenModelRunsUnder(String driver) {
        ModelInfo info = gateway.awaitModel("scaler", m -> m.isReady() && m.plan() != null && driver.equals(m.plan().accelerator()));
        assertThat(info.plan().accelerator()).isEqualTo(driver);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
