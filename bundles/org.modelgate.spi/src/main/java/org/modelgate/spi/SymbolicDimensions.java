package org.modelgate.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modelgate.api.InvalidInputException;
import org.modelgate.api.Tensor;

/**
 * Dynamic dimensions that a model names (e.g. {@code batch_size}, {@code sequence_length}) and that several inputs
 * share: a request must give them one size. Checked before the run, so a mismatch is the client's error with the
 * names in it, not a broadcast failure deep inside the engine. A helper for backends: the onnxruntime and djl
 * backends check their models' inputs with it.
 */
public final class SymbolicDimensions {
    /** No shared named dimension: {@link #check} accepts everything. */
    public static final SymbolicDimensions NONE = new SymbolicDimensions(new String[0], Map.of());

    private final String[] symbols;
    /** For each input name: the symbol index of each axis, or -1 for a fixed or unnamed axis. */
    private final Map<String, int[]> axes;

    private SymbolicDimensions(String[] symbols, Map<String, int[]> axes) {
        this.symbols = symbols;
        this.axes = axes;
    }

    /**
     * Collects the named dynamic dimensions of the inputs.
     *
     * @param names for each input (in order), the name of each axis: null or empty for a fixed or unnamed one
     * @return the dimensions that at least two axes share, or {@link #NONE}
     */
    public static SymbolicDimensions of(Map<String, String[]> names) {
        List<String> symbols = new ArrayList<>();
        Map<String, Integer> uses = new LinkedHashMap<>();
        Map<String, int[]> axes = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> input : names.entrySet()) {
            String[] axisNames = input.getValue();
            int[] symbolOf = new int[axisNames.length];
            Arrays.fill(symbolOf, -1);
            for (int axis = 0; axis < axisNames.length; axis++) {
                String name = axisNames[axis];
                if (name != null && !name.isEmpty()) {
                    int index = symbols.indexOf(name);
                    if (index < 0) {
                        index = symbols.size();
                        symbols.add(name);
                    }
                    symbolOf[axis] = index;
                    uses.merge(name, 1, Integer::sum);
                }
            }
            axes.put(input.getKey(), symbolOf);
        }
        if (uses.values().stream().allMatch(n -> n < 2)) {
            return NONE;
        }
        return new SymbolicDimensions(symbols.toArray(String[]::new), Map.copyOf(axes));
    }

    /**
     * Checks that the inputs agree on every shared named dimension.
     *
     * @param inputs the request's inputs (already checked against the model's specs)
     * @param model the model as people name it, for the message
     * @throws InvalidInputException naming the dimension and the two inputs that disagree
     */
    public void check(List<Tensor> inputs, String model) {
        if (symbols.length == 0) {
            return;
        }
        long[] sizes = new long[symbols.length];
        Tensor[] firstSeen = new Tensor[symbols.length];
        for (Tensor tensor : inputs) {
            int[] symbolOf = axes.get(tensor.name());
            if (symbolOf == null) {
                continue;
            }
            long[] shape = tensor.shape();
            for (int axis = 0; axis < symbolOf.length && axis < shape.length; axis++) {
                int s = symbolOf[axis];
                if (s < 0) {
                    continue;
                }
                if (firstSeen[s] == null) {
                    firstSeen[s] = tensor;
                    sizes[s] = shape[axis];
                } else if (sizes[s] != shape[axis]) {
                    throw new InvalidInputException("model " + model + ": inputs '" + firstSeen[s].name() + "' and '"
                            + tensor.name() + "' must agree on dimension '" + symbols[s] + "': " + sizes[s] + " vs "
                            + shape[axis] + " (shapes " + Arrays.toString(firstSeen[s].shape()) + " and "
                            + Arrays.toString(shape) + ")");
                }
            }
        }
    }
}
