package org.modelgate.grpc.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.modelgate.api.DataType;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.Tensor;
import org.modelgate.grpc.internal.proto.InferTensorContents;

import com.google.protobuf.ByteString;

/**
 * Inputs given as {@code contents}, the repeated field of the datatype's family: {@code bool_contents},
 * {@code int_contents} (INT8, INT16, INT32), {@code int64_contents}, {@code uint_contents} (UINT8), {@code fp32_contents},
 * {@code fp64_contents}, {@code bytes_contents}. FP16 and BF16 have none (the protocol sends them raw only).
 */
final class TypedContents {
    private TypedContents() {
    }

    /**
     * Reads an input's typed contents.
     *
     * @throws InvalidInputException when the datatype's field is empty while another holds the values, when the count
     *         does not fit the shape, or when a value is out of the datatype's range
     */
    static Tensor read(String name, DataType type, long[] shape, InferTensorContents contents) {
        long count = Shapes.elementCount(name, shape);
        switch (type) {
            case BOOL: {
                List<Boolean> values = checked(name, type, shape, count, "bool_contents", contents.getBoolContentsList());
                boolean[] array = new boolean[values.size()];
                for (int i = 0; i < array.length; i++) {
                    array[i] = values.get(i);
                }
                return Tensor.ofBooleans(name, shape, array);
            }
            case INT8:
                return narrowInts(name, type, shape, count, "int_contents", contents.getIntContentsList(), -128, 127);
            case UINT8:
                return narrowInts(name, type, shape, count, "uint_contents", contents.getUintContentsList(), 0, 255);
            case INT16:
                return narrowInts(name, type, shape, count, "int_contents", contents.getIntContentsList(), Short.MIN_VALUE,
                        Short.MAX_VALUE);
            case INT32: {
                List<Integer> values = checked(name, type, shape, count, "int_contents", contents.getIntContentsList());
                return Tensor.ofInts(name, shape, values.stream().mapToInt(Integer::intValue).toArray());
            }
            case INT64: {
                List<Long> values = checked(name, type, shape, count, "int64_contents", contents.getInt64ContentsList());
                return Tensor.ofLongs(name, shape, values.stream().mapToLong(Long::longValue).toArray());
            }
            case FP32: {
                List<Float> values = checked(name, type, shape, count, "fp32_contents", contents.getFp32ContentsList());
                float[] array = new float[values.size()];
                for (int i = 0; i < array.length; i++) {
                    array[i] = values.get(i);
                }
                return Tensor.ofFloats(name, shape, array);
            }
            case FP64: {
                List<Double> values = checked(name, type, shape, count, "fp64_contents", contents.getFp64ContentsList());
                return Tensor.ofDoubles(name, shape, values.stream().mapToDouble(Double::doubleValue).toArray());
            }
            case BYTES: {
                List<ByteString> values = checked(name, type, shape, count, "bytes_contents", contents.getBytesContentsList());
                return Tensor.ofStrings(name, shape, values.stream().map(ByteString::toStringUtf8).toArray(String[]::new));
            }
            default:
                throw new InvalidInputException("input '" + name + "': " + type
                        + " has no typed contents in the protocol; send it in raw_input_contents");
        }
    }

    private static <T> List<T> checked(String name, DataType type, long[] shape, long count, String field, List<T> values) {
        if (values.size() != count) {
            throw new InvalidInputException("input '" + name + "': contents." + field + " has " + values.size()
                    + " values, but " + type + Shapes.format(shape) + " needs " + count);
        }
        return values;
    }

    private static Tensor narrowInts(String name, DataType type, long[] shape, long count, String field,
            List<Integer> values, int min, int max) {
        checked(name, type, shape, count, field, values);
        ByteBuffer buffer = ByteBuffer.allocate(values.size() * type.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.size(); i++) {
            int value = values.get(i);
            // uint_contents is uint32 on the wire: Java reads it signed, so a large value shows as negative here
            if (value < min || value > max) {
                throw new InvalidInputException("input '" + name + "': value "
                        + (field.startsWith("uint") ? Integer.toUnsignedString(value) : String.valueOf(value))
                        + " at index " + i + " is out of range for " + type + " (" + min + " to " + max + ")");
            }
            if (type.byteSize() == 1) {
                buffer.put((byte) value);
            } else {
                buffer.putShort((short) value);
            }
        }
        return Tensor.of(name, type, shape, buffer.flip());
    }
}
