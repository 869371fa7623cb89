package org.modelgate.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import org.modelgate.optimize.report.AccuracyMeter;
import org.modelgate.optimize.report.ReferenceSamples;
import org.modelgate.optimize.report.Sample;
import org.modelgate.optimize.report.Tensor;
import org.modelgate.optimize.report.WordPieceTokenizer;
import org.modelgate.optimize.tool.Mgopt;

/**
 * {@code -Dbench=optimize}: all-MiniLM-L6-v2 fp32 quantized by {@code mgopt quantize} (its defaults), side by side
 * with the upstream int8 file from the same source (LangChain4j's {@code -q} jar), on real English sentences
 * (src/main/resources/.../sentences.txt: the project's own docs and javadoc) tokenized with the model's vocabulary:
 * file size, p50/p99 at seq 32 (one sentence each) and seq 128 (consecutive sentences packed), interleaved on one
 * intra-op thread, and the cosine similarity of mean-pooled embeddings against fp32.
 */
final class OptimizeBenchmark {
    private static final List<String> INPUTS = List.of("input_ids", "attention_mask", "token_type_ids");

    private final int rounds;
    private final int block;

    OptimizeBenchmark(int rounds, int block) {
        this.rounds = rounds;
        this.block = block;
    }

    String run(Path work) throws Exception {
        Path fp32 = copy(MiniLm.FP32, work.resolve("fp32.onnx"));
        Path upstream = copy(MiniLm.INT8, work.resolve("upstream-int8.onnx"));
        Path tokenizerFile = copy("all-minilm-l6-v2-tokenizer.json", work.resolve("tokenizer.json"));
        Path sentencesFile = copy("org/modelgate/benchmarks/sentences.txt", work.resolve("sentences.txt"));
        List<String> sentences = Files.readAllLines(sentencesFile, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).toList();
        Path mgopt = work.resolve("mgopt-int8.onnx");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(log, true, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        int status = Mgopt.run(List.of("quantize", fp32.toString(), "--out", mgopt.toString(), "--sentences",
                sentencesFile.toString(), "--tokenizer", tokenizerFile.toString(), "--seq_length", "32", "--runs", "20"), print, print);
        double quantizeSeconds = (System.nanoTime() - start) / 1e9;
        if (status != 0) {
            throw new IllegalStateException("mgopt quantize failed (" + status + "):\n" + log.toString(StandardCharsets.UTF_8));
        }
        WordPieceTokenizer tokenizer = WordPieceTokenizer.read(tokenizerFile);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "mgopt quantize took %.1f s (quantize, measure, write) on %d sentences%n",
                quantizeSeconds, sentences.size()));
        out.append("| model | size bytes | size vs fp32 | seq | p50 ms | p99 ms | p50 vs upstream | mean cosine vs fp32 | min cosine |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession a = env.createSession(fp32.toString(), options);
                    OrtSession b = env.createSession(upstream.toString(), options);
                    OrtSession c = env.createSession(mgopt.toString(), options)) {
                for (int seq : new int[] {32, 128}) {
                    List<Sample> samples = ReferenceSamples.sentences(seq == 32 ? sentences : packed(sentences, tokenizer, seq),
                            tokenizer, INPUTS, seq).samples();
                    List<double[]> ea = embeddings(env, a, samples);
                    double[] cb = cosines(ea, embeddings(env, b, samples));
                    double[] cc = cosines(ea, embeddings(env, c, samples));
                    List<Map<String, OnnxTensor>> prepared = prepare(env, samples);
                    int[] next = new int[3];
                    LatencySamples[] s = Interleaved.run(20, rounds, block,
                            () -> timed(a, prepared, next, 0), () -> timed(b, prepared, next, 1), () -> timed(c, prepared, next, 2));
                    prepared.forEach(m -> m.values().forEach(OnnxTensor::close));
                    row(out, "fp32", fp32, fp32, seq, s[0], s[1], new double[] {1, 1}, samples.size());
                    row(out, "upstream int8 (-q jar)", upstream, fp32, seq, s[1], s[1], cb, samples.size());
                    row(out, "mgopt quantize (defaults)", mgopt, fp32, seq, s[2], s[1], cc, samples.size());
                }
            }
        }
        out.append(String.format(Locale.ROOT, "(ONNX Runtime %s, 1 intra-op thread, ALL_OPT; %d rounds x %d runs per model,"
                + " interleaved; seq 32: %d sentences, seq 128: packed)%n", OrtEnvironment.getEnvironment().getVersion(),
                rounds, block, sentences.size()));
        return out.toString();
    }

    private static void row(StringBuilder out, String name, Path file, Path fp32, int seq, LatencySamples s,
            LatencySamples upstream, double[] cosines, int samples) throws Exception {
        out.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %d | %.3f | %.3f | x%.3f | %.4f | %.4f |%n", name,
                Files.size(file), (double) Files.size(file) / Files.size(fp32), seq, s.percentileMillis(50),
                s.percentileMillis(99), s.percentileMillis(50) / upstream.percentileMillis(50), cosines[0], cosines[1]));
    }

    /** Consecutive sentences joined until a sequence of {@code seq} tokens is full. */
    private static List<String> packed(List<String> sentences, WordPieceTokenizer tokenizer, int seq) {
        List<String> texts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int tokens = 0;
        for (String sentence : sentences) {
            int n = tokenizer.pieces(sentence).size();
            if (tokens + n > seq - 2 && tokens > 0) {
                texts.add(text.toString());
                text.setLength(0);
                tokens = 0;
            }
            text.append(text.length() == 0 ? "" : " ").append(sentence);
            tokens += n;
        }
        if (tokens > 0) {
            texts.add(text.toString());
        }
        return texts;
    }

    private static List<double[]> embeddings(OrtEnvironment env, OrtSession session, List<Sample> samples) throws Exception {
        List<double[]> pooled = new ArrayList<>();
        for (Sample sample : samples) {
            Map<String, OnnxTensor> inputs = tensors(env, sample);
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                int seq = hidden[0].length;
                int width = hidden[0][0].length;
                double[] flat = new double[seq * width];
                for (int t = 0; t < seq; t++) {
                    for (int h = 0; h < width; h++) {
                        flat[t * width + h] = hidden[0][t][h];
                    }
                }
                Tensor output = new Tensor("last_hidden_state", "FP32", new long[] {1, seq, width}, flat);
                pooled.add(AccuracyMeter.rowsOf(output, sample.input("attention_mask"))[0]);
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
        return pooled;
    }

    private static double[] cosines(List<double[]> reference, List<double[]> candidate) {
        double sum = 0;
        double min = 1;
        for (int i = 0; i < reference.size(); i++) {
            double cos = AccuracyMeter.cosine(reference.get(i), candidate.get(i));
            sum += cos;
            min = Math.min(min, cos);
        }
        return new double[] {sum / reference.size(), min};
    }

    private static List<Map<String, OnnxTensor>> prepare(OrtEnvironment env, List<Sample> samples) throws Exception {
        List<Map<String, OnnxTensor>> prepared = new ArrayList<>();
        for (Sample sample : samples) {
            prepared.add(tensors(env, sample));
        }
        return prepared;
    }

    private static Map<String, OnnxTensor> tensors(OrtEnvironment env, Sample sample) throws Exception {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        for (Tensor t : sample.inputs()) {
            inputs.put(t.name(), OnnxTensor.createTensor(env, LongBuffer.wrap(t.longs()), t.shape()));
        }
        return inputs;
    }

    private static void timed(OrtSession session, List<Map<String, OnnxTensor>> prepared, int[] next, int side) throws Exception {
        Map<String, OnnxTensor> inputs = prepared.get(next[side]++ % prepared.size());
        try (OrtSession.Result result = session.run(inputs)) {
            if (result.size() == 0) {
                throw new IllegalStateException("no output");
            }
        }
    }

    private static Path copy(String resource, Path target) throws Exception {
        try (InputStream in = OptimizeBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

}
