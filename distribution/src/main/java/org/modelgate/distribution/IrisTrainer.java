package org.modelgate.distribution;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.modelgate.monitor.drift.ReferenceProfile;
import org.modelgate.monitor.drift.TensorProfile;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Build tool (not shipped): trains the demo model of the distribution, a logistic regression on
 * Fisher's Iris data, exports it to ONNX and writes {@code models/iris/1.0.0/} (model.onnx +
 * model.json). The exported file is run with ONNX Runtime on a held-out split, and the build fails
 * if its accuracy is below the minimum, so a broken trainer or exporter cannot ship a bad model.
 *
 * <p>Arguments: {@code <iris.csv> <model version folder> <minimum accuracy>}.
 */
public final class IrisTrainer {
    /**
     * Tribuo orders features by name; the prefixes make that order the column order of the CSV,
     * which is the order of the values in the model's input tensor.
     */
    static final String[] FEATURES = {"f0_sepal_length_cm", "f1_sepal_width_cm", "f2_petal_length_cm", "f3_petal_width_cm"};
    private static final long SEED = 42L;
    private static final int EPOCHS = 200;
    private static final double LEARNING_RATE = 0.5;
    private static final double TEST_FRACTION = 0.3;

    private IrisTrainer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: IrisTrainer <iris.csv> <output folder> <minimum accuracy>");
        }
        Path csv = Path.of(args[0]);
        Path out = Path.of(args[1]);
        double minimum = Double.parseDouble(args[2]);

        IrisData data = IrisData.read(csv);
        List<IrisData.Sample> train = new ArrayList<>();
        List<IrisData.Sample> test = new ArrayList<>();
        data.stratifiedSplit(TEST_FRACTION, new Random(SEED), train, test);

        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("iris.csv (Fisher's Iris, UCI)", labels), labels);
        for (IrisData.Sample sample : train) {
            dataset.add(new ArrayExample<>(new Label(data.classNames().get(sample.label())), FEATURES, sample.features()));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(LEARNING_RATE, 0.1), EPOCHS, -1, 1, SEED);
        LinearSGDModel model = trainer.train(dataset);

        MutableDataset<Label> held = new MutableDataset<>(new SimpleDataSourceProvenance("iris.csv test split", labels), labels);
        for (IrisData.Sample sample : test) {
            held.add(new ArrayExample<>(new Label(data.classNames().get(sample.label())), FEATURES, sample.features()));
        }
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, held);

        // The label order of the model's output, by output id: what model.json "labels" must list.
        String[] outputLabels = new String[model.getOutputIDInfo().size()];
        model.getOutputIDInfo().forEach(pair -> outputLabels[pair.getA()] = pair.getB().getLabel());

        Files.createDirectories(out);
        Path onnx = out.resolve("model.onnx");
        model.saveONNXModel("org.modelgate.demo", 1, onnx);
        OnnxCheck check = OnnxCheck.run(onnx, test, data.classNames(), List.of(outputLabels));

        System.out.printf(Locale.ROOT, "[iris] trained on %d samples, held-out %d; Tribuo accuracy %.4f, ONNX Runtime accuracy %.4f%n",
                train.size(), test.size(), evaluation.accuracy(), check.accuracy());
        System.out.printf(Locale.ROOT, "[iris] input '%s' %s, output '%s' %s, labels %s%n",
                check.inputName(), check.inputInfo(), check.outputName(), check.outputInfo(), List.of(outputLabels));
        if (check.accuracy() < minimum || evaluation.accuracy() < minimum) {
            throw new IllegalStateException("Demo model accuracy " + check.accuracy() + " is below " + minimum
                    + ": the trainer or the ONNX export is broken");
        }
        writeModelJson(out.resolve("model.json"), outputLabels, check.accuracy(), test.size(), reference(train, onnx, outputLabels));
    }

    /**
     * "reference": the full profile of the training rows (per feature moments, percentiles, a decile
     * histogram; the model's predicted classes and confidence on them), built by the drift bundle as
     * {@code mgpack reference} builds it: what drift is measured against.
     */
    static String reference(List<IrisData.Sample> train, Path onnx, String[] outputLabels) throws OrtException {
        double[][] rows = new double[train.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = train.get(i).features();
        }
        List<String> names = new ArrayList<>();
        for (String feature : FEATURES) {
            names.add(feature.substring(feature.indexOf('_') + 1));
        }
        ReferenceProfile profile = new ReferenceProfile(train.size(), Map.of("input", TensorProfile.ofRows(names, rows)),
                Map.of("output", TensorProfile.ofClassifierOutputs(List.of(outputLabels), OnnxCheck.outputs(onnx, rows))));
        return json(profile.toJson());
    }

    /** Plain JSON values (maps, lists, numbers, strings, null) as text. */
    static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(json(k.toString())).append(": ").append(json(v)));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            list.forEach(v -> out.append(out.length() > 1 ? ", " : "").append(json(v)));
            return out.append(']').toString();
        }
        if (value instanceof String text) {
            return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        return String.valueOf(value);
    }

    private static void writeModelJson(Path file, String[] labels, double accuracy, int samples, String reference)
            throws IOException {
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"name\": \"iris\",\n");
        json.append("  \"version\": \"1.0.0\",\n");
        json.append("  \"format\": \"onnx\",\n");
        json.append("  \"file\": \"model.onnx\",\n");
        json.append(String.format(Locale.ROOT, "  \"description\": \"Logistic regression on Fisher's Iris data (sepal length, sepal width,"
                + " petal length, petal width in cm); trained at build time with Tribuo, held-out accuracy %.3f on %d samples\",%n",
                accuracy, samples));
        json.append("  \"labels\": [");
        for (int i = 0; i < labels.length; i++) {
            json.append(i == 0 ? "" : ", ").append('"').append(labels[i]).append('"');
        }
        json.append("],\n");
        json.append("  \"options\": {\"intraOpThreads\": \"1\"},\n");
        json.append("  \"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [-1, 4]}],\n");
        json.append("  \"outputs\": [{\"name\": \"output\", \"datatype\": \"FP32\", \"shape\": [-1, 3]}],\n");
        json.append("  \"hints\": {\"accelerators\": [\"cpu\"], \"minMemoryMB\": 16},\n");
        json.append("  \"reference\": ").append(reference).append(",\n");
        // The trial every activation of this version must pass: one real flower of each species.
        json.append("  \"golden\": [\n");
        String[][] golden = {{"5.1, 3.5, 1.4, 0.2", "setosa"}, {"6.4, 3.2, 4.5, 1.5", "versicolor"},
            {"6.7, 3.0, 5.2, 2.3", "virginica"}};
        for (int i = 0; i < golden.length; i++) {
            json.append("    {\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [1, 4], \"data\": [")
                    .append(golden[i][0]).append("]}], \"label\": \"").append(golden[i][1]).append("\"}")
                    .append(i < golden.length - 1 ? ",\n" : "\n");
        }
        json.append("  ],\n");
        json.append("  \"guards\": {\"maxLatencyMs\": 250}\n");
        json.append("}\n");
        Files.writeString(file, json, StandardCharsets.UTF_8);
    }

    /** Runs the exported file with ONNX Runtime, as the gateway will. */
    record OnnxCheck(double accuracy, String inputName, String inputInfo, String outputName, String outputInfo) {
        static OnnxCheck run(Path onnx, List<IrisData.Sample> test, List<String> classNames, List<String> outputLabels)
                throws OrtException {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
                Map.Entry<String, NodeInfo> input = session.getInputInfo().entrySet().iterator().next();
                Map.Entry<String, NodeInfo> output = session.getOutputInfo().entrySet().iterator().next();
                float[][] batch = new float[test.size()][];
                for (int i = 0; i < batch.length; i++) {
                    double[] features = test.get(i).features();
                    batch[i] = new float[features.length];
                    for (int j = 0; j < features.length; j++) {
                        batch[i][j] = (float) features[j];
                    }
                }
                int correct = 0;
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, batch);
                        OrtSession.Result result = session.run(Map.of(input.getKey(), tensor))) {
                    float[][] probabilities = (float[][]) result.get(0).getValue();
                    for (int i = 0; i < probabilities.length; i++) {
                        String predicted = outputLabels.get(argmax(probabilities[i]));
                        if (predicted.equals(classNames.get(test.get(i).label()))) {
                            correct++;
                        }
                    }
                }
                return new OnnxCheck((double) correct / test.size(), input.getKey(), input.getValue().getInfo().toString(),
                        output.getKey(), output.getValue().getInfo().toString());
            }
        }

        /** The model's outputs (probabilities) on rows, as the reference's output profile needs them. */
        static double[][] outputs(Path onnx, double[][] rows) throws OrtException {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
                float[][] batch = new float[rows.length][];
                for (int i = 0; i < rows.length; i++) {
                    batch[i] = new float[rows[i].length];
                    for (int j = 0; j < rows[i].length; j++) {
                        batch[i][j] = (float) rows[i][j];
                    }
                }
                String input = session.getInputInfo().keySet().iterator().next();
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, batch); OrtSession.Result result = session.run(Map.of(input, tensor))) {
                    float[][] probabilities = (float[][]) result.get(0).getValue();
                    double[][] out = new double[probabilities.length][];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = new double[probabilities[i].length];
                        for (int j = 0; j < out[i].length; j++) {
                            out[i][j] = probabilities[i][j];
                        }
                    }
                    return out;
                }
            }
        }

        private static int argmax(float[] values) {
            int best = 0;
            for (int i = 1; i < values.length; i++) {
                if (values[i] > values[best]) {
                    best = i;
                }
            }
            return best;
        }
    }

    /** The data set in the format of the shared data folder: a header {@code n,features,classes...}, then rows of values and the class index. */
    record IrisData(List<String> classNames, List<Sample> samples) {
        record Sample(double[] features, int label) {
        }

        static IrisData read(Path csv) throws IOException {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            String[] header = lines.get(0).split(",");
            int count = Integer.parseInt(header[0].trim());
            int features = Integer.parseInt(header[1].trim());
            List<String> classNames = List.of(header).subList(2, header.length);
            List<Sample> samples = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",");
                double[] values = new double[features];
                for (int i = 0; i < features; i++) {
                    values[i] = Double.parseDouble(cells[i].trim());
                }
                samples.add(new Sample(values, Integer.parseInt(cells[features].trim())));
            }
            if (samples.size() != count || features != FEATURES.length) {
                throw new IllegalStateException(csv + ": expected " + count + " samples of " + FEATURES.length
                        + " features, read " + samples.size() + " of " + features);
            }
            return new IrisData(classNames, samples);
        }

        /** Per class, a shuffled {@code testFraction} goes to {@code test}, the rest to {@code train}. */
        void stratifiedSplit(double testFraction, Random random, List<Sample> train, List<Sample> test) {
            for (int label = 0; label < classNames.size(); label++) {
                List<Sample> ofClass = new ArrayList<>();
                for (Sample sample : samples) {
                    if (sample.label() == label) {
                        ofClass.add(sample);
                    }
                }
                Collections.shuffle(ofClass, random);
                int testCount = (int) Math.round(ofClass.size() * testFraction);
                test.addAll(ofClass.subList(0, testCount));
                train.addAll(ofClass.subList(testCount, ofClass.size()));
            }
        }
    }
}
