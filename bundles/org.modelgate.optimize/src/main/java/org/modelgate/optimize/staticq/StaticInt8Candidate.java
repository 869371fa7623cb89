package org.modelgate.optimize.staticq;

import java.util.List;

import ai.onnx.proto.OnnxMl.ModelProto;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.report.ReferenceSamples;
import org.modelgate.optimize.tool.CandidateMaker;

/**
 * Static INT8 (QDQ, MinMax, per-channel) calibrated on the reference samples, as a candidate of {@code mg:optimize};
 * it applies to models with one float input (convolutional classifiers), not to token-id transformers.
 */
public final class StaticInt8Candidate implements CandidateMaker {
    @Override
    public String name() {
        return "int8-static";
    }

    @Override
    public ModelProto make(ModelProto original, ReferenceSamples samples, List<String> notes) throws OptimizationException {
        CalibrationData data = CalibrationData.fromSamples(samples, original);
        StaticQuantization result = new StaticQuantizer(StaticQuantizationOptions.defaults()).quantize(original, data);
        notes.add("int8-static: calibrated on " + data.size() + " reference samples (minmax), quantized "
                + String.join(", ", result.quantizedNodes()));
        if (!result.leftInFloat().isEmpty()) {
            notes.add("int8-static: left in float: " + String.join(", ", result.leftInFloat()));
        }
        return result.model();
    }
}
