package org.modelgate.itests.crashing;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.modelgate.api.DataType;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;
import org.osgi.service.component.annotations.Component;

/**
 * Backend {@code crashing} for format {@code crashing}: a model of one FP32 {@code [1,4]} input {@code x}
 * and one output {@code y = x}, which ends the process where its options say:
 * {@code "crash.load": "exit:3"} calls {@code System.exit(3)} while loading, {@code "crash.run": "halt:5"}
 * calls {@code Runtime.getRuntime().halt(5)} on every run, {@code "crash.run": "exit-on-zero:7"} exits
 * only when the first input value is 0. Without options it is a plain identity model.
 */
@Component(service = InferenceBackend.class, property = {"modelgate.backend.name=crashing",
        "modelgate.backend.formats=crashing"})
public final class CrashingBackend implements InferenceBackend {
    static final String FORMAT = "crashing";

    @Override
    public String name() {
        return "crashing";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Set<String> formats() {
        return Set.of(FORMAT);
    }

    @Override
    public LoadedModel load(ModelArtifact artifact) {
        Map<String, String> options = artifact.options();
        end(options.get("crash.load"), true);
        return new Identity(options.get("crash.run"));
    }

    /** Ends the process as {@code how} says ({@code exit:N}, {@code halt:N}), unless it is only on zero. */
    static void end(String how, boolean zero) {
        if (how == null) {
            return;
        }
        String[] parts = how.split(":", 2);
        int code = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
        switch (parts[0]) {
            case "exit" -> System.exit(code);
            case "halt" -> Runtime.getRuntime().halt(code);
            case "exit-on-zero" -> {
                if (zero) {
                    System.exit(code);
                }
            }
            default -> throw new IllegalArgumentException("crash option '" + how + "': use exit:N, halt:N or exit-on-zero:N");
        }
    }

    private static final class Identity implements LoadedModel {
        private static final List<TensorSpec> INPUTS = List.of(new TensorSpec("x", DataType.FP32, new long[] {1, 4}));
        private static final List<TensorSpec> OUTPUTS = List.of(new TensorSpec("y", DataType.FP32, new long[] {1, 4}));
        private final String onRun;

        Identity(String onRun) {
            this.onRun = onRun;
        }

        @Override
        public List<TensorSpec> inputs() {
            return INPUTS;
        }

        @Override
        public List<TensorSpec> outputs() {
            return OUTPUTS;
        }

        @Override
        public List<Tensor> run(List<Tensor> inputs, Set<String> outputs) {
            Tensor x = inputs.get(0);
            float[] values = x.toFloatArray();
            end(onRun, values[0] == 0f);
            return List.of(Tensor.ofFloats("y", x.shape(), values));
        }

        @Override
        public void close() {
        }
    }
}
