package org.modelgate.learn;

import java.time.Duration;
import java.util.Objects;

/**
 * How much a gateway trains in one round: passes over its local rows, rows per step, step size, and a wall-clock
 * limit after which it sends what it has (fewer epochs).
 *
 * @param epochs passes over the local rows, 1 or more
 * @param batchSize rows per step, 1 or more
 * @param learningRate the step size of SGD with momentum 0.9, positive
 * @param maxTime the wall-clock limit of one round's training; checked after each epoch
 */
public record TrainingBudget(int epochs, int batchSize, double learningRate, Duration maxTime) {
    /** Checks that every value is positive. */
    public TrainingBudget {
        Objects.requireNonNull(maxTime, "maxTime");
        if (epochs < 1) {
            throw new IllegalArgumentException("a round trains 1 epoch or more, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be 1 or more, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be positive, got " + learningRate);
        }
        if (maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("the time limit must be positive, got " + maxTime);
        }
    }
}
