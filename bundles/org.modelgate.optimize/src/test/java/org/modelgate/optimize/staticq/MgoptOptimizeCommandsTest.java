package org.modelgate.optimize.staticq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.modelgate.optimize.fixtures.Digits;
import org.modelgate.optimize.fixtures.DigitsCnn;
import org.modelgate.optimize.fixtures.MiniLm;
import org.modelgate.optimize.fixtures.OrtModel;
import org.modelgate.optimize.tool.ExitCode;
import org.modelgate.optimize.tool.Mgopt;

/** mgopt quantize --mode static, mgopt fp16 and mgopt prune from the command line, on the digits CNN and MiniLM. */
class MgoptOptimizeCommandsTest {
    private final Path work = Path.of("target/mgopt-optimize-test");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path model;
    private Path calibration;
    private Path heldOut;
    private int status;

    @BeforeEach
    void givenTheDigitsCnnItsCalibrationImagesAndHeldOutDigits() throws Exception {
        model = DigitsCnn.write(work.resolve("digits-cnn.onnx"));
        calibration = Digits.load().writeCalibrationCsv(work.resolve("calibration.csv"), 200);
        heldOut = Digits.load().writeHeldOutCsv(work.resolve("held-out.csv"));
    }

    @Test
    void quantizeStaticWritesTheQdqModelAndReportsAccuracyOnHeldOutDigits() throws Exception {
        Path target = work.resolve("digits-int8.onnx");
        whenRun("quantize", model.toString(), "--mode", "static", "--calibration", calibration.toString(),
                "--calibrate_method", "entropy", "--out", target.toString(), "--samples", heldOut.toString(), "--task", "classifier",
                "--runs", "20", "--warmup", "2");
        thenItSucceeded();
        assertTrue(text(out).contains("int8 static entropy"), text(out));
        assertTrue(text(out).contains("calibrated on 200 samples of calibration.csv (entropy); quantized 2 nodes (conv, dense)"), text(out));
        assertTrue(text(out).contains("left in float between DequantizeLinear and QuantizeLinear: Div, Flatten, MaxPool, Reshape"), text(out));
        try (OrtModel written = new OrtModel(target)) {
            assertTrue(written.digitsAccuracy() > 0.95, "the written model classifies: " + written.digitsAccuracy());
        }
    }

    @Test
    void quantizeStaticRefusesCalibrationDataWithTheLabelColumn() throws Exception {
        Files.deleteIfExists(work.resolve("never.onnx"));
        whenRun("quantize", model.toString(), "--mode", "static", "--calibration", heldOut.toString(),
                "--out", work.resolve("never.onnx").toString(), "--samples", heldOut.toString());
        assertEquals(ExitCode.REFUSED, status);
        assertTrue(text(err).contains("line 2 has 65 values; input 'pixels' takes float32[batch, 64], 64 values a sample"
                + " (drop the label column)"), text(err));
        assertFalse(Files.exists(work.resolve("never.onnx")));
    }

    @Test
    void quantizeStaticNeedsCalibrationData() {
        whenRun("quantize", model.toString(), "--mode", "static", "--out", work.resolve("never.onnx").toString());
        assertEquals(ExitCode.USAGE, status);
        assertTrue(text(err).contains("option --calibration is required"), text(err));
    }

    @Test
    void fp16WritesAHalfSizedModelThatKeepsFloatInputs() throws Exception {
        Path target = work.resolve("digits-fp16.onnx");
        whenRun("fp16", model.toString(), "--out", target.toString(), "--samples", heldOut.toString(), "--task", "classifier",
                "--runs", "20", "--warmup", "2");
        thenItSucceeded();
        assertTrue(Files.size(target) < Files.size(model) * 0.6, Files.size(target) + " against " + Files.size(model));
        assertTrue(text(out).contains("5 weight tensors in float16; 0 values clamped"), text(out));
    }

    @Test
    void pruneOfMiniLmIsRefusedForItsAccuracy() throws Exception {
        Path minilm = MiniLm.fp32(work.resolve("minilm/all-minilm-l6-v2.onnx"));
        Path target = work.resolve("minilm-pruned.onnx");
        Files.deleteIfExists(target);
        List<String> args = List.of("prune", minilm.toString(), "--sparsity", "0.5", "--out", target.toString(),
                "--generate", "3", "--seq_length", "16", "--task", "embedding", "--runs", "3", "--warmup", "1");
        whenRun(args.toArray(String[]::new));
        assertEquals(ExitCode.REFUSED, status, text(err));
        assertTrue(text(err).contains("mgopt prune: refused, it loses too much accuracy"), text(err));
        assertTrue(text(out).contains("gzip-compressed: "), text(out));
        assertFalse(Files.exists(target), "nothing written without --force");
    }

    @Test
    void pruneByChannelOfTheDigitsCnnListsTheOutputLayerLeftWhole() throws Exception {
        whenRun("prune", model.toString(), "--sparsity", "0.25", "--structured", "channel", "--out", work.resolve("digits-pruned.onnx").toString(),
                "--samples", heldOut.toString(), "--task", "classifier", "--runs", "5", "--warmup", "1", "--force");
        thenItSucceeded();
        assertTrue(text(out).contains("36 of 144 weights in 1 tensors are zero (25.0%, channel)"), text(out));
        assertTrue(text(out).contains("left whole: dense.weight (writes the model output 'logits')"), text(out));
    }

    private void whenRun(String... args) {
        status = Mgopt.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private void thenItSucceeded() {
        assertEquals(ExitCode.OK, status, text(err) + text(out));
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
