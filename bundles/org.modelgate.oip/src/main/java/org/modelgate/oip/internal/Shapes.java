package org.modelgate.oip.internal;

/**
 * Shape arithmetic and formatting as messages show it: {@code [1,4]}.
 */
final class Shapes {
    private Shapes() {
    }

    static String format(long[] shape) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(shape[i]);
        }
        return text.append(']').toString();
    }

    /** The element count, or -1 when it does not fit an int. */
    static long elementCount(long[] shape) {
        for (long dim : shape) {
            if (dim == 0) {
                return 0;
            }
        }
        long count = 1;
        for (long dim : shape) {
            if (dim > Integer.MAX_VALUE || (count *= dim) > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return count;
    }
}
