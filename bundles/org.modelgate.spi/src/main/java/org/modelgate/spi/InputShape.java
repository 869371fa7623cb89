package org.modelgate.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.modelgate.api.DataType;
import org.modelgate.api.Tensor;

/**
 * One input of a request as profiling needs it: its name, data type, shape, and the range of its values (of the
 * first ones only, to stay cheap on the request thread; NaN for strings).
 *
 * <pre>
 * InputShape pixels = record.inputShapes().get(0); // pixels FP32[1, 3, 320, 320] in [0.0, 1.0]
 * </pre>
 *
 * @param name the input's name
 * @param dataType its data type
 * @param shape its shape
 * @param min the least value seen
 * @param max the greatest value seen
 * @since 1.6
 */
public record InputShape(String name, DataType dataType, long[] shape, double min, double max) {
    /**
     * Copies the shape.
     *
     * @param name the name
     * @param dataType the data type
     * @param shape the shape
     * @param min the least value
     * @param max the greatest value
     */
    public InputShape {
        shape = shape.clone();
    }

    /** @return a copy of the shape */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The same input with the range widened to hold {@code other}'s, and {@code other}'s shape (the newer one).
     *
     * @param other a later observation of the same input
     * @return the merged observation
     */
    public InputShape merge(InputShape other) {
        return new InputShape(name, other.dataType, other.shape, Double.isNaN(min) ? other.min : Math.min(min, other.min),
                Double.isNaN(max) ? other.max : Math.max(max, other.max));
    }

    /**
     * Summarizes the inputs of a request.
     *
     * @param inputs the inputs, or null
     * @param values how many of each input's first values give its range
     * @return one per input
     */
    static List<InputShape> of(List<Tensor> inputs, int values) {
        if (inputs == null || inputs.isEmpty()) {
            return List.of();
        }
        List<InputShape> shapes = new ArrayList<>(inputs.size());
        for (Tensor input : inputs) {
            double min = Double.NaN;
            double max = Double.NaN;
            if (input.dataType() != DataType.BYTES) {
                int n = (int) Math.min(values, input.elementCount());
                for (int i = 0; i < n; i++) {
                    double value = input.getDouble(i);
                    min = i == 0 ? value : Math.min(min, value);
                    max = i == 0 ? value : Math.max(max, value);
                }
            }
            shapes.add(new InputShape(input.name(), input.dataType(), input.shape(), min, max));
        }
        return List.copyOf(shapes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InputShape that && name.equals(that.name) && dataType == that.dataType
                && Arrays.equals(shape, that.shape) && Double.compare(min, that.min) == 0 && Double.compare(max, that.max) == 0;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dataType + Arrays.toString(shape) + " in [" + min + ", " + max + "]";
    }
}
