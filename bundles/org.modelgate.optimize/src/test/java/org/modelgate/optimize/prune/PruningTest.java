package org.modelgate.optimize.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import org.junit.jupiter.api.Test;
import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.fixtures.Digits;
import org.modelgate.optimize.fixtures.DigitsCnn;
import org.modelgate.optimize.fixtures.MiniLm;
import org.modelgate.optimize.fixtures.OrtModel;
import org.modelgate.optimize.graph.OnnxModelFile;
import org.modelgate.optimize.graph.TensorValues;
import org.modelgate.optimize.staticq.CalibrationData;
import org.modelgate.optimize.staticq.StaticQuantizationOptions;
import org.modelgate.optimize.staticq.StaticQuantizer;

/** Magnitude pruning of the digits CNN and of all-MiniLM-L6-v2: zeros where asked, same dense file, smaller gzip. */
class PruningTest {
    private final Path work = Path.of("target/prune-test");
    private ModelProto model;
    private Pruning result;
    private Path prunedFile;

    @Test
    void halfOfEachWeightTensorOfTheDigitsCnnBecomesZeroAndTheModelStillClassifies() throws Exception {
        givenTheDigitsCnn();
        whenPruned(new PruneOptions(0.5, PruneStructure.UNSTRUCTURED));
        assertEquals(0.5, result.sparsityByTensor().get("conv.weight"), 0.01);
        assertEquals(0.5, result.sparsityByTensor().get("dense.weight"), 0.01);
        try (OrtModel pruned = new OrtModel(prunedFile)) {
            assertTrue(pruned.digitsAccuracy() > 0.9, "the smallest half of the weights carries little: " + pruned.digitsAccuracy());
        }
    }

    @Test
    void channelPruningZeroesWholeFiltersAndLeavesTheOutputLayerWhole() throws Exception {
        givenTheDigitsCnn();
        whenPruned(new PruneOptions(0.25, PruneStructure.CHANNEL));
        float[] filters = TensorValues.floats(initializer("conv.weight"));
        int zeroFilters = 0;
        for (int k = 0; k < 16; k++) {
            boolean allZero = true;
            for (int i = 0; i < 9; i++) {
                allZero &= filters[k * 9 + i] == 0f;
            }
            zeroFilters += allZero ? 1 : 0;
        }
        assertEquals(4, zeroFilters, "a quarter of the 16 filters");
        assertEquals(List.of("dense.weight (writes the model output 'logits')"), result.leftWhole());
        try (OrtModel pruned = new OrtModel(prunedFile)) {
            assertTrue(pruned.digitsAccuracy() > 0.8, "accuracy " + pruned.digitsAccuracy());
        }
    }

    @Test
    void prunedMiniLmKeepsItsFileSizeButCompressesSmaller() throws Exception {
        Path fp32 = MiniLm.fp32(work.resolve("minilm-fp32.onnx"));
        model = OnnxModelFile.read(fp32);
        whenPruned(new PruneOptions(0.5, PruneStructure.UNSTRUCTURED));
        long denseBefore = Files.size(fp32);
        long denseAfter = Files.size(prunedFile);
        long gzipBefore = CompressedSize.of(model);
        long gzipAfter = CompressedSize.of(result.model());
        assertEquals(denseBefore, denseAfter, 2048, "zeros are stored densely");
        assertTrue(gzipAfter < gzipBefore * 0.85, "gzip " + gzipAfter + " against " + gzipBefore);
        assertEquals(36, result.sparsityByTensor().size(), "the 36 MatMul weights of six encoder layers");
        double cosine = MiniLm.meanCosine(MiniLm.embeddings(fp32, 4, 32), MiniLm.embeddings(prunedFile, 4, 32));
        System.out.printf("minilm prune 0.5: dense %d -> %d, gzip %d -> %d, cosine %.4f%n", denseBefore, denseAfter, gzipBefore, gzipAfter, cosine);
        assertTrue(cosine > 0.5, "the pruned model still answers: cosine " + cosine);
    }

    @Test
    void aQuantizedModelIsRefused() throws Exception {
        givenTheDigitsCnn();
        Path csv = Digits.load().writeCalibrationCsv(work.resolve("calibration.csv"), 20);
        ModelProto quantized = new StaticQuantizer(StaticQuantizationOptions.defaults()).quantize(model, CalibrationData.read(csv, model)).model();
        OptimizationException refused = assertThrows(OptimizationException.class,
                () -> new MagnitudePruner(new PruneOptions(0.5, PruneStructure.UNSTRUCTURED)).prune(quantized));
        assertTrue(refused.getMessage().contains("prune the float original, then quantize"), refused.getMessage());
    }

    @Test
    void aSparsityOutsideZeroToOneIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new PruneOptions(1.0, PruneStructure.CHANNEL));
        assertTrue(refused.getMessage().startsWith("sparsity 1.0 must lie between 0 and 1"), refused.getMessage());
    }

    private void givenTheDigitsCnn() {
        model = DigitsCnn.model();
    }

    private void whenPruned(PruneOptions options) throws Exception {
        result = new MagnitudePruner(options).prune(model);
        prunedFile = work.resolve(model.getGraph().getName() + "-pruned-" + options.structure() + ".onnx");
        OnnxModelFile.write(result.model(), prunedFile);
    }

    private TensorProto initializer(String name) {
        return result.model().getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
    }
}
