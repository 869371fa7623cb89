package org.modelgate.optimize.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;

import org.modelgate.optimize.OptimizationException;

/**
 * Times a model on reference samples: warm-up runs first, then {@code runs} timed runs cycling through the samples.
 * The inputs are made once, so the figures are the model's.
 *
 * @param warmup runs before timing
 * @param runs timed runs
 */
public record LatencyMeter(int warmup, int runs) {
    /** Defaults of the reports: 10 warm-up runs, 100 timed runs. */
    public static final LatencyMeter DEFAULT = new LatencyMeter(10, 100);

    /**
     * Measures.
     *
     * @param model the loaded model
     * @param samples the inputs, used in turn (the first {@code runs} at most are prepared)
     * @param progress advanced once per run
     * @return p50 and p99
     * @throws OptimizationException when a run fails
     */
    public Latency measure(OrtModel model, List<Sample> samples, ProgressBar progress) throws OptimizationException {
        if (samples.isEmpty()) {
            throw new OptimizationException("no samples to time the model on");
        }
        List<Map<String, OnnxTensor>> inputs = new ArrayList<>();
        try {
            for (Sample sample : samples.subList(0, Math.min(samples.size(), Math.max(1, runs)))) {
                inputs.add(model.prepare(sample));
            }
            for (int i = 0; i < warmup; i++) {
                model.runPrepared(inputs.get(i % inputs.size()));
                progress.advance(1);
            }
            long[] nanos = new long[runs];
            for (int i = 0; i < runs; i++) {
                Map<String, OnnxTensor> in = inputs.get(i % inputs.size());
                long start = System.nanoTime();
                model.runPrepared(in);
                nanos[i] = System.nanoTime() - start;
                progress.advance(1);
            }
            return Latency.of(nanos);
        } finally {
            inputs.forEach(map -> map.values().forEach(OnnxTensor::close));
        }
    }
}
