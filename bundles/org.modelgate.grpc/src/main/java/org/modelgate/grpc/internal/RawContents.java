package org.modelgate.grpc.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.modelgate.api.DataType;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.Tensor;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

/**
 * Tensors as {@code raw_input_contents} / {@code raw_output_contents} hold them: little-endian, row-major, no padding;
 * BOOL one byte; BYTES elements each a 4-byte little-endian length, then the bytes (UTF-8 text here, since Modelgate's
 * BYTES tensors hold strings). Numeric tensors are views of the message's bytes, not copies.
 */
final class RawContents {
    private RawContents() {
    }

    /**
     * Reads input {@code index} of a request.
     *
     * @throws InvalidInputException when the size does not fit the shape and datatype
     */
    static Tensor read(int index, String name, DataType type, long[] shape, ByteString raw) {
        long count = Shapes.elementCount(name, shape);
        if (type.isFixedSize()) {
            long needed = count * type.byteSize();
            if (raw.size() != needed) {
                throw new InvalidInputException("input '" + name + "': raw_input_contents[" + index + "] has " + raw.size()
                        + " bytes, but " + type + Shapes.format(shape) + " needs " + needed);
            }
            return Tensor.of(name, type, shape, raw.asReadOnlyByteBuffer());
        }
        return Tensor.ofStrings(name, shape, strings(index, name, shape, count, raw));
    }

    /** The output's bytes: a view of a numeric tensor's buffer, or the length-prefixed strings of a BYTES one. */
    static ByteString write(Tensor tensor) {
        if (tensor.dataType().isFixedSize()) {
            return UnsafeByteOperations.unsafeWrap(tensor.buffer());
        }
        byte[][] encoded = new byte[tensor.elementCount()][];
        String[] values = tensor.strings();
        int size = 0;
        for (int i = 0; i < values.length; i++) {
            encoded[i] = values[i].getBytes(StandardCharsets.UTF_8);
            size += 4 + encoded[i].length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] value : encoded) {
            out.putInt(value.length).put(value);
        }
        return UnsafeByteOperations.unsafeWrap(out.flip());
    }

    private static String[] strings(int index, String name, long[] shape, long count, ByteString raw) {
        ByteBuffer data = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        String[] values = new String[(int) count];
        for (int i = 0; i < count; i++) {
            if (data.remaining() < 4) {
                throw new InvalidInputException("input '" + name + "': raw_input_contents[" + index + "] ends after " + i
                        + " of the " + count + " BYTES elements shape " + Shapes.format(shape)
                        + " needs (each is a 4-byte little-endian length, then the bytes)");
            }
            long length = data.getInt() & 0xffffffffL;
            if (length > data.remaining()) {
                throw new InvalidInputException("input '" + name + "': BYTES element " + i + " says " + length
                        + " bytes, but only " + data.remaining() + " are left in raw_input_contents[" + index + "]");
            }
            byte[] value = new byte[(int) length];
            data.get(value);
            values[i] = new String(value, StandardCharsets.UTF_8);
        }
        if (data.hasRemaining()) {
            throw new InvalidInputException("input '" + name + "': raw_input_contents[" + index + "] holds more than the "
                    + count + " BYTES elements shape " + Shapes.format(shape) + " needs (" + data.remaining()
                    + " bytes left over)");
        }
        return values;
    }
}
