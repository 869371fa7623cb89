package org.modelgate.optimize.report;

import java.util.Locale;

/** How a model's first output is compared with the original's. */
public enum OutputKind {
    /**
     * Embeddings or scores: cosine similarity per row (a {@code [batch, seq, hidden]} output is mean-pooled over the
     * tokens its {@code attention_mask} keeps, as sentence embeddings are).
     */
    EMBEDDING,
    /** A classifier: agreement of the arg-max with the original's, and accuracy against the true labels. */
    CLASSIFIER;

    /**
     * The kind named on the command line ({@code embedding}, {@code classifier}).
     *
     * @param name the name, any case
     * @return the kind
     * @throws IllegalArgumentException for another name
     */
    public static OutputKind named(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--task is embedding or classifier, not '" + name + "'");
        }
    }

    /**
     * The kind the samples suggest: a classifier when model.json names labels or the samples carry them.
     *
     * @param samples the reference samples
     * @return the kind
     */
    public static OutputKind guess(ReferenceSamples samples) {
        return !samples.labels().isEmpty() || samples.labelled() ? CLASSIFIER : EMBEDDING;
    }
}
