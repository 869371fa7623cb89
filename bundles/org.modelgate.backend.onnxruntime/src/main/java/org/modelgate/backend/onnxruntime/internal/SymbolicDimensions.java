package org.modelgate.backend.onnxruntime.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modelgate.api.InvalidInputException;
import org.modelgate.api.Tensor;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;

/**
 * Dynamic dimensions that an ONNX model names (e.g. {@code batch_size}, {@code sequence_length}) and that
 * several inputs share: a request must give them one size. Checked before the run, so a mismatch is the
 * client's error with the names in it, not a broadcast failure deep inside ONNX Runtime.
 */
final class SymbolicDimensions {
    private static final SymbolicDimensions NONE = new SymbolicDimensions(new String[0], Map.of());

    private final String[] symbols;
    /** For each input name: the symbol index of each axis, or -1 for a fixed or unnamed axis. */
    private final Map<String, int[]> axes;

    private SymbolicDimensions(String[] symbols, Map<String, int[]> axes) {
        this.symbols = symbols;
        this.axes = axes;
    }

    static SymbolicDimensions of(Iterable<NodeInfo> inputs) {
        List<String> symbols = new ArrayList<>();
        Map<String, Integer> uses = new LinkedHashMap<>();
        Map<String, int[]> axes = new LinkedHashMap<>();
        for (NodeInfo node : inputs) {
            if (!(node.getInfo() instanceof TensorInfo info)) {
                continue;
            }
            String[] names = info.getDimensionNames();
            long[] shape = info.getShape();
            int[] symbolOf = new int[shape.length];
            Arrays.fill(symbolOf, -1);
            for (int axis = 0; axis < shape.length && axis < names.length; axis++) {
                String name = names[axis];
                if (shape[axis] < 0 && name != null && !name.isEmpty()) {
                    int index = symbols.indexOf(name);
                    if (index < 0) {
                        index = symbols.size();
                        symbols.add(name);
                    }
                    symbolOf[axis] = index;
                    uses.merge(name, 1, Integer::sum);
                }
            }
            axes.put(node.getName(), symbolOf);
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
    void check(List<Tensor> inputs, String model) {
        if (symbols.length == 0) {
            return;
        }
        long[] sizes = new long[symbols.length];
        Tensor[] firstSeen = new Tensor[symbols.length];
        for (int i = 0; i < inputs.size(); i++) {
            Tensor tensor = inputs.get(i);
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
                    throw new InvalidInputException("model " + model + ": inputs '" + firstSeen[s].name() + "' and '" + tensor.name()
                            + "' must agree on dimension '" + symbols[s] + "': " + sizes[s] + " vs " + shape[axis]
                            + " (shapes " + Arrays.toString(firstSeen[s].shape()) + " and " + Arrays.toString(shape) + ")");
                }
            }
        }
    }
}
