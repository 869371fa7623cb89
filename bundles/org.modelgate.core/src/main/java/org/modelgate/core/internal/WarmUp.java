package org.modelgate.core.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.modelgate.api.DataType;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.spi.LoadedModel;

/**
 * Runs a freshly loaded model once before it takes traffic, so the first real request does not pay for the
 * runtime's lazy initialisation: on its first golden sample when it has some, else on ones (dynamic dimensions
 * as 1). Ones, not zeros: a zero is a fault for integer division (ONNX Runtime's integer Div and Mod raise
 * SIGFPE on it), a one is valid for every datatype.
 */
final class WarmUp {
    private WarmUp() {
    }

    static void run(LoadedModel model, GoldenSamples golden) {
        model.run(golden.samples().isEmpty() ? ones(model) : golden.samples().get(0).inputs(), Set.of());
    }

    /** What the warm-up runs on, for the trial's history record. */
    static String describe(GoldenSamples golden) {
        return golden.samples().isEmpty() ? "ones" : "golden samples";
    }

    /** Ones of each input's shape, dynamic dimensions as 1 (empty strings for BYTES); also profiling's inputs. */
    static List<Tensor> ones(LoadedModel model) {
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
                inputs.add(Tensor.of(spec.name(), spec.dataType(), shape, ones(spec.dataType(), count)));
            }
        }
        return inputs;
    }

    private static ByteBuffer ones(DataType type, int count) {
        ByteBuffer data = ByteBuffer.allocateDirect(count * type.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            switch (type) {
                case FP32 -> data.putFloat(1f);
                case FP64 -> data.putDouble(1d);
                case FP16 -> data.putShort((short) 0x3C00); // 1.0 in IEEE half precision
                case BF16 -> data.putShort((short) 0x3F80); // 1.0 in bfloat16
                case INT64 -> data.putLong(1L);
                case INT32 -> data.putInt(1);
                case INT16 -> data.putShort((short) 1);
                default -> data.put((byte) 1); // INT8, UINT8, BOOL (true)
            }
        }
        return data.flip();
    }
}
