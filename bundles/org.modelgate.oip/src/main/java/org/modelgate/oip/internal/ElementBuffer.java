package org.modelgate.oip.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.modelgate.api.DataType;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.Tensor;

/**
 * Collects the elements of one input tensor as they are parsed: little-endian bytes for numbers,
 * a list for strings.
 */
final class ElementBuffer {
    /** A shape in a request is only a claim: never reserve more than this before the data is seen. */
    private static final int MAX_INITIAL_BYTES = 1 << 22;

    private final DataType dataType;
    private ByteBuffer bytes;
    private final List<String> strings;
    private int count;

    ElementBuffer(DataType dataType, long expectedCount) {
        this.dataType = dataType;
        if (dataType.isFixedSize()) {
            long wanted = Math.max(16, expectedCount) * dataType.byteSize();
            bytes = ByteBuffer.allocate((int) Math.min(wanted, MAX_INITIAL_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
            strings = null;
        } else {
            strings = new ArrayList<>((int) Math.min(Math.max(expectedCount, 4), 1024));
        }
    }

    int count() {
        return count;
    }

    void putByte(int value) {
        ensure(1).put((byte) value);
        count++;
    }

    void putShort(short value) {
        ensure(2).putShort(value);
        count++;
    }

    void putInt(int value) {
        ensure(4).putInt(value);
        count++;
    }

    void putLong(long value) {
        ensure(8).putLong(value);
        count++;
    }

    void putFloat(float value) {
        ensure(4).putFloat(value);
        count++;
    }

    void putDouble(double value) {
        ensure(8).putDouble(value);
        count++;
    }

    void putString(String value) {
        strings.add(value);
        count++;
    }

    Tensor toTensor(String name, long[] shape) {
        if (strings != null) {
            return Tensor.ofStrings(name, shape, strings.toArray(new String[0]));
        }
        bytes.flip();
        return Tensor.of(name, dataType, shape, bytes);
    }

    private ByteBuffer ensure(int size) {
        if (bytes.remaining() < size) {
            int capacity = bytes.capacity();
            int grown = capacity > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE - 8 : capacity * 2;
            if (grown - bytes.position() < size) {
                throw new InvalidInputException("tensor data exceeds 2 GiB");
            }
            ByteBuffer larger = ByteBuffer.allocate(grown).order(ByteOrder.LITTLE_ENDIAN);
            bytes.flip();
            larger.put(bytes);
            bytes = larger;
        }
        return bytes;
    }
}
