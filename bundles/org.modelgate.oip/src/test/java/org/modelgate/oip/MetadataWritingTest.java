package org.modelgate.oip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.modelgate.api.DataType;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.api.TensorSpec;

/**
 * Feature: metadata, repository index entries and errors are written as Triton and KServe clients read them.
 */
class MetadataWritingTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void indexEntriesUseTritonStatesAndAlwaysGiveAReason() throws IOException {
        OipCodec.writeRepositoryIndex(List.of(model("a", ModelState.LOADING, null), model("b", ModelState.FAILED, null),
                model("c", ModelState.UNAVAILABLE, "no backend for onnx"), model("d", ModelState.READY, null)), out);
        assertThat(written()).isEqualTo("["
                + "{\"name\":\"a\",\"version\":\"1.0.0\",\"state\":\"LOADING\",\"reason\":\"\"},"
                + "{\"name\":\"b\",\"version\":\"1.0.0\",\"state\":\"UNAVAILABLE\",\"reason\":\"failed\"},"
                + "{\"name\":\"c\",\"version\":\"1.0.0\",\"state\":\"UNAVAILABLE\",\"reason\":\"no backend for onnx\"},"
                + "{\"name\":\"d\",\"version\":\"1.0.0\",\"state\":\"READY\",\"reason\":\"\"}]");
    }

    @Test
    void modelMetadataNamesThePlatformAsTritonDoes() throws IOException {
        OipCodec.writeModelMetadata(model("m", ModelState.READY, null), out);
        assertThat(written()).isEqualTo("{\"name\":\"m\",\"versions\":[\"1.0.0\"],\"platform\":\"onnxruntime_onnx\","
                + "\"inputs\":[{\"name\":\"pixels\",\"datatype\":\"UINT8\",\"shape\":[-1,28,28]}],\"outputs\":[]}");
    }

    @Test
    void serverMetadataAndErrorsAreEscaped() throws IOException {
        OipCodec.writeServerMetadata("1.2.3", List.of("model_repository"), out);
        assertThat(written()).isEqualTo("{\"name\":\"modelgate\",\"version\":\"1.2.3\",\"extensions\":[\"model_repository\"]}");
        assertThat(OipCodec.errorJson("input 'x' \"quoted\"\n")).isEqualTo("{\"error\":\"input 'x' \\\"quoted\\\"\\n\"}");
    }

    @Test
    void indexRequestsAreReadFromEmptyAndReadyBodies() throws IOException {
        assertThat(readIndex("")).isEqualTo(RepositoryIndexRequest.ALL);
        assertThat(readIndex("{}").readyOnly()).isFalse();
        assertThat(readIndex("{\"ready\":true,\"repository_name\":\"\"}").readyOnly()).isTrue();
    }

    private static RepositoryIndexRequest readIndex(String body) throws IOException {
        return OipCodec.readRepositoryIndexRequest(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static ModelInfo model(String name, ModelState state, String reason) {
        return new ModelInfo(name, "1.0.0", List.of("1.0.0"), "onnx", state == ModelState.READY ? "onnxruntime" : null,
                state, reason, List.of(new TensorSpec("pixels", DataType.UINT8, new long[] {-1, 28, 28})), List.of(),
                List.of());
    }

    private String written() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
