package org.modelgate.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.grpc.internal.proto.ModelReadyRequest;
import org.modelgate.grpc.internal.proto.RepositoryIndexRequest;
import org.modelgate.grpc.internal.proto.RepositoryIndexResponse.ModelIndex;
import org.modelgate.grpc.internal.proto.RepositoryModelLoadRequest;
import org.modelgate.grpc.internal.proto.RepositoryModelUnloadRequest;

/**
 * Feature: the model repository extension over gRPC: the index in Triton's state words, load and unload.
 */
class RepositoryTest {
    private final GrpcFixture grpc = new GrpcFixture(64 * 1024 * 1024);

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
    }

    @Test
    void theIndexListsEveryModelWithTritonsStatesAndOnlyReadyOnesWhenAsked() {
        assertThat(grpc.client.repositoryIndex(RepositoryIndexRequest.getDefaultInstance()).getModelsList())
                .extracting(ModelIndex::getName, ModelIndex::getVersion, ModelIndex::getState, ModelIndex::getReason)
                .containsExactly(tuple("echo", "2", "READY", ""), tuple("sleeping", "2", "UNAVAILABLE", "unloaded"));
        assertThat(grpc.client.repositoryIndex(RepositoryIndexRequest.newBuilder().setReady(true).build())
                .getModelsList()).extracting(ModelIndex::getName).containsExactly("echo");
    }

    @Test
    void loadAndUnloadChangeWhetherTheModelIsReady() {
        grpc.client.repositoryModelLoad(RepositoryModelLoadRequest.newBuilder().setModelName("sleeping").build());
        assertThat(ready("sleeping")).isTrue();

        grpc.client.repositoryModelUnload(RepositoryModelUnloadRequest.newBuilder().setModelName("sleeping").build());
        assertThat(ready("sleeping")).isFalse();
    }

    private boolean ready(String model) {
        return grpc.client.modelReady(ModelReadyRequest.newBuilder().setName(model).build()).getReady();
    }
}
