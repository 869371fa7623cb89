package org.modelgate.optimize.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.folder.ModelJson;

/**
 * The inputs a report runs the original and the optimized model on: model.json's golden samples, the rows of a CSV
 * file, or generated token ids for a transformer. {@code labels} are model.json's (a classifier's class names, in
 * output order), empty when unknown.
 *
 * <pre>
 * ReferenceSamples golden = ReferenceSamples.fromModelJson(Path.of("models/iris/1.0.0/model.json"));
 * ReferenceSamples rows = ReferenceSamples.fromCsv(Path.of("test.csv"), "input");
 * ReferenceSamples tokens = ReferenceSamples.tokenIds(List.of("input_ids", "attention_mask", "token_type_ids"), 200, 128, 30522, 42);
 * </pre>
 *
 * @param samples the samples, in order
 * @param labels the class names, empty when unknown
 */
public record ReferenceSamples(List<Sample> samples, List<String> labels) {
    /** The column of a CSV file that holds the true label, when its header names one. */
    public static final String LABEL_COLUMN = "label";

    /**
     * Copies the lists.
     */
    public ReferenceSamples {
        samples = List.copyOf(samples);
        labels = List.copyOf(labels);
    }

    /**
     * Samples without labels.
     *
     * @param samples the samples
     * @return the source
     */
    public static ReferenceSamples of(List<Sample> samples) {
        return new ReferenceSamples(samples, List.of());
    }

    /**
     * The number of samples.
     *
     * @return how many
     */
    public int size() {
        return samples.size();
    }

    /**
     * True when every sample has a label (a classifier's accuracy can be measured).
     *
     * @return whether all are labelled
     */
    public boolean labelled() {
        return !samples.isEmpty() && samples.stream().allMatch(s -> s.label().isPresent());
    }

    /**
     * The golden samples of a model.json, with its labels.
     *
     * @param modelJson the file
     * @return the samples (none when it has no {@code golden})
     * @throws OptimizationException when the file cannot be read or a sample is malformed
     */
    public static ReferenceSamples fromModelJson(Path modelJson) throws OptimizationException {
        Map<String, Object> json = ModelJson.read(modelJson);
        List<String> labels = new ArrayList<>();
        if (json.get("labels") instanceof List<?> names) {
            names.forEach(n -> labels.add(String.valueOf(n)));
        }
        List<Sample> samples = new ArrayList<>();
        if (json.get("golden") instanceof List<?> golden) {
            for (int i = 0; i < golden.size(); i++) {
                samples.add(goldenSample(golden.get(i), modelJson + ": golden[" + i + "]"));
            }
        }
        return new ReferenceSamples(samples, labels);
    }

    /**
     * One golden sample of model.json.
     *
     * @param golden the parsed object
     * @param where its path, for messages
     * @return the sample
     * @throws OptimizationException when it is malformed
     */
    public static Sample goldenSample(Object golden, String where) throws OptimizationException {
        if (!(golden instanceof Map<?, ?> sample) || !(sample.get("inputs") instanceof List<?> inputs)) {
            throw new OptimizationException(where + " has no \"inputs\" list");
        }
        List<Tensor> in = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            in.add(tensor(inputs.get(i), where + ".inputs[" + i + "]", true));
        }
        List<Tensor> out = new ArrayList<>();
        if (sample.get("outputs") instanceof List<?> outputs) {
            for (int i = 0; i < outputs.size(); i++) {
                out.add(tensor(outputs.get(i), where + ".outputs[" + i + "]", false));
            }
        }
        double tolerance = sample.get("tolerance") instanceof Number n ? n.doubleValue() : Sample.DEFAULT_TOLERANCE;
        Optional<String> label = Optional.ofNullable(sample.get("label")).map(String::valueOf);
        return new Sample(in, out, tolerance, label);
    }

    private static Tensor tensor(Object value, String where, boolean input) throws OptimizationException {
        if (!(value instanceof Map<?, ?> t) || !(t.get("name") instanceof String name)) {
            throw new OptimizationException(where + " has no \"name\"");
        }
        List<Double> data = new ArrayList<>();
        flatten(t.get("data"), data, where);
        long[] shape;
        if (t.get("shape") instanceof List<?> dims) {
            shape = dims.stream().mapToLong(d -> ((Number) d).longValue()).toArray();
        } else if (input) {
            throw new OptimizationException(where + " has no \"shape\"");
        } else {
            shape = new long[] {data.size()};
        }
        String datatype = t.get("datatype") instanceof String d ? d : "FP32";
        try {
            return new Tensor(name, datatype, shape, data.stream().mapToDouble(Double::doubleValue).toArray());
        } catch (IllegalArgumentException e) {
            throw new OptimizationException(where + ": " + e.getMessage());
        }
    }

    private static void flatten(Object data, List<Double> into, String where) throws OptimizationException {
        if (data instanceof List<?> list) {
            for (Object o : list) {
                flatten(o, into, where);
            }
        } else if (data instanceof Number n) {
            into.add(n.doubleValue());
        } else if (data instanceof Boolean b) {
            into.add(b ? 1.0 : 0.0);
        } else {
            throw new OptimizationException(where + ": \"data\" holds " + data + ", not numbers");
        }
    }

    /**
     * The rows of a CSV file, each a sample of one FP32 row {@code [1, columns]} for {@code input}. A first line that
     * is not numeric is a header; a header column named {@value #LABEL_COLUMN} holds the true label.
     *
     * @param csv the file
     * @param input the model's input tensor name
     * @return the samples
     * @throws OptimizationException when the file cannot be read, a value is not a number or rows differ in width
     */
    public static ReferenceSamples fromCsv(Path csv, String input) throws OptimizationException {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OptimizationException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        int labelColumn = -1;
        int first = 0;
        if (!lines.isEmpty() && !numeric(lines.get(0).split(",")[0].trim())) {
            String[] header = lines.get(0).split(",");
            for (int c = 0; c < header.length; c++) {
                if (header[c].trim().equalsIgnoreCase(LABEL_COLUMN)) {
                    labelColumn = c;
                }
            }
            first = 1;
        }
        List<Sample> samples = new ArrayList<>();
        int width = -1;
        for (int l = first; l < lines.size(); l++) {
            String line = lines.get(l).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",");
            int features = cells.length - (labelColumn >= 0 ? 1 : 0);
            if (width >= 0 && features != width) {
                throw new OptimizationException(csv + " line " + (l + 1) + " has " + features + " values, the lines before "
                        + width);
            }
            width = features;
            double[] row = new double[features];
            String label = null;
            int f = 0;
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].trim();
                if (c == labelColumn) {
                    label = cell;
                    continue;
                }
                try {
                    row[f++] = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new OptimizationException(csv + " line " + (l + 1) + " column " + (c + 1) + ": '" + cell
                            + "' is not a number");
                }
            }
            samples.add(new Sample(List.of(new Tensor(input, "FP32", new long[] {1, features}, row)), List.of(),
                    Sample.DEFAULT_TOLERANCE, Optional.ofNullable(label)));
        }
        if (samples.isEmpty()) {
            throw new OptimizationException(csv + " holds no rows");
        }
        return of(samples);
    }

    private static boolean numeric(String cell) {
        try {
            Double.parseDouble(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Real text for a transformer: each text tokenized into one sequence {@code [1, seqLength]} of INT64,
     * {@code [CLS] pieces [SEP]} cut to fit and padded with id 0; the input whose name holds {@code mask} is 1 on the
     * tokens and 0 on the padding, a {@code type} input is zeros, the others get the ids.
     *
     * @param texts the texts (one sample each)
     * @param tokenizer the model's own vocabulary
     * @param inputs the model's input names
     * @param seqLength the sequence length
     * @return the samples
     */
    public static ReferenceSamples sentences(List<String> texts, WordPieceTokenizer tokenizer, List<String> inputs, int seqLength) {
        List<Sample> samples = new ArrayList<>();
        for (String text : texts) {
            long[] ids = tokenizer.encode(text, seqLength);
            List<Tensor> tensors = new ArrayList<>();
            for (String name : inputs) {
                double[] data = new double[seqLength];
                String lower = name.toLowerCase(java.util.Locale.ROOT);
                for (int i = 0; i < ids.length; i++) {
                    data[i] = lower.contains("mask") ? 1 : lower.contains("type") ? 0 : ids[i];
                }
                tensors.add(new Tensor(name, "INT64", new long[] {1, seqLength}, data));
            }
            samples.add(Sample.of(tensors));
        }
        return of(samples);
    }

    /**
     * Generated inputs for a transformer: random token ids in {@code [1000, vocabSize)} (past BERT's special and
     * unused tokens) for the input whose name holds {@code ids} and is not a type id, ones for a {@code mask}, zeros
     * for {@code token_type} inputs; each sample is one sequence {@code [1, seqLength]} of INT64.
     *
     * @param inputs the model's input names
     * @param count how many samples
     * @param seqLength the sequence length
     * @param vocabSize the vocabulary size
     * @param seed the random seed (the same seed gives the same samples)
     * @return the samples
     */
    public static ReferenceSamples tokenIds(List<String> inputs, int count, int seqLength, int vocabSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int low = Math.min(1000, vocabSize / 2);
        List<Sample> samples = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            List<Tensor> tensors = new ArrayList<>();
            for (String name : inputs) {
                double[] data = new double[seqLength];
                String lower = name.toLowerCase(java.util.Locale.ROOT);
                if (lower.contains("mask")) {
                    java.util.Arrays.fill(data, 1);
                } else if (lower.contains("type")) {
                    java.util.Arrays.fill(data, 0);
                } else {
                    for (int i = 0; i < seqLength; i++) {
                        data[i] = random.nextInt(low, vocabSize);
                    }
                }
                tensors.add(new Tensor(name, "INT64", new long[] {1, seqLength}, data));
            }
            samples.add(Sample.of(tensors));
        }
        return of(samples);
    }
}
