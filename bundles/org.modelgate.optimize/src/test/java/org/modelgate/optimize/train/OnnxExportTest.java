package org.modelgate.optimize.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/** The exported graph, run by ONNX Runtime on raw features, gives what the Java network gives. */
class OnnxExportTest {
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private OrtSession session;
    private Network network;
    private Dataset.Split data;

    @AfterEach
    void close() throws Exception {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void anMlpRunsInOnnxRuntimeWithTheStandardizationFoldedIn() throws Exception {
        givenATrainedNetwork(new int[] {24, 12});

        whenLoadedInOnnxRuntime();

        thenTheGraphIs("Gemm", "Relu", "Gemm", "Relu", "Gemm", "Softmax");
        thenOrtGivesTheJavaProbabilities(data.heldOut().rows());
        thenOrtGivesTheJavaProbabilities(new float[][] {data.heldOut().rows()[0]}); // the batch dimension is free
    }

    @Test
    void softmaxRegressionIsOneGemm() throws Exception {
        givenATrainedNetwork(new int[0]);

        whenLoadedInOnnxRuntime();

        thenTheGraphIs("Gemm", "Softmax");
        thenOrtGivesTheJavaProbabilities(data.heldOut().rows());
    }

    @Test
    void theInputAndOutputTakeTheNamesOfTheModelItReplaces() throws Exception {
        givenATrainedNetwork(new int[] {4});

        session = environment.createSession(network.toOnnx("digits", "pixels", "scores"), new OrtSession.SessionOptions());

        assertThat(session.getInputNames()).containsExactly("pixels");
        assertThat(session.getOutputNames()).containsExactly("scores");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> network.toOnnx("g", "x", "x"))
                .hasMessageContaining("two different names");
    }

    private void givenATrainedNetwork(int[] hidden) throws Exception {
        data = TestData.digits().split(0.3, 1);
        network = Network.mlp(Standardization.of(data.train().rows()), hidden, 10, 3);
        Trainer.builder().optEpochs(5).build().fit(network, data.train().rows(), Objective.crossEntropy(data.train().labels()));
    }

    private void whenLoadedInOnnxRuntime() throws Exception {
        session = environment.createSession(network.toOnnx("digits"), new OrtSession.SessionOptions());
        NodeInfo input = session.getInputInfo().get("input");
        assertThat(((TensorInfo) input.getInfo()).getShape()).containsExactly(-1, 64);
        assertThat(session.getOutputNames()).containsExactly("probabilities");
    }

    private void thenTheGraphIs(String... ops) throws Exception {
        ModelProto model = ModelProto.parseFrom(network.toOnnx("digits"));
        assertThat(model.getGraph().getNodeList()).extracting(NodeProto::getOpType).containsExactly(ops);
    }

    private void thenOrtGivesTheJavaProbabilities(float[][] rows) throws Exception {
        FloatBuffer buffer = FloatBuffer.allocate(rows.length * 64);
        for (float[] row : rows) {
            buffer.put(row);
        }
        buffer.flip();
        float[][] expected = network.probabilities(rows);
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, buffer, new long[] {rows.length, 64});
                OrtSession.Result result = session.run(Map.of("input", tensor))) {
            float[][] actual = (float[][]) result.get(0).getValue();
            assertThat(actual).hasDimensions(rows.length, 10);
            for (int r = 0; r < rows.length; r++) {
                for (int c = 0; c < 10; c++) {
                    assertThat(actual[r][c]).as("row %d class %d", r, c).isCloseTo(expected[r][c], within(2e-5f));
                }
            }
        }
    }
}
