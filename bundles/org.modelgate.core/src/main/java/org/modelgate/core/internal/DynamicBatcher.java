package org.modelgate.core.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.modelgate.api.DataType;
import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelgateException;
import org.modelgate.api.Tensor;
import org.modelgate.spi.LoadedModel;

/**
 * Triton's dynamic batcher for one loaded version (model.json {@code "batching"}, {@link BatchingPolicy}): callers
 * queue their checked inputs and wait; one thread groups the queue by everything but the first dimension (requests
 * whose other dimensions, types or requested outputs differ never share a run), concatenates a group's inputs along
 * dimension 0 (one copy), runs the backend once and hands each caller exactly its rows of every output (views, no
 * copy).
 *
 * <p>A group runs when its rows reach {@code max_batch}, when they make one of the preferred sizes (or pass the
 * largest), or when its oldest request has waited {@code max_queue_delay_us}. A request with its own batch of n rows
 * counts n; one with more rows than {@code max_batch} is refused. A failing run fails each of its requests with the
 * reason.
 *
 * <p>Callers hold their version's reference while they wait, so a swap or an unload drains queued requests like
 * running ones; the version closes the batcher (its thread ends) only after the last caller got its answer. The
 * thread starts with the first request, so a version that fails its trial never starts one.
 */
final class DynamicBatcher {
    private final String model;
    private final String version;
    private final String backendName;
    private final LoadedModel loaded;
    private final BatchingPolicy policy;
    private final long delayNanos;
    private final LinkedBlockingQueue<Pending> incoming = new LinkedBlockingQueue<>();
    final BatchCounters counters;
    private volatile boolean started;
    private volatile boolean closed;
    private Thread thread;

    DynamicBatcher(String model, String version, String backendName, LoadedModel loaded, BatchingPolicy policy) {
        this.model = model;
        this.version = version;
        this.backendName = backendName;
        this.loaded = loaded;
        this.policy = policy;
        this.delayNanos = TimeUnit.MICROSECONDS.toNanos(policy.maxQueueDelayMicros());
        this.counters = new BatchCounters(model, version, policy.maxBatch());
    }

    /**
     * Runs checked inputs in the next batch of their kind and waits for its rows of the outputs.
     *
     * @throws InvalidInputException when the inputs disagree on their rows or have more than {@code max_batch}
     * @throws InferenceFailedException when the batch's run failed, with the reason
     */
    List<Tensor> run(List<Tensor> inputs, Set<String> outputs) {
        int rows = rows(inputs);
        if (rows == 0) {
            return loaded.run(inputs, outputs); // nothing to batch: an empty request runs as it came
        }
        if (!started) {
            start();
        }
        Pending pending = new Pending(inputs, outputs, rows, key(inputs, outputs), System.nanoTime());
        incoming.add(pending);
        return pending.await();
    }

    private int rows(List<Tensor> inputs) {
        int rows = -1;
        String first = null;
        for (Tensor input : inputs) {
            int n = (int) input.shape()[0];
            if (rows >= 0 && n != rows) {
                throw new InvalidInputException("model '" + model + "' batches requests along the first dimension, so "
                        + "its inputs must agree on it: '" + first + "' has " + rows + " rows, '" + input.name() + "' has " + n);
            }
            rows = n;
            first = input.name();
        }
        if (rows > policy.maxBatch()) {
            throw new InvalidInputException("model '" + model + "' runs at most " + policy.maxBatch() + " rows at once "
                    + "(model.json batching.max_batch); this request has " + rows + ": split it");
        }
        return Math.max(rows, 0);
    }

    /** Everything that must be equal for two requests to share a run: names, types, shapes past dimension 0, outputs. */
    private static String key(List<Tensor> inputs, Set<String> outputs) {
        StringBuilder key = new StringBuilder();
        for (Tensor input : inputs) {
            key.append(input.name()).append(':').append(input.dataType().ordinal());
            long[] shape = input.shape();
            for (int d = 1; d < shape.length; d++) {
                key.append(',').append(shape[d]);
            }
            key.append(';');
        }
        if (!outputs.isEmpty()) {
            key.append("->").append(outputs.size() == 1 ? outputs : new TreeSet<>(outputs));
        }
        return key.toString();
    }

    private synchronized void start() {
        if (started || closed) {
            return;
        }
        thread = new Thread(this::loop, "modelgate-batcher-" + model + "-" + version);
        thread.setDaemon(true);
        thread.start();
        started = true;
    }

    /** Ends the thread; called by the version once no request holds it (so none is queued). */
    void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = thread;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        Map<String, Group> groups = new LinkedHashMap<>();
        while (!closed || !incoming.isEmpty() || !groups.isEmpty()) {
            try {
                long wait = untilDeadline(groups, System.nanoTime());
                Pending next = wait == Long.MAX_VALUE ? incoming.take() : incoming.poll(wait, TimeUnit.NANOSECONDS);
                while (next != null) {
                    groups.computeIfAbsent(next.key, k -> new Group()).add(next);
                    next = incoming.poll();
                }
            } catch (InterruptedException e) {
                // close() wakes the thread; the loop ends once nothing is left
            }
            dispatchReady(groups);
        }
    }

    private long untilDeadline(Map<String, Group> groups, long now) {
        long wait = Long.MAX_VALUE;
        for (Group group : groups.values()) {
            wait = Math.min(wait, Math.max(1, group.requests.peekFirst().enqueued + delayNanos - now));
        }
        return wait;
    }

    private void dispatchReady(Map<String, Group> groups) {
        Iterator<Group> it = groups.values().iterator();
        while (it.hasNext()) {
            Group group = it.next();
            while (group.rows >= policy.maxBatch()) {
                dispatch(group.take(policy.maxBatch()));
            }
            if (group.rows > 0 && (policy.preferred(group.rows)
                    || (policy.largestPreferred() > 0 && group.rows > policy.largestPreferred())
                    || System.nanoTime() - group.requests.peekFirst().enqueued >= delayNanos || closed)) {
                dispatch(group.take(policy.maxBatch()));
            }
            if (group.rows == 0) {
                it.remove();
            }
        }
    }

    /** One backend run for a batch, then each request's rows back to its caller. */
    private void dispatch(List<Pending> batch) {
        long start = System.nanoTime();
        int rows = 0;
        for (Pending pending : batch) {
            counters.queued(start - pending.enqueued);
            rows += pending.rows;
        }
        Pending first = batch.get(0);
        try {
            List<Tensor> inputs = batch.size() == 1 ? first.inputs : concatenate(batch, rows);
            List<Tensor> outputs = loaded.run(inputs, first.outputs);
            counters.ran(rows, System.nanoTime() - start);
            if (batch.size() == 1) {
                first.succeed(outputs);
                return;
            }
            split(batch, rows, outputs);
        } catch (RuntimeException | Error e) { // an Error too: the thread must outlive one bad batch, callers must wake
            String reason = "model '" + model + "' " + version + " failed on " + backendName + " running a batch of "
                    + batch.size() + " request" + (batch.size() == 1 ? "" : "s") + " (" + rows + " rows): " + e.getMessage();
            for (Pending pending : batch) {
                pending.fail(batch.size() == 1 && e instanceof ModelgateException m ? m
                        : new InferenceFailedException(reason, e));
            }
        }
    }

    private static List<Tensor> concatenate(List<Pending> batch, int rows) {
        List<Tensor> firstInputs = batch.get(0).inputs;
        List<Tensor> inputs = new ArrayList<>(firstInputs.size());
        for (int i = 0; i < firstInputs.size(); i++) {
            Tensor model = firstInputs.get(i);
            long[] shape = model.shape();
            shape[0] = rows;
            if (model.dataType() == DataType.BYTES) {
                List<String> values = new ArrayList<>();
                for (Pending pending : batch) {
                    values.addAll(List.of(pending.inputs.get(i).strings()));
                }
                inputs.add(Tensor.ofStrings(model.name(), shape, values.toArray(String[]::new)));
            } else {
                int bytes = 0;
                for (Pending pending : batch) {
                    bytes += pending.inputs.get(i).buffer().remaining();
                }
                ByteBuffer joined = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
                for (Pending pending : batch) {
                    joined.put(pending.inputs.get(i).buffer());
                }
                joined.flip();
                inputs.add(Tensor.of(model.name(), model.dataType(), shape, joined));
            }
        }
        return inputs;
    }

    /** Each request gets its rows of every output, as views of the batch's output. */
    private void split(List<Pending> batch, int rows, List<Tensor> outputs) {
        List<List<Tensor>> answers = new ArrayList<>(batch.size());
        for (int b = 0; b < batch.size(); b++) {
            answers.add(new ArrayList<>(outputs.size()));
        }
        for (Tensor output : outputs) {
            long[] shape = output.shape();
            if (shape.length == 0 || shape[0] != rows) {
                throw new InferenceFailedException("output '" + output.name() + "' has shape "
                        + java.util.Arrays.toString(shape) + " for a batch of " + rows + " rows: its first dimension is "
                        + "not the batch dimension, so the model cannot batch; remove \"batching\" from model.json");
            }
            int rowElements = rows == 0 ? 0 : output.elementCount() / rows;
            int offset = 0;
            String[] strings = output.dataType() == DataType.BYTES ? output.strings() : null;
            ByteBuffer data = strings == null ? output.buffer() : null;
            int elementSize = strings == null ? output.dataType().byteSize() : 0;
            for (int b = 0; b < batch.size(); b++) {
                Pending pending = batch.get(b);
                long[] part = shape.clone();
                part[0] = pending.rows;
                int count = pending.rows * rowElements;
                if (strings != null) {
                    answers.get(b).add(Tensor.ofStrings(output.name(), part,
                            java.util.Arrays.copyOfRange(strings, offset, offset + count)));
                } else {
                    ByteBuffer slice = data.duplicate();
                    slice.position(data.position() + offset * elementSize).limit(data.position() + (offset + count) * elementSize);
                    answers.get(b).add(Tensor.of(output.name(), output.dataType(), part, slice));
                }
                offset += count;
            }
        }
        for (int b = 0; b < batch.size(); b++) {
            batch.get(b).succeed(answers.get(b));
        }
    }

    /** The queued requests of one kind, oldest first. */
    private static final class Group {
        final ArrayDeque<Pending> requests = new ArrayDeque<>();
        int rows;

        void add(Pending pending) {
            requests.addLast(pending);
            rows += pending.rows;
        }

        /** The oldest requests, whole, up to {@code maxRows} rows (at least one). */
        List<Pending> take(int maxRows) {
            List<Pending> batch = new ArrayList<>();
            int taken = 0;
            while (!requests.isEmpty() && (batch.isEmpty() || taken + requests.peekFirst().rows <= maxRows)) {
                Pending pending = requests.pollFirst();
                taken += pending.rows;
                batch.add(pending);
            }
            rows -= taken;
            return batch;
        }
    }

    /** One queued request and, once its batch ran, its outputs or the failure. */
    private static final class Pending {
        final List<Tensor> inputs;
        final Set<String> outputs;
        final int rows;
        final String key;
        final long enqueued;
        private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        private List<Tensor> result;
        private ModelgateException failure;

        Pending(List<Tensor> inputs, Set<String> outputs, int rows, String key, long enqueued) {
            this.inputs = inputs;
            this.outputs = outputs;
            this.rows = rows;
            this.key = key;
            this.enqueued = enqueued;
        }

        void succeed(List<Tensor> tensors) {
            result = tensors;
            done.countDown();
        }

        void fail(ModelgateException e) {
            failure = e;
            done.countDown();
        }

        /** Waits for the batch; an interrupt is kept for the caller but does not abandon the request (it is running). */
        List<Tensor> await() {
            boolean interrupted = false;
            for (;;) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }
}
