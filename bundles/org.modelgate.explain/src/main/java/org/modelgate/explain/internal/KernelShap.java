package org.modelgate.explain.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Kernel SHAP (Lundberg and Lee 2017) against a single baseline row: a coalition z keeps the features where z is 1
 * and puts the others at their baseline values; the attributions phi are the weighted least-squares fit of
 * score(z) - score(baseline) = sum phi_f z_f under the Shapley kernel weight (F-1) / (C(F,|z|) |z| (F-|z|)),
 * constrained to sum to score(row) - score(baseline) (the constraint eliminates the last feature).
 *
 * <p>All 2^F - 2 coalitions are used when they fit in the budget (the exact Shapley values of this baseline game);
 * otherwise budget - 2 coalitions are sampled: sizes drawn in proportion to the kernel's total weight per size,
 * members uniformly, each with its complement (paired sampling), so every sample weighs the same.
 */
public final class KernelShap {
    private KernelShap() {
    }

    /**
     * Attributes.
     *
     * @param row the request's features
     * @param baseline the baseline values
     * @param score the explained score
     * @param budget the rows it may run (at least 4)
     * @param seed the sampling seed
     * @return {@code [score(row), score(baseline), phi_0, ..., phi_F-1, rows run]}
     */
    public static double[] attribute(float[] row, double[] baseline, ScoreFunction score, int budget, long seed) {
        int width = row.length;
        List<boolean[]> coalitions = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        if (width > 1) {
            coalitions(width, Math.max(2, budget - 2), seed, coalitions, weights);
        }
        float[][] rows = new float[coalitions.size() + 2][];
        rows[0] = row.clone();
        rows[1] = toFloats(baseline);
        for (int k = 0; k < coalitions.size(); k++) {
            boolean[] z = coalitions.get(k);
            float[] masked = new float[width];
            for (int f = 0; f < width; f++) {
                masked[f] = z[f] ? row[f] : (float) baseline[f];
            }
            rows[k + 2] = masked;
        }
        double[] s = score.scores(rows);
        double total = s[0] - s[1];
        double[] phi = width == 1 ? new double[] {total} : fit(coalitions, weights, s, total, width);
        double[] out = new double[width + 3];
        out[0] = s[0];
        out[1] = s[1];
        System.arraycopy(phi, 0, out, 2, width);
        out[width + 2] = rows.length;
        return out;
    }

    private static void coalitions(int width, int samples, long seed, List<boolean[]> out, List<Double> weights) {
        if (width < 31 && (1L << width) - 2 <= samples) {
            for (long mask = 1; mask < (1L << width) - 1; mask++) {
                boolean[] z = new boolean[width];
                int size = 0;
                for (int f = 0; f < width; f++) {
                    z[f] = (mask >> f & 1) == 1;
                    size += z[f] ? 1 : 0;
                }
                out.add(z);
                weights.add(kernel(width, size));
            }
            return;
        }
        // P(size s) is proportional to C(F,s) * kernel(s) = (F-1) / (s (F-s)).
        double[] sizeWeight = new double[width];
        double sum = 0;
        for (int s = 1; s < width; s++) {
            sizeWeight[s] = 1.0 / (s * (double) (width - s));
            sum += sizeWeight[s];
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k + 1 < samples; k += 2) {
            double u = random.nextDouble() * sum;
            int size = 1;
            while (size < width - 1 && (u -= sizeWeight[size]) > 0) {
                size++;
            }
            boolean[] z = new boolean[width];
            int[] order = permutation(width, random);
            for (int i = 0; i < size; i++) {
                z[order[i]] = true;
            }
            boolean[] complement = new boolean[width];
            for (int f = 0; f < width; f++) {
                complement[f] = !z[f];
            }
            out.add(z);
            out.add(complement);
            weights.add(1.0);
            weights.add(1.0);
        }
    }

    static double kernel(int width, int size) {
        return (width - 1) / (binomial(width, size) * size * (double) (width - size));
    }

    private static double binomial(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return c;
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Weighted least squares with sum(phi) = total, the last feature eliminated: phi_last = total - sum(others). */
    private static double[] fit(List<boolean[]> coalitions, List<Double> weights, double[] s, double total, int width) {
        int m = width - 1;
        double[][] a = new double[m][m];
        double[] b = new double[m];
        for (int k = 0; k < coalitions.size(); k++) {
            boolean[] z = coalitions.get(k);
            double w = weights.get(k);
            double last = z[width - 1] ? 1 : 0;
            double y = s[k + 2] - s[1] - last * total;
            double[] x = new double[m];
            for (int f = 0; f < m; f++) {
                x[f] = (z[f] ? 1 : 0) - last;
            }
            for (int i = 0; i < m; i++) {
                if (x[i] == 0) {
                    continue;
                }
                b[i] += w * x[i] * y;
                for (int j = 0; j < m; j++) {
                    a[i][j] += w * x[i] * x[j];
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < m; i++) {
            trace += a[i][i];
        }
        // A tiny ridge keeps the system solvable when sampling left a feature out of every varying coalition.
        for (int i = 0; i < m; i++) {
            a[i][i] += 1e-9 * Math.max(trace / m, 1e-12);
        }
        double[] head = solve(a, b);
        double[] phi = new double[width];
        double sum = 0;
        for (int f = 0; f < m; f++) {
            phi[f] = head[f];
            sum += head[f];
        }
        phi[width - 1] = total - sum;
        return phi;
    }

    /** Gaussian elimination with partial pivoting; a and b are overwritten. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] rowSwap = a[col];
            a[col] = a[pivot];
            a[pivot] = rowSwap;
            double t = b[col];
            b[col] = b[pivot];
            b[pivot] = t;
            if (a[col][col] == 0) {
                continue;
            }
            for (int r = col + 1; r < n; r++) {
                double factor = a[r][col] / a[col][col];
                if (factor == 0) {
                    continue;
                }
                for (int c = col; c < n; c++) {
                    a[r][c] -= factor * a[col][c];
                }
                b[r] -= factor * b[col];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double v = b[r];
            for (int c = r + 1; c < n; c++) {
                v -= a[r][c] * x[c];
            }
            x[r] = a[r][r] == 0 ? 0 : v / a[r][r];
        }
        return x;
    }

    static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
