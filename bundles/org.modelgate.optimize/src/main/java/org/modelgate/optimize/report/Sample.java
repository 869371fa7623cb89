package org.modelgate.optimize.report;

import java.util.List;
import java.util.Optional;

/**
 * One reference sample: the model's inputs, and optionally the expected outputs (a golden sample's, compared within
 * {@code tolerance}) and the true label (a classifier's accuracy).
 *
 * @param inputs the input tensors
 * @param expected the expected outputs (empty when unknown)
 * @param tolerance the golden sample's tolerance (model.json's default 0.0001 when it gives none)
 * @param label the true label: a name from model.json's {@code labels} or a class index; empty when unknown
 */
public record Sample(List<Tensor> inputs, List<Tensor> expected, double tolerance, Optional<String> label) {
    /** model.json's default tolerance of a golden sample. */
    public static final double DEFAULT_TOLERANCE = 0.0001;

    /**
     * Copies the lists.
     */
    public Sample {
        inputs = List.copyOf(inputs);
        expected = List.copyOf(expected);
    }

    /**
     * A sample of inputs only.
     *
     * @param inputs the input tensors
     * @return the sample
     */
    public static Sample of(List<Tensor> inputs) {
        return new Sample(inputs, List.of(), DEFAULT_TOLERANCE, Optional.empty());
    }

    /**
     * The input of that name.
     *
     * @param name the tensor name
     * @return it, if this sample has it
     */
    public Optional<Tensor> input(String name) {
        return inputs.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
