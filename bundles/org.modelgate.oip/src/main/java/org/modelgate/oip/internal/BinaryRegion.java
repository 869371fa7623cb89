package org.modelgate.oip.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.modelgate.api.DataType;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.Tensor;

/**
 * The raw tensor bytes after the JSON header of a binary request (Triton's binary tensor data extension), handed out
 * to the inputs in the order they appear in the header. Numeric inputs are slices of the body's buffer (no copy: a
 * direct body stays direct, so ONNX Runtime reads it as it is); BYTES elements are 4-byte little-endian lengths, each
 * followed by that many bytes, read as UTF-8.
 */
public final class BinaryRegion {
    private final ByteBuffer data;
    private int next;

    /**
     * Wraps the binary part of a body.
     *
     * @param data the bytes after the JSON header, from its position to its limit
     */
    public BinaryRegion(ByteBuffer data) {
        this.data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The next {@code size} bytes as input {@code name}; refuses sizes that do not fit the shape or the body. */
    Tensor take(String name, DataType type, long[] shape, long size) {
        int left = data.limit() - next;
        if (size > left) {
            throw new InvalidInputException("input '" + name + "': binary_data_size " + size + " goes past the end of the body ("
                    + left + " bytes of binary data left after the inputs before it); the body is truncated or the size is wrong");
        }
        long count = Shapes.elementCount(shape);
        int start = next;
        next += (int) size;
        if (type.isFixedSize()) {
            long needed = count * type.byteSize();
            if (size != needed) {
                throw new InvalidInputException("input '" + name + "': binary_data_size " + size + " does not fit " + type
                        + Shapes.format(shape) + ", which needs " + needed + " bytes");
            }
            return Tensor.of(name, type, shape, data.slice(start, (int) size));
        }
        return Tensor.ofStrings(name, shape, strings(name, shape, count, start, (int) size));
    }

    /** Checks that the inputs used every byte: a size too small on one input would shift the others silently. */
    void expectConsumed() {
        if (next != data.limit()) {
            throw new InvalidInputException("the body has " + data.limit() + " bytes of binary tensor data after the JSON header, "
                    + "but the inputs' binary_data_size add up to " + next);
        }
    }

    private String[] strings(String name, long[] shape, long count, int start, int size) {
        String[] values = new String[(int) count];
        int at = start;
        int end = start + size;
        for (int i = 0; i < count; i++) {
            if (end - at < 4) {
                throw new InvalidInputException("input '" + name + "': binary BYTES data ends after " + i + " of the "
                        + count + " elements shape " + Shapes.format(shape) + " needs (each is a 4-byte length, then the bytes)");
            }
            long length = data.getInt(at) & 0xffffffffL;
            at += 4;
            if (length > end - at) {
                throw new InvalidInputException("input '" + name + "': BYTES element " + i + " says " + length
                        + " bytes, but only " + (end - at) + " are left of its binary_data_size");
            }
            values[i] = new String(bytes(at, (int) length), StandardCharsets.UTF_8);
            at += (int) length;
        }
        if (at != end) {
            throw new InvalidInputException("input '" + name + "': binary_data_size " + size + " holds more than the "
                    + count + " BYTES elements shape " + Shapes.format(shape) + " needs (" + (end - at) + " bytes left over)");
        }
        return values;
    }

    private byte[] bytes(int at, int length) {
        byte[] copy = new byte[length];
        data.get(at, copy);
        return copy;
    }
}
