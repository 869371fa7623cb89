package org.modelgate.optimize.train;

import java.util.Arrays;
import java.util.Random;

/**
 * A feed-forward classifier: standardized inputs, dense layers with ReLU between them, a softmax over the last
 * layer's logits. No hidden layer is softmax (multinomial logistic) regression.
 *
 * <p>Its trainable parameters read and write as one flat {@code float[]} ({@link #parameters()},
 * {@link #setParameters(float[])}): for each layer in order, its weights {@code [inputs][outputs]} row by row, then
 * its biases. Two networks of the same {@link #layerSizes()} have the same layout, so their parameters can be
 * averaged. The standardization is not a parameter: it is fixed when the network is made.
 *
 * <p>Not thread-safe: one training at a time; {@link #probabilities(float[][])} may run while nothing trains.
 */
public final class Network {
    private final Standardization standardization;
    private final int[] sizes; // features, hidden..., classes
    private final float[][] weights; // per layer, [in * out], index i * out + o
    private final float[][] biases;

    private Network(Standardization standardization, int[] sizes) {
        this.standardization = standardization;
        this.sizes = sizes.clone();
        this.weights = new float[sizes.length - 1][];
        this.biases = new float[sizes.length - 1][];
        for (int layer = 0; layer < sizes.length - 1; layer++) {
            weights[layer] = new float[sizes[layer] * sizes[layer + 1]];
            biases[layer] = new float[sizes[layer + 1]];
        }
    }

    /**
     * A network with random initial weights (He initialization before a ReLU, Glorot before the softmax).
     *
     * @param standardization the features' standardization; its width is the number of features
     * @param hidden the sizes of the hidden layers; empty for softmax regression
     * @param classes the number of classes (2 or more)
     * @param seed the seed of the initial weights
     * @return the network
     */
    public static Network mlp(Standardization standardization, int[] hidden, int classes, long seed) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs 2 classes or more, got " + classes);
        }
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = standardization.width();
        for (int i = 0; i < hidden.length; i++) {
            if (hidden[i] < 1) {
                throw new IllegalArgumentException("hidden layer " + (i + 1) + " has " + hidden[i] + " units; give 1 or more");
            }
            sizes[i + 1] = hidden[i];
        }
        sizes[sizes.length - 1] = classes;
        Network network = new Network(standardization, sizes);
        Random random = new Random(seed);
        for (int layer = 0; layer < network.weights.length; layer++) {
            boolean last = layer == network.weights.length - 1;
            double scale = Math.sqrt((last ? 1.0 : 2.0) / sizes[layer]);
            float[] w = network.weights[layer];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (random.nextGaussian() * scale);
            }
        }
        return network;
    }

    /** Softmax regression: {@link #mlp} without hidden layers. */
    public static Network logistic(Standardization standardization, int classes, long seed) {
        return mlp(standardization, new int[0], classes, seed);
    }

    /** @return features, then each hidden layer's size, then the number of classes */
    public int[] layerSizes() {
        return sizes.clone();
    }

    /** @return the number of input features */
    public int features() {
        return sizes[0];
    }

    /** @return the number of classes */
    public int classes() {
        return sizes[sizes.length - 1];
    }

    /** @return the standardization applied to inputs */
    public Standardization standardization() {
        return standardization;
    }

    /** @return how many values {@link #parameters()} has */
    public int parameterCount() {
        int count = 0;
        for (int layer = 0; layer < weights.length; layer++) {
            count += weights[layer].length + biases[layer].length;
        }
        return count;
    }

    /** @return a copy of every trainable parameter, in the documented layout */
    public float[] parameters() {
        float[] flat = new float[parameterCount()];
        int at = 0;
        for (int layer = 0; layer < weights.length; layer++) {
            System.arraycopy(weights[layer], 0, flat, at, weights[layer].length);
            at += weights[layer].length;
            System.arraycopy(biases[layer], 0, flat, at, biases[layer].length);
            at += biases[layer].length;
        }
        return flat;
    }

    /**
     * Replaces every trainable parameter.
     *
     * @param flat values in the layout of {@link #parameters()}
     * @throws IllegalArgumentException when the length differs from {@link #parameterCount()} or a value is not finite
     */
    public void setParameters(float[] flat) {
        if (flat.length != parameterCount()) {
            throw new IllegalArgumentException("this network " + Arrays.toString(sizes) + " has " + parameterCount()
                    + " parameters, got " + flat.length);
        }
        for (int i = 0; i < flat.length; i++) {
            if (!Float.isFinite(flat[i])) {
                throw new IllegalArgumentException("parameter " + i + " is " + flat[i] + "; parameters must be finite");
            }
        }
        int at = 0;
        for (int layer = 0; layer < weights.length; layer++) {
            System.arraycopy(flat, at, weights[layer], 0, weights[layer].length);
            at += weights[layer].length;
            System.arraycopy(flat, at, biases[layer], 0, biases[layer].length);
            at += biases[layer].length;
        }
    }

    /** @return a network with the same standardization, layers and parameters */
    public Network copy() {
        Network copy = new Network(standardization, sizes);
        copy.setParameters(parameters());
        return copy;
    }

    /** The class probabilities of each row. */
    public float[][] probabilities(float[][] rows) {
        float[][] out = new float[rows.length][];
        Activations activations = newActivations();
        for (int r = 0; r < rows.length; r++) {
            double[] p = Softmax.of(forward(rows[r], activations), 1);
            out[r] = new float[p.length];
            for (int c = 0; c < p.length; c++) {
                out[r][c] = (float) p[c];
            }
        }
        return out;
    }

    /** The most probable class of each row. */
    public int[] predict(float[][] rows) {
        int[] classes = new int[rows.length];
        Activations activations = newActivations();
        for (int r = 0; r < rows.length; r++) {
            double[] logits = forward(rows[r], activations);
            int best = 0;
            for (int c = 1; c < logits.length; c++) {
                if (logits[c] > logits[best]) {
                    best = c;
                }
            }
            classes[r] = best;
        }
        return classes;
    }

    /**
     * This network as an ONNX model: input {@code input} FP32 {@code [batch, features]}, output
     * {@code probabilities} FP32 {@code [batch, classes]}, graph {@code Gemm (-> Relu -> Gemm)* -> Softmax} with the
     * standardization folded into the first Gemm (opset 17).
     *
     * @param graphName the graph's name
     * @return the serialized ModelProto
     */
    public byte[] toOnnx(String graphName) {
        return toOnnx(graphName, "input", "probabilities");
    }

    /**
     * Like {@link #toOnnx(String)} with the input and output named as given, e.g. as the model this one replaces
     * names them.
     *
     * @param graphName the graph's name
     * @param inputName the input's name
     * @param outputName the output's name
     * @return the serialized ModelProto
     */
    public byte[] toOnnx(String graphName, String inputName, String outputName) {
        if (inputName.isBlank() || outputName.isBlank() || inputName.equals(outputName)) {
            throw new IllegalArgumentException("input and output need two different names, got '" + inputName + "' and '"
                    + outputName + "'");
        }
        return OnnxExport.of(this, graphName, inputName, outputName);
    }

    /** Buffers of one forward pass: standardized input, then each layer's output (after ReLU for hidden ones). */
    static final class Activations {
        final double[][] values;

        Activations(int[] sizes) {
            values = new double[sizes.length][];
            for (int i = 0; i < sizes.length; i++) {
                values[i] = new double[sizes[i]];
            }
        }
    }

    Activations newActivations() {
        return new Activations(sizes);
    }

    /** Runs one row, leaving every layer's values in {@code activations}; returns the logits (the last layer). */
    double[] forward(float[] row, Activations activations) {
        if (row.length != sizes[0]) {
            throw new IllegalArgumentException("the network takes " + sizes[0] + " features, the row has " + row.length);
        }
        standardization.apply(row, activations.values[0]);
        for (int layer = 0; layer < weights.length; layer++) {
            double[] in = activations.values[layer];
            double[] out = activations.values[layer + 1];
            int width = out.length;
            float[] w = weights[layer];
            for (int o = 0; o < width; o++) {
                out[o] = biases[layer][o];
            }
            for (int i = 0; i < in.length; i++) {
                double x = in[i];
                if (x != 0) {
                    int base = i * width;
                    for (int o = 0; o < width; o++) {
                        out[o] += x * w[base + o];
                    }
                }
            }
            if (layer < weights.length - 1) {
                for (int o = 0; o < width; o++) {
                    out[o] = Math.max(0, out[o]);
                }
            }
        }
        return activations.values[sizes.length - 1];
    }

    float[][] weights() {
        return weights;
    }

    float[][] biases() {
        return biases;
    }
}
