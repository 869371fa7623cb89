package org.modelgate.optimize.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.optimize.distill.DigitsTeacher;
import org.modelgate.optimize.folder.ModelJson;
import org.modelgate.optimize.tool.ExitCode;
import org.modelgate.optimize.tool.Mgopt;
import org.modelgate.optimize.train.TestData;
import org.modelgate.spi.InferenceBackend;

/**
 * Issue 13: every optimized model loads and passes its golden samples on the ONNX Runtime and DJL backends. The
 * models are made by {@code mgopt} itself (a distilled student, dynamic and static INT8, FP16 and pruned models), into model folders whose
 * model.json golden samples it updated.
 */
class OptimizedModelsOnBothBackendsTest {
    @TempDir
    Path dir;

    @Test
    void aDistilledStudentPassesItsGoldenSamplesOnBothBackends() throws Exception {
        Path teacher = DigitsTeacher.write(dir.resolve("teacher"), 128);
        Path student = dir.resolve("student");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Mgopt.run(List.of("distill", "--teacher", teacher.toString(), "--data",
                TestData.file("digits.csv.gz").toString(), "--labels", "last", "--student", "mlp:32", "--runs", "5",
                "--warmup", "1", "--out", student.toString()), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCode.OK);
        thenEveryGoldenSamplePassesOnBothBackends(student);
        thenAWrongLabelFailsTheCheck(student);
    }

    @Test
    void aDynamicInt8ModelPassesItsGoldenSamplesOnBothBackends() throws Exception {
        Path teacher = DigitsTeacher.write(dir.resolve("teacher"), 128);
        Path quantized = dir.resolve("int8");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Mgopt.run(List.of("quantize", teacher.toString(), "--runs", "5", "--warmup", "1", "--out",
                quantized.toString()), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCode.OK);
        assertThat(Files.readString(quantized.resolve("model.onnx"), StandardCharsets.ISO_8859_1)).contains("MatMulInteger");
        thenEveryGoldenSamplePassesOnBothBackends(quantized);
    }

    @Test
    void aStaticInt8ModelPassesItsGoldenSamplesOnBothBackends() throws Exception {
        Path teacher = DigitsTeacher.write(dir.resolve("teacher"), 128);
        Path calibration = digitsFeatures(dir.resolve("calibration.csv"), 200);

        Path quantized = whenMgopt("int8-static", "quantize", teacher.toString(), "--mode", "static", "--calibration",
                calibration.toString());

        assertThat(Files.readString(quantized.resolve("model.onnx"), StandardCharsets.ISO_8859_1)).contains("QuantizeLinear");
        thenEveryGoldenSamplePassesOnBothBackends(quantized);
    }

    @Test
    void anFp16ModelPassesItsGoldenSamplesOnBothBackends() throws Exception {
        Path teacher = DigitsTeacher.write(dir.resolve("teacher"), 128);

        Path half = whenMgopt("fp16", "fp16", teacher.toString());

        assertThat(Files.size(half.resolve("model.onnx"))).isLessThan(Files.size(teacher.resolve("model.onnx")));
        thenEveryGoldenSamplePassesOnBothBackends(half);
    }

    @Test
    void aPrunedModelPassesItsGoldenSamplesOnBothBackends() throws Exception {
        Path teacher = DigitsTeacher.write(dir.resolve("teacher"), 128);

        // --force: what is checked here is that the written folder serves, not how much accuracy pruning costs
        Path pruned = whenMgopt("pruned", "prune", teacher.toString(), "--sparsity", "0.3", "--force");

        thenEveryGoldenSamplePassesOnBothBackends(pruned);
    }

    private Path whenMgopt(String folder, String... args) {
        Path out = dir.resolve(folder);
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--runs", "5", "--warmup", "1", "--out", out.toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Mgopt.run(line, new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCode.OK);
        return out;
    }

    /** The first {@code rows} digits without their label column: what static calibration reads. */
    private static Path digitsFeatures(Path file, int rows) throws Exception {
        List<String> lines = new ArrayList<>();
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(TestData.file("digits.csv.gz")));
                var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null && lines.size() < rows) {
                if (!line.isBlank()) {
                    lines.add(line.substring(0, line.lastIndexOf(',')));
                }
            }
        }
        return Files.write(file, lines);
    }

    /** The check can fail: the labelled golden sample given another label is caught on each backend. */
    @SuppressWarnings("unchecked")
    private static void thenAWrongLabelFailsTheCheck(Path folder) throws Exception {
        Path json = folder.resolve("model.json");
        Map<String, Object> doc = new LinkedHashMap<>(ModelJson.read(json));
        List<Object> golden = new ArrayList<>((List<?>) doc.get("golden"));
        Map<String, Object> labelled = new LinkedHashMap<>((Map<String, Object>) golden.get(1));
        labelled.put("label", String.valueOf((Integer.parseInt((String) labelled.get("label")) + 1) % 10));
        golden.set(1, labelled);
        doc.put("golden", golden);
        ModelJson.write(doc, json);
        for (InferenceBackend backend : Backends.both()) {
            assertThatThrownBy(() -> GoldenCheck.passes(backend, folder, "model.onnx"))
                    .hasMessageContaining(backend.name() + " golden sample 2: predicts class");
        }
    }

    private static void thenEveryGoldenSamplePassesOnBothBackends(Path folder) throws Exception {
        List<InferenceBackend> backends = Backends.both();
        assertThat(backends).extracting(InferenceBackend::name).containsExactly("onnxruntime", "djl");
        for (InferenceBackend backend : backends) {
            assertThat(GoldenCheck.passes(backend, folder, "model.onnx")).as(backend.name()).isEqualTo(2);
        }
    }
}
