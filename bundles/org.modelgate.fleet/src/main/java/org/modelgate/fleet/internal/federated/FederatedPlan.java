package org.modelgate.fleet.internal.federated;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.FleetException;
import org.modelgate.learn.AggregationRule;

/**
 * What a federated training asks for: the task and model shape, the rounds and their client selection, local
 * training, aggregation, validation and privacy. Immutable; {@code with...} give changed copies.
 *
 * @param task the task (the gateways' {@code data/learn/{task}} folder)
 * @param target which devices may take part (online ones are selected)
 * @param layers features, hidden sizes..., classes
 * @param mean input standardization means (one per feature)
 * @param std input standardization deviations
 * @param rounds how many rounds
 * @param fraction fraction of the available devices selected per round
 * @param minAvailable devices that must be online before a round starts
 * @param minFit updates that must be accepted for a round to count
 * @param roundTimeout how long a round waits for its devices
 * @param rule the aggregation rule
 * @param trimFraction trimmed mean's fraction cut at each end
 * @param proximalMu FedProx's mu sent to the clients (0: FedAvg)
 * @param epochs local epochs
 * @param batchSize local mini-batch
 * @param learningRate local learning rate
 * @param maxSeconds local time budget per round
 * @param maxNorm the validator's L2 bound on an update (0: no bound)
 * @param clipNorm DP clipping on the gateways (0: no DP)
 * @param noiseMultiplier DP noise multiplier
 * @param delta DP delta
 * @param seed seed of the initial model, the selection and local shuffling
 * @param evaluation a labelled CSV the controller holds out (null: the devices' reported accuracy only)
 * @param secure whether the round's updates are collected by secure aggregation ({@link SecureRound}): the
 *     aggregator learns only their sum; needs FedAvg (unweighted) and a clip bound (clipNorm or maxNorm)
 */
public record FederatedPlan(String task, DeviceQuery target, int[] layers, float[] mean, float[] std, int rounds,
        double fraction, int minAvailable, int minFit, Duration roundTimeout, AggregationRule rule, double trimFraction,
        double proximalMu, int epochs, int batchSize, double learningRate, double maxSeconds, double maxNorm,
        double clipNorm, double noiseMultiplier, double delta, long seed, Path evaluation, boolean secure) {

    /** Checks the plan; errors name the field. */
    public FederatedPlan {
        if (task == null || !task.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new FleetException("task '" + task + "': use 1-64 letters, digits, '.', '_' or '-'");
        }
        if (layers == null || layers.length < 2) {
            throw new FleetException("layers: give the features, any hidden sizes and the classes, e.g. 64,32,10");
        }
        layers = layers.clone();
        mean = mean == null ? new float[layers[0]] : mean.clone();
        if (std == null) {
            std = new float[layers[0]];
            Arrays.fill(std, 1f);
        } else {
            std = std.clone();
        }
        if (mean.length != layers[0] || std.length != layers[0]) {
            throw new FleetException("mean and std need " + layers[0] + " values, one per feature");
        }
        if (rounds < 1 || !(fraction > 0 && fraction <= 1) || minAvailable < 1 || minFit < 1 || minFit > minAvailable) {
            throw new FleetException("rounds >= 1, 0 < fraction <= 1, 1 <= minFit <= minAvailable; got rounds " + rounds
                    + ", fraction " + fraction + ", minFit " + minFit + ", minAvailable " + minAvailable);
        }
        if (roundTimeout == null || roundTimeout.isNegative() || roundTimeout.isZero()) {
            throw new FleetException("roundTimeout must be positive");
        }
        if (!(trimFraction >= 0 && trimFraction < 0.5)) {
            throw new FleetException("trimFraction must be in [0, 0.5), got " + trimFraction);
        }
        target = target == null ? DeviceQuery.all() : target;
        rule = rule == null ? AggregationRule.FEDAVG : rule;
        if (secure && rule != AggregationRule.FEDAVG) {
            throw new FleetException("secure aggregation reveals only the sum of the updates: it works with rule FEDAVG"
                    + " (unweighted mean), not " + rule + ", which needs every update");
        }
        if (secure && !(clipNorm > 0) && !(maxNorm > 0)) {
            throw new FleetException("secure aggregation needs a bound on each update, which the gateways clip to before"
                    + " masking: set maxNorm (e.g. maxNorm=5) or the DP clip (clip=...)");
        }
    }

    /** A plan with the defaults: all devices, 3 rounds, every online device, 2 at least, FedAvg, 5 local epochs. */
    public static FederatedPlan of(String task, int... layers) {
        return new FederatedPlan(task, DeviceQuery.all(), layers, null, null, 3, 1.0, 2, 2, Duration.ofMinutes(5),
                AggregationRule.FEDAVG, 0.1, 0, 5, 32, 0.05, 60, 0, 0, 0, 1e-5, 42, null, false);
    }

    public FederatedPlan withTarget(DeviceQuery v) {
        return new FederatedPlan(task, v, layers, mean, std, rounds, fraction, minAvailable, minFit, roundTimeout, rule,
                trimFraction, proximalMu, epochs, batchSize, learningRate, maxSeconds, maxNorm, clipNorm, noiseMultiplier,
                delta, seed, evaluation, secure);
    }

    public FederatedPlan withStandardization(float[] m, float[] s) {
        return new FederatedPlan(task, target, layers, m, s, rounds, fraction, minAvailable, minFit, roundTimeout, rule,
                trimFraction, proximalMu, epochs, batchSize, learningRate, maxSeconds, maxNorm, clipNorm, noiseMultiplier,
                delta, seed, evaluation, secure);
    }

    public FederatedPlan withRounds(int v, double frac, int minAvail, int minFitClients, Duration timeout) {
        return new FederatedPlan(task, target, layers, mean, std, v, frac, minAvail, minFitClients, timeout, rule,
                trimFraction, proximalMu, epochs, batchSize, learningRate, maxSeconds, maxNorm, clipNorm, noiseMultiplier,
                delta, seed, evaluation, secure);
    }

    public FederatedPlan withAggregation(AggregationRule r, double trim, double mu) {
        return new FederatedPlan(task, target, layers, mean, std, rounds, fraction, minAvailable, minFit, roundTimeout, r,
                trim, mu, epochs, batchSize, learningRate, maxSeconds, maxNorm, clipNorm, noiseMultiplier, delta, seed,
                evaluation, secure);
    }

    public FederatedPlan withTraining(int e, int batch, double rate, double seconds) {
        return new FederatedPlan(task, target, layers, mean, std, rounds, fraction, minAvailable, minFit, roundTimeout,
                rule, trimFraction, proximalMu, e, batch, rate, seconds, maxNorm, clipNorm, noiseMultiplier, delta, seed,
                evaluation, secure);
    }

    public FederatedPlan withValidation(double norm) {
        return new FederatedPlan(task, target, layers, mean, std, rounds, fraction, minAvailable, minFit, roundTimeout,
                rule, trimFraction, proximalMu, epochs, batchSize, learningRate, maxSeconds, norm, clipNorm,
                noiseMultiplier, delta, seed, evaluation, secure);
    }

    public FederatedPlan withPrivacy(double clip, double noise, double d) {
        return new FederatedPlan(task, target, layers, mean, std, rounds, fraction, minAvailable, minFit, roundTimeout,
                rule, trimFraction, proximalMu, epochs, batchSize, learningRate, maxSeconds, maxNorm, clip, noise, d,
                seed, evaluation, secure);
    }

    public FederatedPlan withEvaluation(Path csv) {
        return new FederatedPlan(task, target, layers, mean, std, rounds, fraction, minAvailable, minFit, roundTimeout,
                rule, trimFraction, proximalMu, epochs, batchSize, learningRate, maxSeconds, maxNorm, clipNorm,
                noiseMultiplier, delta, seed, csv, secure);
    }

    public FederatedPlan withSeed(long v) {
        return new FederatedPlan(task, target, layers, mean, std, rounds, fraction, minAvailable, minFit, roundTimeout,
                rule, trimFraction, proximalMu, epochs, batchSize, learningRate, maxSeconds, maxNorm, clipNorm,
                noiseMultiplier, delta, v, evaluation, secure);
    }

    /**
     * A copy that collects the updates by secure aggregation (or not).
     *
     * @param on whether the aggregator learns only the sum of the updates
     */
    public FederatedPlan withSecureAggregation(boolean on) {
        return new FederatedPlan(task, target, layers, mean, std, rounds, fraction, minAvailable, minFit, roundTimeout,
                rule, trimFraction, proximalMu, epochs, batchSize, learningRate, maxSeconds, maxNorm, clipNorm,
                noiseMultiplier, delta, seed, evaluation, on);
    }

    /** The L2 bound the gateways clip their update to before masking it: the DP clip, else maxNorm. */
    double secureClip() {
        return clipNorm > 0 ? clipNorm : maxNorm;
    }

    /** Whether the gateways clip and add noise. */
    public boolean privacy() {
        return clipNorm > 0;
    }

    /** The {@code settings} object of a round announcement. */
    Map<String, Object> roundSettings(int clientsPerRound) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("layers", Arrays.stream(layers).boxed().toList());
        s.put("mean", floats(mean));
        s.put("std", floats(std));
        s.put("epochs", epochs);
        s.put("batchSize", batchSize);
        s.put("learningRate", learningRate);
        s.put("maxSeconds", maxSeconds);
        s.put("proximalMu", proximalMu);
        s.put("seed", seed);
        if (privacy()) {
            s.put("clipNorm", clipNorm);
            s.put("noiseMultiplier", noiseMultiplier);
            s.put("delta", delta);
            s.put("clientsPerRound", clientsPerRound);
        }
        if (secure) {
            s.put("secureClip", secureClip());
        }
        return s;
    }

    static List<Double> floats(float[] values) {
        List<Double> list = new java.util.ArrayList<>(values.length);
        for (float v : values) {
            list.add((double) v);
        }
        return list;
    }

    /** Parameters of a network of these layers. */
    int parameterCount() {
        int count = 0;
        for (int i = 0; i + 1 < layers.length; i++) {
            count += layers[i] * layers[i + 1] + layers[i + 1];
        }
        return count;
    }
}
