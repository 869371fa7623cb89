package org.modelgate.traffic;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a guard sees now: the evidence for a promotion or a rollback.
 *
 * @param guard the guard
 * @param samples observations so far
 * @param value the metric's value now; NaN while there is none
 * @param verdict whether it passes, fails or waits for samples
 */
@ProviderType
public record GuardReading(Guard guard, long samples, double value, Verdict verdict) {
    /** A guard's verdict. */
    public enum Verdict {
        /** Fewer than {@code minSamples} observations: no judgement yet. */
        WAITING,
        /** Enough samples and within the limit. */
        PASS,
        /** Enough samples and beyond the limit: the challenger is rolled back. */
        FAIL
    }
}
