package org.modelgate.oip.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.modelgate.api.Tensor;

/**
 * One output's bytes as Triton's binary tensor data extension sends them: numbers little-endian as the tensor holds
 * them (no copy), BYTES elements each as a 4-byte little-endian length and the UTF-8 bytes.
 *
 * @param tensor the output
 * @param data its bytes, position 0
 */
public record BinaryOutput(Tensor tensor, ByteBuffer data) {
    /**
     * The bytes of an output.
     *
     * @param tensor the output
     * @return its binary form
     */
    public static BinaryOutput of(Tensor tensor) {
        if (tensor.dataType().isFixedSize()) {
            return new BinaryOutput(tensor, tensor.buffer());
        }
        String[] values = tensor.strings();
        byte[][] encoded = new byte[values.length][];
        int size = 0;
        for (int i = 0; i < values.length; i++) {
            encoded[i] = values[i].getBytes(StandardCharsets.UTF_8);
            size += 4 + encoded[i].length;
        }
        ByteBuffer data = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] value : encoded) {
            data.putInt(value.length).put(value);
        }
        return new BinaryOutput(tensor, data.flip());
    }

    /** The entry for {@code tensor}, or null when it goes as JSON. */
    static BinaryOutput of(List<BinaryOutput> outputs, Tensor tensor) {
        for (BinaryOutput output : outputs) {
            if (output.tensor == tensor) {
                return output;
            }
        }
        return null;
    }

    /**
     * The number of bytes.
     *
     * @return the binary_data_size
     */
    public int size() {
        return data.remaining();
    }
}
