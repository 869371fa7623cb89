package org.modelgate.optimize.staticq;

import java.nio.FloatBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.report.ProgressBar;

/**
 * Runs the float model in ONNX Runtime over the calibration data with the activations to quantize exposed as extra
 * outputs, and chooses each one's range by a {@link CalibrationMethod}. MinMax takes one pass; percentile and entropy
 * take a second pass that fills a histogram over the range the first found.
 */
final class ActivationCalibrator {
    private static final int BATCH = 64;
    private static final double PERCENTILE = 99.999;

    private final CalibrationMethod method;

    ActivationCalibrator(CalibrationMethod method) {
        this.method = method;
    }

    Map<String, TensorRange> calibrate(ModelProto model, Collection<String> tensors, CalibrationData data, ProgressBar progress)
            throws OptimizationException {
        int batches = data.fixedBatch() > 0 ? data.size() / data.fixedBatch() : (data.size() + BATCH - 1) / BATCH;
        progress.grow((long) batches * (method == CalibrationMethod.MINMAX ? 1 : 2));
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT); // every exposed tensor must survive
            options.setIntraOpNumThreads(1);
            try (OrtSession session = environment.createSession(exposing(model, tensors).toByteArray(), options)) {
                Map<String, float[]> extremes = new HashMap<>();
                for (String tensor : tensors) {
                    extremes.put(tensor, new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
                }
                run(environment, session, tensors, data, progress, (tensor, values) -> {
                    float[] minMax = extremes.get(tensor);
                    for (int i = 0; i < values.remaining(); i++) {
                        float value = values.get(i);
                        minMax[0] = Math.min(minMax[0], value);
                        minMax[1] = Math.max(minMax[1], value);
                    }
                });
                Map<String, TensorRange> ranges = new LinkedHashMap<>();
                for (String tensor : tensors) {
                    float[] minMax = extremes.get(tensor);
                    ranges.put(tensor, new TensorRange(minMax[0], minMax[1]));
                }
                if (method == CalibrationMethod.MINMAX) {
                    return ranges;
                }
                Map<String, HistogramRange> histograms = new HashMap<>();
                for (String tensor : tensors) {
                    TensorRange range = ranges.get(tensor);
                    histograms.put(tensor, new HistogramRange(Math.max(-range.min(), range.max())));
                }
                run(environment, session, tensors, data, progress, (tensor, values) -> {
                    HistogramRange histogram = histograms.get(tensor);
                    for (int i = 0; i < values.remaining(); i++) {
                        histogram.add(values.get(i));
                    }
                });
                for (String tensor : tensors) {
                    HistogramRange histogram = histograms.get(tensor);
                    float threshold = method == CalibrationMethod.PERCENTILE ? histogram.percentile(PERCENTILE) : histogram.entropyThreshold();
                    ranges.put(tensor, ranges.get(tensor).clippedTo(threshold));
                }
                return ranges;
            }
        } catch (OrtException e) {
            throw new OptimizationException("ONNX Runtime could not run the model on the calibration data: " + e.getMessage());
        }
    }

    private static void run(OrtEnvironment environment, OrtSession session, Collection<String> tensors, CalibrationData data,
                            ProgressBar progress, BiConsumer<String, FloatBuffer> sink) throws OrtException {
        List<float[]> samples = data.samples();
        int batch = data.fixedBatch() > 0 ? data.fixedBatch() : BATCH;
        long[] sampleShape = data.sampleShape();
        int width = samples.get(0).length;
        for (int start = 0; start + (data.fixedBatch() > 0 ? batch : 1) <= samples.size(); start += batch) {
            int count = Math.min(batch, samples.size() - start);
            FloatBuffer values = FloatBuffer.allocate(count * width);
            for (float[] sample : samples.subList(start, start + count)) {
                values.put(sample);
            }
            values.flip();
            long[] shape = new long[sampleShape.length + 1];
            shape[0] = count;
            System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
            try (OnnxTensor input = OnnxTensor.createTensor(environment, values, shape);
                 OrtSession.Result result = session.run(Map.of(data.inputName(), input), new java.util.HashSet<>(tensors))) {
                for (String tensor : tensors) {
                    OnnxValue value = result.get(tensor).orElseThrow();
                    sink.accept(tensor, ((OnnxTensor) value).getFloatBuffer());
                }
            }
            progress.advance(1);
        }
    }

    /** The model with {@code tensors} added to its outputs, without type: ONNX Runtime infers it. */
    private static ModelProto exposing(ModelProto model, Collection<String> tensors) {
        GraphProto.Builder graph = model.getGraph().toBuilder();
        java.util.Set<String> outputs = new java.util.HashSet<>();
        graph.getOutputList().forEach(output -> outputs.add(output.getName()));
        for (String tensor : tensors) {
            if (outputs.add(tensor)) {
                graph.addOutput(ValueInfoProto.newBuilder().setName(tensor));
            }
        }
        return model.toBuilder().setGraph(graph).build();
    }
}
