package org.modelgate.learn;

/**
 * What one round of local training did, for status displays and logs.
 *
 * @param update the update to send
 * @param epochsRun the epochs done
 * @param epochsPlanned the epochs of the budget
 * @param stoppedAtTimeLimit whether the budget's time limit ended the training before {@code epochsPlanned}
 * @param finalLoss the mean loss of the last epoch run (objective only)
 */
public record TrainingOutcome(ClientUpdate update, int epochsRun, int epochsPlanned, boolean stoppedAtTimeLimit,
        double finalLoss) {
}
