package org.modelgate.explain.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import org.modelgate.monitor.drift.ReferenceProfile;
import org.modelgate.monitor.drift.TensorProfile;

import com.google.protobuf.ByteString;

/**
 * The breast_cancer test model (Wisconsin diagnostic data, 569 rows, 30 features, malignant / benign), trained
 * here: a logistic regression on standardized features (full-batch gradient descent on the softmax loss, fixed
 * seed), written as an ONNX graph {@code Sub(mean) -> Div(std) -> Gemm -> Softmax} with a free batch dimension, and
 * a model.json with its labels and the full reference of the training rows, built as {@code mgpack reference} builds
 * it (TensorProfile.ofRows, TensorProfile.ofClassifierOutputs of the model's own outputs).
 */
public final class BreastCancerModel {
    /** The feature names, in column order (scikit-learn's). */
    public static final List<String> FEATURES = List.of("mean radius", "mean texture", "mean perimeter", "mean area",
            "mean smoothness", "mean compactness", "mean concavity", "mean concave points", "mean symmetry",
            "mean fractal dimension", "radius error", "texture error", "perimeter error", "area error",
            "smoothness error", "compactness error", "concavity error", "concave points error", "symmetry error",
            "fractal dimension error", "worst radius", "worst texture", "worst perimeter", "worst area",
            "worst smoothness", "worst compactness", "worst concavity", "worst concave points", "worst symmetry",
            "worst fractal dimension");
    public static final List<String> LABELS = List.of("malignant", "benign");
    private static final int EPOCHS = 3000;
    private static final double LEARNING_RATE = 0.5;
    private static final double L2 = 1e-3;

    /** Rows and their class indices. */
    public record Data(float[][] rows, int[] labels) {
    }

    private final Data train;
    private final Data test;
    private final double[] mean;
    private final double[] std;
    private final double[][] weights; // [30][2]
    private final double[] bias;

    private BreastCancerModel(Data train, Data test, double[] mean, double[] std, double[][] weights, double[] bias) {
        this.train = train;
        this.test = test;
        this.mean = mean;
        this.std = std;
        this.weights = weights;
        this.bias = bias;
    }

    /** @return the training rows (70 %, stratified, seed 42) */
    public Data train() {
        return train;
    }

    /** @return the held-out rows */
    public Data test() {
        return test;
    }

    /**
     * Trains the model on the CSV in the test resources.
     *
     * @return the model
     * @throws IOException when the CSV cannot be read
     */
    public static BreastCancerModel trained() throws IOException {
        Data all = read();
        List<Integer> trainIdx = new ArrayList<>();
        List<Integer> testIdx = new ArrayList<>();
        Random random = new Random(42);
        for (int label = 0; label < 2; label++) {
            List<Integer> ofClass = new ArrayList<>();
            for (int i = 0; i < all.labels().length; i++) {
                if (all.labels()[i] == label) {
                    ofClass.add(i);
                }
            }
            Collections.shuffle(ofClass, random);
            int cut = (int) Math.round(ofClass.size() * 0.3);
            testIdx.addAll(ofClass.subList(0, cut));
            trainIdx.addAll(ofClass.subList(cut, ofClass.size()));
        }
        Data train = subset(all, trainIdx);
        Data test = subset(all, testIdx);
        int width = FEATURES.size();
        double[] mean = new double[width];
        double[] std = new double[width];
        for (int f = 0; f < width; f++) {
            double sum = 0;
            for (float[] row : train.rows()) {
                sum += row[f];
            }
            mean[f] = sum / train.rows().length;
            double sq = 0;
            for (float[] row : train.rows()) {
                sq += (row[f] - mean[f]) * (row[f] - mean[f]);
            }
            std[f] = Math.sqrt(sq / train.rows().length);
        }
        double[][] z = new double[train.rows().length][width];
        for (int i = 0; i < z.length; i++) {
            for (int f = 0; f < width; f++) {
                z[i][f] = (train.rows()[i][f] - mean[f]) / std[f];
            }
        }
        double[][] w = new double[width][2];
        double[] b = new double[2];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            double[][] gw = new double[width][2];
            double[] gb = new double[2];
            for (int i = 0; i < z.length; i++) {
                double[] p = softmax(logits(z[i], w, b));
                for (int c = 0; c < 2; c++) {
                    double err = p[c] - (train.labels()[i] == c ? 1 : 0);
                    gb[c] += err;
                    for (int f = 0; f < width; f++) {
                        gw[f][c] += err * z[i][f];
                    }
                }
            }
            for (int c = 0; c < 2; c++) {
                b[c] -= LEARNING_RATE * gb[c] / z.length;
                for (int f = 0; f < width; f++) {
                    w[f][c] -= LEARNING_RATE * (gw[f][c] / z.length + L2 * w[f][c]);
                }
            }
        }
        return new BreastCancerModel(train, test, mean, std, w, b);
    }

    /**
     * Writes {@code <folder>/model.onnx} and {@code model.json} (name breast_cancer, version 1.0.0).
     *
     * @param folder the version folder
     * @param outputsOfTraining the model's output rows on the training rows, for the reference's output profile; null
     *        for a model.json without a reference
     * @throws IOException when writing fails
     */
    public void write(Path folder, double[][] outputsOfTraining) throws IOException {
        Files.createDirectories(folder);
        Files.write(folder.resolve("model.onnx"), onnx().toByteArray());
        double[][] rows = new double[train.rows().length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[FEATURES.size()];
            for (int f = 0; f < rows[i].length; f++) {
                rows[i][f] = train.rows()[i][f];
            }
        }
        String referenceJson = "";
        if (outputsOfTraining != null) {
            referenceJson = ",\n  \"reference\": " + json(reference(rows, outputsOfTraining).toJson());
        }
        String json = "{\n  \"name\": \"breast_cancer\",\n  \"version\": \"1.0.0\",\n  \"format\": \"onnx\",\n"
                + "  \"file\": \"model.onnx\",\n"
                + "  \"description\": \"Logistic regression on standardized Wisconsin breast cancer features (test fixture)\",\n"
                + "  \"labels\": [\"malignant\", \"benign\"],\n"
                + "  \"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [-1, 30]}],\n"
                + "  \"outputs\": [{\"name\": \"probabilities\", \"datatype\": \"FP32\", \"shape\": [-1, 2]}]"
                + referenceJson + "\n}\n";
        Files.writeString(folder.resolve("model.json"), json, StandardCharsets.UTF_8);
    }

    private static ReferenceProfile reference(double[][] rows, double[][] outputsOfTraining) {
        Map<String, TensorProfile> inputs = new LinkedHashMap<>();
        inputs.put("input", TensorProfile.ofRows(FEATURES, rows));
        Map<String, TensorProfile> outputs = new LinkedHashMap<>();
        outputs.put("probabilities", TensorProfile.ofClassifierOutputs(LABELS, outputsOfTraining));
        return new ReferenceProfile(rows.length, inputs, outputs);
    }

    private ModelProto onnx() {
        int width = FEATURES.size();
        float[] w = new float[width * 2];
        for (int f = 0; f < width; f++) {
            w[f * 2] = (float) weights[f][0];
            w[f * 2 + 1] = (float) weights[f][1];
        }
        GraphProto graph = GraphProto.newBuilder().setName("breast_cancer")
                .addInput(value("input", width)).addOutput(value("probabilities", 2))
                .addInitializer(floats("mean", new long[] {width}, toFloats(mean)))
                .addInitializer(floats("std", new long[] {width}, toFloats(std)))
                .addInitializer(floats("W", new long[] {width, 2}, w))
                .addInitializer(floats("B", new long[] {2}, toFloats(bias)))
                .addNode(NodeProto.newBuilder().setOpType("Sub").addInput("input").addInput("mean").addOutput("centered"))
                .addNode(NodeProto.newBuilder().setOpType("Div").addInput("centered").addInput("std").addOutput("z"))
                .addNode(NodeProto.newBuilder().setOpType("Gemm").addInput("z").addInput("W").addInput("B").addOutput("logits"))
                .addNode(NodeProto.newBuilder().setOpType("Softmax").addInput("logits").addOutput("probabilities")
                        .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(1)))
                .build();
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("modelgate-explain-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(graph).build();
    }

    private static ValueInfoProto value(String name, int width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }

    private static TensorProto floats(String name, long[] dims, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        bytes.flip();
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes));
        for (long d : dims) {
            tensor.addDims(d);
        }
        return tensor.build();
    }

    private static double[] logits(double[] z, double[][] w, double[] b) {
        double[] out = b.clone();
        for (int f = 0; f < z.length; f++) {
            out[0] += z[f] * w[f][0];
            out[1] += z[f] * w[f][1];
        }
        return out;
    }

    private static double[] softmax(double[] logits) {
        double max = Math.max(logits[0], logits[1]);
        double e0 = Math.exp(logits[0] - max);
        double e1 = Math.exp(logits[1] - max);
        return new double[] {e0 / (e0 + e1), e1 / (e0 + e1)};
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    static Data read() throws IOException {
        try (InputStream in = BreastCancerModel.class.getResourceAsStream("/data/breast_cancer.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
            int width = Integer.parseInt(lines.get(0).split(",")[1]);
            float[][] rows = new float[lines.size() - 1][];
            int[] labels = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                String[] cells = lines.get(i + 1).split(",");
                rows[i] = new float[width];
                for (int f = 0; f < width; f++) {
                    rows[i][f] = Float.parseFloat(cells[f]);
                }
                labels[i] = Integer.parseInt(cells[width].trim());
            }
            return new Data(rows, labels);
        }
    }

    private static Data subset(Data all, List<Integer> indices) {
        float[][] rows = new float[indices.size()][];
        int[] labels = new int[indices.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = all.rows()[indices.get(i)];
            labels[i] = all.labels()[indices.get(i)];
        }
        return new Data(rows, labels);
    }

    /** Plain JSON values as text. */
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
}
