package org.modelgate.explain.internal;

/**
 * The explained score (one class's probability) of each of many rows: what attribution methods query.
 */
@FunctionalInterface
public interface ScoreFunction {
    /**
     * Scores rows.
     *
     * @param rows the rows, F values each
     * @return one score per row
     */
    double[] scores(float[][] rows);
}
