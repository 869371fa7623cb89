package org.modelgate.backend.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.Tensor;

/**
 * Many threads run one model at once, each on a predictor of its own from the pool; closing the model while they run
 * neither crashes nor answers wrongly: each run completes correctly or is refused as unavailable, and the predictors
 * and the model are released after the last run.
 */
class ConcurrentRunsTest {
    private static final int THREADS = 4;

    @Test
    void closingWhileRequestsRunRefusesLaterOnesCleanly() throws Exception {
        DjlBackend backend = TestBackends.singleThreaded();
        DjlModel model = (DjlModel) backend.load(TestBackends.onnx("minilm-q",
                TestBackends.extract("all-minilm-l6-v2-q.onnx")));
        List<Tensor> inputs = tokens(16);
        float[] expected = model.run(inputs, Set.of()).get(0).toFloatArray();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch running = new CountDownLatch(THREADS * 3);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                while (true) {
                    try {
                        float[] actual = model.run(inputs, Set.of()).get(0).toFloatArray();
                        if (!Arrays.equals(actual, expected)) {
                            failures.add(new AssertionError("a concurrent run gave a different result"));
                        }
                        completed.incrementAndGet();
                        running.countDown();
                    } catch (ModelUnavailableException e) {
                        refused.incrementAndGet();
                        return;
                    } catch (Throwable e) {
                        failures.add(e);
                        return;
                    }
                }
            }));
        }
        assertThat(running.await(60, TimeUnit.SECONDS)).as("every thread ran a few times").isTrue();

        model.close();
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(failures).isEmpty();
        assertThat(completed.get()).isGreaterThanOrEqualTo(THREADS * 3);
        assertThat(refused).hasValue(THREADS);
        assertThat(model.predictorCount()).as("one predictor per concurrent run at most").isBetween(1, THREADS + 1);
        assertThat(backend.openModelCount()).as("model released after the last run").isZero();
    }

    private static List<Tensor> tokens(int sequence) {
        long[] ids = new long[sequence];
        long[] mask = new long[sequence];
        for (int i = 0; i < sequence; i++) {
            ids[i] = 1000 + 37L * i;
            mask[i] = 1;
        }
        long[] shape = {1, sequence};
        return List.of(Tensor.ofLongs("input_ids", shape, ids), Tensor.ofLongs("attention_mask", shape, mask),
                Tensor.ofLongs("token_type_ids", shape, new long[sequence]));
    }
}
