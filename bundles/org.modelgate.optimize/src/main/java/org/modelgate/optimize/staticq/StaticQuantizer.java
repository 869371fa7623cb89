package org.modelgate.optimize.staticq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.graph.GraphIndex;
import org.modelgate.optimize.report.ProgressBar;

/**
 * Static INT8 quantization in the QDQ format, as ONNX Runtime's {@code quantize_static} writes it: the inputs of
 * Conv, MatMul and Gemm (and their outputs) pass through QuantizeLinear/DequantizeLinear pairs whose scales come from
 * calibration; weights are stored as int8 (per output channel by default), biases as int32. ONNX Runtime fuses each
 * DequantizeLinear, op, QuantizeLinear group into an integer kernel (QLinearConv, QGemm, QLinearMatMul). A Relu whose
 * only input is a quantized Conv/Gemm output is folded into that output's range (its minimum is zero).
 *
 * <pre>
 * StaticQuantization result = new StaticQuantizer(StaticQuantizationOptions.defaults()
 *         .withMethod(CalibrationMethod.ENTROPY)).quantize(model, CalibrationData.read(csv, model));
 * OnnxModelFile.write(result.model(), out);
 * </pre>
 */
public final class StaticQuantizer {
    static final Set<String> QUANTIZABLE = Set.of("Conv", "MatMul", "Gemm");

    private final StaticQuantizationOptions options;

    public StaticQuantizer(StaticQuantizationOptions options) {
        this.options = options;
    }

    /**
     * The model quantized with activation ranges calibrated on {@code data}.
     *
     * @throws OptimizationException when the model is already quantized, its opset predates QuantizeLinear (10),
     *     it has nothing to quantize, or it cannot run on the calibration data
     */
    public StaticQuantization quantize(ModelProto model, CalibrationData data) throws OptimizationException {
        return quantize(model, data, ProgressBar.NONE);
    }

    /**
     * The model quantized with activation ranges calibrated on {@code data}, the calibration runs shown on {@code progress}.
     *
     * @throws OptimizationException as {@link #quantize(ModelProto, CalibrationData)}
     */
    public StaticQuantization quantize(ModelProto model, CalibrationData data, ProgressBar progress) throws OptimizationException {
        GraphIndex index = new GraphIndex(model.getGraph());
        Set<String> quantizedOps = index.quantizedOps();
        if (!quantizedOps.isEmpty()) {
            throw new OptimizationException("the model is already quantized (it has " + String.join(", ", quantizedOps)
                    + "): quantize the float original instead");
        }
        long opset = GraphIndex.defaultOpset(model);
        if (opset < 10) {
            throw new OptimizationException("the model imports ONNX opset " + opset + "; QuantizeLinear needs 10 or later:"
                    + " convert it with onnx.version_converter first");
        }
        QdqPlan plan = plan(index);
        if (plan.nodes().isEmpty()) {
            throw new OptimizationException("nothing to quantize: no Conv, MatMul or Gemm with float weights (the model has "
                    + opTypes(model) + ")");
        }
        Map<String, TensorRange> ranges = new ActivationCalibrator(options.calibrateMethod()).calibrate(model, plan.activations(), data, progress);
        boolean perChannel = options.perChannel() && opset >= 13; // DequantizeLinear's axis came with opset 13
        ModelProto quantized = new QdqWriter(index, plan, ranges, perChannel, options.signedActivations()).write(model);
        SortedSet<String> leftInFloat = new TreeSet<>();
        for (NodeProto node : model.getGraph().getNodeList()) {
            if (!plan.nodes().containsKey(node.getName().isEmpty() ? node.getOutput(0) : node.getName())
                    && !plan.foldedRelus().contains(node.getOutput(0))) {
                leftInFloat.add(node.getOpType());
            }
        }
        return new StaticQuantization(quantized, List.copyOf(plan.nodes().keySet()), leftInFloat, ranges);
    }

    private static SortedSet<String> opTypes(ModelProto model) {
        SortedSet<String> types = new TreeSet<>();
        model.getGraph().getNodeList().forEach(node -> types.add(node.getOpType()));
        return types;
    }

    /** Which nodes are quantized, which activations get Q/DQ pairs and which Relus fold into their producer. */
    static QdqPlan plan(GraphIndex index) {
        Map<String, NodeProto> nodes = new LinkedHashMap<>();
        Set<String> activations = new LinkedHashSet<>();
        Map<String, String> foldedOutputs = new LinkedHashMap<>();
        for (NodeProto node : index.graph().getNodeList()) {
            if (!QUANTIZABLE.contains(node.getOpType()) || !node.getDomain().isEmpty() || node.getInputCount() < 2) {
                continue;
            }
            TensorProto weight = index.initializer(node.getInput(1)).orElse(null);
            boolean matMulOfActivations = node.getOpType().equals("MatMul") && weight == null;
            if (!matMulOfActivations && (weight == null || weight.getDataType() != TensorProto.DataType.FLOAT_VALUE
                    || weight.getDimsCount() < 2 || (node.getOpType().equals("Gemm") && GraphIndex.intAttribute(node, "transA", 0) != 0))) {
                continue;
            }
            if (index.initializer(node.getInput(0)).isPresent()) {
                continue;
            }
            nodes.put(key(node), node);
            activations.add(node.getInput(0));
            if (matMulOfActivations) {
                activations.add(node.getInput(1));
            }
            String output = node.getOutput(0);
            if (index.isGraphOutput(output)) {
                continue; // the model's outputs keep their float values and names
            }
            List<NodeProto> readers = index.consumers(output);
            if (readers.size() == 1 && readers.get(0).getOpType().equals("Relu") && !index.isGraphOutput(readers.get(0).getOutput(0))) {
                foldedOutputs.put(output, readers.get(0).getOutput(0));
                activations.add(readers.get(0).getOutput(0));
            } else {
                activations.add(output);
            }
        }
        return new QdqPlan(nodes, new ArrayList<>(activations), foldedOutputs);
    }

    static String key(NodeProto node) {
        return node.getName().isEmpty() ? node.getOutput(0) : node.getName();
    }
}
