package org.modelgate.optimize.backends;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.modelgate.api.Tensor;
import org.modelgate.optimize.report.ReferenceSamples;
import org.modelgate.optimize.report.Sample;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.LoadedModel;

/**
 * Loads a model folder on a backend and runs its golden samples as the gateway's trial does: each expected output
 * element within the sample's tolerance, and the arg-max of the first output at the label's index in
 * {@code labels}.
 */
public final class GoldenCheck {
    private GoldenCheck() {
    }

    /**
     * Checks every golden sample of {@code folder}'s model.json on {@code backend}.
     *
     * @return how many samples passed (all of them; a failure throws)
     * @throws AssertionError naming the backend, sample and value that failed
     */
    public static int passes(InferenceBackend backend, Path folder, String file) throws Exception {
        ReferenceSamples golden = ReferenceSamples.fromModelJson(folder.resolve("model.json"));
        if (golden.size() == 0) {
            throw new AssertionError(folder + "/model.json has no golden samples");
        }
        try (LoadedModel model = backend.load(Backends.onnx("golden", folder.resolve(file)))) {
            for (int s = 0; s < golden.size(); s++) {
                Sample sample = golden.samples().get(s);
                List<Tensor> outputs = model.run(inputs(sample), Set.of());
                String where = backend.name() + " golden sample " + (s + 1);
                for (org.modelgate.optimize.report.Tensor expected : sample.expected()) {
                    Tensor actual = outputs.stream().filter(t -> t.name().equals(expected.name())).findFirst()
                            .orElseThrow(() -> new AssertionError(where + ": no output '" + expected.name() + "'"));
                    double[] values = actual.toDoubleArray();
                    if (values.length != expected.data().length) {
                        throw new AssertionError(where + ": " + values.length + " values, expected " + expected.data().length);
                    }
                    for (int i = 0; i < values.length; i++) {
                        if (!(Math.abs(values[i] - expected.data()[i]) <= sample.tolerance())) {
                            throw new AssertionError(where + ": '" + expected.name() + "'[" + i + "] is " + values[i]
                                    + ", expected " + expected.data()[i] + " ± " + sample.tolerance());
                        }
                    }
                }
                if (sample.label().isPresent()) {
                    int index = golden.labels().indexOf(sample.label().get());
                    double[] scores = outputs.get(0).toDoubleArray();
                    int best = 0;
                    for (int i = 1; i < scores.length; i++) {
                        if (scores[i] > scores[best]) {
                            best = i;
                        }
                    }
                    if (best != index) {
                        throw new AssertionError(where + ": predicts class " + best + ", the label '" + sample.label().get()
                                + "' is class " + index);
                    }
                }
            }
        }
        return golden.size();
    }

    private static List<Tensor> inputs(Sample sample) {
        List<Tensor> inputs = new ArrayList<>();
        for (org.modelgate.optimize.report.Tensor t : sample.inputs()) {
            switch (t.datatype()) {
                case "FP32" -> inputs.add(Tensor.ofFloats(t.name(), t.shape(), t.floats()));
                case "INT64" -> inputs.add(Tensor.ofLongs(t.name(), t.shape(), t.longs()));
                default -> throw new AssertionError("golden input '" + t.name() + "' is " + t.datatype() + "; FP32 or INT64 here");
            }
        }
        return inputs;
    }
}
