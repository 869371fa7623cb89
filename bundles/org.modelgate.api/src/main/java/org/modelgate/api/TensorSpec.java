package org.modelgate.api;

import java.util.Arrays;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a model expects of one input, or gives as one output: name, element type and shape.
 *
 * <p>A dimension of {@link #DYNAMIC} (-1) takes any size, such as the batch or sequence length.
 *
 * @param name the input or output name
 * @param dataType the element type
 * @param shape the dimensions; -1 for a dynamic one
 */
@ProviderType
public record TensorSpec(String name, DataType dataType, long[] shape) {
    /** A dimension whose size is chosen by each request. */
    public static final long DYNAMIC = -1;

    /**
     * Creates a spec, copying the shape.
     *
     * @param name the name
     * @param dataType the type
     * @param shape the dimensions
     */
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
        shape = shape.clone();
    }

    /**
     * The dimensions; -1 for a dynamic one.
     *
     * @return a copy of the shape
     */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Checks that a tensor fits this spec: same type, same rank, same size in every fixed dimension.
     *
     * @param tensor the tensor given for this input
     * @throws InvalidInputException saying what was expected and what came, e.g.
     *         {@code input 'pixels' expects FP32[-1,64], got INT64[1,3]}
     */
    public void check(Tensor tensor) {
        long[] actual = tensor.shape();
        boolean fits = tensor.dataType() == dataType && actual.length == shape.length;
        for (int i = 0; fits && i < shape.length; i++) {
            fits = shape[i] == DYNAMIC || shape[i] == actual[i];
        }
        if (!fits) {
            throw new InvalidInputException("input '" + name + "' expects " + signature() + ", got "
                    + tensor.dataType() + format(actual));
        }
    }

    /**
     * Type and shape as people read them.
     *
     * @return for example {@code FP32[-1,64]}
     */
    public String signature() {
        return dataType + format(shape);
    }

    private static String format(long[] dims) {
        return Arrays.toString(dims).replace(" ", "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec other && name.equals(other.name) && dataType == other.dataType
                && Arrays.equals(shape, other.shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dataType, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return name + ": " + signature();
    }
}
