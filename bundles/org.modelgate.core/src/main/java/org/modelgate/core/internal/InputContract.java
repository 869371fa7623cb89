package org.modelgate.core.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.modelgate.api.InvalidInputException;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;

/**
 * Checks a request against what a loaded model takes, before the backend sees it, so every mistake
 * gets a message naming the input, what it expects and what came.
 */
final class InputContract {
    private final String model;
    private final Map<String, TensorSpec> inputs;
    private final Set<String> outputs;

    InputContract(String model, List<TensorSpec> inputs, List<TensorSpec> outputs) {
        this.model = model;
        this.inputs = new HashMap<>();
        inputs.forEach(spec -> this.inputs.put(spec.name(), spec));
        this.outputs = outputs.stream().map(TensorSpec::name).collect(Collectors.toUnmodifiableSet());
    }

    void check(List<Tensor> given, Set<String> requestedOutputs) {
        int matched = 0;
        for (int i = 0; i < given.size(); i++) {
            Tensor tensor = given.get(i);
            TensorSpec spec = inputs.get(tensor.name());
            if (spec == null) {
                throw new InvalidInputException("model '" + model + "' has no input '" + tensor.name() + "'; its inputs are "
                        + describe(inputs.values()));
            }
            for (int j = 0; j < i; j++) {
                if (given.get(j).name().equals(tensor.name())) {
                    throw new InvalidInputException("input '" + tensor.name() + "' is given twice");
                }
            }
            spec.check(tensor);
            matched++;
        }
        if (matched != inputs.size()) {
            Set<String> present = given.stream().map(Tensor::name).collect(Collectors.toSet());
            List<TensorSpec> missing = inputs.values().stream().filter(s -> !present.contains(s.name())).toList();
            throw new InvalidInputException("model '" + model + "' is missing input" + (missing.size() > 1 ? "s " : " ")
                    + describe(missing));
        }
        if (!requestedOutputs.isEmpty() && !outputs.containsAll(requestedOutputs)) {
            String unknown = requestedOutputs.stream().filter(o -> !outputs.contains(o)).sorted()
                    .collect(Collectors.joining("', '"));
            throw new InvalidInputException("model '" + model + "' has no output '" + unknown + "'; its outputs are "
                    + outputs.stream().sorted().collect(Collectors.joining(", ")));
        }
    }

    private static String describe(java.util.Collection<TensorSpec> specs) {
        return specs.stream().sorted(java.util.Comparator.comparing(TensorSpec::name)).map(TensorSpec::toString)
                .collect(Collectors.joining(", "));
    }
}
