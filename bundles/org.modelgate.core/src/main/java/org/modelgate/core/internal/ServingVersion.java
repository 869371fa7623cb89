package org.modelgate.core.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.modelgate.api.ExecutionPlan;
import org.modelgate.api.Tensor;
import org.modelgate.spi.LoadedModel;

/**
 * One loaded model version and the requests running on it.
 *
 * <p>The registry holds one reference; each request takes one for its run. Retiring drops the registry's
 * reference: once the count reaches zero no request is running and none can start, and the model is
 * closed exactly once. So a swap never closes a model under a running request.
 */
final class ServingVersion {
    private static final System.Logger LOG = System.getLogger(ServingVersion.class.getName());

    final ModelDescriptor descriptor;
    final BackendCatalog.Entry backend;
    final String backendName;
    final LoadedModel model;
    final InputContract contract;
    /** Queues requests into batches (model.json {@code "batching"}); null when the version runs each request alone. */
    final DynamicBatcher batcher;
    /** The version as text, made once: every response and inference record names it. */
    private final String versionName;
    /** How it runs: the accelerator driver and settings it was loaded with; null when loaded without a planner. */
    final ExecutionPlan plan;
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean retired = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    ServingVersion(ModelDescriptor descriptor, BackendCatalog.Entry backend, LoadedModel model) {
        this(descriptor, backend, model, null);
    }

    ServingVersion(ModelDescriptor descriptor, BackendCatalog.Entry backend, LoadedModel model, ExecutionPlan plan) {
        this.plan = plan;
        this.descriptor = descriptor;
        this.backend = backend;
        this.backendName = backend.name();
        this.model = model;
        this.contract = new InputContract(descriptor.name(), model.inputs(), model.outputs());
        this.versionName = descriptor.version().toString();
        this.batcher = descriptor.batching() == null ? null
                : new DynamicBatcher(descriptor.name(), versionName, backendName, model, descriptor.batching());
    }

    /**
     * Runs checked inputs: straight on the model, or through the batcher when the version batches.
     */
    List<Tensor> run(List<Tensor> inputs, Set<String> outputs) {
        DynamicBatcher queue = batcher;
        return queue == null ? model.run(inputs, outputs) : queue.run(inputs, outputs);
    }

    String version() {
        return versionName;
    }

    /** Takes a reference for one request; false once the version is retired and drained. */
    boolean acquire() {
        for (;;) {
            int n = references.get();
            if (n == 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (references.decrementAndGet() == 0) {
            close();
        }
    }

    /**
     * Stops the version from taking the registry's traffic; it closes when its last request ends.
     *
     * @return completes once the model is closed
     */
    CompletableFuture<Void> retire() {
        if (retired.compareAndSet(false, true)) {
            release();
        }
        return closed;
    }

    int runningRequests() {
        int n = references.get();
        return retired.get() ? n : n - 1;
    }

    private void close() {
        try {
            if (batcher != null) {
                batcher.close(); // nothing is queued: every queued caller held a reference
            }
            model.close();
            closed.complete(null);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + descriptor.name() + " " + version() + " on " + backendName
                    + " failed: " + e.getMessage(), e);
            closed.completeExceptionally(e);
        }
    }
}
