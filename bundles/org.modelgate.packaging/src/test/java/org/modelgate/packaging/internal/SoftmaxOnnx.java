package org.modelgate.packaging.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The smallest real ONNX model a test needs: {@code output = Softmax(input)} over float32
 * {@code [N, width]}, written as ONNX's protobuf by hand (field numbers from onnx.proto).
 */
final class SoftmaxOnnx {
    private SoftmaxOnnx() {
    }

    static byte[] model(int width) {
        byte[] node = concat(string(1, "input"), string(2, "output"), string(3, "softmax"), string(4, "Softmax"));
        byte[] graph = concat(message(1, node), string(2, "g"), message(11, valueInfo("input", width)), message(12, valueInfo("output", width)));
        byte[] opset = concat(string(1, ""), varint(2, 13));
        return concat(varint(1, 8), message(8, opset), message(7, graph));
    }

    private static byte[] valueInfo(String name, int width) {
        byte[] shape = concat(message(1, string(2, "N")), message(1, varint(1, width)));
        byte[] tensor = concat(varint(1, 1), message(2, shape)); // elem_type 1 = FLOAT
        return concat(string(1, name), message(2, message(1, tensor)));
    }

    private static byte[] varint(int field, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, (long) field << 3);
        writeVarint(out, value);
        return out.toByteArray();
    }

    private static byte[] string(int field, String value) {
        return message(field, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] message(int field, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, ((long) field << 3) | 2);
        writeVarint(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
