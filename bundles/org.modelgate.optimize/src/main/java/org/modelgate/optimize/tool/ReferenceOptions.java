package org.modelgate.optimize.tool;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.folder.ModelFolder;
import org.modelgate.optimize.report.AccuracyLimit;
import org.modelgate.optimize.report.LatencyMeter;
import org.modelgate.optimize.report.ModelMeasurer;
import org.modelgate.optimize.report.OutputKind;
import org.modelgate.optimize.report.ReferenceSamples;
import org.modelgate.optimize.report.WordPieceTokenizer;

/**
 * The options every measuring subcommand shares: where the reference samples come from, how outputs are compared,
 * how long latency is timed and how much accuracy may be lost.
 *
 * <pre>
 * --samples &lt;model.json|rows.csv&gt;  reference samples (default: the model's golden samples)
 * --input &lt;name&gt;                   the input a CSV's rows feed (default: the model's first input)
 * --sentences &lt;file.txt&gt; --tokenizer &lt;tokenizer.json|vocab.txt&gt;   real text, one sample a line (BERT WordPiece)
 * --generate &lt;n&gt;                  n generated token-id sequences, for a transformer (with --seq_length, default 128)
 * --task embedding|classifier     how outputs compare (default: classifier when there are labels)
 * --runs &lt;n&gt; --warmup &lt;n&gt; --threads &lt;n&gt;   timing: 100 runs after 10, on 1 thread (0: ONNX Runtime's default)
 * --min_cosine 0.98 --min_agreement 0.98 --max_accuracy_drop 0.01   the accuracy limit (refused below, unless --force)
 * </pre>
 */
public final class ReferenceOptions {
    /** The option names, to add to a subcommand's own. */
    public static final Set<String> VALUED = Set.of("samples", "input", "generate", "sentences", "tokenizer", "seq_length", "task", "runs", "warmup",
            "threads", "min_cosine", "min_agreement", "max_accuracy_drop");
    /** The usage text of these options. */
    public static final String USAGE = "[--samples <model.json|rows.csv> [--input <name>] | --sentences <file.txt> --tokenizer"
            + " <tokenizer.json|vocab.txt> [--seq_length 128] | --generate <n> [--seq_length 128]]"
            + " [--task embedding|classifier] [--runs 100] [--warmup 10] [--threads 1]";
    /** Generated sequences when a transformer has no golden samples and none were asked for. */
    static final int DEFAULT_GENERATED = 32;

    private ReferenceOptions() {
    }

    /**
     * The reference samples the options name.
     *
     * @param line the parsed arguments
     * @param source the original
     * @param model the original model
     * @return the samples
     * @throws UsageException for a wrong option
     * @throws OptimizationException when a file cannot be read, or no samples can be found
     */
    public static ReferenceSamples samples(Arguments line, ModelFolder source, ModelProto model)
            throws UsageException, OptimizationException {
        List<String> inputs = inputNames(model);
        if (line.option("samples").isPresent()) {
            Path file = Path.of(line.option("samples").get());
            if (file.getFileName().toString().endsWith(".json")) {
                return ReferenceSamples.fromModelJson(file);
            }
            ReferenceSamples rows = ReferenceSamples.fromCsv(file, line.option("input").orElse(inputs.get(0)));
            return new ReferenceSamples(rows.samples(), source.goldenSamples().labels());
        }
        int generated = line.integer("generate", 0);
        int seqLength = line.integer("seq_length", 128);
        if (line.option("sentences").isPresent()) {
            Path file = Path.of(line.option("sentences").get());
            WordPieceTokenizer tokenizer = WordPieceTokenizer.read(Path.of(line.required("tokenizer")));
            try {
                List<String> texts = java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8).stream()
                        .map(String::strip).filter(t -> !t.isEmpty()).toList();
                return ReferenceSamples.sentences(texts, tokenizer, inputs, seqLength);
            } catch (java.io.IOException e) {
                throw new OptimizationException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        if (generated > 0) {
            return ReferenceSamples.tokenIds(inputs, generated, seqLength, vocabulary(model), 42);
        }
        ReferenceSamples golden = source.goldenSamples();
        if (golden.size() > 0) {
            return golden;
        }
        if (integerInputs(model)) {
            return ReferenceSamples.tokenIds(inputs, DEFAULT_GENERATED, seqLength, vocabulary(model), 42);
        }
        throw new OptimizationException(source.modelFile() + " has no golden samples to measure with: give --samples"
                + " <model.json|rows.csv>");
    }

    /**
     * The measurer the options describe.
     *
     * @param line the parsed arguments
     * @param samples the reference samples
     * @param progress where the bar goes
     * @return the measurer
     * @throws UsageException for a wrong option
     */
    public static ModelMeasurer measurer(Arguments line, ReferenceSamples samples, PrintStream progress) throws UsageException {
        OutputKind kind;
        try {
            kind = line.option("task").map(OutputKind::named).orElse(OutputKind.guess(samples));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        LatencyMeter meter = new LatencyMeter(line.integer("warmup", 10), line.integer("runs", 100));
        return new ModelMeasurer(samples, kind, meter, line.integer("threads", 1), progress);
    }

    /**
     * The accuracy limit the options set.
     *
     * @param line the parsed arguments
     * @return the limit
     * @throws UsageException for a wrong number
     */
    public static AccuracyLimit limit(Arguments line) throws UsageException {
        AccuracyLimit d = AccuracyLimit.DEFAULT;
        return new AccuracyLimit(line.number("min_cosine", d.minMeanCosine()), line.number("min_agreement", d.minAgreement()),
                line.number("max_accuracy_drop", d.maxAccuracyDrop()));
    }

    /**
     * The graph inputs that are not initializers.
     *
     * @param model the model
     * @return their names, in order
     */
    public static List<String> inputNames(ModelProto model) {
        Set<String> initializers = new java.util.HashSet<>();
        model.getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
        List<String> names = new ArrayList<>();
        for (ValueInfoProto input : model.getGraph().getInputList()) {
            if (!initializers.contains(input.getName())) {
                names.add(input.getName());
            }
        }
        return names;
    }

    private static boolean integerInputs(ModelProto model) {
        List<String> names = inputNames(model);
        return !names.isEmpty() && model.getGraph().getInputList().stream().filter(v -> names.contains(v.getName()))
                .allMatch(v -> v.getType().getTensorType().getElemType() == TensorProto.DataType.INT64_VALUE);
    }

    /** The rows of the embedding table the token ids index: the first dimension of the Gather that reads them. */
    private static int vocabulary(ModelProto model) {
        List<String> names = inputNames(model).stream().filter(n -> !n.contains("type") && !n.contains("mask")).toList();
        for (NodeProto node : model.getGraph().getNodeList()) {
            if (node.getOpType().equals("Gather") && node.getInputCount() > 1 && names.contains(node.getInput(1))) {
                for (TensorProto t : model.getGraph().getInitializerList()) {
                    if (t.getName().equals(node.getInput(0)) && t.getDimsCount() > 0) {
                        return (int) t.getDims(0);
                    }
                }
            }
        }
        return 30522;
    }
}
