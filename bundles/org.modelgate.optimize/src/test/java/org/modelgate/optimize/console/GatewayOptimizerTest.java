package org.modelgate.optimize.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.folder.ModelJson;
import org.modelgate.optimize.graph.OnnxModelFile;
import org.modelgate.optimize.graph.TestModels;
import org.modelgate.optimize.tool.Arguments;
import org.modelgate.optimize.tool.CandidateMakers;
import org.modelgate.optimize.tool.ReferenceOptions;

/** mg:optimize's work on a real repository folder: candidates written beside, never into, the repository. */
class GatewayOptimizerTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void givenAnInstalledVersion_whenOptimized_thenEachCandidateIsAFolderOfTheNextPatchAndTheRepositoryIsUntouched() throws Exception {
        Path repository = givenInstalled("mlp", "1.2.3");

        Map<String, Path> written = optimizer(repository).optimize("mlp", "1.2.3",
                Arguments.parse(List.of("--runs", "3", "--warmup", "0"), ReferenceOptions.VALUED, Set.of()), CandidateMakers.all());

        Path folder = dir.resolve("candidates/mlp-1.2.3-int8-dynamic");
        assertThat(written).containsEntry("int8-dynamic", folder);
        assertThat(ModelJson.read(folder.resolve("model.json"))).containsEntry("version", "1.2.4").containsEntry("name", "mlp");
        assertThat(OnnxModelFile.read(folder.resolve("model.onnx")).getGraph().getNodeList())
                .anyMatch(n -> n.getOpType().equals("MatMulInteger"));
        assertThat(text()).contains("original", "int8-dynamic", "nothing installed: sign a candidate with bin/mgpack pack");
        try (var listing = Files.list(repository.resolve("mlp"))) {
            assertThat(listing.map(p -> p.getFileName().toString()).toList()).containsExactly("1.2.3");
        }
    }

    @Test
    void givenAModelEncryptedAtRest_whenOptimized_thenItIsRefusedSayingWhereToRunMgopt() throws Exception {
        Path repository = givenInstalled("mlp", "1.0.0");
        byte[] encrypted = new byte[64];
        System.arraycopy(InstalledModel.ENCRYPTED_MAGIC, 0, encrypted, 0, InstalledModel.ENCRYPTED_MAGIC.length);
        Files.write(repository.resolve("mlp/1.0.0/model.onnx"), encrypted);

        assertThatThrownBy(() -> optimizer(repository).optimize("mlp", "1.0.0",
                Arguments.parse(List.of(), ReferenceOptions.VALUED, Set.of()), CandidateMakers.all()))
                .isInstanceOf(OptimizationException.class)
                .hasMessageContaining("is encrypted at rest on this gateway; the optimizer reads plaintext files only");
    }

    private GatewayOptimizer optimizer(Path repository) {
        return new GatewayOptimizer(repository, dir.resolve("candidates"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private Path givenInstalled(String name, String version) throws Exception {
        Path repository = dir.resolve("models");
        Path folder = Files.createDirectories(repository.resolve(name).resolve(version));
        OnnxModelFile.write(TestModels.mlp(new int[] {8, 32, 3}, 2), folder.resolve("model.onnx"));
        Files.writeString(folder.resolve("model.json"), "{\"name\": \"" + name + "\", \"version\": \"" + version
                + "\", \"format\": \"onnx\", \"file\": \"model.onnx\", \"golden\": [{\"inputs\": [{\"name\": \"input\","
                + " \"datatype\": \"FP32\", \"shape\": [2, 8], \"data\": [1, 2, 3, 4, 5, 6, 7, 8, -1, -2, -3, -4, -5, -6, -7, -8]}]}]}");
        return repository;
    }

    private String text() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
