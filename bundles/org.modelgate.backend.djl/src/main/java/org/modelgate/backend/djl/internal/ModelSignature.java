package org.modelgate.backend.djl.internal;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.modelgate.spi.SymbolicDimensions;
import org.modelgate.api.TensorSpec;

/**
 * The inputs and outputs of a model loaded on DJL, as Modelgate {@link TensorSpec}s.
 *
 * @param inputs the inputs in the model's order (the order a positional engine such as PyTorch takes them in)
 * @param outputs the outputs, in the model's order
 * @param outputNames their names, in the model's order
 * @param inputIndex each input's position
 * @param dimensions the named dynamic dimensions several inputs share
 */
record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs, Set<String> outputNames,
        Map<String, Integer> inputIndex, SymbolicDimensions dimensions) {

    static ModelSignature of(List<TensorSpec> inputs, List<TensorSpec> outputs, SymbolicDimensions dimensions) {
        Map<String, Integer> index = inputs.stream()
                .collect(Collectors.toMap(TensorSpec::name, inputs::indexOf, (a, b) -> a));
        Set<String> names = outputs.stream().map(TensorSpec::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return new ModelSignature(List.copyOf(inputs), List.copyOf(outputs), Collections.unmodifiableSet(names),
                Map.copyOf(index), dimensions);
    }

    /** Specs by name, for messages. */
    Map<String, TensorSpec> inputsByName() {
        return inputs.stream().collect(Collectors.toMap(TensorSpec::name, Function.identity()));
    }
}
