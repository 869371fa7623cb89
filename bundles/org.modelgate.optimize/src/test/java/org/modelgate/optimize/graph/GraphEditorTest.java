package org.modelgate.optimize.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphEditorTest {
    @TempDir
    Path dir;

    @Test
    void givenADenseModel_whenItsWeightIsReplaced_thenTheWrittenFileReadsBackTheNewValues() throws Exception {
        GraphEditor graph = new GraphEditor(TestModels.dense(new float[][] {{1, 2}, {3, 4}}, new float[] {0, 0}));

        TensorProto weight = graph.initializer("W").orElseThrow();
        assertThat(GraphEditor.floats(weight)).containsExactly(1, 2, 3, 4);
        graph.setInitializer(GraphEditor.floatTensor("W", weight.getDimsList(), new float[] {5, 6, 7, 8}));
        Path file = dir.resolve("dense.onnx");
        OnnxModelFile.write(graph.build(), file);

        ModelProto read = OnnxModelFile.read(file);
        assertThat(GraphEditor.floats(new GraphEditor(read).initializer("W").orElseThrow())).containsExactly(5, 6, 7, 8);
    }

    @Test
    void givenNamesInUse_whenAskingForAUniqueName_thenItGetsASuffixAndIsReserved() {
        GraphEditor graph = new GraphEditor(TestModels.dense(new float[][] {{1}}, new float[] {0}));

        assertThat(graph.uniqueName("W")).isEqualTo("W_1");
        assertThat(graph.uniqueName("W")).isEqualTo("W_2");
        assertThat(graph.uniqueName("fresh")).isEqualTo("fresh");
    }

    @Test
    void givenANode_whenReplacedByTwo_thenTheyStandAtItsPlaceInOrder() {
        GraphEditor graph = new GraphEditor(TestModels.dense(new float[][] {{1}}, new float[] {0}));
        NodeProto matMul = graph.nodes().get(0);

        NodeProto first = GraphEditor.node("Identity", "first", List.of("input"), List.of("copy"));
        NodeProto second = GraphEditor.node("MatMul", "second", List.of("copy", "W"), List.of("product"));
        graph.replaceNode(matMul, List.of(first, second));

        assertThat(graph.build().getGraph().getNodeList()).extracting(NodeProto::getName).containsExactly("first", "second", "add");
        assertThat(graph.consumers("W")).containsExactly(second);
    }

    @Test
    void givenAnOpsetImport_whenRequiringLowerOrHigher_thenOnlyAHigherOneRaisesIt() {
        GraphEditor graph = new GraphEditor(TestModels.dense(new float[][] {{1}}, new float[] {0}));

        assertThat(graph.requireOpset("", 11)).isFalse();
        assertThat(graph.requireOpset("", 17)).isTrue();
        assertThat(graph.requireOpset("com.microsoft", 1)).isTrue();

        assertThat(graph.build().getOpsetImportList()).extracting(o -> o.getDomain() + ":" + o.getVersion())
                .containsExactly(":17", "com.microsoft:1");
    }

    @Test
    void givenAFloatTensor_whenReadAsBytes_thenTheTypeIsNamed() {
        TensorProto weight = GraphEditor.floatTensor("W", List.of(1L), new float[] {1});

        assertThatThrownBy(() -> GraphEditor.bytes(weight)).hasMessageContaining("'W' is FLOAT, not INT8 or UINT8");
        assertThat(GraphEditor.bytes(GraphEditor.int8Tensor("q", List.of(2L), new byte[] {-3, 4}))).containsExactly(-3, 4);
    }
}
