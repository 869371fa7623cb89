package org.modelgate.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.modelgate.api.DataType;
import org.modelgate.grpc.internal.proto.InferTensorContents;
import org.modelgate.grpc.internal.proto.ModelInferRequest;
import org.modelgate.grpc.internal.proto.ModelInferResponse;

import com.google.protobuf.ByteString;

/**
 * Feature: tensors of every OIP datatype travel as raw_input_contents and come back as raw_output_contents byte for
 * byte; typed contents give the same bytes as raw ones; model_version picks the version that runs.
 */
class RawAndTypedContentsTest {
    private static final long[] SHAPE = {2, 3};
    private final GrpcFixture grpc = new GrpcFixture(64 * 1024 * 1024);

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, mode = EnumSource.Mode.EXCLUDE, names = "BYTES")
    void numericRawContentsComeBackByteForByte(DataType type) {
        ByteString sent = pattern(type, 6);

        ModelInferResponse response = grpc.client.modelInfer(Requests.raw("echo", "", type.name(), SHAPE, sent));

        assertThat(response.getModelName()).isEqualTo("echo");
        assertThat(response.getModelVersion()).isEqualTo("2");
        assertThat(response.getId()).isEqualTo("request-1");
        assertThat(response.getOutputs(0).getName()).isEqualTo("x");
        assertThat(response.getOutputs(0).getDatatype()).isEqualTo(type.name());
        assertThat(response.getOutputs(0).getShapeList()).containsExactly(2L, 3L);
        assertThat(response.getRawOutputContents(0)).isEqualTo(sent);
    }

    @Test
    void bytesElementsKeepTheirLengthPrefixedFraming() {
        ByteString sent = Requests.strings("a", "", "größer", "🙂", "line\nbreak", "x".repeat(300));

        ModelInferResponse response = grpc.client.modelInfer(Requests.raw("echo", "", "BYTES", SHAPE, sent));

        assertThat(response.getOutputs(0).getDatatype()).isEqualTo("BYTES");
        assertThat(response.getRawOutputContents(0)).isEqualTo(sent);
    }

    @Test
    void typedContentsOfEachFamilyGiveTheBytesRawContentsWould() {
        assertThat(typed("FP32", InferTensorContents.newBuilder().addFp32Contents(1.5f).addFp32Contents(-2f)))
                .isEqualTo(Requests.floats(1.5f, -2f));
        assertThat(typed("FP64", InferTensorContents.newBuilder().addFp64Contents(0.25).addFp64Contents(-1)))
                .isEqualTo(little(16, b -> b.putDouble(0.25).putDouble(-1)));
        assertThat(typed("INT64", InferTensorContents.newBuilder().addInt64Contents(-5).addInt64Contents(1L << 40)))
                .isEqualTo(little(16, b -> b.putLong(-5).putLong(1L << 40)));
        assertThat(typed("INT32", InferTensorContents.newBuilder().addIntContents(-7).addIntContents(70000)))
                .isEqualTo(little(8, b -> b.putInt(-7).putInt(70000)));
        assertThat(typed("INT16", InferTensorContents.newBuilder().addIntContents(-300).addIntContents(300)))
                .isEqualTo(little(4, b -> b.putShort((short) -300).putShort((short) 300)));
        assertThat(typed("INT8", InferTensorContents.newBuilder().addIntContents(-128).addIntContents(127)))
                .isEqualTo(ByteString.copyFrom(new byte[] {-128, 127}));
        assertThat(typed("UINT8", InferTensorContents.newBuilder().addUintContents(0).addUintContents(255)))
                .isEqualTo(ByteString.copyFrom(new byte[] {0, (byte) 255}));
        assertThat(typed("BOOL", InferTensorContents.newBuilder().addBoolContents(true).addBoolContents(false)))
                .isEqualTo(ByteString.copyFrom(new byte[] {1, 0}));
        assertThat(typed("BYTES", InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8("hé"))
                .addBytesContents(ByteString.copyFromUtf8("")))).isEqualTo(Requests.strings("hé", ""));
    }

    @Test
    void modelVersionRunsThatVersionAndTheResponseSaysWhich() {
        ModelInferResponse response = grpc.client.modelInfer(Requests.raw("echo", "1", "FP32", new long[] {1},
                Requests.floats(3f)));

        assertThat(response.getModelVersion()).isEqualTo("1");
        assertThat(grpc.gateway.servedVersions).containsExactly("1");
    }

    @Test
    void onlyTheRequestedOutputsComeBack() {
        ModelInferRequest.Builder request = Requests.raw("echo", "", "FP32", new long[] {1}, Requests.floats(1f))
                .toBuilder();
        request.addInputsBuilder().setName("y").setDatatype("FP32").addShape(1);
        request.addRawInputContents(Requests.floats(2f));
        request.addOutputsBuilder().setName("y");

        ModelInferResponse response = grpc.client.modelInfer(request.build());

        assertThat(response.getOutputsCount()).isEqualTo(1);
        assertThat(response.getOutputs(0).getName()).isEqualTo("y");
        assertThat(response.getRawOutputContents(0)).isEqualTo(Requests.floats(2f));
    }

    private ByteString typed(String type, InferTensorContents.Builder contents) {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName("echo");
        request.addInputsBuilder().setName("x").setDatatype(type).addShape(2).setContents(contents);
        return grpc.client.modelInfer(request.build()).getRawOutputContents(0);
    }

    /** count elements of type, each byte pattern distinct; BOOL 0 and 1. */
    private static ByteString pattern(DataType type, int count) {
        byte[] bytes = new byte[count * type.byteSize()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = type == DataType.BOOL ? (byte) (i % 2) : (byte) (i * 37 + 11);
        }
        return ByteString.copyFrom(bytes);
    }

    private static ByteString little(int size, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(buffer);
        return ByteString.copyFrom(buffer.flip());
    }
}
