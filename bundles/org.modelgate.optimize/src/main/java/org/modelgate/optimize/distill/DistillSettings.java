package org.modelgate.optimize.distill;

/**
 * How a student is distilled.
 *
 * @param student the student's architecture
 * @param temperature the softening of both distributions, 1 or more (Hinton et al. use 2..20; 4 is the default)
 * @param alpha the weight of the soft (teacher) term, 0..1; the hard-label term gets {@code 1 - alpha}. Without
 *        labels it is 1
 * @param epochs passes over the training rows
 * @param batchSize rows per Adam step
 * @param learningRate Adam's step size
 * @param heldOutFraction the share of rows kept out of training, stratified by label, on which accuracy and
 *        agreement are measured
 * @param seed the seed of the split, the initial weights and the row order
 */
public record DistillSettings(StudentSpec student, double temperature, double alpha, int epochs, int batchSize,
        double learningRate, double heldOutFraction, long seed) {
    /** mlp:64, T 4, alpha 0.5, 60 epochs, batch 32, learning rate 0.005, 20 % held out, seed 42. */
    public static final DistillSettings DEFAULT = new DistillSettings(StudentSpec.DEFAULT, 4, 0.5, 60, 32, 0.005, 0.2, 42);

    /** Checks every value's range, naming the option to fix. */
    public DistillSettings {
        if (!(temperature >= 1) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("--temperature must be 1 or more, got " + temperature);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("--alpha must lie between 0 and 1, got " + alpha);
        }
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("--epochs and --batch-size must be 1 or more, got " + epochs + " and " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("--learning-rate must be positive, got " + learningRate);
        }
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("--held-out must lie between 0 and 1 exclusive, got " + heldOutFraction);
        }
    }

    /** @return these settings with another student */
    public DistillSettings withStudent(StudentSpec value) {
        return new DistillSettings(value, temperature, alpha, epochs, batchSize, learningRate, heldOutFraction, seed);
    }

    /** @return these settings with another temperature and alpha */
    public DistillSettings withLoss(double newTemperature, double newAlpha) {
        return new DistillSettings(student, newTemperature, newAlpha, epochs, batchSize, learningRate, heldOutFraction, seed);
    }

    /** @return these settings with another number of epochs */
    public DistillSettings withEpochs(int value) {
        return new DistillSettings(student, temperature, alpha, value, batchSize, learningRate, heldOutFraction, seed);
    }
}
