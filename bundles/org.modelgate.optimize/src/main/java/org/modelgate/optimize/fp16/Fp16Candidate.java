package org.modelgate.optimize.fp16;

import java.util.List;

import ai.onnx.proto.OnnxMl.ModelProto;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.report.ReferenceSamples;
import org.modelgate.optimize.tool.CandidateMaker;

/** FP16 with the defaults of {@code mgopt fp16}, as a candidate of {@code mg:optimize}. */
public final class Fp16Candidate implements CandidateMaker {
    @Override
    public String name() {
        return "fp16";
    }

    @Override
    public ModelProto make(ModelProto original, ReferenceSamples samples, List<String> notes) throws OptimizationException {
        Fp16Conversion result = new Float16Converter(Fp16Options.defaults()).convert(original);
        if (!result.nodesKeptInFloat().isEmpty()) {
            notes.add("fp16: kept in float32 between Casts: " + String.join(", ", result.nodesKeptInFloat()));
        }
        return result.model();
    }
}
