package org.modelgate.optimize.train;

import java.util.Random;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Fits a {@link Network} to an {@link Objective} by mini-batch gradient descent, with L2 on the weights (not the
 * biases). The rows are shuffled each epoch by a generator seeded with {@link Builder#optSeed}, and the arithmetic
 * runs on one thread in a fixed order, so the same network, rows, objective and settings give the same parameters.
 *
 * <pre>
 * Trainer trainer = Trainer.builder().optAlgorithm(Trainer.Algorithm.ADAM).optEpochs(80).optSeed(7).build();
 * Trainer.History history = trainer.fit(network, rows, Objective.crossEntropy(labels));
 * </pre>
 */
public final class Trainer {
    /** The update rule. */
    public enum Algorithm {
        /** Stochastic gradient descent with momentum 0.9. */
        SGD,
        /** Adam (beta1 0.9, beta2 0.999, epsilon 1e-8). */
        ADAM
    }

    /** Called after each epoch, e.g. to move a progress bar. */
    @ConsumerType
    @FunctionalInterface
    public interface EpochListener {
        /**
         * One epoch is done.
         *
         * @param epoch the epoch just finished, from 1
         * @param epochs the number of epochs of this fit
         * @param meanLoss the mean loss of the epoch's rows (objective only, without L2)
         */
        void epochDone(int epoch, int epochs, double meanLoss);
    }

    /**
     * What a fit did.
     *
     * @param lossPerEpoch the mean objective loss of each epoch, in order
     */
    public record History(double[] lossPerEpoch) {
        /** @return the mean loss of the last epoch */
        public double finalLoss() {
            return lossPerEpoch[lossPerEpoch.length - 1];
        }
    }

    private static final double MOMENTUM = 0.9;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final Algorithm algorithm;
    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final double l2;
    private final long seed;
    private final EpochListener listener;
    private final float[] anchor;
    private final double mu;

    private Trainer(Builder builder) {
        this.algorithm = builder.algorithm;
        this.epochs = builder.epochs;
        this.batchSize = builder.batchSize;
        this.learningRate = builder.learningRate;
        this.l2 = builder.l2;
        this.seed = builder.seed;
        this.listener = builder.listener;
        this.anchor = builder.anchor;
        this.mu = builder.mu;
    }

    /** @return a builder with the defaults: Adam, 50 epochs, batch 32, learning rate 0.005, L2 1e-4, seed 42 */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains {@code network} in place.
     *
     * @param network the network, whose parameters are the starting point
     * @param rows the training rows (raw features: the network standardizes them)
     * @param objective the loss, indexed by position in {@code rows}
     * @return the loss of each epoch
     * @throws IllegalArgumentException when there are no rows or a row has the wrong width
     * @throws IllegalStateException when the loss stops being finite (lower the learning rate)
     */
    public History fit(Network network, float[][] rows, Objective objective) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        if (anchor != null && anchor.length != network.parameterCount()) {
            throw new IllegalArgumentException("the proximal anchor has " + anchor.length + " values, the network "
                    + network.parameterCount() + " parameters");
        }
        float[][] weights = network.weights();
        float[][] biases = network.biases();
        int layers = weights.length;
        int[] sizes = network.layerSizes();
        double[][] gradW = like(weights);
        double[][] gradB = like(biases);
        double[][] firstW = like(weights);
        double[][] firstB = like(biases);
        double[][] secondW = algorithm == Algorithm.ADAM ? like(weights) : null;
        double[][] secondB = algorithm == Algorithm.ADAM ? like(biases) : null;
        double[][] deltas = new double[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            deltas[i] = new double[sizes[i]];
        }
        Network.Activations activations = network.newActivations();
        int[] order = new int[rows.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        double[] history = new double[epochs];
        long step = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(order, random);
            double epochLoss = 0;
            for (int start = 0; start < order.length; start += batchSize) {
                int end = Math.min(order.length, start + batchSize);
                clear(gradW);
                clear(gradB);
                for (int k = start; k < end; k++) {
                    int row = order[k];
                    double[] logits = network.forward(rows[row], activations);
                    double[] delta = deltas[layers];
                    double loss = objective.lossAndGradient(row, logits, delta);
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("the loss became " + loss + " in epoch " + (epoch + 1)
                                + "; lower the learning rate (now " + learningRate + ")");
                    }
                    epochLoss += loss;
                    backward(weights, activations, deltas, gradW, gradB);
                }
                step++;
                update(weights, biases, gradW, gradB, firstW, firstB, secondW, secondB, end - start, step);
            }
            history[epoch] = epochLoss / rows.length;
            if (listener != null) {
                listener.epochDone(epoch + 1, epochs, history[epoch]);
            }
        }
        return new History(history);
    }

    private static void backward(float[][] weights, Network.Activations activations, double[][] deltas,
            double[][] gradW, double[][] gradB) {
        for (int layer = weights.length - 1; layer >= 0; layer--) {
            double[] in = activations.values[layer];
            double[] delta = deltas[layer + 1];
            int width = delta.length;
            double[] gw = gradW[layer];
            double[] gb = gradB[layer];
            for (int o = 0; o < width; o++) {
                gb[o] += delta[o];
            }
            double[] below = deltas[layer];
            float[] w = weights[layer];
            for (int i = 0; i < in.length; i++) {
                double x = in[i];
                int base = i * width;
                if (x != 0) {
                    for (int o = 0; o < width; o++) {
                        gw[base + o] += x * delta[o];
                    }
                }
                if (layer > 0) {
                    double sum = 0;
                    if (x > 0) { // ReLU: no gradient where the unit was off
                        for (int o = 0; o < width; o++) {
                            sum += w[base + o] * delta[o];
                        }
                    }
                    below[i] = sum;
                }
            }
        }
    }

    private void update(float[][] weights, float[][] biases, double[][] gradW, double[][] gradB, double[][] firstW,
            double[][] firstB, double[][] secondW, double[][] secondB, int batch, long step) {
        int offset = 0; // position in the flat layout, for the proximal anchor
        for (int layer = 0; layer < weights.length; layer++) {
            apply(weights[layer], gradW[layer], firstW[layer], secondW == null ? null : secondW[layer], batch, step, l2, offset);
            offset += weights[layer].length;
            apply(biases[layer], gradB[layer], firstB[layer], secondB == null ? null : secondB[layer], batch, step, 0, offset);
            offset += biases[layer].length;
        }
    }

    private void apply(float[] values, double[] gradient, double[] first, double[] second, int batch, long step,
            double decay, int offset) {
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        for (int i = 0; i < values.length; i++) {
            double g = gradient[i] / batch + decay * values[i];
            if (anchor != null) {
                g += mu * (values[i] - anchor[offset + i]);
            }
            if (second == null) {
                first[i] = MOMENTUM * first[i] + g;
                values[i] -= (float) (learningRate * first[i]);
            } else {
                first[i] = BETA1 * first[i] + (1 - BETA1) * g;
                second[i] = BETA2 * second[i] + (1 - BETA2) * g * g;
                double m = first[i] / correction1;
                double v = second[i] / correction2;
                values[i] -= (float) (learningRate * m / (Math.sqrt(v) + EPSILON));
            }
        }
    }

    private static double[][] like(float[][] arrays) {
        double[][] out = new double[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            out[i] = new double[arrays[i].length];
        }
        return out;
    }

    private static void clear(double[][] arrays) {
        for (double[] array : arrays) {
            java.util.Arrays.fill(array, 0);
        }
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Settings of a {@link Trainer}; every one is optional. */
    public static final class Builder {
        private Algorithm algorithm = Algorithm.ADAM;
        private int epochs = 50;
        private int batchSize = 32;
        private double learningRate = 0.005;
        private double l2 = 1e-4;
        private long seed = 42;
        private EpochListener listener;
        private float[] anchor;
        private double mu;

        private Builder() {
        }

        /**
         * FedProx's proximal term: adds {@code mu / 2 * ||w - anchor||^2} over every parameter (biases too) to the
         * loss, keeping a client's update near the global model it started from.
         *
         * @param anchorParameters the parameters to stay near, in the layout of {@link Network#parameters()}
         * @param proximalMu the term's weight, 0 or more (0: none)
         */
        public Builder optProximalTerm(float[] anchorParameters, double proximalMu) {
            if (!(proximalMu >= 0) || !Double.isFinite(proximalMu)) {
                throw new IllegalArgumentException("mu must be 0 or more, got " + proximalMu);
            }
            this.anchor = proximalMu == 0 ? null : anchorParameters.clone();
            this.mu = proximalMu;
            return this;
        }

        /** The update rule (default Adam). */
        public Builder optAlgorithm(Algorithm value) {
            this.algorithm = java.util.Objects.requireNonNull(value, "algorithm");
            return this;
        }

        /** Passes over the rows (default 50). */
        public Builder optEpochs(int value) {
            this.epochs = positive("epochs", value);
            return this;
        }

        /** Rows per update (default 32). */
        public Builder optBatchSize(int value) {
            this.batchSize = positive("batch size", value);
            return this;
        }

        /** Step size (default 0.005; for SGD with momentum try 0.01). */
        public Builder optLearningRate(double value) {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("the learning rate must be positive, got " + value);
            }
            this.learningRate = value;
            return this;
        }

        /** L2 penalty on the weights, added to their gradient as {@code l2 * w} (default 1e-4; 0 for none). */
        public Builder optL2(double value) {
            if (!(value >= 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("L2 must be 0 or more, got " + value);
            }
            this.l2 = value;
            return this;
        }

        /** Seed of the row order (default 42). */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /** Told after each epoch. */
        public Builder optListener(EpochListener value) {
            this.listener = value;
            return this;
        }

        /** @return the trainer */
        public Trainer build() {
            return new Trainer(this);
        }

        private static int positive(String what, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be 1 or more, got " + value);
            }
            return value;
        }
    }
}
