package org.modelgate.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.grpc.internal.proto.ModelMetadataRequest;
import org.modelgate.grpc.internal.proto.ModelMetadataResponse;
import org.modelgate.grpc.internal.proto.ModelReadyRequest;
import org.modelgate.grpc.internal.proto.ServerLiveRequest;
import org.modelgate.grpc.internal.proto.ServerMetadataRequest;
import org.modelgate.grpc.internal.proto.ServerMetadataResponse;
import org.modelgate.grpc.internal.proto.ServerReadyRequest;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Feature: a Triton client asks the gateway over gRPC whether it is live and ready, what it is, and what a model
 * takes and gives.
 */
class ServerAndModelMetadataTest {
    private final GrpcFixture grpc = new GrpcFixture(64 * 1024 * 1024);

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
    }

    @Test
    void theServerIsLiveAndReadyAndNamesItself() {
        assertThat(grpc.client.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(grpc.client.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
        ServerMetadataResponse server = grpc.client.serverMetadata(ServerMetadataRequest.getDefaultInstance());
        assertThat(server.getName()).isEqualTo("modelgate");
        assertThat(server.getVersion()).isEqualTo("0.1.0.test");
        assertThat(server.getExtensionsList()).containsExactly("model_repository", "statistics", "model_configuration");
    }

    @Test
    void modelMetadataListsVersionsPlatformAndTensorsWithFreeDimensions() {
        ModelMetadataResponse echo = grpc.client.modelMetadata(ModelMetadataRequest.newBuilder().setName("echo").build());

        assertThat(echo.getName()).isEqualTo("echo");
        assertThat(echo.getVersionsList()).containsExactly("1", "2");
        assertThat(echo.getPlatform()).isEqualTo("onnxruntime_onnx");
        assertThat(echo.getInputs(0).getName()).isEqualTo("x");
        assertThat(echo.getInputs(0).getDatatype()).isEqualTo("FP32");
        assertThat(echo.getInputs(0).getShapeList()).containsExactly(-1L, 3L);
        assertThat(echo.getOutputsCount()).isEqualTo(1);
    }

    @Test
    void aModelIsReadyForItsActiveVersionAndNotWhenUnloaded() {
        assertThat(ready("echo", "")).isTrue();
        assertThat(ready("echo", "2")).isTrue();
        assertThat(ready("echo", "1")).as("installed, not loaded").isFalse();
        assertThat(ready("sleeping", "")).isFalse();
    }

    @Test
    void anUnknownModelOrVersionIsNotFoundNamingWhatExists() {
        assertThatThrownBy(() -> ready("nothing", ""))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).isEqualTo("model 'nothing' is not in the repository");
                });
        assertThatThrownBy(() -> grpc.client.modelMetadata(ModelMetadataRequest.newBuilder().setName("echo")
                .setVersion("7").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("model 'echo' has no version '7'; its versions are 1, 2");
                });
    }

    private boolean ready(String model, String version) {
        return grpc.client.modelReady(ModelReadyRequest.newBuilder().setName(model).setVersion(version).build())
                .getReady();
    }
}
