package org.modelgate.optimize.staticq;

/**
 * A histogram of absolute activation values over [0, absMax] and the clipping thresholds chosen from it: the
 * percentile method and the entropy (KL divergence) method as TensorRT describes it and ONNX Runtime's calibrator
 * implements it (2048 bins, 128 quantized bins). Exact zeros are not counted (as pytorch-quantization's
 * {@code skip_zeros}): after a ReLU they are half the values, and zero is always exactly representable.
 */
final class HistogramRange {
    static final int BINS = 2048;
    private static final int QUANTIZED_BINS = 128;

    private final double[] counts = new double[BINS];
    private final float absMax;

    HistogramRange(float absMax) {
        this.absMax = absMax;
    }

    void add(float value) {
        if (absMax <= 0f || value == 0f) { // exact zeros (ReLU, padding) would dominate the divergence; zero is exact anyway
            return;
        }
        int bin = (int) (Math.abs(value) / absMax * BINS);
        counts[Math.min(bin, BINS - 1)]++;
    }

    /** The absolute value below which {@code percent} of the values lie. */
    float percentile(double percent) {
        double total = 0;
        for (double count : counts) {
            total += count;
        }
        double wanted = total * percent / 100.0;
        double seen = 0;
        for (int bin = 0; bin < BINS; bin++) {
            seen += counts[bin];
            if (seen >= wanted) {
                return binEdge(bin + 1);
            }
        }
        return absMax;
    }

    /** The threshold that minimizes KL(P||Q) between the clipped histogram P and its 128-level quantization Q. */
    float entropyThreshold() {
        int occupied = 0;
        for (double count : counts) {
            occupied += count > 0 ? 1 : 0;
        }
        if (occupied < QUANTIZED_BINS) {
            // Few distinct values (an image's 17 grey levels): a single spike at the clipping edge matches itself and
            // the divergence reads zero at a threshold that clips almost everything. The full range loses nothing.
            return absMax;
        }
        double bestDivergence = Double.POSITIVE_INFINITY;
        int bestEdge = BINS;
        for (int edge = QUANTIZED_BINS; edge <= BINS; edge++) {
            double divergence = divergence(edge);
            if (divergence < bestDivergence) {
                bestDivergence = divergence;
                bestEdge = edge;
            }
        }
        return binEdge(bestEdge);
    }

    private double divergence(int edge) {
        double[] reference = new double[edge];
        System.arraycopy(counts, 0, reference, 0, edge);
        for (int bin = edge; bin < BINS; bin++) {
            reference[edge - 1] += counts[bin]; // clipped values land in the last bin
        }
        double[] expanded = new double[edge];
        double width = (double) edge / QUANTIZED_BINS;
        for (int q = 0; q < QUANTIZED_BINS; q++) {
            int start = (int) Math.floor(q * width);
            int end = q == QUANTIZED_BINS - 1 ? edge : (int) Math.floor((q + 1) * width);
            double sum = 0;
            int nonEmpty = 0;
            for (int bin = start; bin < end; bin++) {
                sum += counts[bin];
                nonEmpty += counts[bin] > 0 ? 1 : 0;
            }
            for (int bin = start; bin < end; bin++) {
                expanded[bin] = counts[bin] > 0 ? sum / nonEmpty : 0;
            }
        }
        double referenceTotal = 0;
        double expandedTotal = 0;
        for (int bin = 0; bin < edge; bin++) {
            referenceTotal += reference[bin];
            expandedTotal += expanded[bin];
        }
        if (referenceTotal == 0 || expandedTotal == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double divergence = 0;
        for (int bin = 0; bin < edge; bin++) {
            if (reference[bin] == 0) {
                continue;
            }
            double p = reference[bin] / referenceTotal;
            double q = expanded[bin] / expandedTotal;
            divergence += p * Math.log(p / Math.max(q, 1e-12));
        }
        return divergence;
    }

    private float binEdge(int bin) {
        return absMax * bin / BINS;
    }
}
