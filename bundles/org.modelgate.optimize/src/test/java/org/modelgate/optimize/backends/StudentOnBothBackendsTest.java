package org.modelgate.optimize.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.Tensor;
import org.modelgate.optimize.train.Dataset;
import org.modelgate.optimize.train.Network;
import org.modelgate.optimize.train.Objective;
import org.modelgate.optimize.train.Standardization;
import org.modelgate.optimize.train.TestData;
import org.modelgate.optimize.train.Trainer;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.LoadedModel;

/** A network trained and exported here loads on the onnxruntime and DJL backends and gives the Java outputs. */
class StudentOnBothBackendsTest {
    @TempDir
    Path folder;

    @Test
    void anExportedMlpRunsOnBothBackends() throws Exception {
        Dataset.Split digits = TestData.digits().split(0.2, 42);
        Network network = Network.mlp(Standardization.of(digits.train().rows()), new int[] {32}, 10, 1);
        Trainer.builder().optEpochs(5).build().fit(network, digits.train().rows(), Objective.crossEntropy(digits.train().labels()));
        Path file = folder.resolve("student.onnx");
        Files.write(file, network.toOnnx("student"));
        float[][] rows = {digits.heldOut().rows()[0], digits.heldOut().rows()[1], digits.heldOut().rows()[2]};
        float[][] expected = network.probabilities(rows);
        float[] batch = new float[3 * 64];
        for (int r = 0; r < 3; r++) {
            System.arraycopy(rows[r], 0, batch, r * 64, 64);
        }

        for (InferenceBackend backend : Backends.both()) {
            try (LoadedModel model = backend.load(Backends.onnx("student", file))) {
                List<Tensor> outputs = model.run(List.of(Tensor.ofFloats("input", new long[] {3, 64}, batch)), Set.of());

                assertThat(outputs).as(backend.name()).hasSize(1);
                assertThat(outputs.get(0).shape()).containsExactly(3, 10);
                float[] actual = outputs.get(0).toFloatArray();
                for (int i = 0; i < actual.length; i++) {
                    assertThat(actual[i]).as("%s value %d", backend.name(), i).isCloseTo(expected[i / 10][i % 10], within(2e-5f));
                }
            }
        }
    }
}
