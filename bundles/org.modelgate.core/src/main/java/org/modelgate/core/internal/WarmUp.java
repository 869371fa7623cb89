package org.modelgate.core.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.modelgate.api.DataType;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.spi.LoadedModel;

/**
 * Runs a freshly loaded model once on zeros (dynamic dimensions as 1) before it takes traffic, so the
 * first real request does not pay for the runtime's lazy initialisation.
 */
final class WarmUp {
    private WarmUp() {
    }

    static void run(LoadedModel model) {
        model.run(zeros(model), Set.of());
    }

    /** The warm-up's inputs: zeros of each input's shape, dynamic dimensions as 1 (also profiling's inputs). */
    static List<Tensor> zeros(LoadedModel model) {
        List<Tensor> inputs = new ArrayList<>();
        for (TensorSpec spec : model.inputs()) {
            long[] shape = spec.shape();
            int count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shape[i] == TensorSpec.DYNAMIC ? 1 : shape[i];
                count = Math.multiplyExact(count, Math.toIntExact(shape[i]));
            }
            if (spec.dataType() == DataType.BYTES) {
                String[] empty = new String[count];
                java.util.Arrays.fill(empty, "");
                inputs.add(Tensor.ofStrings(spec.name(), shape, empty));
            } else {
                inputs.add(Tensor.of(spec.name(), spec.dataType(), shape,
                        ByteBuffer.allocateDirect(count * spec.dataType().byteSize())));
            }
        }
        return inputs;
    }
}
