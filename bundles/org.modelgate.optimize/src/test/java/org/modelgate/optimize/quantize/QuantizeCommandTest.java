package org.modelgate.optimize.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.optimize.graph.OnnxModelFile;
import org.modelgate.optimize.graph.TestModels;
import org.modelgate.optimize.report.ReferenceSamples;
import org.modelgate.optimize.tool.ExitCode;
import org.modelgate.optimize.tool.Mgopt;

/** mgopt quantize on a model folder with golden samples, as a user runs it. */
class QuantizeCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path folder;

    @Test
    void givenAModelFolder_whenQuantized_thenTheFolderIsWrittenWithGoldenSamplesOfTheNewModel() throws Exception {
        givenModelFolderWithGoldenSamples();

        int status = whenRunning("quantize", folder.toString(), "--out", dir.resolve("int8").toString(), "--version", "1.0.1",
                "--runs", "5", "--warmup", "1");

        assertThat(status).as(text(err)).isEqualTo(ExitCode.OK);
        assertThat(text(out)).contains("original", "int8 dynamic", "note: quantized: MatMul x3 (per channel, QInt8, reduce_range)")
                .contains("wrote " + dir.resolve("int8/model.onnx").toAbsolutePath());
        assertThat(OnnxModelFile.read(dir.resolve("int8/model.onnx")).getGraph().getNodeList())
                .anyMatch(n -> n.getOpType().equals("MatMulInteger"));
        ReferenceSamples golden = ReferenceSamples.fromModelJson(dir.resolve("int8/model.json"));
        assertThat(golden.samples()).hasSize(3);
        assertThat(Files.readString(dir.resolve("int8/model.json"))).contains("\"version\" : \"1.0.1\"");
    }

    @Test
    void givenALimitTheModelCannotMeet_whenQuantized_thenItIsRefusedWithTheFiguresAndNothingIsWritten() throws Exception {
        givenModelFolderWithGoldenSamples();

        int status = whenRunning("quantize", folder.toString(), "--out", dir.resolve("int8").toString(),
                "--min_cosine", "0.999999", "--runs", "2", "--warmup", "0");

        assertThat(status).isEqualTo(ExitCode.REFUSED);
        assertThat(text(err)).containsPattern("refused, it loses too much accuracy: mean cosine similarity 0\\.9\\d{5} is below"
                + " 0\\.999999 \\(smallest 0\\.9\\d{5}\\); nothing written \\(--force writes it anyway\\)");
        assertThat(dir.resolve("int8")).doesNotExist();
    }

    @Test
    void givenTheSameLimitAndForce_whenQuantized_thenItIsWrittenWithAWarning() throws Exception {
        givenModelFolderWithGoldenSamples();

        int status = whenRunning("quantize", folder.toString(), "--out", dir.resolve("forced.onnx").toString(),
                "--min_cosine", "0.999999", "--force", "--runs", "2", "--warmup", "0");

        assertThat(status).isEqualTo(ExitCode.OK);
        assertThat(text(err)).contains("written with --force although mean cosine similarity");
        assertThat(dir.resolve("forced.onnx")).isRegularFile();
    }

    @Test
    void givenAnAlreadyQuantizedModel_whenQuantized_thenStatus1SaysNothingToDo() throws Exception {
        givenModelFolderWithGoldenSamples();
        whenRunning("quantize", folder.toString(), "--out", dir.resolve("once.onnx").toString(), "--runs", "1", "--warmup", "0");

        int status = whenRunning("quantize", dir.resolve("once.onnx").toString(), "--out", dir.resolve("twice.onnx").toString(),
                "--samples", folder.resolve("model.json").toString());

        assertThat(status).isEqualTo(ExitCode.REFUSED);
        assertThat(text(err)).contains("mgopt quantize: the model is already quantized (3 DynamicQuantizeLinear, 3 MatMulInteger):"
                + " nothing to do");
    }

    @Test
    void givenAWrongWeightType_whenQuantized_thenUsageNamesTheKnownOnes() throws Exception {
        int status = whenRunning("quantize", "model.onnx", "--out", "x", "--weight_type", "QInt4");

        assertThat(status).isEqualTo(ExitCode.USAGE);
        assertThat(text(err)).contains("--weight_type is one of QInt8, QUInt8, not 'QInt4'");
    }

    private void givenModelFolderWithGoldenSamples() throws Exception {
        folder = dir.resolve("mlp/1.0.0");
        Files.createDirectories(folder);
        OnnxModelFile.write(TestModels.mlp(new int[] {16, 64, 64, 4}, 3), folder.resolve("model.onnx"));
        String golden = TestModels.rows(3, 16, 5).stream().map(row -> {
            StringBuilder data = new StringBuilder();
            for (float v : row) {
                data.append(data.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", v));
            }
            return "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [1, 16], \"data\": [" + data + "]}]}";
        }).collect(Collectors.joining(",\n"));
        Files.writeString(folder.resolve("model.json"), "{\"name\": \"mlp\", \"version\": \"1.0.0\", \"format\": \"onnx\","
                + " \"file\": \"model.onnx\", \"golden\": [" + golden + "]}", StandardCharsets.UTF_8);
    }

    private int whenRunning(String... args) {
        return Mgopt.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
