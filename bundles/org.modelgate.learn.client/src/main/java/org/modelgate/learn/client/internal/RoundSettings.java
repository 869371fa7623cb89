package org.modelgate.learn.client.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.modelgate.learn.PrivacySettings;
import org.modelgate.learn.TrainingBudget;
import org.modelgate.optimize.train.Network;
import org.modelgate.optimize.train.Standardization;
import org.modelgate.remote.CommandException;

/**
 * What a round announcement asks of the gateway: the model's shape (so the gateway can rebuild the network the
 * global weights belong to), the local training and the privacy to apply before the update leaves.
 *
 * @param layers features, hidden sizes..., classes
 * @param mean the input standardization's means (one per feature)
 * @param std the input standardization's deviations (one per feature)
 * @param epochs local epochs
 * @param batchSize mini-batch size
 * @param learningRate learning rate
 * @param maxTime longest local training
 * @param proximalMu FedProx's mu (0: FedAvg)
 * @param seed the seed of local shuffling and noise
 * @param privacy clipping and noise applied on the gateway (off: none)
 * @param clientsPerRound clients the noise is split over (distributed DP)
 * @param secureClip where above 0, the round is a secure aggregation round: the update never leaves unmasked; it is
 *     clipped to this L2 norm (after DP, if any) and sent only through the {@code secagg-*} actions
 */
record RoundSettings(int[] layers, float[] mean, float[] std, int epochs, int batchSize, double learningRate,
        Duration maxTime, double proximalMu, long seed, PrivacySettings privacy, int clientsPerRound, double secureClip) {

    /** Reads the {@code settings} object of a round announcement, capped by this gateway's budget. */
    static RoundSettings read(Map<String, Object> settings, ClientSettings budget) {
        int[] layers = Fields.ints(settings, "layers");
        if (layers.length < 2) {
            throw new CommandException("settings.layers needs the features, any hidden sizes and the classes,"
                    + " e.g. [64, 32, 10]; got " + Arrays.toString(layers));
        }
        for (int size : layers) {
            if (size < 1 || size > 100_000) {
                throw new CommandException("settings.layers " + Arrays.toString(layers) + ": each size must be 1..100000");
            }
        }
        float[] mean = settings.containsKey("mean") ? Fields.floats(settings, "mean") : new float[layers[0]];
        float[] std = settings.containsKey("std") ? Fields.floats(settings, "std") : filled(layers[0], 1f);
        if (mean.length != layers[0] || std.length != layers[0]) {
            throw new CommandException("settings.mean and settings.std need " + layers[0] + " values (one per feature),"
                    + " got " + mean.length + " and " + std.length);
        }
        int epochs = Math.min(Fields.integer(settings, "epochs", 1), budget.maxEpochs());
        double seconds = Math.min(Fields.number(settings, "maxSeconds", budget.maxTrainingSeconds()),
                budget.maxTrainingSeconds());
        double clip = Fields.number(settings, "clipNorm", 0);
        double noise = Fields.number(settings, "noiseMultiplier", 0);
        double delta = Fields.number(settings, "delta", 1e-5);
        PrivacySettings privacy;
        try {
            privacy = clip > 0 ? new PrivacySettings(clip, noise, delta) : PrivacySettings.off();
        } catch (IllegalArgumentException e) {
            throw new CommandException("the round's privacy settings cannot be used: " + e.getMessage(), e);
        }
        return new RoundSettings(layers, mean, std, Math.max(1, epochs), Fields.integer(settings, "batchSize", 32),
                Fields.number(settings, "learningRate", 0.05), Duration.ofMillis((long) (seconds * 1000)),
                Fields.number(settings, "proximalMu", 0), (long) Fields.number(settings, "seed", 1),
                privacy, Math.max(1, Fields.integer(settings, "clientsPerRound", 1)),
                Math.max(0, Fields.number(settings, "secureClip", 0)));
    }

    private static float[] filled(int n, float value) {
        float[] v = new float[n];
        Arrays.fill(v, value);
        return v;
    }

    /** Whether the update may leave only masked (secure aggregation). */
    boolean secure() {
        return secureClip > 0;
    }

    int features() {
        return layers[0];
    }

    int classes() {
        return layers[layers.length - 1];
    }

    /** The network of these layers with the given parameters. */
    Network network(float[] parameters) {
        int[] hidden = Arrays.copyOfRange(layers, 1, layers.length - 1);
        Network network;
        try {
            network = Network.mlp(new Standardization(mean, std), hidden, classes(), seed);
        } catch (IllegalArgumentException e) {
            throw new CommandException("the round's model cannot be built: " + e.getMessage(), e);
        }
        if (network.parameterCount() != parameters.length) {
            throw new CommandException("the global weights have " + parameters.length + " values, a network of layers "
                    + Arrays.toString(layers) + " has " + network.parameterCount());
        }
        network.setParameters(parameters);
        return network;
    }

    /** How many parameters the network has (without building it). */
    int parameterCount() {
        int count = 0;
        for (int i = 0; i + 1 < layers.length; i++) {
            count += layers[i] * layers[i + 1] + layers[i + 1];
        }
        return count;
    }

    TrainingBudget budget() {
        return new TrainingBudget(epochs, batchSize, learningRate, maxTime);
    }

    List<Integer> layerList() {
        return Arrays.stream(layers).boxed().toList();
    }
}
