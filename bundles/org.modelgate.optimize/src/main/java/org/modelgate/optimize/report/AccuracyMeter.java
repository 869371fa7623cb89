package org.modelgate.optimize.report;

import java.util.List;
import java.util.Optional;

import org.modelgate.optimize.OptimizationException;

/**
 * Compares a candidate's first output with the original's on each reference sample.
 *
 * @param kind how outputs are compared
 * @param labels the class names (model.json's), to read true labels given by name
 */
public record AccuracyMeter(OutputKind kind, List<String> labels) {

    /**
     * The accuracy of {@code candidate} against {@code original}.
     *
     * @param samples the samples both were run on
     * @param original the original's outputs, per sample
     * @param candidate the candidate's outputs, per sample
     * @return the figures
     * @throws OptimizationException when the outputs do not have the same shape
     */
    public Accuracy compare(List<Sample> samples, List<List<Tensor>> original, List<List<Tensor>> candidate)
            throws OptimizationException {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        int rows = 0;
        int agreeing = 0;
        int right = 0;
        int labelled = 0;
        for (int s = 0; s < samples.size(); s++) {
            Tensor a = original.get(s).get(0);
            Tensor b = candidate.get(s).get(0);
            if (a.data().length != b.data().length) {
                throw new OptimizationException("output '" + a.name() + "' has " + a.data().length + " values in the"
                        + " original and " + b.data().length + " in the candidate");
            }
            Optional<Tensor> mask = samples.get(s).input("attention_mask");
            double[][] pa = rowsOf(a, mask);
            double[][] pb = rowsOf(b, mask);
            for (int r = 0; r < pa.length; r++) {
                rows++;
                if (kind == OutputKind.EMBEDDING) {
                    double cosine = cosine(pa[r], pb[r]);
                    sum += cosine;
                    min = Math.min(min, cosine);
                } else {
                    int predicted = argmax(pb[r]);
                    if (predicted == argmax(pa[r])) {
                        agreeing++;
                    }
                    Optional<String> label = samples.get(s).label();
                    if (label.isPresent()) {
                        labelled++;
                        if (predicted == classIndex(label.get())) {
                            right++;
                        }
                    }
                }
            }
        }
        if (kind == OutputKind.EMBEDDING) {
            return Accuracy.embeddings(samples.size(), rows == 0 ? Double.NaN : sum / rows, rows == 0 ? Double.NaN : min);
        }
        return Accuracy.classifier(samples.size(), rows == 0 ? Double.NaN : (double) agreeing / rows,
                labelled == 0 ? Double.NaN : (double) right / labelled);
    }

    /**
     * The row vectors of an output: one per batch row; a {@code [batch, seq, hidden]} output is mean-pooled over the
     * tokens the mask keeps (all tokens without a mask).
     *
     * @param output the output tensor
     * @param mask the sample's attention mask, if any
     * @return the rows
     */
    public static double[][] rowsOf(Tensor output, Optional<Tensor> mask) {
        long[] shape = output.shape();
        double[] data = output.data();
        int batch = shape.length == 0 ? 1 : (int) shape[0];
        if (shape.length == 3) {
            int seq = (int) shape[1];
            int hidden = (int) shape[2];
            double[][] pooled = new double[batch][hidden];
            for (int b = 0; b < batch; b++) {
                double kept = 0;
                for (int t = 0; t < seq; t++) {
                    double weight = mask.isPresent() && mask.get().data().length == batch * seq
                            ? mask.get().data()[b * seq + t] : 1;
                    kept += weight;
                    for (int h = 0; h < hidden; h++) {
                        pooled[b][h] += weight * data[(b * seq + t) * hidden + h];
                    }
                }
                for (int h = 0; h < hidden; h++) {
                    pooled[b][h] /= Math.max(kept, 1e-9);
                }
            }
            return pooled;
        }
        int width = batch == 0 ? 0 : data.length / batch;
        double[][] rows = new double[batch][width];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(data, b * width, rows[b], 0, width);
        }
        return rows;
    }

    /**
     * The cosine similarity of two vectors (1 for two zero vectors).
     *
     * @param a one
     * @param b the other
     * @return the cosine
     */
    public static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        if (na == 0 && nb == 0) {
            return 1;
        }
        return dot / Math.sqrt(na * nb + 1e-300);
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private int classIndex(String label) {
        int named = labels.indexOf(label);
        if (named >= 0) {
            return named;
        }
        try {
            return (int) Double.parseDouble(label);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
