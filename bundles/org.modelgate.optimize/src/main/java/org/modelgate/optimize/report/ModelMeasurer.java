package org.modelgate.optimize.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.modelgate.optimize.OptimizationException;

/**
 * Measures an original model and its candidates on the same reference samples through ONNX Runtime on this machine,
 * one model loaded at a time, and makes the report.
 *
 * <pre>
 * ModelMeasurer measurer = new ModelMeasurer(samples, OutputKind.EMBEDDING, LatencyMeter.DEFAULT, 1, System.err);
 * OptimizationReport report = measurer.measure(Path.of("model.onnx"), Map.of("int8 dynamic", Path.of("out/model.onnx")));
 * report.print(System.out);
 * </pre>
 *
 * @param samples the reference samples (accuracy on all of them; latency cycles through them)
 * @param kind how outputs are compared
 * @param meter warm-up and timed runs
 * @param threads ONNX Runtime intra-op threads (0: its default)
 * @param progress where the progress bar is drawn, null for none
 */
public record ModelMeasurer(ReferenceSamples samples, OutputKind kind, LatencyMeter meter, int threads, PrintStream progress) {

    /**
     * Measures the original and each candidate.
     *
     * @param original the original model
     * @param candidates the candidates by row name, in the map's order
     * @return the report, without notes
     * @throws OptimizationException when a model cannot be loaded or run on the samples
     */
    public OptimizationReport measure(Path original, Map<String, Path> candidates) throws OptimizationException {
        if (samples.size() == 0) {
            throw new OptimizationException("no reference samples: give --samples (a model.json with golden samples or a"
                    + " CSV file) or --generate for a transformer");
        }
        AccuracyMeter accuracy = new AccuracyMeter(kind, samples.labels());
        Measured base = run("original", original);
        Accuracy self = accuracy.compare(samples.samples(), base.outputs, base.outputs);
        ModelMeasurement first = new ModelMeasurement("original", original, size(original), base.latency, self);
        List<ModelMeasurement> rows = new ArrayList<>();
        for (Map.Entry<String, Path> candidate : candidates.entrySet()) {
            Measured m = run(candidate.getKey(), candidate.getValue());
            rows.add(new ModelMeasurement(candidate.getKey(), candidate.getValue(), size(candidate.getValue()), m.latency,
                    accuracy.compare(samples.samples(), base.outputs, m.outputs)));
        }
        return new OptimizationReport(first, rows, List.of());
    }

    private Measured run(String name, Path file) throws OptimizationException {
        ProgressBar bar = ProgressBar.on(progress, "measure " + name, samples.size() + meter.warmup() + meter.runs());
        try (OrtModel model = OrtModel.open(file, threads)) {
            List<List<Tensor>> outputs = new ArrayList<>();
            for (Sample sample : samples.samples()) {
                outputs.add(model.run(sample));
                bar.advance(1);
            }
            Latency latency = meter.measure(model, samples.samples(), bar);
            return new Measured(outputs, latency);
        } finally {
            bar.done();
        }
    }

    private static long size(Path file) throws OptimizationException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new OptimizationException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private record Measured(List<List<Tensor>> outputs, Latency latency) {
    }
}
