package org.modelgate.optimize.staticq;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.graph.GraphIndex;
import org.modelgate.optimize.report.ReferenceSamples;
import org.modelgate.optimize.report.Sample;
import org.modelgate.optimize.report.Tensor;

/**
 * Reference inputs that calibrate activation ranges: a CSV file with one sample a line, as many float values as the
 * model's one float input takes per sample (its shape without the batch dimension, flattened row-major). Data of
 * another shape is refused with the line, the count found and the count expected.
 *
 * <pre>
 * CalibrationData data = CalibrationData.read(Path.of("calibration.csv"), model);   // 64 values a line for float[N,64]
 * </pre>
 */
public final class CalibrationData {
    private final String inputName;
    private final long[] sampleShape;
    private final int fixedBatch;
    private final List<float[]> samples;

    private CalibrationData(String inputName, long[] sampleShape, int fixedBatch, List<float[]> samples) {
        this.inputName = inputName;
        this.sampleShape = sampleShape;
        this.fixedBatch = fixedBatch;
        this.samples = List.copyOf(samples);
    }

    /**
     * The samples in {@code csv} for {@code model}'s input.
     *
     * @throws OptimizationException when the model has not exactly one float input of fixed sample shape, or a
     *     line of the file does not hold one sample of that shape
     */
    public static CalibrationData read(Path csv, ModelProto model) throws IOException, OptimizationException {
        Layout layout = layout(model);
        int width = layout.width();
        String expected = layout.expected();
        List<float[]> samples = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("[,;\\s]+");
            if (samples.isEmpty() && !numeric(fields[0])) {
                continue; // a header line
            }
            if (fields.length != width) {
                throw new OptimizationException("calibration data " + csv.getFileName() + " line " + (n + 1) + " has "
                        + fields.length + " values; " + expected + (fields.length == width + 1 ? " (drop the label column)" : ""));
            }
            float[] sample = new float[width];
            for (int i = 0; i < width; i++) {
                try {
                    sample[i] = Float.parseFloat(fields[i]);
                } catch (NumberFormatException e) {
                    throw new OptimizationException("calibration data " + csv.getFileName() + " line " + (n + 1)
                            + " value " + (i + 1) + " '" + fields[i] + "' is not a number");
                }
            }
            samples.add(sample);
        }
        if (samples.isEmpty()) {
            throw new OptimizationException("calibration data " + csv.getFileName() + " holds no samples; " + expected);
        }
        return layout.data(samples, "calibration data " + csv.getFileName());
    }

    /**
     * The reference samples' values of {@code model}'s input as calibration data (a sample tensor of several rows
     * gives several samples).
     *
     * @throws OptimizationException when the model has not one float input of fixed sample shape, or a sample's
     *     values for it are not whole samples of that shape
     */
    public static CalibrationData fromSamples(ReferenceSamples reference, ModelProto model) throws OptimizationException {
        Layout layout = layout(model);
        List<float[]> samples = new ArrayList<>();
        for (int s = 0; s < reference.size(); s++) {
            Sample sample = reference.samples().get(s);
            Tensor tensor = sample.input(layout.input()).orElseThrow(() -> new OptimizationException(
                    "the reference samples hold no values for input '" + layout.input() + "'"));
            float[] values = tensor.floats();
            if (values.length == 0 || values.length % layout.width() != 0) {
                throw new OptimizationException("reference sample " + (s + 1) + " has " + values.length + " values; "
                        + layout.expected());
            }
            for (int start = 0; start < values.length; start += layout.width()) {
                samples.add(Arrays.copyOfRange(values, start, start + layout.width()));
            }
        }
        return layout.data(samples, "the reference samples");
    }

    /** Where the samples go: the input, the shape of one sample, its value count and the required batch (0: any). */
    private record Layout(String input, long[] sampleShape, int width, int fixedBatch, String expected) {
        CalibrationData data(List<float[]> samples, String source) throws OptimizationException {
            if (samples.isEmpty()) {
                throw new OptimizationException(source + " holds no samples; " + expected);
            }
            if (fixedBatch > samples.size()) {
                throw new OptimizationException("input '" + input + "' takes batches of exactly " + fixedBatch
                        + " samples; " + source + " holds " + samples.size());
            }
            return new CalibrationData(input, sampleShape, fixedBatch, samples);
        }
    }

    private static Layout layout(ModelProto model) throws OptimizationException {
        ValueInfoProto input = floatInput(model);
        List<TensorShapeProto.Dimension> dims = input.getType().getTensorType().getShape().getDimList();
        if (dims.isEmpty()) {
            throw new OptimizationException("input '" + input.getName() + "' declares no shape; calibration needs"
                    + " its per-sample shape");
        }
        int fixedBatch = dims.get(0).hasDimValue() ? Math.toIntExact(dims.get(0).getDimValue()) : 0;
        long[] sampleShape = new long[dims.size() - 1];
        for (int i = 1; i < dims.size(); i++) {
            if (!dims.get(i).hasDimValue()) {
                throw new OptimizationException("input '" + input.getName() + "' has a variable dimension " + (i + 1)
                        + " (" + dims.get(i).getDimParam() + "); calibration data needs a fixed sample shape");
            }
            sampleShape[i - 1] = dims.get(i).getDimValue();
        }
        int width = Math.toIntExact(Arrays.stream(sampleShape).reduce(1, (a, b) -> a * b));
        return new Layout(input.getName(), sampleShape, width, fixedBatch,
                "input '" + input.getName() + "' takes float32" + describe(dims) + ", " + width + " values a sample");
    }

    private static boolean numeric(String field) {
        try {
            Float.parseFloat(field);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static ValueInfoProto floatInput(ModelProto model) throws OptimizationException {
        List<ValueInfoProto> inputs = new GraphIndex(model.getGraph()).realInputs();
        if (inputs.size() != 1 || inputs.get(0).getType().getTensorType().getElemType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new OptimizationException("static quantization calibrates models with one float32 input; this one has "
                    + inputs.stream().map(i -> i.getName() + " " + TensorProto.DataType.forNumber(i.getType().getTensorType().getElemType()))
                            .toList() + ": use dynamic quantization (mgopt quantize) instead");
        }
        return inputs.get(0);
    }

    private static String describe(List<TensorShapeProto.Dimension> dims) {
        return dims.stream().map(d -> d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam().isEmpty() ? "?" : d.getDimParam())
                .toList().toString();
    }

    public String inputName() {
        return inputName;
    }

    /** The shape of one sample (the input's shape without the batch dimension). */
    public long[] sampleShape() {
        return sampleShape.clone();
    }

    /** The batch size the input requires (its fixed first dimension), 0 when it takes any. */
    public int fixedBatch() {
        return fixedBatch;
    }

    public List<float[]> samples() {
        return samples;
    }

    public int size() {
        return samples.size();
    }
}
