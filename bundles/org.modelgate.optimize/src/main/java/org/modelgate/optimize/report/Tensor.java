package org.modelgate.optimize.report;

import java.util.Arrays;

/**
 * A named tensor of a reference sample or a model output, its values held as doubles (exact for FP32 and for token
 * ids). {@code datatype} uses the Open Inference Protocol's names as model.json does: {@code FP32}, {@code FP64},
 * {@code INT32}, {@code INT64}.
 *
 * @param name the tensor's name in the model
 * @param datatype {@code FP32}, {@code FP64}, {@code INT32} or {@code INT64}
 * @param shape the dimensions
 * @param data the values, row-major
 */
public record Tensor(String name, String datatype, long[] shape, double[] data) {
    /**
     * Checks that the shape holds the data.
     *
     * @throws IllegalArgumentException when the element count and the shape disagree
     */
    public Tensor {
        long elements = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (elements != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape) + " ("
                    + elements + " values) but " + data.length + " values");
        }
    }

    /**
     * The values as floats.
     *
     * @return a new array
     */
    public float[] floats() {
        float[] values = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            values[i] = (float) data[i];
        }
        return values;
    }

    /**
     * The values as longs.
     *
     * @return a new array
     */
    public long[] longs() {
        long[] values = new long[data.length];
        for (int i = 0; i < data.length; i++) {
            values[i] = (long) data[i];
        }
        return values;
    }

    /**
     * The first dimension (the batch), 1 for a scalar.
     *
     * @return the rows
     */
    public int rows() {
        return shape.length == 0 ? 1 : (int) shape[0];
    }

    @Override
    public String toString() {
        return name + " " + datatype + Arrays.toString(shape);
    }
}
