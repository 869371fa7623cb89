package org.modelgate.optimize.quantize;

import java.util.List;

import ai.onnx.proto.OnnxMl.ModelProto;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.report.ProgressBar;
import org.modelgate.optimize.report.ReferenceSamples;
import org.modelgate.optimize.tool.CandidateMaker;

/** Dynamic INT8 with the defaults of {@code mgopt quantize}, as a candidate of {@code mg:optimize}. */
public final class DynamicInt8Candidate implements CandidateMaker {
    @Override
    public String name() {
        return "int8-dynamic";
    }

    @Override
    public ModelProto make(ModelProto original, ReferenceSamples samples, List<String> notes) throws OptimizationException {
        DynamicQuantizer.Result result = new DynamicQuantizer(DynamicQuantizationOptions.DEFAULT).quantize(original, ProgressBar.NONE);
        notes.addAll(result.notes());
        return result.model();
    }
}
