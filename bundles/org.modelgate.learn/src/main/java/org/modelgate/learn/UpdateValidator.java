package org.modelgate.learn;

import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether an update may count: it must have the model's number of parameters, only finite values, and an
 * L2 norm within a bound (a scaled, poisoned update is refused before it reaches the aggregation).
 *
 * <p>With differential privacy on, a client's update is clipped to {@code clipNorm} and then noised, so its norm is
 * about {@code sqrt(clipNorm^2 + parameters * (noiseMultiplier * clipNorm)^2 / clientsPerRound)}: set the bound
 * above that.
 */
public final class UpdateValidator {
    private final int parameterCount;
    private final double maxNorm;

    /**
     * @param parameterCount the global model's number of parameters
     * @param maxNorm the largest L2 norm accepted; {@link Double#POSITIVE_INFINITY} for no bound
     */
    public UpdateValidator(int parameterCount, double maxNorm) {
        if (parameterCount < 1) {
            throw new IllegalArgumentException("a model has 1 parameter or more, got " + parameterCount);
        }
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("the norm bound must be positive (or infinite for none), got " + maxNorm);
        }
        this.parameterCount = parameterCount;
        this.maxNorm = maxNorm;
    }

    /**
     * Why the update may not count, if it may not.
     *
     * @param u the update
     * @return empty when it is acceptable, else the first problem found, e.g. {@code has 2410 parameters, the model
     *         2416}, {@code value 17 is NaN} or {@code L2 norm 93.1 above the bound 10.0}
     */
    public Optional<String> problem(ClientUpdate u) {
        float[] delta = u.delta();
        if (delta.length != parameterCount) {
            return Optional.of("has " + delta.length + " parameters, the model " + parameterCount);
        }
        double squares = 0;
        for (int i = 0; i < delta.length; i++) {
            if (!Float.isFinite(delta[i])) {
                return Optional.of("value " + i + " is " + delta[i]);
            }
            squares += (double) delta[i] * delta[i];
        }
        double norm = Math.sqrt(squares);
        if (norm > maxNorm) {
            return Optional.of(String.format(Locale.ROOT, "L2 norm %.1f above the bound %.1f", norm, maxNorm));
        }
        return Optional.empty();
    }

    /** @return the number of parameters an update must have */
    public int parameterCount() {
        return parameterCount;
    }

    /** @return the largest L2 norm accepted */
    public double maxNorm() {
        return maxNorm;
    }
}
