package org.modelgate.spi;

import java.util.List;
import java.util.Set;

import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A model loaded by an {@link InferenceBackend}, ready to run: one per active model version.
 *
 * <p>{@link #run} is called by many threads at once and is the hot path: no locks, no logging, no
 * allocation beyond the tensors. The core has already checked the inputs against {@link #inputs()}
 * (names, types, fixed dimensions); it closes the model only after the last running request ended.
 */
@ConsumerType
public interface LoadedModel extends AutoCloseable {
    /**
     * The inputs the model takes.
     *
     * @return the input specs in the model's order
     */
    List<TensorSpec> inputs();

    /**
     * The outputs the model gives.
     *
     * @return the output specs in the model's order
     */
    List<TensorSpec> outputs();

    /**
     * Runs the model once.
     *
     * @param inputs one tensor per model input, already checked against {@link #inputs()}
     * @param outputs names of the outputs to compute, a subset of {@link #outputs()}; empty for all
     * @return the outputs, in the model's order
     * @throws org.modelgate.api.InvalidInputException when the runtime rejects the inputs
     * @throws org.modelgate.api.InferenceFailedException when the runtime fails otherwise
     */
    List<Tensor> run(List<Tensor> inputs, Set<String> outputs);

    /**
     * Frees every resource the model holds (sessions, native memory); called once, after draining.
     */
    @Override
    void close();
}
