package org.modelgate.benchmarks.federated;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.modelgate.learn.Aggregation;
import org.modelgate.learn.AggregationRule;
import org.modelgate.learn.ClientPrivacy;
import org.modelgate.learn.ClientUpdate;
import org.modelgate.learn.LocalTraining;
import org.modelgate.learn.PrivacyAccountant;
import org.modelgate.learn.PrivacySettings;
import org.modelgate.learn.TrainingBudget;
import org.modelgate.learn.UpdateValidator;
import org.modelgate.optimize.distill.CsvData;
import org.modelgate.optimize.train.Dataset;
import org.modelgate.optimize.train.Network;
import org.modelgate.optimize.train.Objective;
import org.modelgate.optimize.train.Standardization;
import org.modelgate.optimize.train.Trainer;

/**
 * {@code -Dbench=federated}: the digits (1797 rows, 8x8 pixels, the optimize bundle's test resource), 20 % held out
 * (stratified, seed 42), the rest split non-IID across 20 simulated gateways (Dirichlet alpha 0.5, and two classes
 * per gateway); FedAvg, FedProx, trimmed mean against a poisoned gateway and a differentially private run, each
 * against centralized training of the same network (same initial weights, optimizer and data). Every gateway trains
 * in this JVM with {@link LocalTraining}; the aggregator is {@link Aggregation} with {@link UpdateValidator}. Prints
 * the accuracy per round, {@code final accuracy} per run, and writes the plot (-Dfederated.plot).
 */
public final class FederatedBenchmark {
    private static final Path DATA = Path.of(System.getProperty("federated.data",
            "../../bundles/org.modelgate.optimize/src/test/resources/data/digits.csv.gz"));
    private static final int GATEWAYS = 20;
    private static final int[] HIDDEN = {64};
    private static final long INIT_SEED = 7;

    private final int rounds = Integer.getInteger("federated.rounds", 50);
    private final int localEpochs = Integer.getInteger("federated.epochs", 2);
    private final int batch = Integer.getInteger("federated.batch", 16);
    private final double learningRate = Double.parseDouble(System.getProperty("federated.lr", "0.05"));
    private final int centralEpochs = Integer.getInteger("federated.central.epochs", 100);
    private final Path plot = Path.of(System.getProperty("federated.plot", "../../docs/federated-accuracy.png"));

    private record Run(String name, List<Dataset> parts, AggregationRule rule, double trim, double mu,
            boolean poisoned, PrivacySettings privacy, double sampleRate, double maxNorm) {
        Run(String name, List<Dataset> parts, AggregationRule rule, double trim, double mu, boolean poisoned,
                PrivacySettings privacy, double sampleRate) {
            this(name, parts, rule, trim, mu, poisoned, privacy, sampleRate, Double.POSITIVE_INFINITY);
        }
    }

    private Dataset test;
    private Standardization scaling;

    /** Runs the benchmark alone: {@code java -cp ... org.modelgate.benchmarks.federated.FederatedBenchmark}. */
    public static void main(String[] args) throws IOException {
        System.out.println(new FederatedBenchmark().run());
    }

    public String run() throws IOException {
        CsvData csv = CsvData.read(DATA.toAbsolutePath().normalize(), "last");
        Dataset all = Dataset.of(csv.features(), csv.labels(), 10);
        Dataset.Split split = all.split(0.2, 42);
        Dataset train = split.train();
        test = split.heldOut();
        // fixed scaling of the known pixel range 0..16 to -1..1: the gateways need no statistics of each other's data
        float[] eight = new float[train.rows()[0].length];
        Arrays.fill(eight, 8f);
        scaling = new Standardization(eight, eight);
        List<Dataset> dirichlet = Partitions.dirichlet(train, GATEWAYS, 0.5, 10, 42);
        List<Dataset> twoClasses = Partitions.twoClassesEach(train, GATEWAYS, 42);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "## Federated learning (-Dbench=federated): digits, %d train / %d held-out rows, "
                + "%d gateways, MLP %s (%d parameters)%n", train.size(), test.size(), GATEWAYS, Arrays.toString(HIDDEN),
                newNetwork().parameterCount()));
        out.append(String.format(Locale.ROOT, "# rounds %d, local epochs %d, batch %d, SGD lr %s momentum 0.9, L2 1e-4, "
                + "all gateways every round unless said%n", rounds, localEpochs, batch, learningRate));
        out.append("# Dirichlet 0.5: ").append(Partitions.describe(dirichlet)).append('\n');
        out.append("# two classes per gateway: ").append(Partitions.describe(twoClasses)).append('\n');
        System.out.print(out);
        out.setLength(0);

        double centralized = centralized(train);
        String central = String.format(Locale.ROOT, "centralized accuracy %.4f (%d epochs, same network, optimizer and rows)%n",
                centralized, centralEpochs);
        System.out.print(central);

        PrivacySettings dp = new PrivacySettings(Double.parseDouble(System.getProperty("federated.dp.clip", "1.0")),
                Double.parseDouble(System.getProperty("federated.dp.noise", "1.0")), 1e-5);
        List<Run> runs = List.of(
                new Run("FedAvg, Dirichlet 0.5", dirichlet, AggregationRule.FEDAVG, 0, 0, false, PrivacySettings.off(), 1),
                new Run("FedProx mu 0.01, Dirichlet 0.5", dirichlet, AggregationRule.FEDAVG, 0, 0.01, false, PrivacySettings.off(), 1),
                new Run("FedAvg, two classes", twoClasses, AggregationRule.FEDAVG, 0, 0, false, PrivacySettings.off(), 1),
                new Run("FedProx mu 0.01, two classes", twoClasses, AggregationRule.FEDAVG, 0, 0.01, false, PrivacySettings.off(), 1),
                new Run("trimmed mean 0.1, 1 poisoned (x100), Dirichlet 0.5", dirichlet, AggregationRule.TRIMMED_MEAN, 0.1, 0, true,
                        PrivacySettings.off(), 1),
                new Run("median, 1 poisoned (x100), Dirichlet 0.5", dirichlet, AggregationRule.MEDIAN, 0, 0, true,
                        PrivacySettings.off(), 1),
                new Run("FedAvg undefended, 1 poisoned (x100), Dirichlet 0.5", dirichlet, AggregationRule.FEDAVG, 0, 0, true,
                        PrivacySettings.off(), 1),
                new Run("FedAvg + norm bound 5, 1 poisoned (x100), Dirichlet 0.5", dirichlet, AggregationRule.FEDAVG, 0, 0,
                        true, PrivacySettings.off(), 1, 5.0),
                new Run("DP FedAvg (clip " + dp.clipNorm() + ", z " + dp.noiseMultiplier() + ", q 0.5), Dirichlet 0.5",
                        dirichlet, AggregationRule.FEDAVG, 0, 0, false, dp, 0.5));
        List<AccuracyPlot.Series> series = new ArrayList<>();
        double headline = Double.NaN;
        StringBuilder summary = new StringBuilder("\n| run | final accuracy | best | vs centralized (points) |\n|---|---|---|---|\n");
        for (Run run : runs) {
            double[] accuracy = simulate(run);
            double last = accuracy[accuracy.length - 1];
            double best = Arrays.stream(accuracy).max().orElse(0);
            summary.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %+.2f |%n", run.name(), last, best,
                    100 * (last - centralized)));
            series.add(new AccuracyPlot.Series(run.name(), accuracy));
            if (run == runs.get(0)) {
                headline = last;
            }
        }
        summary.append(String.format(Locale.ROOT, "| centralized, %d epochs | %.4f | | |%n", centralEpochs, centralized));
        AccuracyPlot.write(plot, "Digits, 20 gateways: held-out accuracy per round", series, centralized, 0.5);
        summary.append(epsilonTable());
        summary.append("\nplot: ").append(plot.toAbsolutePath().normalize()).append('\n');
        // The headline, last, so a reader (or a grep) of the output's final "final accuracy" line gets FedAvg on the
        // Dirichlet 0.5 split, not the last run's (each run above prints its own).
        summary.append(String.format(Locale.ROOT, "%nFedAvg, Dirichlet 0.5, against centralized training of the same model on the"
                + " same data: %+.2f points%ncentralized accuracy %.4f%nfinal accuracy %.4f%n", 100 * (headline - centralized),
                centralized, headline));
        return summary.toString();
    }

    /** What the same accounting gives for other noise levels and for a larger fleet (no training: accounting only). */
    private String epsilonTable() {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%nepsilon after %d rounds at delta 1e-5 (RDP, sampled Gaussian):%n| noise multiplier z | 10 of 20 gateways a round (q 0.5) "
                        + "| 100 of 10000 (q 0.01) |%n|---|---|---|%n", rounds));
        for (double z : new double[] {0.7, 1.0, 2.0, 4.0}) {
            table.append(String.format(Locale.ROOT, "| %.1f | %.2f | %.3f |%n", z,
                    new PrivacyAccountant(z, 0.5, 1e-5).epsilonAfter(rounds),
                    new PrivacyAccountant(z, 0.01, 1e-5).epsilonAfter(rounds)));
        }
        return table.toString();
    }

    private Network newNetwork() {
        return Network.mlp(scaling, HIDDEN, 10, INIT_SEED);
    }

    private double centralized(Dataset train) {
        Network network = newNetwork();
        Trainer.builder().optAlgorithm(Trainer.Algorithm.SGD).optEpochs(centralEpochs).optBatchSize(batch)
                .optLearningRate(learningRate).optL2(1e-4).optSeed(INIT_SEED).build()
                .fit(network, train.rows(), Objective.crossEntropy(train.labels()));
        return accuracy(network);
    }

    private double[] simulate(Run run) {
        System.out.println("\n### " + run.name());
        Network global = newNetwork();
        UpdateValidator validator = new UpdateValidator(global.parameterCount(), run.maxNorm());
        Aggregation aggregation = Aggregation.of(run.rule(), run.trim());
        TrainingBudget budget = new TrainingBudget(localEpochs, batch, learningRate, Duration.ofMinutes(5));
        Random selection = new Random(99);
        Random noise = new Random(1234);
        PrivacyAccountant accountant = run.privacy().enabled()
                ? new PrivacyAccountant(run.privacy().noiseMultiplier(), run.sampleRate(), run.privacy().delta())
                : null;
        double expectedClients = run.sampleRate() * GATEWAYS;
        double firstRoundNorms = 0;
        int firstRoundCount = 0;
        double[] accuracy = new double[rounds];
        int refused = 0;
        for (int round = 1; round <= rounds; round++) {
            List<ClientUpdate> accepted = new ArrayList<>();
            for (int g = 0; g < GATEWAYS; g++) {
                if (run.sampleRate() < 1 && selection.nextDouble() >= run.sampleRate()) {
                    continue;
                }
                ClientUpdate update = LocalTraining.train("gw-" + g, round, global, run.parts().get(g), budget, run.mu(),
                        round * 1000L + g);
                if (round == 1) {
                    firstRoundNorms += update.norm();
                    firstRoundCount++;
                }
                if (run.poisoned() && g == 0) {
                    update = scaled(update, 100);
                }
                if (run.privacy().enabled()) {
                    // each update counts once: the DP guarantee is for the unweighted sum (ClientPrivacy)
                    update = new ClientUpdate(update.device(), round, 1, ClientPrivacy.clipAndNoise(update.delta(),
                            run.privacy(), (int) Math.round(expectedClients), noise));
                }
                if (validator.problem(update).isPresent()) {
                    refused++;
                    continue;
                }
                accepted.add(update);
            }
            if (!accepted.isEmpty()) {
                float[] delta = aggregation.combine(accepted);
                // under DP the sum is divided by the expected count, as the accounting assumes (not the count drawn)
                double scale = run.privacy().enabled() ? accepted.size() / expectedClients : 1;
                float[] p = global.parameters();
                for (int i = 0; i < p.length; i++) {
                    p[i] += (float) (scale * delta[i]);
                }
                if (allFinite(p)) {
                    global.setParameters(p);
                }
            }
            if (accountant != null) {
                accountant.recordRound();
            }
            accuracy[round - 1] = accuracy(global);
            System.out.printf(Locale.ROOT, "round %d accuracy %.4f (%d updates)%n", round, accuracy[round - 1],
                    accepted.size());
        }
        System.out.printf(Locale.ROOT, "mean L2 norm of a round-1 update before poisoning or DP: %.2f%n",
                firstRoundNorms / Math.max(1, firstRoundCount));
        System.out.printf(Locale.ROOT, "final accuracy %.4f%n", accuracy[rounds - 1]);
        if (refused > 0) {
            System.out.println("updates refused by the validator: " + refused);
        }
        if (accountant != null) {
            System.out.printf(Locale.ROOT, "epsilon %.3f delta %s%n", accountant.epsilon(), accountant.delta());
        }
        return accuracy;
    }

    private static ClientUpdate scaled(ClientUpdate update, float factor) {
        float[] d = update.delta().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] *= factor;
        }
        return new ClientUpdate(update.device(), update.round(), update.samples(), d);
    }

    private static boolean allFinite(float[] p) {
        for (float v : p) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private double accuracy(Network network) {
        return test.accuracyOf(network.predict(test.rows()));
    }
}
