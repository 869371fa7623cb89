package org.modelgate.optimize.fp16;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import org.junit.jupiter.api.Test;
import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.fixtures.DigitsCnn;
import org.modelgate.optimize.fixtures.MiniLm;
import org.modelgate.optimize.fixtures.OrtModel;
import org.modelgate.optimize.graph.Float16;
import org.modelgate.optimize.graph.OnnxModelFile;

/** FP16 conversion of the digits CNN and of all-MiniLM-L6-v2, as onnxconverter-common converts them. */
class Fp16ConversionTest {
    private final Path work = Path.of("target/fp16-test");
    private ModelProto model;
    private Fp16Conversion result;
    private Path halfFile;

    @Test
    void theDigitsCnnInFloat16KeepsFloat32InputsOutputsAndItsAccuracy() throws Exception {
        givenTheDigitsCnn();
        whenConvertedToFloat16(Fp16Options.defaults());
        thenInputsAndOutputsAreStillFloat32WithCastsAtTheEdges();
        thenEveryFloatWeightIsFloat16();
        thenHeldOutDigitsAccuracyIsWithinOnePoint();
    }

    @Test
    void miniLmInFloat16IsHalfTheSizeAndItsEmbeddingsStayClose() throws Exception {
        Path fp32 = MiniLm.fp32(work.resolve("minilm-fp32.onnx"));
        model = OnnxModelFile.read(fp32);
        whenConvertedToFloat16(Fp16Options.defaults());
        assertTrue(Files.size(halfFile) < Files.size(fp32) * 0.55, Files.size(halfFile) + " bytes against " + Files.size(fp32));
        double cosine = MiniLm.meanCosine(MiniLm.embeddings(fp32, 6, 32), MiniLm.embeddings(halfFile, 6, 32));
        assertTrue(cosine > 0.999, "mean cosine of pooled embeddings against fp32: " + cosine);
    }

    @Test
    void blockedOpsStayFloat32BetweenCasts() throws Exception {
        givenTheDigitsCnn();
        whenConvertedToFloat16(Fp16Options.defaults().blocking(Set.of("Gemm")));
        NodeProto gemm = node("Gemm");
        assertEquals(List.of("flat_fp32", "dense.weight", "dense.bias"), gemm.getInputList(),
                "the Gemm reads its input cast back to float32 and its weights left in float32");
        assertEquals(TensorProto.DataType.FLOAT_VALUE, initializer("dense.weight").getDataType());
        assertEquals(List.of("dense (Gemm)"), result.nodesKeptInFloat());
        thenHeldOutDigitsAccuracyIsWithinOnePoint();
    }

    @Test
    void outOfRangeConstantsAreClampedIntoFloat16() throws Exception {
        givenAModelScalingItsInputBy(new float[] {1e-9f, 1e6f, -1e6f, 0f, 2.5f});
        whenConvertedToFloat16(Fp16Options.defaults());
        assertEquals(3, result.clampedValues());
        TensorProto factors = initializer("factors");
        float[] halves = new float[5];
        var raw = factors.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 5; i++) {
            halves[i] = Float16.toFloat(raw.getShort());
        }
        assertEquals(1e4f, halves[1]);
        assertEquals(-1e4f, halves[2]);
        assertEquals(0f, halves[3]);
        assertEquals(2.5f, halves[4]);
        assertTrue(halves[0] > 0f, "a tiny positive constant stays positive instead of flushing to zero: " + halves[0]);
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(halfFile.toString());
             OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), new float[][] {{1, 1, 1, 1, 1}});
             OrtSession.Result answer = session.run(Map.of("x", input))) {
            float[][] scaled = (float[][]) answer.get(0).getValue();
            assertEquals(1e4f, scaled[0][1], "the output is float32 and finite");
        }
    }

    @Test
    void withoutKeepIoTypesTheInputsAndOutputsThemselvesBecomeFloat16() throws Exception {
        givenTheDigitsCnn();
        whenConvertedToFloat16(new Fp16Options(false, Fp16Options.CPU_OP_BLOCK_LIST, 1e-7f, 1e4f));
        GraphProto graph = result.model().getGraph();
        assertEquals(TensorProto.DataType.FLOAT16_VALUE, graph.getInput(0).getType().getTensorType().getElemType());
        assertEquals(TensorProto.DataType.FLOAT16_VALUE, graph.getOutput(0).getType().getTensorType().getElemType());
        assertTrue(graph.getNodeList().stream().noneMatch(n -> n.getOpType().equals("Cast")), "no Casts at the edges");
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(halfFile.toString())) {
            assertEquals("pixels", session.getInputNames().iterator().next(), "ONNX Runtime loads it");
        }
    }

    @Test
    void aModelAlreadyInFloat16IsRefused() throws Exception {
        givenTheDigitsCnn();
        whenConvertedToFloat16(Fp16Options.defaults());
        OptimizationException refused = assertThrows(OptimizationException.class,
                () -> new Float16Converter(Fp16Options.defaults()).convert(result.model()));
        assertTrue(refused.getMessage().startsWith("the model already holds float16 weights"), refused.getMessage());
    }

    private void givenTheDigitsCnn() {
        model = DigitsCnn.model();
    }

    private void givenAModelScalingItsInputBy(float[] factors) {
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)
                .setShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(factors.length)))).build();
        GraphProto graph = GraphProto.newBuilder().setName("scale")
                .addInput(ValueInfoProto.newBuilder().setName("x").setType(type))
                .addOutput(ValueInfoProto.newBuilder().setName("y").setType(type))
                .addInitializer(org.modelgate.optimize.graph.TensorValues.floatTensor("factors", new long[] {factors.length}, factors))
                .addNode(NodeProto.newBuilder().setOpType("Mul").setName("mul").addInput("x").addInput("factors").addOutput("y"))
                .build();
        model = ModelProto.newBuilder().setIrVersion(7).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).build();
    }

    private void whenConvertedToFloat16(Fp16Options options) throws Exception {
        result = new Float16Converter(options).convert(model);
        halfFile = work.resolve(model.getGraph().getName() + "-fp16.onnx");
        OnnxModelFile.write(result.model(), halfFile);
    }

    private void thenInputsAndOutputsAreStillFloat32WithCastsAtTheEdges() {
        GraphProto graph = result.model().getGraph();
        assertEquals(TensorProto.DataType.FLOAT_VALUE, graph.getInput(0).getType().getTensorType().getElemType());
        assertEquals(TensorProto.DataType.FLOAT_VALUE, graph.getOutput(0).getType().getTensorType().getElemType());
        assertEquals("Cast", graph.getNode(0).getOpType());
        assertEquals(List.of("pixels"), graph.getNode(0).getInputList());
        NodeProto last = graph.getNode(graph.getNodeCount() - 1);
        assertEquals("Cast", last.getOpType());
        assertEquals(List.of("logits"), last.getOutputList());
    }

    private void thenEveryFloatWeightIsFloat16() {
        for (TensorProto initializer : result.model().getGraph().getInitializerList()) {
            if (initializer.getName().equals("image_shape")) {
                assertEquals(TensorProto.DataType.INT64_VALUE, initializer.getDataType(), "integer tensors are left as they are");
            } else {
                assertEquals(TensorProto.DataType.FLOAT16_VALUE, initializer.getDataType(), initializer.getName());
            }
        }
    }

    private void thenHeldOutDigitsAccuracyIsWithinOnePoint() throws Exception {
        Path floatFile = DigitsCnn.write(work.resolve("digits-fp32.onnx"));
        try (OrtModel fp32 = new OrtModel(floatFile); OrtModel fp16 = new OrtModel(halfFile)) {
            double before = fp32.digitsAccuracy();
            double after = fp16.digitsAccuracy();
            assertTrue(Math.abs(before - after) <= 0.01, "fp16 accuracy " + after + " against fp32 " + before);
        }
    }

    private NodeProto node(String opType) {
        return result.model().getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(opType)).findFirst().orElseThrow();
    }

    private TensorProto initializer(String name) {
        return result.model().getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
    }
}
