package org.modelgate.optimize.staticq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.fixtures.Digits;
import org.modelgate.optimize.fixtures.DigitsCnn;
import org.modelgate.optimize.fixtures.MiniLm;
import org.modelgate.optimize.fixtures.OrtModel;
import org.modelgate.optimize.graph.OnnxModelFile;

/** Static INT8 (QDQ) on the digits CNN the build trains: accuracy, graph form, and the inputs it refuses. */
class StaticQuantizationTest {
    private final Path work = Path.of("target/staticq-test");
    private ModelProto model;
    private CalibrationData calibration;
    private StaticQuantization result;
    private Path quantizedFile;

    @ParameterizedTest
    @EnumSource(CalibrationMethod.class)
    void staticInt8KeepsDigitsAccuracyWithinOnePoint(CalibrationMethod method) throws Exception {
        givenTheDigitsCnnAndCalibrationImages(200);
        whenQuantizedStatically(StaticQuantizationOptions.defaults().withMethod(method));
        thenAccuracyOnHeldOutDigitsIsWithinOnePointOfFloat();
    }

    @Test
    void convAndGemmRunBetweenQuantizeAndDequantizeWithInt8Weights() throws Exception {
        givenTheDigitsCnnAndCalibrationImages(100);
        whenQuantizedStatically(StaticQuantizationOptions.defaults());
        thenTheGraphHasQdqAroundConvAndGemm();
        thenTheWeightsAreStoredAsInt8PerChannel();
        thenOpsLeftInFloatAreListed();
    }

    @Test
    void calibrationDataOfTheWrongShapeIsRefused() throws Exception {
        givenTheDigitsCnn();
        Path withLabels = work.resolve("with-labels.csv");
        Files.createDirectories(work);
        Files.writeString(withLabels, "0,0,5,13,9,1,0,0,0,0,13,15,10,15,5,0,0,3,15,2,0,11,8,0,0,4,12,0,0,8,8,0,0,5,8,0,0,9,8,0,0,4,11,0,1,12,7,0,0,2,14,5,10,12,0,0,0,0,6,13,10,0,0,0,0\n");
        OptimizationException refused = assertThrows(OptimizationException.class, () -> CalibrationData.read(withLabels, model));
        assertTrue(refused.getMessage().contains("line 1 has 65 values; input 'pixels' takes float32[batch, 64], 64 values a sample"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("drop the label column"), refused.getMessage());
    }

    @Test
    void anAlreadyQuantizedModelIsRefused() throws Exception {
        givenTheDigitsCnnAndCalibrationImages(50);
        whenQuantizedStatically(StaticQuantizationOptions.defaults());
        OptimizationException refused = assertThrows(OptimizationException.class,
                () -> new StaticQuantizer(StaticQuantizationOptions.defaults()).quantize(result.model(), calibration));
        assertTrue(refused.getMessage().startsWith("the model is already quantized (it has DequantizeLinear, QuantizeLinear)"),
                refused.getMessage());
    }

    @Test
    void aTokenIdTransformerIsReferredToDynamicQuantization() throws Exception {
        model = OnnxModelFile.read(MiniLm.fp32(work.resolve("minilm-fp32.onnx")));
        Path csv = Digits.load().writeCalibrationCsv(work.resolve("calibration.csv"), 10);
        OptimizationException refused = assertThrows(OptimizationException.class, () -> CalibrationData.read(csv, model));
        assertTrue(refused.getMessage().startsWith("static quantization calibrates models with one float32 input; this one has"
                + " [input_ids INT64, attention_mask INT64, token_type_ids INT64]: use dynamic quantization"), refused.getMessage());
    }

    private void givenTheDigitsCnn() {
        model = DigitsCnn.model();
    }

    private void givenTheDigitsCnnAndCalibrationImages(int count) throws Exception {
        givenTheDigitsCnn();
        Path csv = Digits.load().writeCalibrationCsv(work.resolve("calibration.csv"), count);
        calibration = CalibrationData.read(csv, model);
        assertEquals(count, calibration.size());
    }

    private void whenQuantizedStatically(StaticQuantizationOptions options) throws Exception {
        result = new StaticQuantizer(options).quantize(model, calibration);
        quantizedFile = work.resolve("digits-int8-" + options.calibrateMethod() + ".onnx");
        OnnxModelFile.write(result.model(), quantizedFile);
    }

    private void thenAccuracyOnHeldOutDigitsIsWithinOnePointOfFloat() throws Exception {
        Path floatFile = DigitsCnn.write(work.resolve("digits-fp32.onnx"));
        double floatAccuracy;
        double int8Accuracy;
        try (OrtModel fp32 = new OrtModel(floatFile); OrtModel int8 = new OrtModel(quantizedFile)) {
            floatAccuracy = fp32.digitsAccuracy();
            int8Accuracy = int8.digitsAccuracy();
        }
        assertTrue(floatAccuracy > 0.95, "the fp32 CNN learned the digits: " + floatAccuracy);
        assertTrue(Math.abs(floatAccuracy - int8Accuracy) <= 0.01,
                "int8 accuracy " + int8Accuracy + " within one point of fp32 " + floatAccuracy);
    }

    private void thenTheGraphHasQdqAroundConvAndGemm() {
        List<NodeProto> nodes = result.model().getGraph().getNodeList();
        NodeProto conv = nodes.stream().filter(n -> n.getOpType().equals("Conv")).findFirst().orElseThrow();
        NodeProto gemm = nodes.stream().filter(n -> n.getOpType().equals("Gemm")).findFirst().orElseThrow();
        assertEquals(List.of("image_DequantizeLinear_Output", "conv.weight_DequantizeLinear_Output", "conv.bias_DequantizeLinear_Output"),
                conv.getInputList());
        assertEquals(List.of("relu_out"), conv.getOutputList(), "the Relu folds into the Conv output's range");
        assertTrue(nodes.stream().noneMatch(n -> n.getOpType().equals("Relu")));
        assertEquals(List.of("flat_DequantizeLinear_Output", "dense.weight_DequantizeLinear_Output", "dense.bias_DequantizeLinear_Output"),
                gemm.getInputList());
        assertEquals(List.of("logits"), gemm.getOutputList(), "the model's output keeps its name and float type");
        assertEquals(List.of("conv", "dense"), result.quantizedNodes());
        assertEquals(0f, result.ranges().get("relu_out").min(), "a ReLU output's range starts at zero");
    }

    private void thenTheWeightsAreStoredAsInt8PerChannel() {
        TensorProto weight = initializer("conv.weight_quantized");
        assertEquals(TensorProto.DataType.INT8_VALUE, weight.getDataType());
        assertEquals(List.of(16L), initializer("conv.weight_scale").getDimsList(), "one scale per output channel");
        assertEquals(TensorProto.DataType.INT32_VALUE, initializer("conv.bias_quantized").getDataType());
        assertTrue(result.model().getGraph().getInitializerList().stream().noneMatch(t -> t.getName().equals("conv.weight")),
                "the float weights are gone");
    }

    private void thenOpsLeftInFloatAreListed() {
        assertEquals(List.of("Div", "Flatten", "MaxPool", "Reshape"), List.copyOf(result.leftInFloat()));
    }

    private TensorProto initializer(String name) {
        return result.model().getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
    }
}
