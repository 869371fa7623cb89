package org.modelgate.monitor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.api.Tensor;
import org.modelgate.monitor.RecordStreamStatus.MonitorStatus;
import org.modelgate.spi.InferenceMonitor;
import org.modelgate.spi.InferenceRecord;

/** The record stream: delivery to every monitor, isolation of a monitor that throws or hangs, drops counted. */
class RecordStreamTest {
    private RecordStream stream;
    private final List<InferenceRecord> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch neverOpened = new CountDownLatch(1);

    @AfterEach
    void close() {
        neverOpened.countDown();
        if (stream != null) {
            stream.close();
        }
    }

    @Test
    void everyMonitorGetsEveryRecordInOrder() {
        givenAStream(1024, 1024);
        List<InferenceRecord> second = new CopyOnWriteArrayList<>();
        givenMonitor("first", seen::add);
        givenMonitor("second", second::add);

        whenRecordsAreOffered(500);

        // a lane counts a record delivered just after accept returns
        await(() -> seen.size() == 500 && second.size() == 500
                && status("first").delivered() == 500 && status("second").delivered() == 500);
        assertThat(seen).extracting(InferenceRecord::requestId).containsExactlyElementsOf(ids(500));
        assertThat(second).containsExactlyElementsOf(seen);
        assertThat(stream.recordsTaken()).isEqualTo(500);
        assertThat(stream.recordsDropped()).isZero();
        assertThat(stream.monitors()).extracting(MonitorStatus::delivered).containsExactly(500L, 500L);
    }

    @Test
    void aMonitorThatThrowsIsCountedAndTheOthersAreUnaffected() {
        givenAStream(1024, 1024);
        givenMonitor("broken", record -> {
            throw new IllegalStateException("broken monitor");
        });
        givenMonitor("healthy", seen::add);

        whenRecordsAreOffered(300);

        await(() -> seen.size() == 300 && status("broken").failures() == 300 && status("healthy").delivered() == 300);
        assertThat(status("broken").delivered()).isZero();
        assertThat(status("healthy")).isEqualTo(new MonitorStatus("healthy", 300, 0, 0));
    }

    @Test
    void aMonitorThatHangsLosesOnlyItsOwnRecords() {
        givenAStream(1024, 16);
        givenMonitor("hangs", record -> {
            try {
                neverOpened.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        givenMonitor("healthy", seen::add);

        for (int batch = 1; batch <= 100; batch++) { // batches that fit the healthy monitor's queue of 16
            whenRecordsAreOffered(10);
            int expected = batch * 10;
            await(() -> seen.size() == expected);
        }

        await(() -> status("hangs").dropped() == 1000 - 17 && status("healthy").delivered() == 1000);
        assertThat(status("hangs").delivered()).as("one record is stuck inside accept, 16 wait in its queue").isZero();
        assertThat(status("healthy")).isEqualTo(new MonitorStatus("healthy", 1000, 0, 0));
        assertThat(stream.recordsDropped()).isZero();
    }

    @Test
    void producersNeverBlockAndEveryRecordIsTakenOrCountedAsDropped() throws Exception {
        givenAStream(2, 2);
        givenMonitor("hangs", record -> {
            try {
                neverOpened.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int threads = 4;
        int each = 50_000;

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            ExecutorService producers = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                producers.execute(() -> whenRecordsAreOffered(each));
            }
            producers.shutdown();
            assertThat(producers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        });

        await(() -> stream.recordsTaken() + stream.recordsDropped() == (long) threads * each);
        assertThat(stream.recordsDropped()).as("a queue of 2 under 4 producers overflows").isPositive();
        assertThat(stream.recordsTaken()).isPositive();
    }

    @Test
    void aRemovedMonitorGetsNothingMore() {
        givenAStream(1024, 1024);
        InferenceMonitor monitor = seen::add;
        stream.add(monitor, "leaving");
        whenRecordsAreOffered(10);
        await(() -> seen.size() == 10);

        stream.remove(monitor);
        whenRecordsAreOffered(10);
        await(() -> stream.recordsTaken() == 20);

        assertThat(seen).hasSize(10);
        assertThat(stream.monitors()).isEmpty();
    }

    private void givenAStream(int capacity, int laneCapacity) {
        stream = new RecordStream(capacity, laneCapacity);
    }

    private void givenMonitor(String name, InferenceMonitor monitor) {
        stream.add(monitor, name);
    }

    private void whenRecordsAreOffered(int n) {
        List<Tensor> inputs = List.of(Tensor.ofFloats("x", new long[] { 1, 2 }, 1f, 2f));
        for (int i = 0; i < n; i++) {
            stream.offer(new InferenceRecord("iris", "1.0.0", "onnxruntime", "cpu", "r" + i, 0, 1000, 800,
                    InferenceRecord.Outcome.SUCCESS, inputs, null, 0));
        }
    }

    private static List<String> ids(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "r" + i).toList();
    }

    private MonitorStatus status(String name) {
        return stream.monitors().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
