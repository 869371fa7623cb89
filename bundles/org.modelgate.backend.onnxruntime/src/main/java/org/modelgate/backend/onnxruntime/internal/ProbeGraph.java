package org.modelgate.backend.onnxruntime.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The smallest useful ONNX model, {@code y = Identity(x)} on float[1], written as protobuf bytes here so
 * the backend can ask ONNX Runtime a question by creating a session, without a file and without the
 * ONNX protobuf classes.
 */
final class ProbeGraph {
    private static final int FLOAT = 1;
    private static final int IR_VERSION = 7;
    private static final int OPSET = 13;

    private ProbeGraph() {
    }

    /**
     * Returns the model.
     *
     * @return an ONNX ModelProto, about 60 bytes
     */
    static byte[] identity() {
        byte[] node = message(string(1, "x"), string(2, "y"), string(4, "Identity"));
        byte[] graph = message(bytes(1, node), string(2, "probe"), bytes(11, value("x")), bytes(12, value("y")));
        byte[] opset = message(varint(2, OPSET));
        return message(varint(1, IR_VERSION), bytes(7, graph), bytes(8, opset));
    }

    // ValueInfoProto { name, type: TypeProto { tensor_type { elem_type: FLOAT, shape { dim { dim_value: 1 } } } } }
    private static byte[] value(String name) {
        byte[] shape = message(bytes(1, message(varint(1, 1))));
        byte[] tensor = message(varint(1, FLOAT), bytes(2, shape));
        return message(string(1, name), bytes(2, message(bytes(1, tensor))));
    }

    private static byte[] varint(int field, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, (long) field << 3);
        writeVarint(out, value);
        return out.toByteArray();
    }

    private static byte[] string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(int field, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, (long) field << 3 | 2);
        writeVarint(out, value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] message(byte[]... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] field : fields) {
            out.writeBytes(field);
        }
        return out.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) (rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out.write((int) rest);
    }
}
