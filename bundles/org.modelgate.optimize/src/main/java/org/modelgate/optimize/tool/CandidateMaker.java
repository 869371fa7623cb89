package org.modelgate.optimize.tool;

import java.util.List;

import ai.onnx.proto.OnnxMl.ModelProto;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.report.ReferenceSamples;

/**
 * One optimization {@code mg:optimize} tries on an installed model with its defaults, e.g. dynamic INT8 or FP16.
 * Each is registered once in {@link CandidateMakers#all()}.
 *
 * <pre>
 * final class Fp16Candidate implements CandidateMaker {
 *     public String name() { return "fp16"; }
 *     public ModelProto make(ModelProto original, ReferenceSamples samples, List&lt;String&gt; notes) { ... }
 * }
 * </pre>
 */
public interface CandidateMaker {
    /**
     * The candidate's name: its row in the report and its folder's suffix, e.g. {@code int8-dynamic}.
     *
     * @return the name (letters, digits, dashes)
     */
    String name();

    /**
     * Makes the candidate.
     *
     * @param original the installed model
     * @param samples the reference samples (calibration data, where a method needs it)
     * @param notes where to add what was left as it was, and why
     * @return the optimized model
     * @throws OptimizationException when this optimization does not apply to the model (the message says why; the
     *                               other candidates are still tried)
     */
    ModelProto make(ModelProto original, ReferenceSamples samples, List<String> notes) throws OptimizationException;
}
