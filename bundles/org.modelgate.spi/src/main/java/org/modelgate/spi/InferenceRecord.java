package org.modelgate.spi;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.modelgate.api.DataType;
import org.modelgate.api.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What one inference did: which model version served it, on which backend and accelerator driver, how long it
 * took, how it ended, and a bounded summary of its input and output. Immutable.
 *
 * <p>The core builds one per inference (only while a record stream is present) and the record stream hands it
 * to every {@link InferenceMonitor}. The summaries are bounded so that a record stays small whatever the tensor:
 * the first {@value #MAX_INPUT_VALUES} values of the first numeric input as floats (the features of a tabular
 * row; NaN and infinities are kept as they came), and for a classifier the top class of the first row and its
 * score (a probability where the model outputs probabilities), and the first value of the first numeric output (a
 * regression's prediction).
 *
 * <pre>
 * public void accept(InferenceRecord record) {
 *     if (record.outcome() == InferenceRecord.Outcome.SUCCESS &amp;&amp; record.topClass() &gt;= 0) {
 *         classCounts[record.topClass()]++;
 *     }
 *     for (int i = 0; i &lt; record.inputValueCount(); i++) {
 *         featureSketch[i].add(record.inputValue(i));
 *     }
 * }
 * </pre>
 */
@ProviderType
public final class InferenceRecord {
    /** The most input values a record keeps. */
    public static final int MAX_INPUT_VALUES = 32;

    /** How an inference ended. */
    public enum Outcome {
        /** It ran and returned outputs. */
        SUCCESS,
        /** It was refused before running: inputs that do not fit the model, a version that is not loaded. */
        REJECTED,
        /** The model or its backend failed running it (an error, a timeout). */
        FAILED
    }

    private static final float[] NO_VALUES = new float[0];

    private final String model;
    private final String version;
    private final String backend;
    private final String driver;
    private final String requestId;
    private final long startMillis;
    private final long latencyNanos;
    private final long computeNanos;
    private final Outcome outcome;
    private final float[] inputValues;
    private final int topClass;
    private final float topScore;
    private final float outputValue;
    private final List<InputShape> inputShapes;

    /**
     * Records an inference, summarizing its tensors.
     *
     * @param model the model name
     * @param version the version that served it
     * @param backend the backend it ran on
     * @param driver the accelerator driver of the version's plan, or null when none planned it
     * @param requestId the request's id, or null
     * @param startMillis when it started, in milliseconds since the epoch
     * @param latencyNanos how long the whole request took in the core (checks and the model run)
     * @param computeNanos how long the model run took; 0 when it did not run
     * @param outcome how it ended
     * @param inputs the request's inputs
     * @param outputs the outputs, or null when it failed
     * @param classes the number of the model's class labels; 0 when it is not a classifier
     */
    public InferenceRecord(String model, String version, String backend, String driver, String requestId,
            long startMillis, long latencyNanos, long computeNanos, Outcome outcome, List<Tensor> inputs,
            List<Tensor> outputs, int classes) {
        this.model = Objects.requireNonNull(model, "model");
        this.version = Objects.requireNonNull(version, "version");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.driver = driver;
        this.requestId = requestId;
        this.startMillis = startMillis;
        this.latencyNanos = latencyNanos;
        this.computeNanos = computeNanos;
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.inputValues = firstValues(inputs);
        this.inputShapes = InputShape.of(inputs, MAX_INPUT_VALUES);
        int top = -1;
        float score = Float.NaN;
        if (outputs != null && classes > 0) {
            for (Tensor output : outputs) {
                if (isFloating(output.dataType()) && rowLength(output) == classes && output.elementCount() >= classes) {
                    top = 0;
                    for (int i = 1; i < classes; i++) {
                        if (output.getDouble(i) > output.getDouble(top)) {
                            top = i;
                        }
                    }
                    score = (float) output.getDouble(top);
                    break;
                }
                if (top < 0 && isInteger(output.dataType()) && output.elementCount() > 0) {
                    top = (int) output.getLong(0); // a label output; a score may follow in a later output
                }
            }
        }
        this.topClass = top;
        this.topScore = score;
        this.outputValue = firstOutputValue(outputs);
    }

    private static float firstOutputValue(List<Tensor> outputs) {
        if (outputs != null) {
            for (Tensor output : outputs) {
                if (output.dataType() != DataType.BYTES && output.dataType() != DataType.BOOL && output.elementCount() > 0) {
                    return (float) output.getDouble(0);
                }
            }
        }
        return Float.NaN;
    }

    private static float[] firstValues(List<Tensor> inputs) {
        if (inputs == null) {
            return NO_VALUES;
        }
        for (Tensor input : inputs) {
            if (input.dataType() != DataType.BYTES) {
                int n = Math.min(MAX_INPUT_VALUES, input.elementCount());
                float[] values = new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = (float) input.getDouble(i);
                }
                return values;
            }
        }
        return NO_VALUES;
    }

    private static int rowLength(Tensor tensor) {
        long[] shape = tensor.shape();
        return shape.length == 0 ? 1 : (int) shape[shape.length - 1];
    }

    private static boolean isFloating(DataType type) {
        return type == DataType.FP32 || type == DataType.FP64 || type == DataType.FP16 || type == DataType.BF16;
    }

    private static boolean isInteger(DataType type) {
        return type == DataType.INT64 || type == DataType.INT32 || type == DataType.INT16 || type == DataType.INT8
                || type == DataType.UINT8;
    }

    /** @return the model name */
    public String model() {
        return model;
    }

    /** @return the version that served the request */
    public String version() {
        return version;
    }

    /** @return the backend it ran on */
    public String backend() {
        return backend;
    }

    /** @return the accelerator driver of the version's execution plan, or null */
    public String driver() {
        return driver;
    }

    /** @return the request's id, or null */
    public String requestId() {
        return requestId;
    }

    /** @return when the request started, in milliseconds since the epoch */
    public long startMillis() {
        return startMillis;
    }

    /** @return how long the request took in the core, in nanoseconds */
    public long latencyNanos() {
        return latencyNanos;
    }

    /** @return how long the model run took, in nanoseconds; 0 when it did not run */
    public long computeNanos() {
        return computeNanos;
    }

    /** @return how it ended */
    public Outcome outcome() {
        return outcome;
    }

    /** @return how many input values the summary holds, at most {@value #MAX_INPUT_VALUES} */
    public int inputValueCount() {
        return inputValues.length;
    }

    /**
     * One value of the input summary.
     *
     * @param index from 0 to {@link #inputValueCount()} - 1
     * @return the value, as a float
     */
    public float inputValue(int index) {
        return inputValues[index];
    }

    /** @return a copy of the input summary */
    public float[] inputValues() {
        return inputValues.clone();
    }

    /**
     * The name, data type and shape of each input, and the range of its first {@value #MAX_INPUT_VALUES} values: what
     * profiling runs a model on when it has no golden samples (the monitor layer keeps the recent ones).
     *
     * @return one per input, in the request's order; empty when the request had none
     * @since 1.6
     */
    public List<InputShape> inputShapes() {
        return inputShapes;
    }

    /** @return the index of the top class of the first row, or -1 when the model is not a classifier */
    public int topClass() {
        return topClass;
    }

    /** @return the top class's score (a probability where the model outputs them), or NaN when there is none */
    public float topScore() {
        return topScore;
    }

    /**
     * The first value of the first numeric output: the prediction of a regression model (or of a classifier, its
     * first score or label).
     *
     * @return the value, or NaN when the request failed or has no numeric output
     */
    public float outputValue() {
        return outputValue;
    }

    @Override
    public String toString() {
        return "InferenceRecord[" + model + " " + version + " on " + backend + (driver == null ? "" : "/" + driver)
                + ", " + outcome + ", " + latencyNanos + " ns, id " + requestId + ", inputs "
                + Arrays.toString(inputValues) + ", top " + topClass + " (" + topScore + ")]";
    }
}
