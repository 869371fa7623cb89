package org.modelgate.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.modelgate.api.DataType;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;

/**
 * A tiny real backend for the registry's tests: format "affine", a model file whose first line is "scale=S"
 * (the rest is ignored), input x: FP32[-1,2], output y = S * x. Runs can be held at a gate to test draining.
 * It loads from memory too (models encrypted at rest) unless {@link #fromMemory} is turned off.
 */
final class AffineBackend implements InferenceBackend {
    final List<Model> loaded = new CopyOnWriteArrayList<>();
    volatile CountDownLatch gate;
    final CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch loadGate;
    final CountDownLatch loadEntered = new CountDownLatch(1);
    private final String name;

    AffineBackend() {
        this("affine");
    }

    /** Another backend for the same format, under its own name. */
    AffineBackend(String name) {
        this.name = name;
    }
    volatile boolean fromMemory = true;
    /** Whether each load came from memory, in order. */
    final List<Boolean> loadedFromMemory = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return "1.0";
    }

    @Override
    public Set<String> formats() {
        return Set.of("affine");
    }

    @Override
    public boolean loadsFromMemory() {
        return fromMemory;
    }

    @Override
    public LoadedModel load(ModelArtifact artifact) {
        loadedFromMemory.add(artifact.inMemory());
        String text = new String(artifact.readModelBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
        if (!text.startsWith("scale=")) {
            throw new ModelLoadException(artifact.modelFile() + " is not an affine model: it must hold scale=<number>");
        }
        hold(loadGate, loadEntered);
        Model model = new Model(Float.parseFloat(text.substring(6)));
        model.delayMillis = Long.parseLong(artifact.options().getOrDefault(DELAY, "0"));
        model.rows = Long.parseLong(artifact.options().getOrDefault(FIXED_ROWS, "-1"));
        model.columns = Boolean.parseBoolean(artifact.options().getOrDefault(FREE_COLUMNS, "false")) ? -1 : 2;
        model.failOn = Float.parseFloat(artifact.options().getOrDefault(FAIL_ON, "NaN"));
        loaded.add(model);
        return model;
    }

    /** Signals arrival, then waits at the gate (if one is set) until the test opens it. */
    private static void hold(CountDownLatch gate, CountDownLatch arrived) {
        if (gate != null) {
            arrived.countDown();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Option: milliseconds each run sleeps, to make a driver's settings slower than another's. */
    static final String DELAY = "delayMillis";
    /** Option: the first dimension of x and y fixed to this many rows (default free). */
    static final String FIXED_ROWS = "fixedRows";
    /** Option: "true" leaves the second dimension free too (default 2). */
    static final String FREE_COLUMNS = "freeColumns";
    /** Option: a value of x the model fails on, failing the whole run. */
    static final String FAIL_ON = "failOn";
    /** Every run's row count, in order. */
    final List<Long> runRows = new CopyOnWriteArrayList<>();

    final class Model implements LoadedModel {
        final float scale;
        volatile long delayMillis;
        long rows = -1;
        long columns = 2;
        float failOn = Float.NaN;
        final AtomicBoolean closed = new AtomicBoolean();

        Model(float scale) {
            this.scale = scale;
        }

        @Override
        public List<TensorSpec> inputs() {
            return List.of(new TensorSpec("x", DataType.FP32, new long[] { rows, columns }));
        }

        @Override
        public List<TensorSpec> outputs() {
            return List.of(new TensorSpec("y", DataType.FP32, new long[] { rows, columns }));
        }

        @Override
        public List<Tensor> run(List<Tensor> inputs, Set<String> outputs) {
            if (closed.get()) {
                throw new IllegalStateException("run after close");
            }
            hold(gate, entered);
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            float[] x = inputs.get(0).toFloatArray();
            runRows.add(inputs.get(0).shape()[0]);
            for (int i = 0; i < x.length; i++) {
                if (x[i] == failOn) {
                    throw new IllegalStateException("x holds " + failOn + ", which this model cannot take");
                }
                x[i] *= scale;
            }
            return List.of(Tensor.ofFloats("y", inputs.get(0).shape(), x));
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                throw new IllegalStateException("closed twice");
            }
        }
    }
}
