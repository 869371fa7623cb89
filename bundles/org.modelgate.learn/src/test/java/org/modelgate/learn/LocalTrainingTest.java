package org.modelgate.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.modelgate.optimize.train.Dataset;
import org.modelgate.optimize.train.Network;
import org.modelgate.optimize.train.Standardization;

/** Given a global model and local rows, when a gateway trains, then it sends a useful update and keeps the model. */
class LocalTrainingTest {
    private static final TrainingBudget BUDGET = new TrainingBudget(5, 16, 0.05, Duration.ofMinutes(5));

    private final Dataset local = blobs(300, 11);
    private final Network global = Network.mlp(Standardization.of(local.rows()), new int[] {8}, 3, 1);

    @Test
    void theUpdateIsLocalMinusGlobalAndTheGlobalModelIsUntouched() {
        float[] before = global.parameters();
        double accuracyBefore = local.accuracyOf(global.predict(local.rows()));
        ClientUpdate update = LocalTraining.train("gw-1", 4, global, local, BUDGET, 0, 5);
        assertArrayEquals(before, global.parameters(), "the global model must not change");
        assertEquals("gw-1", update.device());
        assertEquals(4, update.round());
        assertEquals(300, update.samples());
        assertEquals(global.parameterCount(), update.parameterCount());
        Network moved = global.copy();
        float[] p = moved.parameters();
        for (int i = 0; i < p.length; i++) {
            p[i] += update.delta()[i];
        }
        moved.setParameters(p);
        double accuracyAfter = local.accuracyOf(moved.predict(local.rows()));
        assertTrue(accuracyAfter > 0.9 && accuracyAfter > accuracyBefore, accuracyBefore + " -> " + accuracyAfter);
    }

    @Test
    void fedProxKeepsTheUpdateNearerTheGlobalModel() {
        double plain = LocalTraining.train("gw-1", 1, global, local, BUDGET, 0, 5).norm();
        double proximal = LocalTraining.train("gw-1", 1, global, local, BUDGET, 1.0, 5).norm();
        assertTrue(proximal < plain, "FedProx mu 1: " + proximal + ", plain: " + plain);
    }

    @Test
    void theSameSeedGivesTheSameUpdate() {
        assertArrayEquals(LocalTraining.train("gw-1", 1, global, local, BUDGET, 0, 5).delta(),
                LocalTraining.train("gw-1", 1, global, local, BUDGET, 0, 5).delta());
    }

    @Test
    void aPassedTimeLimitStopsAfterTheFirstEpochAndSaysSo() {
        TrainingBudget hurried = new TrainingBudget(50, 16, 0.05, Duration.ofNanos(1));
        TrainingOutcome outcome = LocalTraining.run("gw-1", 1, global, local, hurried, 0, 5);
        assertTrue(outcome.stoppedAtTimeLimit());
        assertEquals(1, outcome.epochsRun());
        assertEquals(50, outcome.epochsPlanned());
        assertTrue(outcome.update().norm() > 0, "the first epoch's work is sent");
    }

    @Test
    void aBudgetThatIsKeptRunsEveryEpoch() {
        TrainingOutcome outcome = LocalTraining.run("gw-1", 1, global, local, BUDGET, 0, 5);
        assertFalse(outcome.stoppedAtTimeLimit());
        assertEquals(5, outcome.epochsRun());
        assertTrue(Double.isFinite(outcome.finalLoss()));
    }

    /** Three Gaussian clusters in 4 dimensions, one per class. */
    static Dataset blobs(int rows, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[rows][4];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = r % 3;
            for (int f = 0; f < 4; f++) {
                x[r][f] = (float) ((f == y[r] ? 3 : 0) + random.nextGaussian());
            }
        }
        return Dataset.of(x, y, 3);
    }
}
