package org.modelgate.optimize.staticq;

/**
 * The calibrated range of one activation tensor; always contains zero, so that zero is exactly representable
 * (padding and ReLU depend on it).
 */
public record TensorRange(float min, float max) {
    public TensorRange {
        min = Math.min(min, 0f);
        max = Math.max(max, 0f);
    }

    /** This range clipped to [-threshold, threshold]. */
    public TensorRange clippedTo(float threshold) {
        return new TensorRange(Math.max(min, -threshold), Math.min(max, threshold));
    }
}
