package org.modelgate.host.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.modelgate.api.DataType;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;

/**
 * A test backend run in real host processes: one FP32 input {@code x}, one output named by the configuration
 * (property {@code output.name}) or, for a model that comes from memory, by its bytes. The first value says what a
 * run does: 0 echoes x; 1 sleeps x[1] ms then echoes; 2 answers x[1] zeros; 3 exits with code x[1]; 4 pauses x[1]
 * microseconds then echoes.
 */
public final class EchoBackend implements InferenceBackend {
    /** The configuration, as DS would hand it. */
    public @interface Config {
        /**
         * The output's name.
         *
         * @return property {@code output.name}
         */
        String output_name() default "unset";

        /**
         * A value that is only in the defaults.
         *
         * @return its default
         */
        int answer() default 42;
    }

    private final Config config;

    /**
     * Created by the host as DS would.
     *
     * @param config the configuration
     */
    public EchoBackend(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String version() {
        return "answer-" + config.answer();
    }

    @Override
    public Set<String> formats() {
        return Set.of("echo");
    }

    @Override
    public boolean loadsFromMemory() {
        return true;
    }

    @Override
    public LoadedModel load(ModelArtifact artifact) {
        String output = config.output_name();
        ByteBuffer content = artifact.modelContent();
        if (content != null) {
            byte[] bytes = new byte[content.remaining()];
            content.get(bytes);
            output = new String(bytes, StandardCharsets.UTF_8);
        }
        return new Echo(output);
    }

    private static final class Echo implements LoadedModel {
        private final String output;

        Echo(String output) {
            this.output = output;
        }

        @Override
        public List<TensorSpec> inputs() {
            return List.of(new TensorSpec("x", DataType.FP32, new long[] {-1}));
        }

        @Override
        public List<TensorSpec> outputs() {
            return List.of(new TensorSpec(output, DataType.FP32, new long[] {-1}));
        }

        @Override
        public List<Tensor> run(List<Tensor> inputs, Set<String> outputs) {
            float[] x = inputs.get(0).toFloatArray();
            switch ((int) x[0]) {
                case 1 -> {
                    try {
                        Thread.sleep((long) x[1]);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                case 2 -> {
                    return List.of(Tensor.ofFloats(output, new long[] {(long) x[1]}, new float[(int) x[1]]));
                }
                case 3 -> System.exit((int) x[1]);
                case 4 -> java.util.concurrent.locks.LockSupport.parkNanos((long) (x[1] * 1000));
                default -> {
                }
            }
            return List.of(Tensor.ofFloats(output, new long[] {x.length}, x));
        }

        @Override
        public void close() {
        }
    }
}
