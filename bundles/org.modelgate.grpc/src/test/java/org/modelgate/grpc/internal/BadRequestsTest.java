package org.modelgate.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.grpc.internal.proto.ModelInferRequest;
import org.modelgate.grpc.internal.proto.ServerLiveRequest;

import com.google.protobuf.ByteString;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Feature: a request the gateway cannot serve gets a status code and a reason the client can act on, and the server
 * goes on serving the next request.
 */
class BadRequestsTest {
    private static final int LIMIT = 64 * 1024;
    private final GrpcFixture grpc = new GrpcFixture(LIMIT);

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
    }

    @Test
    void aMessageOverTheLimitIsResourceExhaustedWithTheLimitNamed() {
        ModelInferRequest big = Requests.raw("echo", "", "UINT8", new long[] {LIMIT + 1}, ByteString.copyFrom(new byte[LIMIT + 1]));

        thenRefused(big, Status.Code.RESOURCE_EXHAUSTED, "exceeds maximum size " + LIMIT);
        thenTheServerStillServes();
    }

    @Test
    void rawContentsThatDoNotFitShapeAndDatatypeAreInvalidArgument() {
        thenRefused(Requests.raw("echo", "", "FP32", new long[] {1, 4}, Requests.floats(1, 2, 3)),
                Status.Code.INVALID_ARGUMENT, "input 'x': raw_input_contents[0] has 12 bytes, but FP32[1,4] needs 16");
        thenRefused(Requests.raw("echo", "", "BYTES", new long[] {2}, Requests.strings("only one")),
                Status.Code.INVALID_ARGUMENT, "input 'x': raw_input_contents[0] ends after 1 of the 2 BYTES elements");
        thenTheServerStillServes();
    }

    @Test
    void rawContentsMustComeOncePerInput() {
        ModelInferRequest twoRaw = Requests.raw("echo", "", "FP32", new long[] {1}, Requests.floats(1)).toBuilder()
                .addRawInputContents(Requests.floats(2)).build();

        thenRefused(twoRaw, Status.Code.INVALID_ARGUMENT,
                "raw_input_contents has 2 entries but the request has 1 inputs; give one entry per input");
        thenTheServerStillServes();
    }

    @Test
    void anUnknownVersionOrModelIsNotFoundAndAnUnloadedOneUnavailable() {
        thenRefused(Requests.raw("echo", "9", "FP32", new long[] {1}, Requests.floats(1)), Status.Code.NOT_FOUND,
                "model 'echo' has no version '9'; its versions are 1, 2");
        thenRefused(Requests.raw("nothing", "", "FP32", new long[] {1}, Requests.floats(1)), Status.Code.NOT_FOUND,
                "model 'nothing' is not in the repository");
        thenRefused(Requests.raw("sleeping", "", "FP32", new long[] {1}, Requests.floats(1)), Status.Code.UNAVAILABLE,
                "model 'sleeping' is UNLOADED");
        thenTheServerStillServes();
    }

    @Test
    void anUnknownDatatypeOrAnOutOfRangeValueIsInvalidArgument() {
        thenRefused(Requests.raw("echo", "", "UINT16", new long[] {1}, ByteString.copyFrom(new byte[2])),
                Status.Code.INVALID_ARGUMENT, "UINT16");
        ModelInferRequest.Builder outOfRange = ModelInferRequest.newBuilder().setModelName("echo");
        outOfRange.addInputsBuilder().setName("x").setDatatype("INT8").addShape(1)
                .getContentsBuilder().addIntContents(200);
        thenRefused(outOfRange.build(), Status.Code.INVALID_ARGUMENT,
                "input 'x': value 200 at index 0 is out of range for INT8 (-128 to 127)");
        ModelInferRequest.Builder halfTyped = ModelInferRequest.newBuilder().setModelName("echo");
        halfTyped.addInputsBuilder().setName("x").setDatatype("FP16").addShape(1).getContentsBuilder()
                .addFp32Contents(1);
        thenRefused(halfTyped.build(), Status.Code.INVALID_ARGUMENT,
                "input 'x': FP16 has no typed contents in the protocol; send it in raw_input_contents");
        thenTheServerStillServes();
    }

    private void thenRefused(ModelInferRequest request, Status.Code code, String reason) {
        assertThatThrownBy(() -> grpc.client.modelInfer(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).contains(reason);
                });
    }

    private void thenTheServerStillServes() {
        assertThat(grpc.client.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(grpc.client.modelInfer(Requests.raw("echo", "", "FP32", new long[] {1}, Requests.floats(4f)))
                .getRawOutputContents(0)).isEqualTo(Requests.floats(4f));
    }
}
