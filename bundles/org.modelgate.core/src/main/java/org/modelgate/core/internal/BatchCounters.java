package org.modelgate.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.modelgate.api.BatchStatistics;

/**
 * The counters of one {@link DynamicBatcher}: requests queued and their queue time, and the backend runs per batch
 * size with their time. Written by the batcher thread (and the callers for nothing), read by statistics and metrics.
 */
final class BatchCounters {
    private final String model;
    private final String version;
    private final int maxBatch;
    private final LongAdder queued = new LongAdder();
    private final LongAdder queueNanos = new LongAdder();
    /** Index = rows in the run. */
    private final AtomicLongArray executions;
    private final AtomicLongArray computeNanos;

    BatchCounters(String model, String version, int maxBatch) {
        this.model = model;
        this.version = version;
        this.maxBatch = maxBatch;
        this.executions = new AtomicLongArray(maxBatch + 1);
        this.computeNanos = new AtomicLongArray(maxBatch + 1);
    }

    void queued(long nanos) {
        queued.increment();
        queueNanos.add(nanos);
    }

    void ran(int rows, long nanos) {
        executions.incrementAndGet(rows);
        computeNanos.addAndGet(rows, nanos);
    }

    BatchStatistics snapshot() {
        List<BatchStatistics.BatchSize> sizes = new ArrayList<>();
        for (int rows = 1; rows <= maxBatch; rows++) {
            long runs = executions.get(rows);
            if (runs > 0) {
                sizes.add(new BatchStatistics.BatchSize(rows, runs, computeNanos.get(rows)));
            }
        }
        return new BatchStatistics(model, version, maxBatch, queued.sum(), queueNanos.sum(), sizes);
    }
}
