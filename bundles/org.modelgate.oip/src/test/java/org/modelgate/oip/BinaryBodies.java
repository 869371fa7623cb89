package org.modelgate.oip;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds bodies of Triton's binary tensor data extension: the JSON header, then raw bytes. */
final class BinaryBodies {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int headerLength;

    static BinaryBodies header(String json) {
        BinaryBodies body = new BinaryBodies();
        byte[] header = json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
        body.bytes.writeBytes(header);
        body.headerLength = header.length;
        return body;
    }

    BinaryBodies raw(byte... data) {
        bytes.writeBytes(data);
        return this;
    }

    BinaryBodies floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return raw(buffer.array());
    }

    BinaryBodies strings(String... values) {
        for (String value : values) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
            raw(utf8);
        }
        return this;
    }

    int headerLength() {
        return headerLength;
    }

    /** The body in a direct buffer, as the REST endpoint reads it. */
    ByteBuffer direct() {
        byte[] all = bytes.toByteArray();
        return ByteBuffer.allocateDirect(all.length).put(all).flip();
    }

    byte[] array() {
        return bytes.toByteArray();
    }
}
