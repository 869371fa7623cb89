package org.modelgate.optimize.report;

/**
 * How close a candidate's outputs are to the original's on the reference samples. Figures that do not apply are
 * {@code NaN}: cosines for a classifier, agreement for embeddings, accuracy without true labels.
 *
 * @param samples how many samples were compared
 * @param meanCosine the mean cosine similarity of output rows (embeddings)
 * @param minCosine the smallest cosine similarity of an output row (embeddings)
 * @param agreement the share of rows whose arg-max is the original's, 0..1 (classifiers)
 * @param labelAccuracy the share of rows whose arg-max is the true label, 0..1 (labelled samples)
 */
public record Accuracy(int samples, double meanCosine, double minCosine, double agreement, double labelAccuracy) {
    /**
     * The accuracy of embeddings.
     *
     * @param samples compared samples
     * @param meanCosine mean cosine
     * @param minCosine smallest cosine
     * @return the accuracy
     */
    public static Accuracy embeddings(int samples, double meanCosine, double minCosine) {
        return new Accuracy(samples, meanCosine, minCosine, Double.NaN, Double.NaN);
    }

    /**
     * The accuracy of a classifier.
     *
     * @param samples compared samples
     * @param agreement share agreeing with the original
     * @param labelAccuracy share right, NaN without labels
     * @return the accuracy
     */
    public static Accuracy classifier(int samples, double agreement, double labelAccuracy) {
        return new Accuracy(samples, Double.NaN, Double.NaN, agreement, labelAccuracy);
    }
}
