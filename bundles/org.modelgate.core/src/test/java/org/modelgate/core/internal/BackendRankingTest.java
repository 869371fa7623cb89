package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.BackendInfo;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.core.internal.ModelDescriptor.InvalidDescriptorException;

/**
 * Two backends run the same format: both are listed, ranked by service ranking then registration, a model's
 * {@code "backend"} in model.json picks one, and when the serving one leaves, the model moves to the other
 * without failing a request.
 */
class BackendRankingTest {
    @TempDir
    Path repository;
    private final AffineBackend first = new AffineBackend("first");
    private final AffineBackend second = new AffineBackend("second");
    private RegistryHarness gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void bothAreListedMostPreferredFirst() {
        givenAModel(null);
        givenBackends(0, 5);

        assertThat(gateway.registry.backends()).extracting(BackendInfo::name).containsExactly("second", "first");
        thenTheModelServesOn("second");
    }

    @Test
    void atEqualRankingTheFirstRegisteredIsPreferred() {
        givenAModel(null);
        givenBackends(0, 0);

        assertThat(gateway.registry.backends()).extracting(BackendInfo::name).containsExactly("first", "second");
        thenTheModelServesOn("first");
    }

    @Test
    void aModelNamingABackendIsLoadedOnItWhateverTheRanking() {
        givenAModel("first");
        givenBackends(0, 5);

        thenTheModelServesOn("first");
    }

    @Test
    void aModelNamingAnAbsentBackendServesOnAnother() {
        givenAModel("elsewhere");
        givenBackends(0, 0);

        thenTheModelServesOn("first");
    }

    @Test
    void whenTheServingBackendLeavesUnderLoadTheOtherTakesOverWithoutAFailedRequest() throws Exception {
        givenAModel("second");
        givenBackends(0, 0);
        thenTheModelServesOn("second");

        List<Throwable> failures = whileRequestsRun(() -> gateway.unbind(second, 2L));

        assertThat(failures).isEmpty();
        thenTheModelServesOn("first");
        assertThat(second.loaded).singleElement().satisfies(m -> assertThat(m.closed).isTrue());
        assertThat(gateway.registry.backends()).extracting(BackendInfo::name).containsExactly("first");
    }

    @Test
    void whenThePreferredBackendReturnsTheModelMovesBackToIt() {
        givenAModel("second");
        givenBackends(0, 0);
        gateway.unbind(second, 2L);
        thenTheModelServesOn("first");

        gateway.bind(second, 3L, 0);

        gateway.awaitModel("scaler", m -> "second".equals(m.backend()));
        assertThat(gateway.infer("scaler", 1f, 2f).output("y").toFloatArray()).containsExactly(2f, 4f);
        // the switch serves on the new backend first and closes the old copy after its last request
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!first.loaded.stream().allMatch(m -> m.closed.get()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(first.loaded).allSatisfy(m -> assertThat(m.closed).isTrue());
    }

    @Test
    void whenTheLastBackendForTheFormatLeavesTheModelWaits() {
        givenAModel(null);
        givenBackends(0, 0);
        gateway.unbind(second, 2L);
        thenTheModelServesOn("first");

        gateway.unbind(first, 1L);

        ModelInfo info = gateway.registry.model("scaler").orElseThrow();
        assertThat(info.state()).isEqualTo(ModelState.UNAVAILABLE);
        assertThatThrownBy(() -> gateway.infer("scaler", 1f, 1f)).isInstanceOf(ModelUnavailableException.class);
    }

    @Test
    void aBackendThatIsNotAStringIsAnInvalidDescriptor() {
        Path dir = new ModelRepositoryFixture(repository).model("odd", "1.0.0",
                "{\"name\":\"odd\",\"version\":\"1.0.0\",\"format\":\"affine\",\"file\":\"m\",\"backend\":3}", "m", "scale=1");

        assertThatThrownBy(() -> ModelDescriptor.read(dir)).isInstanceOf(InvalidDescriptorException.class)
                .hasMessageContaining("\"backend\" must be a non-empty string");
    }

    // ---- given / then ----

    private void givenAModel(String backend) {
        String json = "{\"name\":\"scaler\",\"version\":\"1.0.0\",\"format\":\"affine\",\"file\":\"model.bin\""
                + (backend == null ? "" : ",\"backend\":\"" + backend + "\"") + "}";
        new ModelRepositoryFixture(repository).model("scaler", "1.0.0", json, "model.bin", "scale=2");
    }

    private void givenBackends(int firstRanking, int secondRanking) {
        gateway = new RegistryHarness();
        gateway.bind(first, 1L, firstRanking);
        gateway.bind(second, 2L, secondRanking);
        gateway.start(repository, false);
        gateway.registry.load("scaler");
    }

    private void thenTheModelServesOn(String backend) {
        ModelInfo info = gateway.awaitModel("scaler", ModelInfo::isReady);
        assertThat(info.backend()).isEqualTo(backend);
        assertThat(gateway.infer("scaler", 1f, 2f).output("y").toFloatArray()).containsExactly(2f, 4f);
        assertThat(gateway.registry.backends()).filteredOn(b -> b.name().equals(backend)).singleElement()
                .satisfies(b -> assertThat(b.loadedModels()).isEqualTo(1));
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
