package org.modelgate.traffic.internal;

/**
 * Where the drift and accuracy guards read a challenger's health: the health monitor (bundle
 * org.modelgate.monitor.health) through {@link HealthGuardSource}, registered only while that monitor is. Without it
 * {@link #ABSENT} says so, and those guards wait (so the time limit decides).
 */
interface ChallengerHealth {
    /** No health monitor: every reading waits and says why. */
    ChallengerHealth ABSENT = new ChallengerHealth() {
        @Override
        public Sample drift(String model, String challenger) {
            return Sample.none("no health monitor is present (bundle org.modelgate.monitor.health, feature health)");
        }

        @Override
        public Sample accuracyGap(String model, String challenger, String champion) {
            return Sample.none("no health monitor is present (bundle org.modelgate.monitor.health, feature health)");
        }
    };

    /**
     * The challenger's drifted share of input features against the model's reference.
     *
     * @param model the model
     * @param challenger the challenger's version
     * @return the sample, or one without a value that says why
     */
    Sample drift(String model, String challenger);

    /**
     * The challenger's accuracy from feedback minus the champion's.
     *
     * @param model the model
     * @param challenger the challenger's version
     * @param champion the champion's version
     * @return the sample, or one without a value that says why
     */
    Sample accuracyGap(String model, String challenger, String champion);

    /**
     * A reading from the health monitor.
     *
     * @param samples the observations behind it
     * @param value the value, NaN when there is none
     * @param note why there is none, or null
     */
    record Sample(long samples, double value, String note) {
        static Sample none(String why) {
            return new Sample(0, Double.NaN, why);
        }
    }
}
