package org.modelgate.grpc.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.modelgate.grpc.internal.proto.ModelInferRequest;
import org.modelgate.grpc.internal.proto.ModelInferRequest.InferInputTensor;

import com.google.protobuf.ByteString;

/**
 * Requests as a Triton client builds them.
 */
final class Requests {
    private Requests() {
    }

    /** One input {@code x} of {@code type} with {@code raw} as its raw_input_contents. */
    static ModelInferRequest raw(String model, String version, String type, long[] shape, ByteString raw) {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(model).setModelVersion(version)
                .setId("request-1");
        InferInputTensor.Builder input = request.addInputsBuilder().setName("x").setDatatype(type);
        for (long dim : shape) {
            input.addShape(dim);
        }
        return request.addRawInputContents(raw).build();
    }

    /** Little-endian FP32 bytes. */
    static ByteString floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return ByteString.copyFrom(buffer.flip());
    }

    /** BYTES elements as the protocol frames them: a 4-byte little-endian length, then the bytes. */
    static ByteString strings(String... values) {
        ByteString.Output out = ByteString.newOutput();
        for (String value : values) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length);
            out.write(length.array(), 0, 4);
            out.write(bytes, 0, bytes.length);
        }
        return out.toByteString();
    }
}
