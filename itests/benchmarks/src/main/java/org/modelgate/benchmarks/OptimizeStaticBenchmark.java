package org.modelgate.benchmarks;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import org.modelgate.optimize.fixtures.Digits;
import org.modelgate.optimize.fixtures.DigitsCnn;
import org.modelgate.optimize.fp16.Float16Converter;
import org.modelgate.optimize.fp16.Fp16Options;
import org.modelgate.optimize.graph.OnnxModelFile;
import org.modelgate.optimize.prune.CompressedSize;
import org.modelgate.optimize.prune.MagnitudePruner;
import org.modelgate.optimize.prune.PruneOptions;
import org.modelgate.optimize.prune.PruneStructure;
import org.modelgate.optimize.staticq.CalibrationData;
import org.modelgate.optimize.staticq.CalibrationMethod;
import org.modelgate.optimize.staticq.StaticQuantizationOptions;
import org.modelgate.optimize.staticq.StaticQuantizer;

/**
 * The {@code static} part of {@code -Dbench=optimize} (alone: {@code -Dbench=optimize-static}): the digits CNN the
 * optimizer's tests train, in fp32, static INT8 (MinMax, percentile, entropy; 200 calibration images), FP16 and 50%
 * pruning, and all-MiniLM-L6-v2 fp32, FP16 and 50% pruning. Per model: file size, gzip size, p50/p99 latency at
 * batch 1 through ONNX Runtime (1 thread, models interleaved in blocks in one process), and accuracy on the 360
 * held-out digits or mean cosine of pooled embeddings against fp32 (seq 32).
 */
final class OptimizeStaticBenchmark {
    private final int rounds;
    private final int block;

    OptimizeStaticBenchmark(int rounds, int block) {
        this.rounds = rounds;
        this.block = block;
    }

    String run(Path work) throws Exception {
        return run(work, true);
    }

    String run(Path work, boolean withMiniLm) throws Exception {
        StringBuilder out = new StringBuilder();
        out.append(digits(work, "Digits CNN (trained by the tests)", DigitsCnn.model(), 1));
        out.append('\n');
        out.append(digits(work, "Digits CNN (trained by the tests)", DigitsCnn.model(), 64));
        out.append('\n');
        out.append(digits(work, "Wider CNN (random weights: speed only; accuracy column = agreement with fp32)", WiderCnn.model(), 64));
        if (withMiniLm) {
            out.append('\n');
            out.append(miniLm(work));
        }
        return out.toString();
    }

    private String digits(Path work, String title, ModelProto fp32, int batch) throws Exception {
        boolean agreement = fp32 != DigitsCnn.model();
        Path calibrationCsv = Digits.load().writeCalibrationCsv(work.resolve("calibration.csv"), 200);
        CalibrationData calibration = CalibrationData.read(calibrationCsv, fp32);
        Map<String, ModelProto> models = new LinkedHashMap<>();
        models.put("fp32", fp32);
        for (CalibrationMethod method : CalibrationMethod.values()) {
            models.put("int8 static " + method.name().toLowerCase(Locale.ROOT),
                    new StaticQuantizer(StaticQuantizationOptions.defaults().withMethod(method)).quantize(fp32, calibration).model());
        }
        models.put("int8 static minmax, QUInt8 activations", new StaticQuantizer(new StaticQuantizationOptions(
                CalibrationMethod.MINMAX, true, "QUInt8")).quantize(fp32, calibration).model());
        models.put("int8 static minmax, per-tensor weights", new StaticQuantizer(new StaticQuantizationOptions(
                CalibrationMethod.MINMAX, false, "QInt8")).quantize(fp32, calibration).model());
        models.put("fp16", new Float16Converter(Fp16Options.defaults()).convert(fp32).model());
        models.put("pruned 50%", new MagnitudePruner(new PruneOptions(0.5, PruneStructure.UNSTRUCTURED)).prune(fp32).model());
        List<Digits.Sample> heldOut = Digits.load().heldOut();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<Map<String, OnnxTensor>> inputs = new ArrayList<>();
        for (int start = 0; start + batch <= heldOut.size(); start += batch) {
            float[][] rows = new float[batch][];
            for (int i = 0; i < batch; i++) {
                rows[i] = heldOut.get(start + i).pixels();
            }
            inputs.add(Map.of("pixels", OnnxTensor.createTensor(env, rows)));
        }
        Map<String, Measured> measured = measure(work, "digits", models, inputs);
        List<Map<String, OnnxTensor>> single = new ArrayList<>();
        for (Digits.Sample sample : heldOut) {
            single.add(Map.of("pixels", OnnxTensor.createTensor(env, new float[][] {sample.pixels()})));
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%s, batch %d, %d rounds x %d runs per model, interleaved%n%n", title, batch, rounds, block));
        int[] reference = predictions(env, measured.get("fp32").file(), single);
        table.append("| model | size | gzip size | p50 ms | p99 ms | p50 speed-up vs fp32 | held-out accuracy |\n|---|---|---|---|---|---|---|\n");
        Measured base = measured.get("fp32");
        for (Map.Entry<String, Measured> row : measured.entrySet()) {
            Measured m = row.getValue();
            int[] predicted = predictions(env, m.file(), single);
            int right = 0;
            for (int i = 0; i < heldOut.size(); i++) {
                right += predicted[i] == (agreement ? reference[i] : heldOut.get(i).digit()) ? 1 : 0;
            }
            {
                table.append(String.format(Locale.ROOT, "| %s | %d B | %d B | %.4f | %.4f | x%.2f | %.2f%% |%n", row.getKey(),
                        m.bytes(), m.gzipBytes(), m.p50(), m.p99(), base.p50() / m.p50(), 100.0 * right / heldOut.size()));
            }
        }
        inputs.forEach(map -> map.values().forEach(OnnxTensor::close));
        single.forEach(map -> map.values().forEach(OnnxTensor::close));
        return table.toString();
    }

    private static int[] predictions(OrtEnvironment env, Path file, List<Map<String, OnnxTensor>> single) throws Exception {
        int[] predicted = new int[single.size()];
        try (OrtSession session = session(env, file)) {
            for (int i = 0; i < predicted.length; i++) {
                try (OrtSession.Result result = session.run(single.get(i))) {
                    float[] logits = ((float[][]) result.get(0).getValue())[0];
                    int best = 0;
                    for (int c = 1; c < logits.length; c++) {
                        best = logits[c] > logits[best] ? c : best;
                    }
                    predicted[i] = best;
                }
            }
        }
        return predicted;
    }

    private String miniLm(Path work) throws Exception {
        Path fp32File = work.resolve("minilm-fp32.onnx");
        try (InputStream in = OptimizeStaticBenchmark.class.getClassLoader().getResourceAsStream(MiniLm.FP32)) {
            Files.copy(in, fp32File, StandardCopyOption.REPLACE_EXISTING);
        }
        ModelProto fp32 = OnnxModelFile.read(fp32File);
        Map<String, ModelProto> models = new LinkedHashMap<>();
        models.put("fp32", fp32);
        models.put("fp16", new Float16Converter(Fp16Options.defaults()).convert(fp32).model());
        models.put("pruned 50%", new MagnitudePruner(new PruneOptions(0.5, PruneStructure.UNSTRUCTURED)).prune(fp32).model());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int seq = 32;
        List<Map<String, OnnxTensor>> inputs = new ArrayList<>();
        for (int s = 0; s < 16; s++) {
            long[][] mask = new long[1][seq];
            Arrays.fill(mask[0], 1);
            inputs.add(Map.of("input_ids", OnnxTensor.createTensor(env, new long[][] {MiniLm.tokenIds(seq, s)}),
                    "attention_mask", OnnxTensor.createTensor(env, mask),
                    "token_type_ids", OnnxTensor.createTensor(env, new long[1][seq])));
        }
        Map<String, Measured> measured = measure(work, "minilm", models, inputs);
        Map<String, float[][]> pooled = new LinkedHashMap<>();
        for (Map.Entry<String, Measured> row : measured.entrySet()) {
            try (OrtSession session = session(env, row.getValue().file())) {
                float[][] embeddings = new float[inputs.size()][];
                for (int i = 0; i < inputs.size(); i++) {
                    try (OrtSession.Result result = session.run(inputs.get(i))) {
                        float[][] hidden = ((float[][][]) result.get(0).getValue())[0];
                        float[] mean = new float[hidden[0].length];
                        for (float[] token : hidden) {
                            for (int d = 0; d < mean.length; d++) {
                                mean[d] += token[d] / hidden.length;
                            }
                        }
                        embeddings[i] = mean;
                    }
                }
                pooled.put(row.getKey(), embeddings);
            }
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "all-MiniLM-L6-v2, seq %d, batch 1, %d rounds x %d runs per model, interleaved%n%n", seq, rounds, block));
        table.append("| model | size | gzip size | p50 ms | p99 ms | p50 speed-up vs fp32 | mean cosine vs fp32 (16 sequences) |\n|---|---|---|---|---|---|---|\n");
        Measured base = measured.get("fp32");
        for (Map.Entry<String, Measured> row : measured.entrySet()) {
            Measured m = row.getValue();
            table.append(String.format(Locale.ROOT, "| %s | %.1f MiB | %.1f MiB | %.3f | %.3f | x%.2f | %.4f |%n", row.getKey(),
                    m.bytes() / 1048576.0, m.gzipBytes() / 1048576.0, m.p50(), m.p99(), base.p50() / m.p50(),
                    meanCosine(pooled.get("fp32"), pooled.get(row.getKey()))));
        }
        inputs.forEach(map -> map.values().forEach(OnnxTensor::close));
        return table.toString();
    }

    private record Measured(Path file, long bytes, long gzipBytes, double p50, double p99) {
    }

    /** Writes each model, then times them interleaved: each round runs every model {@code block} times, order rotating. */
    private Map<String, Measured> measure(Path work, String prefix, Map<String, ModelProto> models,
                                          List<Map<String, OnnxTensor>> inputs) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<String> names = new ArrayList<>(models.keySet());
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, OrtSession> sessions = new LinkedHashMap<>();
        Map<String, long[]> times = new LinkedHashMap<>();
        for (String name : names) {
            Path file = work.resolve(prefix + "-" + name.replaceAll("[^a-z0-9]+", "-") + ".onnx");
            OnnxModelFile.write(models.get(name), file);
            files.put(name, file);
            sessions.put(name, session(env, file));
            times.put(name, new long[rounds * block]);
        }
        try {
            for (String name : names) { // warm-up
                for (int i = 0; i < Math.min(20, block); i++) {
                    sessions.get(name).run(inputs.get(i % inputs.size())).close();
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((r + k) % names.size());
                    OrtSession session = sessions.get(name);
                    long[] samples = times.get(name);
                    for (int i = 0; i < block; i++) {
                        long start = System.nanoTime();
                        session.run(inputs.get((r * block + i) % inputs.size())).close();
                        samples[r * block + i] = System.nanoTime() - start;
                    }
                }
            }
        } finally {
            for (OrtSession session : sessions.values()) {
                session.close();
            }
        }
        Map<String, Measured> measured = new LinkedHashMap<>();
        for (String name : names) {
            long[] samples = times.get(name);
            Arrays.sort(samples);
            measured.put(name, new Measured(files.get(name), Files.size(files.get(name)), CompressedSize.of(models.get(name)),
                    samples[samples.length / 2] / 1e6, samples[(int) Math.min(samples.length - 1, Math.ceil(samples.length * 0.99) - 1)] / 1e6));
        }
        return measured;
    }

    private static OrtSession session(OrtEnvironment env, Path file) throws Exception {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        return env.createSession(file.toString(), options);
    }

    private static double meanCosine(float[][] a, float[][] b) {
        double total = 0;
        for (int i = 0; i < a.length; i++) {
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int d = 0; d < a[i].length; d++) {
                dot += a[i][d] * b[i][d];
                na += a[i][d] * a[i][d];
                nb += b[i][d] * b[i][d];
            }
            total += dot / Math.sqrt(na * nb);
        }
        return total / a.length;
    }

    /** Without the harness: {@code java ... OptimizeStaticBenchmark [rounds] [block] [digits]} ({@code digits}: no MiniLM). */
    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("optimize-static-bench");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int block = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        System.out.println(new OptimizeStaticBenchmark(rounds, block).run(work, !(args.length > 2 && args[2].equals("digits"))));
        System.exit(0);
    }

}
