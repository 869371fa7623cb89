package org.modelgate.grpc.internal;

import java.util.List;

import org.modelgate.api.InvalidInputException;

/**
 * Shapes as the protocol sends them (repeated int64), checked and formatted for messages.
 */
final class Shapes {
    private Shapes() {
    }

    static long[] of(List<Long> dims) {
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i);
        }
        return shape;
    }

    /** The number of elements; refuses negative dimensions and tensors past 2^31 elements. */
    static long elementCount(String name, long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new InvalidInputException("input '" + name + "': shape " + format(shape)
                        + " has a negative dimension; a request gives every dimension");
            }
            count *= dim;
            if (count > Integer.MAX_VALUE) {
                throw new InvalidInputException("input '" + name + "': shape " + format(shape) + " is too large");
            }
        }
        return count;
    }

    static String format(long[] shape) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return text.append(']').toString();
    }
}
