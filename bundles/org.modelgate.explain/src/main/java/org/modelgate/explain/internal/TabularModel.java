package org.modelgate.explain.internal;

import java.util.List;
import java.util.Set;

import org.modelgate.api.DataType;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InferenceService;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.explain.ExplainRefusedException;
import org.modelgate.explain.ExplainRefusedException.Reason;

/**
 * A model with one tabular input ([1,F] or [-1,F], FP32 or FP64), run on many rows through the inference service:
 * in requests of up to {@code batchSize} rows when the batch dimension is free, one row per request otherwise.
 * Counts the rows it runs. Not thread-safe: one per explanation.
 */
public final class TabularModel {
    private final InferenceService inference;
    private final String model;
    private final String version;
    private final TensorSpec input;
    private final int width;
    private final int batchSize;
    private long inferences;

    private TabularModel(InferenceService inference, String model, String version, TensorSpec input, int batchSize) {
        this.inference = inference;
        this.model = model;
        this.version = version;
        this.input = input;
        this.width = (int) input.shape()[1];
        this.batchSize = input.shape()[0] == TensorSpec.DYNAMIC ? batchSize : 1;
    }

    /**
     * The tabular view of a model.
     *
     * @param inference the service that runs it
     * @param info the model as the registry describes it
     * @param version the version to run, or null for the active one
     * @param batchSize rows per request where the batch dimension is free
     * @return the model
     * @throws ExplainRefusedException NOT_TABULAR (parameter {@code explain}) saying what the input is
     */
    public static TabularModel of(InferenceService inference, ModelInfo info, String version, int batchSize) {
        List<TensorSpec> inputs = info.inputs();
        String why = null;
        if (inputs.size() != 1) {
            why = "it has " + inputs.size() + " inputs";
        } else {
            TensorSpec spec = inputs.get(0);
            long[] shape = spec.shape();
            if (spec.dataType() != DataType.FP32 && spec.dataType() != DataType.FP64) {
                why = "its input '" + spec.name() + "' is " + spec.signature();
            } else if (shape.length != 2 || (shape[0] != 1 && shape[0] != TensorSpec.DYNAMIC) || shape[1] < 1) {
                why = "its input '" + spec.name() + "' is " + spec.signature();
            }
        }
        if (why != null) {
            throw new ExplainRefusedException(Reason.NOT_TABULAR, "explain", "explain works on tabular models (one "
                    + "FP32 or FP64 input of shape [1,F] or [-1,F]); model '" + info.name() + "' is not tabular: " + why);
        }
        return new TabularModel(inference, info.name(), version, inputs.get(0), batchSize);
    }

    /** @return the input's name */
    public String inputName() {
        return input.name();
    }

    /** @return F, the features per row */
    public int width() {
        return width;
    }

    /** @return the rows run so far */
    public long inferences() {
        return inferences;
    }

    /**
     * The model's first output for each row.
     *
     * @param rows rows of {@link #width()} values
     * @return one output row per input row
     */
    public double[][] outputs(float[][] rows) {
        double[][] out = new double[rows.length][];
        for (int start = 0; start < rows.length; start += batchSize) {
            int count = Math.min(batchSize, rows.length - start);
            Tensor outputs = run(rows, start, count);
            int per = outputs.elementCount() / count;
            double[] all = outputs.toDoubleArray();
            for (int r = 0; r < count; r++) {
                double[] row = new double[per];
                System.arraycopy(all, r * per, row, 0, per);
                out[start + r] = row;
            }
        }
        inferences += rows.length;
        return out;
    }

    /**
     * Runs one row as a request of its own.
     *
     * @param row the features
     * @return the response
     */
    public InferenceResponse response(float[] row) {
        inferences++;
        return call(tensor(new float[][] {row}, 0, 1));
    }

    private Tensor run(float[][] rows, int start, int count) {
        return call(tensor(rows, start, count)).outputs().get(0);
    }

    private InferenceResponse call(Tensor tensor) {
        InferenceRequest request = new InferenceRequest(null, List.of(tensor), Set.of());
        return version == null ? inference.infer(model, request) : inference.infer(model, version, request);
    }

    private Tensor tensor(float[][] rows, int start, int count) {
        long[] shape = {count, width};
        if (input.dataType() == DataType.FP64) {
            double[] values = new double[count * width];
            for (int r = 0; r < count; r++) {
                for (int f = 0; f < width; f++) {
                    values[r * width + f] = rows[start + r][f];
                }
            }
            return Tensor.ofDoubles(input.name(), shape, values);
        }
        float[] values = new float[count * width];
        for (int r = 0; r < count; r++) {
            System.arraycopy(rows[start + r], 0, values, r * width, width);
        }
        return Tensor.ofFloats(input.name(), shape, values);
    }
}
