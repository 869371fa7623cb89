package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelState;
import org.modelgate.api.Tensor;
import org.modelgate.api.TrafficSplit;
import org.modelgate.api.VersionEvent;
import org.modelgate.api.VersionEvent.Kind;
import org.modelgate.api.VersionRefusedException;
import org.modelgate.spi.InferenceRecord;

/**
 * A challenger beside the serving version: split (sticky by route key), shadow, explicit versions, promotion and
 * rollback under load with no failed request, and a restart during a policy.
 */
class TrafficPolicyRoutingTest {
    @TempDir
    Path repository;
    private final AffineBackend backend = new AffineBackend();
    private final ConcurrentLinkedQueue<InferenceRecord> records = new ConcurrentLinkedQueue<>();
    private RegistryHarness gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void stickyKeysAlwaysMeetTheSameVersionAndEachVersionAnswersWithItsOwnModel() throws Exception {
        givenChampion10AndChallenger11();
        whenTheChallengerStarts(new TrafficSplit(false, 50, true));

        Map<String, String> versionOfKey = new HashMap<>();
        for (int round = 0; round < 5; round++) {
            for (int k = 0; k < 200; k++) {
                InferenceResponse response = inferWithKey("user-" + k);
                float expected = response.version().equals("1.1.0") ? 3f : 2f;
                assertThat(response.output("y").toFloatArray()).containsExactly(expected, 2 * expected);
                String before = versionOfKey.putIfAbsent("user-" + k, response.version());
                assertThat(before == null ? response.version() : before).as("key user-" + k + " in round " + round)
                        .isEqualTo(response.version());
            }
        }
        long challengerKeys = versionOfKey.values().stream().filter("1.1.0"::equals).count();
        assertThat(challengerKeys).as("about half of 200 keys meet the challenger").isBetween(60L, 140L);
        assertThat(gateway.registry.challenger("scaler").orElseThrow().requests()).isEqualTo(challengerKeys * 5);
    }

    @Test
    void shadowNeverChangesTheAnswerAndRecordsTheCopyUnderADerivedId() throws Exception {
        givenChampion10AndChallenger11();
        gateway.registry.setInferenceRecordSink(records::add);
        whenTheChallengerStarts(new TrafficSplit(true, 100, false));

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            InferenceResponse response = gateway.registry.infer("scaler", new InferenceRequest("r" + i,
                    List.of(Tensor.ofFloats("x", new long[] { 1, 2 }, i, 1f)), Set.of()));
            assertThat(response.version()).isEqualTo("1.0.0");
            assertThat(response.output("y").toFloatArray()).containsExactly(2f * i, 2f);
            ids.add(response.id());
        }

        awaitCondition(() -> shadowRecords().size() + gateway.registry.challenger("scaler").orElseThrow().shadowSkipped() >= 100);
        List<InferenceRecord> shadows = shadowRecords();
        assertThat(shadows).allSatisfy(r -> assertThat(r.version()).isEqualTo("1.1.0"));
        assertThat(shadows).isNotEmpty().allSatisfy(r -> assertThat(ids).contains(r.requestId().replace("#shadow", "")));
        assertThat(records).filteredOn(r -> !r.requestId().endsWith("#shadow"))
                .allSatisfy(r -> assertThat(r.version()).isEqualTo("1.0.0")).hasSize(100);
    }

    @Test
    void anExplicitVersionRequestMayTargetTheChallenger() throws Exception {
        givenChampion10AndChallenger11();
        whenTheChallengerStarts(new TrafficSplit(false, 1, false));

        InferenceResponse response = gateway.registry.infer("scaler", "1.1.0", request());
        assertThat(response.version()).isEqualTo("1.1.0");
        assertThat(response.output("y").toFloatArray()).containsExactly(3f, 6f);
        assertThat(gateway.registry.infer("scaler", "1.0.0", request()).version()).isEqualTo("1.0.0");
    }

    @Test
    void promotionUnderLoadFailsNoRequestAndCommitsTheChallengerWithItsEvidence() throws Exception {
        givenChampion10AndChallenger11();
        whenTheChallengerStarts(new TrafficSplit(false, 50, false));
        Load load = new Load(4).start();
        load.awaitRequests(500);

        gateway.registry.endChallenger("scaler", true, "error_rate 0.0 <= 0.01 over 300 samples");
        long after = load.requests.get();
        load.awaitRequests(after + 500);
        load.stop();

        assertThat(load.failures).as("failed requests during the promotion").isEmpty();
        thenServedBy("1.1.0", 3f);
        assertThat(Files.readString(repository.resolve("scaler/active")).trim()).isEqualTo("1.1.0");
        VersionEvent last = last();
        assertThat(last.kind()).isEqualTo(Kind.COMMITTED);
        assertThat(last.version()).isEqualTo("1.1.0");
        assertThat(last.reason()).contains("promoted from challenger after 1.0.0").contains("error_rate 0.0 <= 0.01");
        assertThat(gateway.registry.challenger("scaler")).isEmpty();
        assertThat(backend.loaded.get(0).closed).as("the old champion drained and closed").isTrue();
        assertThat(repository.resolve("scaler/challenger")).doesNotExist();
    }

    @Test
    void rollbackUnderLoadFailsNoRequestAndTheCommittedVersionKeepsServing() throws Exception {
        givenChampion10AndChallenger11();
        whenTheChallengerStarts(new TrafficSplit(false, 50, false));
        Load load = new Load(4).start();
        load.awaitRequests(500);

        gateway.registry.endChallenger("scaler", false, "p95_latency 3.1 > 1.2 over 200 samples");
        long after = load.requests.get();
        load.awaitRequests(after + 500);
        load.stop();

        assertThat(load.failures).as("failed requests during the rollback").isEmpty();
        thenServedBy("1.0.0", 2f);
        assertThat(Files.readString(repository.resolve("scaler/active")).trim()).isEqualTo("1.0.0");
        assertThat(last().kind()).isEqualTo(Kind.ROLLED_BACK);
        assertThat(last().version()).isEqualTo("1.1.0");
        assertThat(last().reason()).contains("p95_latency 3.1 > 1.2");
        assertThat(backend.loaded.get(1).closed).as("the challenger drained and closed").isTrue();
        assertThat(backend.loaded.get(0).closed).isFalse();
    }

    @Test
    void aRestartDuringAPolicyRollsTheChallengerBackAndTheCommittedVersionServes() throws Exception {
        givenChampion10AndChallenger11();
        whenTheChallengerStarts(new TrafficSplit(false, 50, false));

        gateway.stop();
        gateway = null;
        whenTheGatewayStarts();

        thenServedBy("1.0.0", 2f);
        assertThat(gateway.registry.challenger("scaler")).isEmpty();
        assertThat(last().kind()).isEqualTo(Kind.ROLLED_BACK);
        assertThat(last().version()).isEqualTo("1.1.0");
        assertThat(last().reason()).contains("the gateway stopped");
        assertThat(repository.resolve("scaler/challenger")).doesNotExist();
    }

    @Test
    void aCrashDuringAPolicyIsRolledBackAtTheNextStart() throws Exception {
        givenVersion("1.0.0", 2f, 2f);
        givenVersion("1.1.0", 3f, 3f);
        Files.writeString(repository.resolve("scaler/active"), "1.0.0\n");
        Files.writeString(repository.resolve("scaler/challenger"), "1.1.0\n"); // what a power cut mid-policy leaves

        whenTheGatewayStarts();

        thenServedBy("1.0.0", 2f);
        assertThat(gateway.registry.challenger("scaler")).isEmpty();
        assertThat(last().kind()).isEqualTo(Kind.ROLLED_BACK);
        assertThat(last().version()).isEqualTo("1.1.0");
        assertThat(last().reason()).contains("the gateway stopped while it was a challenger; the committed version 1.0.0 serves");
        assertThat(repository.resolve("scaler/challenger")).doesNotExist();
    }

    @Test
    void aChallengerFailingItsTrialNeverTakesTrafficAndActivationWaitsForAPolicyToEnd() throws Exception {
        givenVersion("1.0.0", 2f, 2f);
        givenVersion("1.1.0", 3f, 2f); // promises the outputs of 2
        givenVersion("1.2.0", 4f, 4f);
        Files.writeString(repository.resolve("scaler/active"), "1.0.0\n");
        whenTheGatewayStarts();

        assertThatThrownBy(() -> gateway.registry.startChallenger("scaler", "1.1.0", new TrafficSplit(false, 50, false)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("expected 2.0");
        assertThat(gateway.registry.challenger("scaler")).isEmpty();
        assertThat(last().kind()).isEqualTo(Kind.ROLLED_BACK);
        thenServedBy("1.0.0", 2f);

        gateway.registry.startChallenger("scaler", "1.2.0", new TrafficSplit(false, 50, false));
        assertThatThrownBy(() -> gateway.registry.activate("scaler", "1.1.0")).isInstanceOf(VersionRefusedException.class)
                .hasMessageContaining("runs a traffic policy with challenger 1.2.0");
        assertThatThrownBy(() -> gateway.registry.startChallenger("scaler", "1.1.0", new TrafficSplit(false, 5, false)))
                .isInstanceOf(VersionRefusedException.class).hasMessageContaining("already has challenger 1.2.0");
        assertThatThrownBy(() -> gateway.registry.remove("scaler", "1.2.0")).isInstanceOf(VersionRefusedException.class)
                .hasMessageContaining("challenger");
    }

    @Test
    void aChallengerWhoseBackendLeavesIsTakenOutAndTheChampionKeepsServing() throws Exception {
        givenChampion10AndChallenger11();
        AffineBackend other = new AffineBackend("affine-2");
        gateway.bind(other, 2L, 10); // ranked above: the challenger loads there, the champion stays where it is
        whenTheChallengerStarts(new TrafficSplit(false, 50, false));

        gateway.unbind(other, 2L);

        assertThat(gateway.registry.challenger("scaler")).isEmpty();
        assertThat(other.loaded).singleElement().satisfies(m -> assertThat(m.closed).isTrue());
        thenServedBy("1.0.0", 2f);
        assertThat(last().kind()).isEqualTo(Kind.ROLLED_BACK);
        assertThat(last().reason()).contains("its backend 'affine-2' went away");
        assertThat(repository.resolve("scaler/challenger")).doesNotExist();
    }

    // ---- given / when / then ----

    private void givenChampion10AndChallenger11() throws Exception {
        givenVersion("1.0.0", 2f, 2f);
        givenVersion("1.1.0", 3f, 3f);
        Files.writeString(repository.resolve("scaler/active"), "1.0.0\n");
        whenTheGatewayStarts();
    }

    private void givenVersion(String version, float scale, float promisedScale) {
        new ModelRepositoryFixture(repository).model("scaler", version, "{\"name\":\"scaler\",\"version\":\"" + version
                + "\",\"format\":\"affine\",\"file\":\"model.bin\",\"golden\":[{\"inputs\":[{\"name\":\"x\","
                + "\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,2]}],\"outputs\":[{\"name\":\"y\",\"data\":["
                + promisedScale + "," + 2 * promisedScale + "]}]}]}", "model.bin", "scale=" + scale);
    }

    private void whenTheGatewayStarts() {
        gateway = new RegistryHarness();
        gateway.bind(backend);
        gateway.start(repository, true);
        gateway.awaitModel("scaler", m -> m.state() == ModelState.READY);
    }

    private void whenTheChallengerStarts(TrafficSplit split) {
        gateway.registry.startChallenger("scaler", "1.1.0", split);
        assertThat(gateway.registry.challenger("scaler").orElseThrow().champion()).isEqualTo("1.0.0");
    }

    private void thenServedBy(String version, float scale) {
        for (int i = 0; i < 20; i++) {
            InferenceResponse response = gateway.infer("scaler", 1f, 2f);
            assertThat(response.version()).isEqualTo(version);
            assertThat(response.output("y").toFloatArray()).containsExactly(scale, 2 * scale);
        }
    }

    private InferenceResponse inferWithKey(String key) {
        return gateway.registry.infer("scaler", request().withRouteKey(key));
    }

    private static InferenceRequest request() {
        return InferenceRequest.of(Tensor.ofFloats("x", new long[] { 1, 2 }, 1f, 2f));
    }

    private List<InferenceRecord> shadowRecords() {
        return records.stream().filter(r -> r.requestId() != null && r.requestId().endsWith("#shadow")).toList();
    }

    private VersionEvent last() {
        List<VersionEvent> history = gateway.registry.history("scaler");
        return history.get(history.size() - 1);
    }

    private static void awaitCondition(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition never held within 30 s");
            }
            Thread.onSpinWait();
        }
    }

    /** Threads calling infer as fast as they can, keeping every failure. */
    private final class Load {
        final AtomicLong requests = new AtomicLong();
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Load(int n) {
            for (int i = 0; i < n; i++) {
                threads.add(new Thread(this::hammer, "load-" + i));
            }
        }

        Load start() {
            threads.forEach(Thread::start);
            return this;
        }

        private void hammer() {
            while (running.get()) {
                try {
                    InferenceResponse response = gateway.infer("scaler", 1f, 2f);
                    float scale = response.version().equals("1.1.0") ? 3f : 2f;
                    if (response.output("y").toFloatArray()[0] != scale) {
                        failures.add(new AssertionError(response.version() + " answered " + response.output("y")));
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
                requests.incrementAndGet();
            }
        }

        void awaitRequests(long n) {
            awaitCondition(() -> requests.get() >= n || !failures.isEmpty());
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
        }
    }
}
