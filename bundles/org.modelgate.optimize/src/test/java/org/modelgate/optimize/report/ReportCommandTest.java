package org.modelgate.optimize.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.optimize.graph.OnnxModelFile;
import org.modelgate.optimize.graph.TestModels;
import org.modelgate.optimize.tool.ExitCode;
import org.modelgate.optimize.tool.Mgopt;

class ReportCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void givenAClassifierAndACandidateThatSwapsItsClasses_whenReported_thenAgreementAndAccuracyShowTheLoss() throws Exception {
        OnnxModelFile.write(TestModels.dense(new float[][] {{1, 0}, {0, 1}}, new float[] {0, 0}), dir.resolve("original.onnx"));
        OnnxModelFile.write(TestModels.dense(new float[][] {{0, 1}, {1, 0}}, new float[] {0, 0}), dir.resolve("swapped.onnx"));
        // label = the arg-max of the original: the original is always right, the swapped candidate always wrong
        Files.writeString(dir.resolve("rows.csv"), "x0,x1,label\n1,0,0\n0,1,1\n2,1,0\n1,3,1\n", StandardCharsets.UTF_8);

        int status = Mgopt.run(List.of("report", dir.resolve("original.onnx").toString(), dir.resolve("swapped.onnx").toString(),
                "--samples", dir.resolve("rows.csv").toString(), "--runs", "5", "--warmup", "1"), print(out), print(err));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCode.OK);
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table.lines().toList().get(0)).contains("model", "size", "p50 ms", "p99 ms", "agreement", "accuracy");
        assertThat(cells(table, 1)).startsWith("original").endsWith("100.00%", "100.00%");
        assertThat(cells(table, 2)).startsWith("swapped.onnx").endsWith("0.00%", "0.00%");
        assertThat(table).contains("measured on 4 reference samples, 5 timed runs each");
    }

    @Test
    void givenEmbeddingsScaledByTwo_whenCompared_thenTheCosineIsOneAndAMixedRowIsLower() throws Exception {
        AccuracyMeter meter = new AccuracyMeter(OutputKind.EMBEDDING, List.of());
        Sample sample = Sample.of(List.of(new Tensor("x", "FP32", new long[] {1, 1}, new double[] {1})));
        List<Tensor> a = List.of(new Tensor("y", "FP32", new long[] {2, 2}, new double[] {1, 0, 1, 1}));
        List<Tensor> b = List.of(new Tensor("y", "FP32", new long[] {2, 2}, new double[] {2, 0, 0, 1}));

        Accuracy accuracy = meter.compare(List.of(sample), List.of(a), List.of(b));

        assertThat(accuracy.minCosine()).isCloseTo(Math.sqrt(0.5), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(accuracy.meanCosine()).isCloseTo((1 + Math.sqrt(0.5)) / 2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(AccuracyLimit.DEFAULT.violation(accuracy, accuracy)).hasValueSatisfying(
                reason -> assertThat(reason).contains("mean cosine similarity 0.853553 is below 0.980000 (smallest 0.707107)"));
    }

    @Test
    void givenProgress_whenHalfDone_thenTheBarIsHalfFull() {
        assertThat(ProgressBar.line("quantize", 5, 10)).isEqualTo("quantize  [###############...............]  50%  (5/10)");
    }

    private static List<String> cells(String table, int line) {
        return List.of(table.lines().toList().get(line).trim().split("\\s+"));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
