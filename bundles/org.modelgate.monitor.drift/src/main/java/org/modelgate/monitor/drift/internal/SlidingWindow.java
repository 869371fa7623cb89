package org.modelgate.monitor.drift.internal;

/**
 * The latest finite values of one feature, at most {@code capacity} (a ring: memory is fixed when it is
 * made); NaN and infinities are counted and left out.
 */
public final class SlidingWindow {
    private final double[] ring;
    private int next;
    private int size;
    private long nonFinite;

    /**
     * Creates an empty window.
     *
     * @param capacity the most values kept
     */
    public SlidingWindow(int capacity) {
        ring = new double[capacity];
    }

    /**
     * Adds a value; the oldest leaves when full.
     *
     * @param value the live value; NaN and infinities are only counted
     */
    public void add(double value) {
        if (!Double.isFinite(value)) {
            nonFinite++;
            return;
        }
        ring[next] = value;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** @return the finite values held */
    public int size() {
        return size;
    }

    /** @return the NaN and infinite values seen */
    public long nonFinite() {
        return nonFinite;
    }

    /** @return a copy of the values held, oldest first */
    public double[] values() {
        double[] copy = new double[size];
        int start = size < ring.length ? 0 : next;
        for (int i = 0; i < size; i++) {
            copy[i] = ring[(start + i) % ring.length];
        }
        return copy;
    }

    /** Forgets every value and count. */
    public void clear() {
        next = 0;
        size = 0;
        nonFinite = 0;
    }
}
