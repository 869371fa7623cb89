package org.modelgate.optimize.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.graph.GraphEditor;
import org.modelgate.optimize.graph.OnnxModelFile;
import org.modelgate.optimize.graph.TestModels;
import org.modelgate.optimize.report.AccuracyMeter;
import org.modelgate.optimize.report.OrtModel;
import org.modelgate.optimize.report.ProgressBar;
import org.modelgate.optimize.report.Sample;
import org.modelgate.optimize.report.Tensor;

class DynamicQuantizerTest {
    @TempDir
    Path dir;

    private final DynamicQuantizer quantizer = new DynamicQuantizer(DynamicQuantizationOptions.DEFAULT);

    @Test
    void givenAnMlp_whenQuantized_thenEveryMatMulRunsInIntegersAndOutputsStayClose() throws Exception {
        ModelProto model = TestModels.mlp(new int[] {16, 64, 64, 4}, 7);

        DynamicQuantizer.Result result = quantizer.quantize(model, ProgressBar.NONE);

        assertThat(opTypes(result.model())).doesNotContain("MatMul")
                .filteredOn("MatMulInteger"::equals).hasSize(3);
        assertThat(opTypes(result.model())).filteredOn("Relu"::equals).hasSize(2);
        assertThat(result.quantized()).containsEntry("MatMul", 3);
        assertThat(meanCosine(model, result.model(), 16)).isGreaterThan(0.995);
        assertThat(result.model().getSerializedSize()).isLessThan(model.getSerializedSize() / 2); // 4 bytes become 1, plus per-channel scales
    }

    @Test
    void givenTwoMatMulsReadingOneActivation_whenQuantized_thenTheyShareOneDynamicQuantizeLinear() throws Exception {
        ModelProto dense = TestModels.mlp(new int[] {8, 8}, 1);
        GraphEditor graph = new GraphEditor(dense);
        graph.setInitializer(GraphEditor.floatTensor("W_other", List.of(8L, 8L), new float[64]));
        NodeProto other = GraphEditor.node("MatMul", "other", List.of("input", "W_other"), List.of("other_out"));
        graph.append(List.of(other));
        ModelProto model = graph.build().toBuilder().setGraph(graph.build().getGraph().toBuilder()
                .addOutput(TestModels.floatInput("other_out", -1, 8))).build();

        DynamicQuantizer.Result result = quantizer.quantize(model, ProgressBar.NONE);

        assertThat(opTypes(result.model())).filteredOn("DynamicQuantizeLinear"::equals).hasSize(1);
        assertThat(opTypes(result.model())).filteredOn("MatMulInteger"::equals).hasSize(2);
        assertThat(meanCosine(model, result.model(), 8)).isGreaterThan(0.99);
    }

    @Test
    void givenAGemmWithTransposedWeightAndBias_whenQuantized_thenItComputesTheSame() throws Exception {
        float[] w = new float[4 * 6];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(i + 1);
        }
        GraphProto graph = GraphProto.newBuilder().setName("gemm").addInput(TestModels.floatInput("input", -1, 6))
                .addOutput(TestModels.floatInput("output", -1, 4))
                .addInitializer(GraphEditor.floatTensor("B", List.of(4L, 6L), w))
                .addInitializer(GraphEditor.floatTensor("C", List.of(4L), new float[] {1, -1, 0.5f, 2}))
                .addNode(GraphEditor.node("Gemm", "gemm", List.of("input", "B", "C"), List.of("output"),
                        GraphEditor.intAttribute("transB", 1)))
                .build();
        ModelProto model = TestModels.model(graph, 13);

        DynamicQuantizer.Result result = quantizer.quantize(model, ProgressBar.NONE);

        assertThat(opTypes(result.model())).containsSequence("DynamicQuantizeLinear", "Mul", "MatMulInteger", "Cast", "Mul", "Add");
        assertThat(meanCosine(model, result.model(), 6)).isGreaterThan(0.995);
    }

    @Test
    void givenAQuantizedModel_whenQuantizedAgain_thenItIsRefusedAsNothingToDo() throws Exception {
        ModelProto once = quantizer.quantize(TestModels.mlp(new int[] {8, 8, 2}, 3), ProgressBar.NONE).model();

        assertThatThrownBy(() -> quantizer.quantize(once, ProgressBar.NONE)).isInstanceOf(OptimizationException.class)
                .hasMessageContaining("the model is already quantized (2 DynamicQuantizeLinear, 2 MatMulInteger): nothing to do");
    }

    @Test
    void givenAConvolutionBesideAMatMul_whenQuantized_thenTheConvIsLeftAndListed() throws Exception {
        GraphEditor graph = new GraphEditor(TestModels.mlp(new int[] {8, 8}, 1));
        graph.setInitializer(GraphEditor.floatTensor("K", List.of(16L, 8L, 3L, 3L), new float[16 * 8 * 9]));
        graph.append(List.of(GraphEditor.node("Conv", "conv", List.of("image", "K"), List.of("features"))));

        DynamicQuantizer.Result result = quantizer.quantize(graph.build(), ProgressBar.NONE);

        assertThat(result.notes()).contains("left as they are: Conv (dynamic INT8 covers MatMul, Gemm and Gather;"
                + " convolutions take static INT8) x1");
        assertThat(opTypes(result.model())).contains("Conv", "MatMulInteger");
    }

    @Test
    void givenAnExcludedNode_whenQuantized_thenItStaysFloatAndIsListed() throws Exception {
        DynamicQuantizer excluding = new DynamicQuantizer(new DynamicQuantizationOptions(true, true, WeightType.QUINT8,
                DynamicQuantizationOptions.HANDLED, Set.of("matmul0"), 65_536));

        DynamicQuantizer.Result result = excluding.quantize(TestModels.mlp(new int[] {32, 64, 4}, 5), ProgressBar.NONE);

        assertThat(result.model().getGraph().getNodeList()).filteredOn(n -> n.getName().equals("matmul0"))
                .singleElement().extracting(NodeProto::getOpType).isEqualTo("MatMul");
        assertThat(result.notes()).contains("left as they are: MatMul (excluded by --nodes_to_exclude) x1");
    }

    @Test
    void givenAnOldOpset_whenQuantized_thenTheMessageSaysToConvertIt() {
        ModelProto old = TestModels.mlp(new int[] {8, 2}, 1).toBuilder().setOpsetImport(0,
                ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(9)).build();

        assertThatThrownBy(() -> quantizer.quantize(old, ProgressBar.NONE)).hasMessageContaining("opset 9; dynamic INT8 needs 11");
    }

    @Test
    void givenWeights_whenQuantizedPerChannelSymmetric_thenEachValueIsWithinHalfAStepOfItsChannel() {
        float[] w = {0.5f, -100f, -0.25f, 50f, 0.1f, 25f};

        QuantizedWeight q = QuantizedWeight.of(w, 2, true, false, WeightType.QINT8);

        assertThat(q.scales()).containsExactly(0.5f / 127, 100f / 127);
        assertThat(q.zeroPoints()).containsExactly(0, 0);
        for (int i = 0; i < w.length; i++) {
            assertThat(q.dequantized(i, 2)).isCloseTo(w[i], org.assertj.core.data.Offset.offset(q.scales()[i % 2] / 2 + 1e-6f));
        }
    }

    private double meanCosine(ModelProto original, ModelProto quantized, int width) throws Exception {
        Path a = dir.resolve("a.onnx");
        Path b = dir.resolve("b.onnx");
        OnnxModelFile.write(original, a);
        OnnxModelFile.write(quantized, b);
        List<Sample> samples = new ArrayList<>();
        for (float[] row : TestModels.rows(40, width, 11)) {
            double[] data = new double[row.length];
            for (int i = 0; i < row.length; i++) {
                data[i] = row[i];
            }
            samples.add(Sample.of(List.of(new Tensor("input", "FP32", new long[] {1, width}, data))));
        }
        List<List<Tensor>> outA = new ArrayList<>();
        List<List<Tensor>> outB = new ArrayList<>();
        try (OrtModel ma = OrtModel.open(a, 1); OrtModel mb = OrtModel.open(b, 1)) {
            for (Sample s : samples) {
                outA.add(ma.run(s));
                outB.add(mb.run(s));
            }
        }
        return new AccuracyMeter(org.modelgate.optimize.report.OutputKind.EMBEDDING, List.of()).compare(samples, outA, outB)
                .meanCosine();
    }

    private static List<String> opTypes(ModelProto model) {
        return model.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    }
}
