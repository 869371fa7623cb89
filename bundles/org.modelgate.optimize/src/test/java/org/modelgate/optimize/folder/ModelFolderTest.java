package org.modelgate.optimize.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.graph.OnnxModelFile;
import org.modelgate.optimize.graph.TestModels;
import org.modelgate.optimize.report.ReferenceSamples;

class ModelFolderTest {
    @TempDir
    Path dir;

    private Path original;

    @Test
    void givenAFolderWithGoldenOutputs_whenAnOptimizedModelIsWritten_thenModelJsonExpectsItsOutputs() throws Exception {
        givenModelFolder();

        // "optimized": the weights moved a little, as quantization moves them
        ModelFolder.Written written = ModelFolder.open(original).write(
                TestModels.dense(new float[][] {{1.01f, 0}, {0, 2}}, new float[] {0.5f, 0}), dir.resolve("out"),
                Optional.of("1.0.1"));

        assertThat(written.modelFile()).isEqualTo(dir.resolve("out/model.onnx").toAbsolutePath());
        assertThat(OnnxModelFile.read(written.modelFile()).getGraph().getNodeCount()).isEqualTo(2);
        Map<String, Object> json = ModelJson.read(written.modelJson().orElseThrow());
        assertThat(json).containsEntry("version", "1.0.1").containsEntry("name", "dense").containsEntry("file", "model.onnx");
        ReferenceSamples golden = ReferenceSamples.fromModelJson(written.modelJson().get());
        // input [2, 3]: 2*1.01 + 0.5 = 2.52, 3*2 = 6
        assertThat(golden.samples().get(0).expected().get(0).data()).containsExactly(new double[] {2.52, 6.0},
                org.assertj.core.data.Offset.offset(1e-5));
        assertThat(golden.samples().get(0).tolerance()).isEqualTo(0.01);
        assertThat(written.notes()).singleElement().asString().contains("golden[0] output 'output' moved by up to 0.02");
        assertThat(Files.exists(dir.resolve("out/model.sig"))).isFalse();
    }

    @Test
    void givenAnOutFileEndingInOnnx_whenWritten_thenOnlyTheModelFileIsWritten() throws Exception {
        givenModelFolder();

        ModelFolder.Written written = ModelFolder.open(original).write(
                TestModels.dense(new float[][] {{1, 0}, {0, 2}}, new float[] {0.5f, 0}), dir.resolve("bare/small.onnx"),
                Optional.empty());

        assertThat(written.modelJson()).isEmpty();
        assertThat(Files.list(dir.resolve("bare")).map(p -> p.getFileName().toString()).toList()).containsExactly("small.onnx");
    }

    @Test
    void givenAFolderWithoutModelJson_whenOpened_thenTheErrorSaysWhatToGive() throws Exception {
        Files.createDirectories(dir.resolve("empty"));

        assertThatThrownBy(() -> ModelFolder.open(dir.resolve("empty"))).isInstanceOf(OptimizationException.class)
                .hasMessageContaining("holds no model.json: give the folder of a model version or an ONNX file");
    }

    @Test
    void givenAnOnnxFileBesideItsModelJson_whenOpened_thenTheGoldenSamplesComeWithIt() throws Exception {
        givenModelFolder();

        ModelFolder source = ModelFolder.open(original.resolve("model.onnx"));

        assertThat(source.modelJson()).isPresent();
        assertThat(source.goldenSamples().samples()).hasSize(1);
        assertThat(source.goldenSamples().labels()).containsExactly("a", "b");
    }

    private void givenModelFolder() throws Exception {
        original = dir.resolve("dense/1.0.0");
        Files.createDirectories(original);
        OnnxModelFile.write(TestModels.dense(new float[][] {{1, 0}, {0, 2}}, new float[] {0.5f, 0}), original.resolve("model.onnx"));
        Files.writeString(original.resolve("model.json"), """
                {"name": "dense", "version": "1.0.0", "format": "onnx", "file": "model.onnx", "labels": ["a", "b"],
                 "golden": [{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 2], "data": [2, 3]}],
                             "outputs": [{"name": "output", "data": [2.5, 6.0]}], "tolerance": 0.01}]}
                """, StandardCharsets.UTF_8);
        Files.writeString(original.resolve("model.sig"), "{}");
    }

}
