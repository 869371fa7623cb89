package org.modelgate.learn;

import java.lang.System.Logger.Level;

import org.modelgate.optimize.train.Dataset;
import org.modelgate.optimize.train.Network;
import org.modelgate.optimize.train.Objective;
import org.modelgate.optimize.train.Trainer;

/**
 * One gateway's share of a round: train a copy of the global model on the local rows and return the difference.
 *
 * <p>The optimizer is SGD with momentum 0.9 (its state starts fresh each round, as FedAvg's clients do), L2 1e-4 on
 * the weights, cross-entropy on the labels. With {@code proximalMu > 0} the loss gains FedProx's term
 * {@code mu / 2 * ||w - global||^2} (Li et al. 2020), which keeps clients with skewed data near the global model.
 * The time limit is checked after each epoch: when it has passed, training stops there and the update holds the
 * epochs done (logged, and reported by {@link #run}).
 */
public final class LocalTraining {
    private static final System.Logger LOG = System.getLogger(LocalTraining.class.getName());
    static final double L2 = 1e-4;

    private LocalTraining() {
    }

    /**
     * Trains on the local rows and returns the update; {@code global} is not changed.
     *
     * @param device the gateway's id
     * @param round the round
     * @param global the global model of the round
     * @param local the rows that stay on the gateway, 1 or more, with the model's number of features and classes
     * @param budget epochs, batch size, learning rate and time limit
     * @param proximalMu FedProx's mu, 0 for plain FedAvg
     * @param seed the seed of the row order
     * @return the update: local minus global parameters, weighted by the local row count
     * @throws IllegalArgumentException when the local data do not fit the model
     * @throws IllegalStateException when the loss stops being finite (lower the learning rate)
     */
    public static ClientUpdate train(String device, long round, Network global, Dataset local, TrainingBudget budget,
            double proximalMu, long seed) {
        return run(device, round, global, local, budget, proximalMu, seed).update();
    }

    /**
     * Like {@link #train} and says how the training went (epochs done, whether the time limit stopped it).
     *
     * @param device the gateway's id
     * @param round the round
     * @param global the global model of the round
     * @param local the rows that stay on the gateway
     * @param budget epochs, batch size, learning rate and time limit
     * @param proximalMu FedProx's mu, 0 for plain FedAvg
     * @param seed the seed of the row order
     * @return the update and how it was made
     */
    public static TrainingOutcome run(String device, long round, Network global, Dataset local, TrainingBudget budget,
            double proximalMu, long seed) {
        if (local.size() == 0) {
            throw new IllegalArgumentException(device + " has no local rows to train on");
        }
        if (local.rows()[0].length != global.features()) {
            throw new IllegalArgumentException("the local rows of " + device + " have " + local.rows()[0].length
                    + " features, the model takes " + global.features());
        }
        if (local.classes() > global.classes()) {
            throw new IllegalArgumentException("the local data of " + device + " have " + local.classes()
                    + " classes, the model " + global.classes());
        }
        float[] start = global.parameters();
        Network model = global.copy();
        long deadline = System.nanoTime() + budget.maxTime().toNanos();
        EpochClock clock = new EpochClock(deadline);
        Trainer trainer = Trainer.builder()
                .optAlgorithm(Trainer.Algorithm.SGD)
                .optEpochs(budget.epochs())
                .optBatchSize(budget.batchSize())
                .optLearningRate(budget.learningRate())
                .optL2(L2)
                .optSeed(seed)
                .optProximalTerm(start, proximalMu)
                .optListener(clock)
                .build();
        boolean stopped = false;
        try {
            trainer.fit(model, local.rows(), Objective.crossEntropy(local.labels()));
        } catch (TimeLimitReached e) {
            stopped = true;
            LOG.log(Level.INFO, "{0}: round {1} stopped at its time limit {2} after {3} of {4} epochs",
                    device, round, budget.maxTime(), clock.epochs, budget.epochs());
        }
        float[] trained = model.parameters();
        float[] delta = new float[trained.length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = trained[i] - start[i];
        }
        return new TrainingOutcome(new ClientUpdate(device, round, local.size(), delta), clock.epochs, budget.epochs(),
                stopped, clock.lastLoss);
    }

    /** Counts epochs and ends the fit, after a whole epoch, once the deadline has passed. */
    private static final class EpochClock implements Trainer.EpochListener {
        private final long deadline;
        int epochs;
        double lastLoss = Double.NaN;

        EpochClock(long deadline) {
            this.deadline = deadline;
        }

        @Override
        public void epochDone(int epoch, int total, double meanLoss) {
            epochs = epoch;
            lastLoss = meanLoss;
            if (epoch < total && System.nanoTime() - deadline > 0) {
                // The trainer has no stop hook; the network keeps the parameters of the epochs done.
                throw new TimeLimitReached();
            }
        }
    }

    private static final class TimeLimitReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TimeLimitReached() {
            super(null, null, false, false);
        }
    }
}
