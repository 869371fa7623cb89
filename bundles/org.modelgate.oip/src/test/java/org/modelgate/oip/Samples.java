package org.modelgate.oip;

import org.modelgate.api.DataType;
import org.modelgate.api.Tensor;

/**
 * Test tensors of every datatype, with values near each type's limits.
 */
final class Samples {
    private Samples() {
    }

    static Tensor of(DataType dataType, String name, long[] shape) {
        int count = 1;
        for (long dim : shape) {
            count *= (int) dim;
        }
        switch (dataType) {
            case BOOL: {
                boolean[] values = new boolean[count];
                for (int i = 0; i < count; i++) {
                    values[i] = i % 3 == 0;
                }
                return Tensor.ofBooleans(name, shape, values);
            }
            case UINT8:
            case INT8: {
                byte[] values = new byte[count];
                for (int i = 0; i < count; i++) {
                    values[i] = (byte) (i % 2 == 0 ? -1 - i : 127 - i);
                }
                return Tensor.ofBytes(name, dataType, shape, values);
            }
            case INT16: {
                short[] values = new short[count];
                for (int i = 0; i < count; i++) {
                    values[i] = (short) (i % 2 == 0 ? Short.MIN_VALUE + i : Short.MAX_VALUE - i);
                }
                return Tensor.ofShorts(name, shape, values);
            }
            case INT32: {
                int[] values = new int[count];
                for (int i = 0; i < count; i++) {
                    values[i] = i % 2 == 0 ? Integer.MIN_VALUE + i : Integer.MAX_VALUE - i;
                }
                return Tensor.ofInts(name, shape, values);
            }
            case INT64: {
                long[] values = new long[count];
                for (int i = 0; i < count; i++) {
                    values[i] = i % 2 == 0 ? Long.MIN_VALUE + i : Long.MAX_VALUE - i;
                }
                return Tensor.ofLongs(name, shape, values);
            }
            case FP16:
            case BF16:
                return Tensor.ofHalfFloats(name, dataType, shape, floats(count));
            case FP32:
                return Tensor.ofFloats(name, shape, floats(count));
            case FP64: {
                double[] values = new double[count];
                for (int i = 0; i < count; i++) {
                    values[i] = Math.PI * (i - 2) * 1e-3 + (i == 1 ? 1e300 : 0);
                }
                return Tensor.ofDoubles(name, shape, values);
            }
            case BYTES: {
                String[] values = new String[count];
                for (int i = 0; i < count; i++) {
                    values[i] = "token-" + i;
                }
                return Tensor.ofStrings(name, shape, values);
            }
            default:
                throw new IllegalArgumentException(dataType.name());
        }
    }

    private static float[] floats(int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (Math.E * (i - 2) / 7.0) + (i == 1 ? 1000f : 0f);
        }
        return values;
    }
}
